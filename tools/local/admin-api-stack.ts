/**
 * Test support for the admin API: a fake Cognito that pages like Cognito, and a stack of the stand-ins (dynalite,
 * SSM, Corbado, a token issuer) with the API configured on them through its environment variables, as in AWS.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startCorbadoStandin, type CorbadoStandin } from "./corbado-standin";
import { startDynalite, type RunningDynalite } from "./dynalite";
import { startSsmStandin, type SsmStandin } from "./ssm-standin";
import { startTestIssuer, type TestIssuer, type TokenOptions } from "./test-issuer";
import { writeConfig, type Env } from "../../functions/shared/config-contract";
import { ADMIN_API_READS } from "../../functions/admin-api/config.docs";
import { httpPost, type Post, type PostRequest, type PostResponse } from "../../functions/shared/http";
import type { AdminApp } from "../../functions/admin-api/app";
import { createAdminApiFromEnv } from "../../functions/admin-api/handler-factory";

export interface FakeUser {
  Username: string;
  email?: string;
  emailVerified?: boolean;
  UserStatus?: string;
  Enabled?: boolean;
  mfa?: string[];
  preferredMfa?: string;
}

export interface FakeCognito {
  url: string;
  users: FakeUser[];
  /** Every request: the operation and its body. */
  requests: { operation: string; body: Record<string, unknown> }[];
  /** What answers instead, for faults: "stall" never answers, a number answers that status. */
  fault: "stall" | number | undefined;
  estimatedNumberOfUsers: number;
  /** A pool with e-mail as an alias: AdminGetUser also finds a user by a verified e-mail, answering the username. */
  emailAlias: boolean;
  close(): Promise<void>;
}

/** Parses `email ^= "…"` or `email = "…"` as Cognito does (backslash escapes), or undefined. */
function parseFilter(filter: string): { op: "=" | "^="; value: string } | undefined {
  const match = /^email (\^?=) "((?:[^"\\]|\\.)*)"$/.exec(filter);
  return match ? { op: match[1] as "=" | "^=", value: match[2]!.replace(/\\(.)/g, "$1") } : undefined;
}

