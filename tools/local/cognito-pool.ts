// The customer's user pool on loopback: cognito-local (npm) holds the users and answers the user-pool APIs, and a
// front in Cognito's JSON 1.1 protocol sits before it. The front sends every call on to cognito-local except where
// cognito-local lacks an API the product calls or answers it differently from Cognito:
//   InitiateAuth CUSTOM_AUTH, RespondToAuthChallenge CUSTOM_CHALLENGE   the harness (./cognito-harness.ts) running the
//                                      real define/create/verify triggers and post-authentication
//   AdminSetUserMFAPreference          cognito-local has only SetUserMFAPreference (an access token it does not check):
//                                      the front resolves the user with AdminGetUser and sets it through that
//   DescribeUserPool                   EstimatedNumberOfUsers is always 0 in cognito-local: the front counts
//   ListUsers                          cognito-local ignores Limit and never pages: the front pages (Limit up to 60, an
//                                      opaque PaginationToken bound to the filter)
//   SMS_MFA after a password           cognito-local sends SMS codes only for users with legacy MFAOptions, which no
//                                      API it has can set: for a user whose SMS MFA was turned on through
//                                      AdminSetUserMFAPreference (post-append does), the front runs the SMS_MFA step
//                                      itself once cognito-local has checked the password, "sending" the code to
//                                      onSmsCode, and then issues the tokens after post-authentication
//   a wrong password                   cognito-local answers InvalidPasswordException; Cognito NotAuthorizedException
// Tokens from a password login (cognito-local) and from a passkey login (the harness) are signed with the same key,
// cognito-local's, under the same issuer (`<front URL>/<pool id>`), so one JWKS verifies both. Password logins run the
// post-authentication trigger through cognito-local's own trigger support: it invokes it over the Lambda Invoke API,
// which the front also serves (POST /2015-03-31/functions/<name>/invocations, SigV4-signed callers only).
import { createHash, createPrivateKey, randomBytes, randomInt, randomUUID, type JsonWebKey } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { isObject } from "../../functions/shared/cognito-events";
import {
  answerAuthCall,
  CognitoError,
  CORS_HEADERS,
  createCognitoHarness,
  JSON_11,
  TARGET_PREFIX,
  type CognitoHarness,
  type HarnessUser,
  type SigningKey,
  type TriggerHandler,
  type WireAnswer,
} from "./cognito-harness";
import { startCognitoLocal, type CognitoLocal } from "./cognito-local";
import { BodyTooLargeError, listenLoopback, parseJson, readBody, sendJson, type ListenOptions } from "./http-util";
import { signRs256Jwt } from "./jwt";

