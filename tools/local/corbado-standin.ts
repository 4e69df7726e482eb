// Loopback stand-in for the parts of Corbado's Backend API v2 this project uses, written from Corbado's
// published spec (../shared/corbado/backend_api_public_v2.yml + common.yml):
//   POST /v2/passkey/verifySignedData   (operationId PasskeyVerifySignedData)
//   POST /v2/connectTokens              (operationId ConnectTokenCreate)
// Both require Basic auth base64(projectId:apiSecret) and answer errors in the spec's errorRsp shape.
//
// It also serves the Frontend API's connect flows over a per-user credential store (corbado-store.ts): passkey login
// and append with real WebAuthn ceremonies, running the project's pre-login and post-append actions
// (corbado-connect-standin.ts), and passkey management (corbado-manage-standin.ts). Frontend API routes answer CORS
// preflights for the login pages' origins.
//
// TEST-ONLY, NOT PART OF CORBADO'S API: POST /_test/signedPasskeyData mints the signedPasskeyData JWT that
// Corbado's login component would hand to the browser after a passkey ceremony. The real API has no such
// endpoint; it exists so unit tests and the terminal demo can produce a JWT without a browser and an authenticator.
// `testMint: false` (the local stack) turns it off: there, only a verified assertion yields a signedPasskeyData.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createVerify, generateKeyPairSync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { isObject } from "../../functions/shared/cognito-events";
import type { VerificationResult } from "../../functions/verify-auth-challenge/logic";
import {
  BodyTooLargeError,
  GARBAGE_BODY,
  listenLoopback,
  parseJson,
  readBody,
  sendJson,
  sleep,
  type ListenOptions,
} from "./http-util";
import { decodeJwtSegment, signRs256Jwt } from "./jwt";
import {
  CONNECT_PATHS,
  createConnectStandin,
  type ActionHandler,
  type ConnectStandin,
  type WebauthnSettings,
} from "./corbado-connect-standin";
import { createManageStandin, MANAGE_PATHS, type ManageStandin } from "./corbado-manage-standin";
import { createCorbadoStore, type CorbadoStore } from "./corbado-store";

export const CONNECT_TOKEN_TYPES = ["passkey-append", "passkey-delete", "passkey-list", "passkey-login"] as const;
export type ConnectTokenType = (typeof CONNECT_TOKEN_TYPES)[number];

/** Where the stand-in serves its stand-in of @corbado/connect-web-js (../corbado-connect-web/index.js). */
export const CONNECT_WEB_PATH = "/connect-web-js/index.js";
const CONNECT_WEB_FILE = fileURLToPath(new URL("./corbado-connect-web/index.js", import.meta.url));

/** Path of the test-only mint endpoint. Not part of Corbado's API. */
export const TEST_MINT_PATH = "/_test/signedPasskeyData";

export type CorbadoFault =
  | { kind: "status"; status: number }
  | { kind: "delay"; ms: number }
  | { kind: "garbage" }
  /** Answers 200 with this verificationResult for every verifySignedData call, whatever the JWT. */
  | { kind: "verificationResult"; verificationResult: VerificationResult }
  /** Accepts the connection and then drops it without an answer. */
  | { kind: "hangup" };

export interface CorbadoRequestRecord {
  method: string;
  path: string;
  /** Whether an Authorization header was sent (its value is never recorded). */
  authorization: boolean;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  status: number;
  /** Parsed JSON response body, or the raw text when it was not JSON. */
  response: unknown;
}

export interface ConnectTokenRecord {
  id: string;
  tokenType: ConnectTokenType;
  data: { identifier: string; displayName?: string };
  connectTokenStatus: "initial" | "consumed";
  secret: string;
  expires: number;
}

export interface MintOptions {
  username: string;
  corbadoUserId?: string;
  expiresInSeconds?: number;
  /** The passkey's id (`cre-…`); default a random one. */
  credential?: string;
  processId?: string;
}

