/**
 * Test support for the self-service route: the stand-ins (dynalite, SSM, Corbado, a fake Cognito that answers
 * AdminGetUser) and two token issuers, the customer's user pool and the console pool, with the route configured on
 * them through its environment variables, as in AWS.
 */
import { randomUUID } from "node:crypto";
import { startCorbadoStandin, type CorbadoStandin } from "./corbado-standin";
import { startDynalite, type RunningDynalite } from "./dynalite";
import { startSsmStandin, type SsmStandin } from "./ssm-standin";
import { startTestIssuer, type TestIssuer } from "./test-issuer";
import { requestApp, startFakeCognito, type FakeCognito, type FakeUser } from "./admin-api-stack";
import type { Env } from "../../functions/shared/config-contract";
import { httpPost, type Post, type PostRequest, type PostResponse } from "../../functions/shared/http";
import type { SelfServiceApp } from "../../functions/self-service/app";
import { createSelfServiceFromEnv } from "../../functions/self-service/handler-factory";

export const SECRET_PARAMETER = "/passkeys/corbado-secret";
export const USER_POOL_ID = "eu-central-1_UserPool1";
export const APP_CLIENT_ID = "app-client";
export const APP_ORIGIN = "https://app.example.com";

export interface UserTokenOptions {
  readonly username: string;
  /** Default `sub-<username>`, the sub the fake Cognito gives the user. */
  readonly sub?: string;
  readonly tokenUse?: "id" | "access" | string;
  readonly clientId?: string;
  /** Seconds since the user authenticated (auth_time = now - this). Default 10. */
  readonly authAgeSeconds?: number;
  readonly expiresIn?: number;
  readonly forged?: boolean;
  readonly extraClaims?: Record<string, unknown>;
}

export interface SelfServiceTestStack {
  readonly app: SelfServiceApp;
  readonly env: Env;
  readonly db: RunningDynalite;
  readonly ssm: SsmStandin;
  readonly corbado: CorbadoStandin;
  readonly cognito: FakeCognito;
  /** The customer's user pool: the issuer the route trusts. */
  readonly pool: TestIssuer;
  /** The console pool: same shape of tokens, another issuer. */
  readonly consolePool: TestIssuer;
  readonly logs: string[];
  readonly table: string;
  /** Every outbound call (AWS and Corbado): url, x-amz-target, body. */
  readonly outbound: { url: string; target: string | undefined; body: string }[];
  /** Runs before each outbound call; may answer in the callee's place (a fault). */
  intercept: ((request: PostRequest) => Promise<PostResponse | undefined> | PostResponse | undefined) | undefined;
  /** A token of the user pool shaped like Cognito's ID token (token_use id, aud, cognito:username, email). */
  idToken(options: UserTokenOptions, issuer?: TestIssuer): string;
  /** A token of the user pool shaped like Cognito's access token (token_use access, client_id, username). */
  accessToken(options: UserTokenOptions, issuer?: TestIssuer): string;
  request(
    method: string,
    path: string,
    init?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
  /** Another app on the same stand-ins with changed variables (and, optionally, its own clock). */
  appWith(overrides: Env, now?: () => number): SelfServiceApp;
  close(): Promise<void>;
}

let stacks = 0;

export async function startSelfServiceTestStack(
  options: { env?: Env; users?: FakeUser[]; post?: Post } = {},
): Promise<SelfServiceTestStack> {
  const n = ++stacks;
  const [db, ssm, corbado, cognito, pool, consolePool] = await Promise.all([
    startDynalite(),
    startSsmStandin(),
    startCorbadoStandin(),
    startFakeCognito(options.users ?? []),
    startTestIssuer(APP_CLIENT_ID),
    startTestIssuer("console-client"),
  ]);
  const table = `self-service-${n}`;
  await db.createTable(table);
  ssm.put(SECRET_PARAMETER, corbado.basicSecret, "SecureString");
  const env: Env = {
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKIDLOCAL",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: db.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
    USER_POOL_ID,
    ISSUER: pool.issuer,
    CLIENT_IDS: APP_CLIENT_ID,
    SELF_SERVICE_ORIGINS: APP_ORIGIN,
    RATE_LIMIT_TABLE: table,
    CORBADO_SECRET_PARAMETER: SECRET_PARAMETER,
    CORBADO_BACKEND_API_URL: corbado.url,
    ...options.env,
  };
  const logs: string[] = [];
  const outbound: SelfServiceTestStack["outbound"] = [];
  const post: Post = async (request) => {
    outbound.push({ url: request.url, target: request.headers["x-amz-target"], body: request.body });
    const answer = await stack.intercept?.(request);
    return answer ?? (options.post ?? httpPost)(request);
  };
  const build = (e: Env, now?: () => number) =>
    createSelfServiceFromEnv(e, { post, logSink: (line) => logs.push(line), ...(now ? { now } : {}) });
  const app = build(env);
  const token = (kind: "id" | "access", o: UserTokenOptions, issuer: TestIssuer = pool) => {
    const authTime = Math.floor(Date.now() / 1000) - (o.authAgeSeconds ?? 10);
    const client = o.clientId ?? issuer.clientId;
    const claims: Record<string, unknown> =
      kind === "id"
        ? {
            aud: client,
            client_id: undefined,
            username: undefined,
            scope: undefined,
            "cognito:username": o.username,
            email: `${o.username}@example.com`,
            email_verified: true,
          }
        : { username: o.username, client_id: client };
    return issuer.token({
      sub: o.sub ?? `sub-${o.username}`,
      tokenUse: o.tokenUse ?? kind,
      clientId: client,
      ...(o.expiresIn !== undefined ? { expiresIn: o.expiresIn } : {}),
      ...(o.forged ? { forged: true } : {}),
      extraClaims: { auth_time: authTime, ...claims, ...o.extraClaims },
    });
  };
  const stack: SelfServiceTestStack = {
    app,
    env,
    db,
    ssm,
    corbado,
    cognito,
    pool,
    consolePool,
    logs,
    table,
    outbound,
    intercept: undefined,
    idToken: (o, issuer) => token("id", o, issuer),
    accessToken: (o, issuer) => token("access", o, issuer),
    request: (method, path, init) => requestApp(app, method, path, init),
    appWith: (overrides, now) => build({ ...env, ...overrides }, now),
    async close() {
      await Promise.all([db.close(), ssm.close(), corbado.close(), cognito.close(), pool.close(), consolePool.close()]);
    },
  };
  return stack;
}

/** Sends a request to an app built on a stack (appWith), as stack.request does. */
export const requestSelfService = (
  app: SelfServiceApp,
  method: string,
  path: string,
  init?: { token?: string; body?: unknown; headers?: Record<string, string> },
) => requestApp(app, method, path, init);

/** A fresh username, so specs sharing a stack never share a rate-limit window. */
export const freshName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;