/** cognito-local signs every token with one fixed key it ships; the harness signs with it too. */
export function cognitoLocalSigningKey(): SigningKey {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve("cognito-local/package.json")), "lib", "keys");
  const priv = require(path.join(dir, "cognitoLocal.private.json")) as { jwk: JsonWebKey };
  const pub = require(path.join(dir, "cognitoLocal.public.json")) as { jwk: JsonWebKey & { kid: string } };
  return {
    privateKey: createPrivateKey({ key: priv.jwk, format: "jwk" }),
    kid: pub.jwk.kid,
    jwks: { keys: [pub.jwk] },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The store cognito-local reads at start: writing it is how 1,000 users are seeded in milliseconds (cognito-local
// rewrites its whole JSON file on every write, so one AdminCreateUser per user slows down as the pool grows).

export interface PoolUser {
  username: string;
  password: string;
  attributes: Record<string, string>;
  enabled: boolean;
  status: "CONFIRMED" | "UNCONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED";
  created: number;
  /** UserMFASettingList, e.g. ["SMS_MFA"]; the first is preferred. */
  mfa?: ("SMS_MFA" | "SOFTWARE_TOKEN_MFA")[];
  groups?: string[];
}

export interface PoolClient {
  clientId: string;
  name: string;
  explicitAuthFlows: string[];
  callbackUrls?: string[];
}

export interface PoolStore {
  poolId: string;
  name: string;
  /** e.g. ["email"]: people sign in with their e-mail; usernames are UUIDs. */
  usernameAttributes: string[];
  mfaConfiguration: "OFF" | "OPTIONAL" | "ON";
  clients: PoolClient[];
  users: PoolUser[];
  created: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The files cognito-local reads for one pool: `.cognito/db/<poolId>.json` and `.cognito/db/clients.json`. */
export function cognitoStoreFiles(store: PoolStore): { pool: unknown; clients: unknown } {
  const users: Record<string, unknown> = {};
  const groups: Record<
    string,
    { GroupName: string; members: string[]; CreationDate: string; LastModifiedDate: string }
  > = {};
  for (const u of store.users) {
    const attributes = Object.entries(u.attributes)
      .map(([Name, Value]) => ({ Name, Value }))
      .sort((a, b) => a.Name.localeCompare(b.Name));
    users[u.username] = {
      Username: u.username,
      Password: u.password,
      Attributes: attributes,
      Enabled: u.enabled,
      UserStatus: u.status,
      UserCreateDate: iso(u.created),
      UserLastModifiedDate: iso(u.created),
      RefreshTokens: [],
      ...(u.mfa && u.mfa.length > 0 ? { UserMFASettingList: u.mfa, PreferredMfaSetting: u.mfa[0] } : {}),
      // cognito-local delivers SMS codes to the attribute its legacy MFAOptions name.
      ...(u.mfa?.includes("SMS_MFA") ? { MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] } : {}),
    };
    for (const group of u.groups ?? []) {
      groups[group] ??= {
        GroupName: group,
        members: [],
        CreationDate: iso(store.created),
        LastModifiedDate: iso(store.created),
      };
      groups[group].members.push(u.username);
    }
  }
  const pool = {
    Users: users,
    Groups: groups,
    Options: {
      Id: store.poolId,
      Name: store.name,
      Arn: `arn:aws:cognito-idp:${store.poolId.split("_")[0]}:000000000000:userpool/${store.poolId}`,
      UsernameAttributes: store.usernameAttributes,
      MfaConfiguration: store.mfaConfiguration,
      LambdaConfig: {},
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
      EstimatedNumberOfUsers: 0,
      CreationDate: iso(store.created),
      LastModifiedDate: iso(store.created),
    },
  };
  const clients = {
    Clients: Object.fromEntries(
      store.clients.map((c) => [
        c.clientId,
        {
          ClientId: c.clientId,
          ClientName: c.name,
          UserPoolId: store.poolId,
          ExplicitAuthFlows: c.explicitAuthFlows,
          ...(c.callbackUrls ? { CallbackURLs: c.callbackUrls } : {}),
          TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
          AccessTokenValidity: 1,
          IdTokenValidity: 1,
          CreationDate: iso(store.created),
          LastModifiedDate: iso(store.created),
        },
      ]),
    ),
  };
  return { pool, clients };
}

/** Writes a pool's store under `<workDir>/.cognito/db/` (before cognito-local starts). */
export async function writeCognitoStore(workDir: string, store: PoolStore): Promise<void> {
  const db = path.join(workDir, ".cognito", "db");
  await mkdir(db, { recursive: true });
  const { pool, clients } = cognitoStoreFiles(store);
  await writeFile(path.join(db, `${store.poolId}.json`), JSON.stringify(pool));
  await writeFile(path.join(db, "clients.json"), JSON.stringify(clients));
}

// ---------------------------------------------------------------------------------------------------------
// ListUsers paging, as Cognito pages: at most 60 per page, a token that continues the same query.

export const LIST_USERS_MAX_LIMIT = 60;

/** Cognito's PaginationToken is opaque; here it is the next offset bound to the filter it continues. */
export function pageToken(offset: number, filter: string): string {
  const bound = createHash("sha256").update(filter).digest("base64url").slice(0, 12);
  return Buffer.from(JSON.stringify({ o: offset, f: bound })).toString("base64url");
}

/** The offset a token continues at, or undefined when it is not one of ours for this filter. */
export function offsetOf(token: string, filter: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (!isObject(parsed) || !Number.isSafeInteger(parsed.o) || (parsed.o as number) < 0) return undefined;
    return pageToken(parsed.o as number, filter) === token ? (parsed.o as number) : undefined;
  } catch {
    return undefined;
  }
}

/** One page of `all`: the users from the token's offset, at most `limit`, and the token of the next page if any. */
export function pageOf<T>(
  all: readonly T[],
  limit: number,
  token: string | undefined,
  filter: string,
): { page: T[]; next?: string } | "bad_token" {
  const offset = token === undefined ? 0 : offsetOf(token, filter);
  if (offset === undefined) return "bad_token";
  const page = all.slice(offset, offset + limit);
  const end = offset + page.length;
  return end < all.length ? { page, next: pageToken(end, filter) } : { page };
}

// ---------------------------------------------------------------------------------------------------------
// The front.

export interface CustomerPoolOptions {
  /** Where cognito-local keeps its store (written by writeCognitoStore before the first start). */
  workDir: string;
  poolId: string;
  /** The module's app client for passkey login (ALLOW_CUSTOM_AUTH): CUSTOM_AUTH goes to the harness for it. */
  passkeyClientId: string;
  /** Any app client of the pool: AdminSetUserMFAPreference goes through cognito-local's token-based call with it. */
  anyClientId: string;
  handlers: {
    define: TriggerHandler;
    create: TriggerHandler;
    verify: TriggerHandler;
    /** Runs after every successful login, password or passkey (the optional post-authentication trigger). */
    postAuthentication?: TriggerHandler;
  };
  /** The front's port (default: a free one). */
  port?: number;
  /** cognito-local's port (default: a free one). */
  cognitoLocalPort?: number;
  host?: ListenOptions["host"];
  /** What cognito-local prints (the codes it would send by SMS or e-mail appear there). */
  onCognitoLocalOutput?: (chunk: string) => void;
  /** Where the SMS codes of the front's own SMS_MFA step go (nothing leaves the machine). */
  onSmsCode?: (destination: string, code: string) => void;
}

export interface CustomerPool {
  /** The front: the endpoint every client uses (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). */
  url: string;
  /** `iss` of every token of this pool. */
  issuer: string;
  jwksUri: string;
  harness: CognitoHarness;
  cognitoLocal: CognitoLocal;
  /** Calls the front answered: operation and status. */
  requests: { operation: string; status: number }[];
  close(): Promise<void>;
}

const POST_AUTHENTICATION_FUNCTION = "post-authentication";
const SMS_CHALLENGE_TTL_MS = 3 * 60 * 1000;
const SMS_CODE_TRIES = 3;

/** "+15555550123" as Cognito shows it in CODE_DELIVERY_DESTINATION: "+*******0123". */
export const maskPhone = (phone: string): string =>
  phone.slice(0, 1) + "*".repeat(Math.max(0, phone.length - 5)) + phone.slice(-4);

interface Upstream {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export async function startCustomerPool(options: CustomerPoolOptions): Promise<CustomerPool> {
  const requests: CustomerPool["requests"] = [];
  // The front listens first: cognito-local's issuer and Lambda endpoint are its URL.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503);
    res.end();
  };
  const running = await listenLoopback((req, res) => handler(req, res), {
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
  });
  const issuer = `${running.url}/${options.poolId}`;
  let cognitoLocal: CognitoLocal;
  try {
    cognitoLocal = await startCognitoLocal({
      workDir: options.workDir,
      ...(options.cognitoLocalPort !== undefined ? { port: options.cognitoLocalPort } : {}),
      ...(options.onCognitoLocalOutput ? { onOutput: options.onCognitoLocalOutput } : {}),
      config: {
        UserPoolDefaults: { UsernameAttributes: ["email"] },
        TokenConfig: { IssuerDomain: running.url },
        ...(options.handlers.postAuthentication
          ? {
              TriggerFunctions: { PostAuthentication: POST_AUTHENTICATION_FUNCTION },
              LambdaClient: {
                endpoint: running.url,
                region: "us-east-1",
                credentials: { accessKeyId: "local", secretAccessKey: "local" },
              },
            }
          : {}),
      },
    });
  } catch (error) {
    await running.close();
    throw error;
  }
  const upstreamUrl = cognitoLocal.endpoint;
  const signingKey = cognitoLocalSigningKey();

  async function upstream(operation: string, body: unknown, authorization?: string): Promise<Upstream> {
    const res = await fetch(`${upstreamUrl}/`, {
      method: "POST",
      headers: {
        "content-type": JSON_11,
        "x-amz-target": TARGET_PREFIX + operation,
        ...(authorization ? { authorization } : {}),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: parseJson(text), text, headers: res.headers };
  }

  /** A user as the harness needs it, by whatever the pool resolves (username, e-mail alias, sub). */
  async function findUser(typed: string): Promise<HarnessUser | undefined> {
    const got = await upstream("AdminGetUser", { UserPoolId: options.poolId, Username: typed });
    if (got.status !== 200 || !isObject(got.body)) return undefined;
    const u = got.body as {
      Username: string;
      UserAttributes?: { Name: string; Value: string }[];
      Enabled?: boolean;
      UserStatus?: string;
    };
    const attributes = Object.fromEntries((u.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    const groups = await upstream("AdminListGroupsForUser", { UserPoolId: options.poolId, Username: u.Username });
    const groupNames =
      isObject(groups.body) && Array.isArray(groups.body.Groups)
        ? (groups.body.Groups as { GroupName?: string }[]).map((g) => g.GroupName).filter((g): g is string => !!g)
        : [];
    return {
      username: u.Username,
      email: attributes.email ?? "",
      sub: attributes.sub ?? u.Username,
      status: u.UserStatus as HarnessUser["status"],
      enabled: u.Enabled !== false,
      attributes,
      groups: groupNames,
    };
  }

  const harness = createCognitoHarness({
    handlers: options.handlers,
    directory: { find: findUser },
    signingKey,
    issuer,
    region: options.poolId.slice(0, options.poolId.lastIndexOf("_")),
    userPoolId: options.poolId,
    clientId: options.passkeyClientId,
  });

  const spentSmsSessions = new Set<string>();
  const smsChallenges = new Map<
    string,
    { user: HarnessUser; clientId: string; code: string; expiresAt: number; tries: number }
  >();

  /** After cognito-local accepted the password of a user with SMS MFA it cannot deliver: the SMS_MFA step. */
  async function smsMfaChallenge(typed: string, clientId: string, passwordChecked: Upstream): Promise<WireAnswer> {
    const user = await findUser(typed);
    const phone = user?.attributes?.phone_number;
    if (!user || !phone) return fromUpstream(passwordChecked);
    const session = randomBytes(120).toString("base64url");
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    smsChallenges.set(session, { user, clientId, code, expiresAt: Date.now() + SMS_CHALLENGE_TTL_MS, tries: 0 });
    options.onSmsCode?.(phone, code);
    return {
      status: 200,
      body: {
        ChallengeName: "SMS_MFA",
        Session: session,
        ChallengeParameters: {
          CODE_DELIVERY_DELIVERY_MEDIUM: "SMS",
          CODE_DELIVERY_DESTINATION: maskPhone(phone),
          USER_ID_FOR_SRP: user.username,
        },
      },
    };
  }

  async function answerSmsCode(body: Record<string, unknown>): Promise<WireAnswer> {
    const session = typeof body.Session === "string" ? body.Session : "";
    const pending = smsChallenges.get(session);
    if (!pending || pending.expiresAt <= Date.now() || body.ClientId !== pending.clientId) {
      smsChallenges.delete(session);
      spentSmsSessions.add(session);
      return error(400, "NotAuthorizedException", "Invalid session for the user, session is expired.");
    }
    const responses = isObject(body.ChallengeResponses) ? body.ChallengeResponses : {};
    if (responses.SMS_MFA_CODE !== pending.code) {
      if (++pending.tries >= SMS_CODE_TRIES) {
        smsChallenges.delete(session);
        spentSmsSessions.add(session);
      }
      return error(400, "CodeMismatchException", "Invalid code or auth state for the user.");
    }
    smsChallenges.delete(session);
    spentSmsSessions.add(session);
    try {
      return { status: 200, body: await harness.completeSignIn(pending.user, pending.clientId) };
    } catch (err) {
      if (err instanceof CognitoError) return error(400, err.type, err.message);
      throw err;
    }
  }

  const error = (status: number, type: string, message: string): WireAnswer => ({
    status,
    body: { __type: type, message },
    errorType: type,
  });
  const fromUpstream = (u: Upstream): WireAnswer => ({
    status: u.status,
    body: u.body ?? {},
    ...(u.headers.get("x-amzn-errortype") ? { errorType: u.headers.get("x-amzn-errortype")! } : {}),
  });

  async function adminSetUserMfaPreference(body: Record<string, unknown>): Promise<WireAnswer> {
    const got = await upstream("AdminGetUser", { UserPoolId: body.UserPoolId, Username: body.Username });
    if (got.status !== 200 || !isObject(got.body)) return fromUpstream(got);
    const attributes = (got.body.UserAttributes ?? []) as { Name: string; Value: string }[];
    const sub = attributes.find((a) => a.Name === "sub")?.Value;
    if (!sub) return error(500, "InternalErrorException", "User has no sub.");
    // cognito-local reads the user and pool from an access token it decodes without checking: sign one for them.
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signRs256Jwt(
      { alg: "RS256", kid: signingKey.kid },
      { sub, client_id: options.anyClientId, token_use: "access", iss: issuer, iat: now, exp: now + 60 },
      signingKey.privateKey,
    );
    const set = await upstream("SetUserMFAPreference", {
      AccessToken: accessToken,
      ...(body.SMSMfaSettings !== undefined ? { SMSMfaSettings: body.SMSMfaSettings } : {}),
      ...(body.SoftwareTokenMfaSettings !== undefined
        ? { SoftwareTokenMfaSettings: body.SoftwareTokenMfaSettings }
        : {}),
    });
    return set.status === 200 ? { status: 200, body: {} } : fromUpstream(set);
  }

  async function describeUserPool(body: Record<string, unknown>): Promise<WireAnswer> {
    const described = await upstream("DescribeUserPool", body);
    if (described.status !== 200 || !isObject(described.body) || !isObject(described.body.UserPool)) {
      return fromUpstream(described);
    }
    const listed = await upstream("ListUsers", { UserPoolId: body.UserPoolId });
    const users = isObject(listed.body) && Array.isArray(listed.body.Users) ? listed.body.Users.length : 0;
    return { status: 200, body: { UserPool: { ...described.body.UserPool, EstimatedNumberOfUsers: users } } };
  }

  async function listUsers(body: Record<string, unknown>): Promise<WireAnswer> {
    const { Limit, PaginationToken, ...query } = body;
    if (
      Limit !== undefined &&
      (!Number.isInteger(Limit) || (Limit as number) < 0 || (Limit as number) > LIST_USERS_MAX_LIMIT)
    ) {
      return error(
        400,
        "InvalidParameterException",
        "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
      );
    }
    if (PaginationToken !== undefined && typeof PaginationToken !== "string") {
      return error(400, "SerializationException", "PaginationToken must be a string.");
    }
    const listed = await upstream("ListUsers", query);
    if (listed.status !== 200 || !isObject(listed.body) || !Array.isArray(listed.body.Users))
      return fromUpstream(listed);
    const limit = Limit === undefined || Limit === 0 ? LIST_USERS_MAX_LIMIT : (Limit as number);
    const paged = pageOf(
      listed.body.Users,
      limit,
      PaginationToken,
      typeof query.Filter === "string" ? query.Filter : "",
    );
    if (paged === "bad_token") return error(400, "InvalidParameterException", "Invalid pagination token.");
    return { status: 200, body: { Users: paged.page, ...(paged.next ? { PaginationToken: paged.next } : {}) } };
  }

  /** cognito-local invokes the post-authentication trigger here (the Lambda Invoke API). */
  async function invokeLambda(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
      return sendJson(res, 403, { message: "Missing Authentication Token" });
    }
    const fn = name === POST_AUTHENTICATION_FUNCTION ? options.handlers.postAuthentication : undefined;
    if (!fn)
      return sendJson(res, 404, { Type: "User", message: `Function not found: ${name}` }, "application/json", {
        "x-amzn-ErrorType": "ResourceNotFoundException",
      });
    const event = parseJson(await readBody(req));
    try {
      const result = await fn(event, {
        awsRequestId: randomUUID(),
        functionName: name,
        getRemainingTimeInMillis: () => 5000,
      });
      sendJson(res, 200, result ?? null);
    } catch (err) {
      sendJson(
        res,
        200,
        { errorType: "Error", errorMessage: err instanceof Error ? err.message : "error" },
        "application/json",
        {
          "X-Amz-Function-Error": "Unhandled",
        },
      );
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const urlPath = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (req.method === "GET" && urlPath === "/health") return sendJson(res, 200, { ok: true });
    if (req.method === "GET" && /^\/[\w-]+\/\.well-known\/jwks\.json$/.test(urlPath)) {
      const got = await fetch(upstreamUrl + urlPath, { signal: AbortSignal.timeout(10_000) });
      return sendJson(res, got.status, parseJson(await got.text()), "application/json", CORS_HEADERS);
    }
    const lambda = /^\/2015-03-31\/functions\/([\w.:-]+)\/invocations$/.exec(urlPath);
    if (req.method === "POST" && lambda) return invokeLambda(req, res, lambda[1]!);

    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    const reply = (answer: WireAnswer) => {
      requests.push({ operation, status: answer.status });
      sendJson(res, answer.status, answer.body, JSON_11, {
        ...CORS_HEADERS,
        "x-amzn-RequestId": randomUUID(),
        ...(answer.errorType ? { "x-amzn-ErrorType": answer.errorType } : {}),
      });
    };
    if (req.method !== "POST" || urlPath !== "/") return reply(error(404, "UnknownOperationException", "Not found."));
    let text: string;
    try {
      text = await readBody(req, 256 * 1024);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return reply(error(413, "SerializationException", "Request too large."));
      throw err;
    }
    const body = parseJson(text);
    if (!isObject(body)) return reply(error(400, "SerializationException", "Request body is not a JSON object."));

    if (operation === "InitiateAuth" && body.AuthFlow === "CUSTOM_AUTH") {
      if (body.ClientId !== options.passkeyClientId) {
        return reply(error(400, "InvalidParameterException", "Custom auth flow is not enabled for this client."));
      }
      return reply((await answerAuthCall(harness, operation, body))!);
    }
    if (operation === "RespondToAuthChallenge" && body.ChallengeName === "CUSTOM_CHALLENGE") {
      return reply((await answerAuthCall(harness, operation, body))!);
    }
    const session = String(body.Session);
    if (
      operation === "RespondToAuthChallenge" &&
      body.ChallengeName === "SMS_MFA" &&
      (smsChallenges.has(session) || spentSmsSessions.has(session))
    ) {
      return reply(await answerSmsCode(body));
    }
    if (operation === "InitiateAuth" && body.AuthFlow === "USER_PASSWORD_AUTH") {
      const answered = await upstream(operation, text, req.headers.authorization);
      const message = isObject(answered.body) ? String(answered.body.message ?? "") : "";
      const typed = isObject(body.AuthParameters) ? body.AuthParameters.USERNAME : undefined;
      if (answered.status >= 400 && message.includes("SMS_MFA without SMS MFAOption") && typeof typed === "string") {
        return reply(await smsMfaChallenge(typed, String(body.ClientId), answered));
      }
      // cognito-local says InvalidPasswordException (Cognito's word for a password its policy refuses) for a wrong one.
      if (isObject(answered.body) && String(answered.body.__type).endsWith("InvalidPasswordException")) {
        return reply(error(400, "NotAuthorizedException", "Incorrect username or password."));
      }
      return reply(fromUpstream(answered));
    }
    if (operation === "AdminSetUserMFAPreference") return reply(await adminSetUserMfaPreference(body));
    if (operation === "DescribeUserPool") return reply(await describeUserPool(body));
    if (operation === "ListUsers") return reply(await listUsers(body));
    return reply(fromUpstream(await upstream(operation, text, req.headers.authorization)));
  }

  handler = (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { __type: "InternalErrorException", message: "Internal error." });
      else res.destroy();
    });
  };

  return {
    url: running.url,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    harness,
    cognitoLocal,
    requests,
    async close() {
      await running.close();
      await cognitoLocal.stop();
    },
  };
}