/** Cognito's JSON 1.1 for ListUsers (Limit, PaginationToken, e-mail filters), AdminGetUser and DescribeUserPool. */
export async function startFakeCognito(users: FakeUser[] = []): Promise<FakeCognito> {
  const created = 1_764_000_000;
  const state: FakeCognito = {
    url: "",
    users,
    requests: [],
    fault: undefined,
    estimatedNumberOfUsers: users.length,
    emailAlias: false,
    close: async () => undefined,
  };
  const attributes = (u: FakeUser) => [
    { Name: "sub", Value: `sub-${u.Username}` },
    ...(u.email !== undefined ? [{ Name: "email", Value: u.email }] : []),
    { Name: "email_verified", Value: String(u.emailVerified ?? true) },
  ];
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, unknown>;
      state.requests.push({ operation, body });
      if (state.fault === "stall") return;
      if (typeof state.fault === "number") return reply(res, state.fault, { __type: "InternalErrorException" });
      if (operation === "ListUsers") {
        let list = state.users;
        if (typeof body.Filter === "string") {
          const f = parseFilter(body.Filter);
          if (!f) return reply(res, 400, { __type: "InvalidParameterException" });
          list = list.filter((u) => (f.op === "=" ? u.email === f.value : (u.email ?? "").startsWith(f.value)));
        }
        const start =
          typeof body.PaginationToken === "string"
            ? Number(Buffer.from(body.PaginationToken, "base64url").toString())
            : 0;
        if (!Number.isInteger(start) || start < 0) return reply(res, 400, { __type: "InvalidParameterException" });
        const limit = typeof body.Limit === "number" ? body.Limit : 60;
        const page = list.slice(start, start + limit);
        const next = start + limit < list.length ? Buffer.from(String(start + limit)).toString("base64url") : undefined;
        return reply(res, 200, {
          Users: page.map((u) => ({
            Username: u.Username,
            Attributes: attributes(u),
            UserCreateDate: created,
            UserLastModifiedDate: created,
            Enabled: u.Enabled ?? true,
            UserStatus: u.UserStatus ?? "CONFIRMED",
          })),
          ...(next ? { PaginationToken: next } : {}),
        });
      }
      if (operation === "AdminGetUser") {
        const u =
          state.users.find((x) => x.Username === body.Username) ??
          (state.emailAlias
            ? state.users.find((x) => x.email === body.Username && (x.emailVerified ?? true))
            : undefined);
        if (!u) return reply(res, 400, { __type: "UserNotFoundException", message: "User does not exist." });
        return reply(res, 200, {
          Username: u.Username,
          UserAttributes: attributes(u),
          UserCreateDate: created,
          UserLastModifiedDate: created + 60,
          Enabled: u.Enabled ?? true,
          UserStatus: u.UserStatus ?? "CONFIRMED",
          ...(u.mfa ? { UserMFASettingList: u.mfa } : {}),
          ...(u.preferredMfa ? { PreferredMfaSetting: u.preferredMfa } : {}),
        });
      }
      if (operation === "DescribeUserPool") {
        return reply(res, 200, {
          UserPool: { Id: body.UserPoolId, EstimatedNumberOfUsers: state.estimatedNumberOfUsers },
        });
      }
      reply(res, 400, { __type: "UnknownOperationException" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export const SETTINGS_PARAMETER = "/passkeys/login-settings";
export const SECRET_PARAMETER = "/passkeys/corbado-secret";
export const USER_POOL_ID = "eu-central-1_TestPool1";

export interface AdminTestStack {
  readonly app: AdminApp;
  readonly env: Env;
  readonly db: RunningDynalite;
  readonly ssm: SsmStandin;
  readonly corbado: CorbadoStandin;
  readonly cognito: FakeCognito;
  readonly issuer: TestIssuer;
  readonly logs: string[];
  /** Every outbound call of the API (AWS and Corbado): url and x-amz-target. */
  readonly outbound: { url: string; target: string | undefined; body: string }[];
  /**
   * Runs before each outbound call; it may answer in the callee's place (a fault) by returning a response, or
   * change the world first (e.g. another writer's change) and return undefined.
   */
  intercept: ((request: PostRequest) => Promise<PostResponse | undefined> | PostResponse | undefined) | undefined;
  readonly tables: { aggregates: string; audit: string };
  token(options?: TokenOptions): string;
  request(
    method: string,
    path: string,
    init?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    headers: Headers;
    json: Record<string, unknown>;
  }>;
  /** Builds another app on the same stand-ins with changed variables (and, optionally, its own clock). */
  appWith(overrides: Env, now?: () => number): AdminApp;
  close(): Promise<void>;
}

let stacks = 0;

export async function startAdminTestStack(
  options: { env?: Env; users?: FakeUser[]; post?: Post } = {},
): Promise<AdminTestStack> {
  const n = ++stacks;
  const [db, ssm, corbado, cognito, issuer] = await Promise.all([
    startDynalite(),
    startSsmStandin(),
    startCorbadoStandin(),
    startFakeCognito(options.users ?? []),
    startTestIssuer(),
  ]);
  const tables = { aggregates: `aggregates-${n}`, audit: `audit-${n}` };
  await db.createTable(tables.aggregates);
  await db.createTable(tables.audit);
  ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":false,"killSwitch":false}', "String");
  ssm.put(SECRET_PARAMETER, corbado.basicSecret, "SecureString");
  // Written from the API's contract (functions/admin-api/config.docs.ts): what it would refuse, this throws on.
  const env: Env = {
    ...writeConfig(ADMIN_API_READS, {
      region: "eu-central-1",
      accessKeyId: "AKIDLOCAL",
      secretAccessKey: "local",
      ssmEndpoint: ssm.url,
      dynamodbEndpoint: db.url,
      cognitoEndpoint: cognito.url,
      loginSettingsParameter: SETTINGS_PARAMETER,
      issuer: issuer.issuer,
      clientIds: [issuer.clientId],
      consoleOrigin: "https://console.example.com",
      loginPageOrigins: ["https://login.example.com", "https://www.example.com"],
      userPoolId: USER_POOL_ID,
      aggregatesTable: tables.aggregates,
      auditTable: tables.audit,
      corbadoProjectId: corbado.projectId,
      corbadoSecretParameter: SECRET_PARAMETER,
      corbadoBackendApiUrl: corbado.url,
      corbadoFrontendApiUrl: corbado.url,
    }),
    ...options.env,
  };
  const logs: string[] = [];
  const outbound: AdminTestStack["outbound"] = [];
  const post: Post = async (request) => {
    outbound.push({ url: request.url, target: request.headers["x-amz-target"], body: request.body });
    const answer = await stack.intercept?.(request);
    return answer ?? (options.post ?? httpPost)(request);
  };
  const build = (e: Env, now?: () => number) =>
    createAdminApiFromEnv(e, { post, logSink: (line) => logs.push(line), ...(now ? { now } : {}) });
  const app = build(env);
  const stack: AdminTestStack = {
    app,
    env,
    db,
    ssm,
    corbado,
    cognito,
    issuer,
    logs,
    outbound,
    tables,
    token: (o) => issuer.token(o),
    request: (method, path, init) => requestApp(app, method, path, init),
    intercept: undefined,
    appWith: (overrides, now) => build({ ...env, ...overrides }, now),
    async close() {
      await Promise.all([db.close(), ssm.close(), corbado.close(), cognito.close(), issuer.close()]);
    },
  };
  return stack;
}

/** An app that answers a Request in process (a hono app: the admin API's or the self-service route's). */
export interface InProcessApp {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** Sends a request to another app built on a stack (appWith), the way stack.request does. */
export async function requestApp(
  app: InProcessApp,
  method: string,
  path: string,
  init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { unparsed: text };
  }
  return { status: res.status, headers: res.headers, json };
}

/** Audit entries of a stack's audit table, oldest first, as stored (plain values). */
export async function auditItems(stack: AdminTestStack): Promise<Record<string, string>[]> {
  const { Items } = (await stack.db.call("Scan", { TableName: stack.tables.audit })) as {
    Items: Record<string, { S?: string; N?: string }>[];
  };
  return Items.filter((i) => i.pk?.S?.startsWith("audit#"))
    .map((i) => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, v.S ?? v.N ?? ""])))
    .sort((a, b) => (a.sk! < b.sk! ? -1 : 1));
}

/** The audit entries one request wrote (by the x-request-id it answered with), attempt first. */
export async function entriesOf(stack: AdminTestStack, res: { headers: Headers }): Promise<Record<string, string>[]> {
  const id = res.headers.get("x-request-id");
  return (await auditItems(stack))
    .filter((e) => e.requestId === id)
    .sort((a, b) => (a.phase === b.phase ? 0 : a.phase === "attempt" ? -1 : 1));
}