export interface CorbadoStandinOptions extends ListenOptions {
  projectId?: string;
  apiSecret?: string;
  /** Unix milliseconds; defaults to Date.now. Drives JWT iat/exp checks and connect-token expiry. */
  clock?: () => number;
  /** Users and passkeys; default a new in-memory store. */
  store?: CorbadoStore;
  /** Serve the test-only mint endpoint (default true; the local stack turns it off). */
  testMint?: boolean;
  /** The relying party of the connect login and append ceremonies; default localhost, origin http://localhost. */
  webauthn?: WebauthnSettings;
  /** The project's actions, run as Corbado runs them: pre-login before a passkey login, post-append after an append. */
  actions?: { preLogin?: ActionHandler; postAppend?: ActionHandler };
}

export interface CorbadoStandin {
  url: string;
  projectId: string;
  apiSecret: string;
  /** base64(projectId:apiSecret): the value to store in the SSM SecureString. */
  basicSecret: string;
  mintSignedPasskeyData(opts: MintOptions): string;
  setFault(fault?: CorbadoFault): void;
  requests: CorbadoRequestRecord[];
  connectTokens: Map<string, ConnectTokenRecord>;
  /**
   * Consumes a connect token by its secret (single use), as Corbado's Frontend API manage endpoints do.
   * Returns the token when it was valid, unexpired, unused and (if given) of the expected type.
   */
  consumeConnectToken(secret: string, expectedType?: ConnectTokenType): ConnectTokenRecord | undefined;
  /** The Frontend API's manage flow and its per-user credential store (addPasskey, passkeysOf, setManageAllowed). */
  manage: ManageStandin;
  /** The connect login and append flows (actionCalls: the actions they ran). */
  connect: ConnectStandin;
  store: CorbadoStore;
  close(): Promise<void>;
}

const DEFAULT_JWT_LIFETIME_S = 300;
const DEFAULT_CONNECT_TOKEN_LIFETIME_S = 3600;
const MAX_CONNECT_TOKEN_LIFETIME_S = 86_400;

function digits(n: number): string {
  let out = String(randomInt(1, 10));
  for (let i = 1; i < n; i++) out += String(randomInt(0, 10));
  return out;
}

interface ValidationIssue {
  field: string;
  message: string;
}

export async function startCorbadoStandin(opts: CorbadoStandinOptions = {}): Promise<CorbadoStandin> {
  const projectId = opts.projectId ?? `pro-${digits(19)}`;
  const apiSecret = opts.apiSecret ?? `corbado1_${randomBytes(24).toString("base64url")}`;
  const basicSecret = Buffer.from(`${projectId}:${apiSecret}`).toString("base64");
  const clock = opts.clock ?? Date.now;
  const keyId = `standin-${randomBytes(6).toString("hex")}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const usedJtis = new Set<string>();
  const corbadoUserIds = new Map<string, string>();
  const connectTokens = new Map<string, ConnectTokenRecord>();
  const requests: CorbadoRequestRecord[] = [];
  let fault: CorbadoFault | undefined;

  function consumeConnectToken(secret: string, expectedType?: ConnectTokenType): ConnectTokenRecord | undefined {
    const token = connectTokens.get(secret);
    if (!token || token.connectTokenStatus !== "initial") return undefined;
    if (token.expires <= Math.floor(clock() / 1000)) return undefined;
    if (expectedType && token.tokenType !== expectedType) return undefined;
    token.connectTokenStatus = "consumed";
    return token;
  }

  function mintSignedPasskeyData({
    username,
    corbadoUserId,
    expiresInSeconds,
    credential,
    processId,
  }: MintOptions): string {
    if (typeof username !== "string" || username.length === 0) throw new Error("username is required");
    let sub = corbadoUserId ?? corbadoUserIds.get(username);
    if (!sub) {
      sub = `usr-${digits(19)}`;
      corbadoUserIds.set(username, sub);
    }
    const iat = Math.floor(clock() / 1000);
    const header = { alg: "RS256", typ: "JWT", kid: keyId };
    const claims = {
      iss: projectId,
      sub,
      webauthnId: username,
      exp: iat + (expiresInSeconds ?? DEFAULT_JWT_LIFETIME_S),
      nbf: iat,
      iat,
      jti: `spd-${randomBytes(16).toString("hex")}`,
      credential: credential ?? `cre-${digits(19)}`,
      challengeId: `pch-${digits(19)}`,
      processId: processId ?? `lpr-${digits(19)}`,
      isCUI: false,
    };
    return signRs256Jwt(header, claims, privateKey);
  }

  /** Decides the verificationResult for a JWT and username, consuming the JWT's jti on any signed attempt. */
  function verifySignedPasskeyData(jwt: string, username: string): VerificationResult {
    const parts = jwt.split(".");
    if (parts.length !== 3) return "invalid_signature";
    const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
    const header = decodeJwtSegment(headerPart);
    const claims = decodeJwtSegment(claimsPart);
    if (!isObject(header) || !isObject(claims) || header.alg !== "RS256") return "invalid_signature";
    const valid = createVerify("RSA-SHA256")
      .update(`${headerPart}.${claimsPart}`)
      .verify(publicKey, Buffer.from(signaturePart, "base64url"));
    if (!valid || claims.iss !== projectId) return "invalid_signature";
    const now = Math.floor(clock() / 1000);
    const { exp, nbf, jti } = claims;
    if (typeof exp !== "number" || typeof jti !== "string" || exp <= now) return "invalid_challenge";
    if (typeof nbf === "number" && nbf > now + 5) return "invalid_challenge";
    // Single use: the challenge behind a signedPasskeyData is spent by the first verification attempt.
    if (usedJtis.has(jti)) return "invalid_challenge";
    usedJtis.add(jti);
    if (claims.webauthnId !== username) return "user_mismatch";
    return "success";
  }

  function errorBody(status: number, type: string, details: string, validation?: ValidationIssue[]) {
    return {
      httpStatusCode: status,
      message: status === 401 ? "Unauthorized" : status === 400 ? "Bad Request" : "Error",
      requestData: { requestID: `req-${digits(19)}`, link: "" },
      runtime: 0.001,
      data: {},
      error: { type, details, ...(validation ? { validation } : {}), links: [] },
    };
  }

  function authorized(req: IncomingMessage): boolean {
    const header = String(req.headers.authorization ?? "");
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return false;
    const given = Buffer.from(match[1] ?? "");
    const expected = Buffer.from(basicSecret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function validateVerifyBody(body: unknown): ValidationIssue[] {
    if (!isObject(body)) return [{ field: "body", message: "must be a JSON object" }];
    const issues: ValidationIssue[] = [];
    if (typeof body.signedPasskeyData !== "string" || body.signedPasskeyData.length === 0) {
      issues.push({ field: "signedPasskeyData", message: "cannot be blank" });
    }
    if (typeof body.username !== "string" || body.username.length === 0) {
      issues.push({ field: "username", message: "cannot be blank" });
    }
    return issues;
  }

  function validateConnectTokenBody(body: unknown): ValidationIssue[] {
    if (!isObject(body)) return [{ field: "body", message: "must be a JSON object" }];
    const issues: ValidationIssue[] = [];
    const type = body.type;
    if (typeof type !== "string" || !(CONNECT_TOKEN_TYPES as readonly string[]).includes(type)) {
      issues.push({ field: "type", message: `must be one of ${CONNECT_TOKEN_TYPES.join(", ")}` });
    }
    const data = body.data;
    if (!isObject(data)) {
      issues.push({ field: "data", message: "must be an object" });
    } else {
      if (typeof data.identifier !== "string" || data.identifier.length === 0) {
        issues.push({ field: "data.identifier", message: "cannot be blank" });
      }
      if (type === "passkey-append" && (typeof data.displayName !== "string" || data.displayName.length === 0)) {
        issues.push({ field: "data.displayName", message: "cannot be blank for passkey-append" });
      }
      if (data.displayName !== undefined && typeof data.displayName !== "string") {
        issues.push({ field: "data.displayName", message: "must be a string" });
      }
    }
    const lifetime = body.maxLifetimeInSeconds;
    if (
      lifetime !== undefined &&
      (typeof lifetime !== "number" ||
        !Number.isInteger(lifetime) ||
        lifetime < 1 ||
        lifetime > MAX_CONNECT_TOKEN_LIFETIME_S)
    ) {
      issues.push({
        field: "maxLifetimeInSeconds",
        message: `must be an integer between 1 and ${MAX_CONNECT_TOKEN_LIFETIME_S}`,
      });
    }
    return issues;
  }

  function createConnectToken(body: Record<string, unknown>): ConnectTokenRecord {
    const tokenType = body.type as ConnectTokenType;
    const data = body.data as Record<string, string>;
    const lifetime = (body.maxLifetimeInSeconds as number | undefined) ?? DEFAULT_CONNECT_TOKEN_LIFETIME_S;
    const token: ConnectTokenRecord = {
      id: `ctk-${digits(18)}`,
      tokenType,
      data:
        tokenType === "passkey-append"
          ? { displayName: data.displayName as string, identifier: data.identifier as string }
          : { identifier: data.identifier as string },
      connectTokenStatus: "initial",
      secret: `ctk1_${randomBytes(24).toString("base64url")}`,
      expires: Math.floor(clock() / 1000) + lifetime,
    };
    connectTokens.set(token.secret, token);
    return token;
  }

  async function route(
    req: IncomingMessage,
    path: string,
    body: unknown,
    reply: (status: number, payload: unknown) => void,
  ): Promise<void> {
    if (path === TEST_MINT_PATH && testMint) {
      if (req.method !== "POST") return reply(405, errorBody(405, "method_not_allowed", "use POST"));
      if (!isObject(body) || typeof body.username !== "string" || body.username.length === 0) {
        return reply(
          400,
          errorBody(400, "validation_error", "invalid body", [{ field: "username", message: "cannot be blank" }]),
        );
      }
      const expiresInSeconds = typeof body.expiresInSeconds === "number" ? body.expiresInSeconds : undefined;
      const corbadoUserId = typeof body.corbadoUserId === "string" ? body.corbadoUserId : undefined;
      return reply(200, {
        testOnly: "not part of Corbado's API",
        signedPasskeyData: mintSignedPasskeyData({ username: body.username, corbadoUserId, expiresInSeconds }),
      });
    }

    const isManage = (MANAGE_PATHS as readonly string[]).includes(path);
    const isConnect = (CONNECT_PATHS as readonly string[]).includes(path);
    const known = path === "/v2/passkey/verifySignedData" || path === "/v2/connectTokens" || isManage || isConnect;
    if (!known) return reply(404, errorBody(404, "not_found", "route not served by the Corbado stand-in"));

    const activeFault = fault;
    if (activeFault?.kind === "delay") await sleep(activeFault.ms);
    if (activeFault?.kind === "status") {
      return reply(activeFault.status, errorBody(activeFault.status, "internal_error", "injected fault"));
    }

    if (req.method !== "POST") return reply(405, errorBody(405, "method_not_allowed", "use POST"));
    if (isManage) {
      const answer = manage.handle(path, req.headers, body)!;
      return reply(answer.status, answer.payload);
    }
    if (isConnect) {
      const answer = await connect.handle(path, req.headers, body)!;
      return reply(answer.status, answer.payload);
    }
    if (!authorized(req)) return reply(401, errorBody(401, "authentication_error", "invalid or missing Basic auth"));

    if (path === "/v2/passkey/verifySignedData") {
      const issues = validateVerifyBody(body);
      if (issues.length > 0) return reply(400, errorBody(400, "validation_error", "invalid request body", issues));
      const { signedPasskeyData, username } = body as { signedPasskeyData: string; username: string };
      const verificationResult =
        activeFault?.kind === "verificationResult"
          ? activeFault.verificationResult
          : verifySignedPasskeyData(signedPasskeyData, username);
      return reply(200, { verificationResult });
    }

    const issues = validateConnectTokenBody(body);
    if (issues.length > 0) return reply(400, errorBody(400, "validation_error", "invalid request body", issues));
    const token = createConnectToken(body as Record<string, unknown>);
    return reply(200, { ...token, data: { ...token.data } });
  }

  /** CORS for the Frontend API, which pages call from the browser (the Backend API is server to server). */
  function corsHeaders(req: IncomingMessage, path: string): Record<string, string> {
    const origin = req.headers.origin;
    const frontend =
      (MANAGE_PATHS as readonly string[]).includes(path) || (CONNECT_PATHS as readonly string[]).includes(path);
    if (!frontend || typeof origin !== "string" || !webauthn.origins.includes(origin)) return {};
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "content-type, x-corbado-projectid, x-corbado-process-id",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === CONNECT_WEB_PATH) {
      // The browser half of the stand-in, loaded by pages as they load Corbado's library from its CDN.
      const script = await readFile(CONNECT_WEB_FILE);
      res.writeHead(200, {
        "Content-Type": "text/javascript; charset=utf-8",
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": "no-cache",
      });
      res.end(script);
      return;
    }
    const cors = corsHeaders(req, path);
    if (req.method === "OPTIONS") {
      res.writeHead(Object.keys(cors).length > 0 ? 204 : 404, cors);
      res.end();
      return;
    }
    const record: CorbadoRequestRecord = {
      method: req.method ?? "",
      path,
      authorization: req.headers.authorization !== undefined,
      body: undefined,
      status: 0,
      response: undefined,
    };
    requests.push(record);
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      record.status = 413;
      record.response = errorBody(413, "request_too_large", err.message);
      return sendJson(res, 413, record.response);
    }
    const body = parseJson(text);
    record.body = body === undefined ? text : body;

    const isApi = path !== TEST_MINT_PATH || !testMint;
    if (isApi && fault?.kind === "hangup") {
      record.status = -1;
      res.socket?.destroy();
      return;
    }
    if (isApi && fault?.kind === "garbage") {
      record.status = 200;
      record.response = GARBAGE_BODY;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(GARBAGE_BODY);
      return;
    }
    await route(req, path, body, (status, payload) => {
      record.status = status;
      record.response = payload;
      sendJson(res, status, payload, "application/json", cors);
    });
  }

  const testMint = opts.testMint ?? true;
  const store = opts.store ?? createCorbadoStore({ clock });
  const webauthn: WebauthnSettings = opts.webauthn ?? {
    rpId: "localhost",
    rpName: "corbado-cognito local",
    origins: ["http://localhost"],
  };
  const connect = createConnectStandin({
    projectId,
    clock,
    store,
    webauthn,
    actions: opts.actions ?? {},
    consumeConnectToken: (secret, type) => consumeConnectToken(secret, type),
    signPasskeyData: ({ username, corbadoUserId, credential, processId }) =>
      mintSignedPasskeyData({ username, corbadoUserId, credential, processId }),
    errorBody,
  });
  const manage = createManageStandin({
    projectId,
    store,
    clock,
    consumeConnectToken: (secret, type) => consumeConnectToken(secret, type),
    errorBody,
  });

  const running = await listenLoopback((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, "internal_error", "stand-in failure"));
      else res.destroy();
    });
  }, opts);

  return {
    url: running.url,
    projectId,
    apiSecret,
    basicSecret,
    mintSignedPasskeyData,
    setFault(next) {
      fault = next;
    },
    requests,
    connectTokens,
    consumeConnectToken,
    manage,
    connect,
    store,
    close: () => running.close(),
  };
}
