// A reproduction of Amazon Cognito's documented CUSTOM_AUTH state machine that runs real trigger handlers
// in-process, for tests and the local stack (cognito-local has no CUSTOM_AUTH). From AWS's documentation:
//
//   InitiateAuth(CUSTOM_AUTH, USERNAME)
//     -> define(session [])            -> challengeName CUSTOM_CHALLENGE
//     -> create(challengeName, session) -> ChallengeName + Session (opaque, single use) + ChallengeParameters
//   RespondToAuthChallenge(CUSTOM_CHALLENGE, Session, USERNAME, ANSWER)
//     -> verify(privateChallengeParameters, challengeAnswer) -> answerCorrect
//     -> session += {challengeName, challengeResult, challengeMetadata}
//     -> define(session) -> tokens | another challenge (create again) | NotAuthorizedException
//
// Unknown users are handled as an app client with PreventUserExistenceErrors=ENABLED: the triggers run with
// `userNotFound: true` and no tokens are ever issued. USER_PASSWORD_AUTH checks a harness user's password. With a
// post-authentication handler, every successful login (either flow) runs it before the tokens are issued, and an
// error or timeout there fails the sign-in, as in Cognito. Any trigger error, timeout or malformed response ends
// the flow with an error and never with tokens. `startCognitoFront` serves the same machine over HTTP with the
// AWSCognitoIdentityProviderService JSON 1.1 protocol (InitiateAuth, RespondToAuthChallenge) plus a JWKS.
import type { IncomingMessage, ServerResponse } from "node:http";
import { generateKeyPairSync, randomBytes, randomUUID, type JsonWebKey, type KeyObject } from "node:crypto";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { isObject } from "../../functions/shared/cognito-events";
import { BodyTooLargeError, listenLoopback, parseJson, readBody, sendJson, type ListenOptions } from "./http-util";
import { decodeJwtSegment, signRs256Jwt } from "./jwt";

/** A Lambda handler as the harness calls it: (event, context) -> the event with `response` filled in. */
export type TriggerHandler = (event: unknown, context?: unknown) => Promise<unknown> | unknown;

export interface SessionEntry {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

export interface HarnessUser {
  username: string;
  email: string;
  /** For USER_PASSWORD_AUTH; without one the user can only log in with a passkey. */
  password?: string;
  /** Cognito user status; default CONFIRMED. */
  status?: "CONFIRMED" | "UNCONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED";
  /** default true */
  enabled?: boolean;
  /** default: a random UUID */
  sub?: string;
  attributes?: Record<string, string>;
  /** Pool groups: tokens carry them as `cognito:groups`. */
  groups?: string[];
}

/** Where the harness finds users: the in-memory list by default, or a pool (e.g. cognito-local through its API). */
export interface UserDirectory {
  /** The user a typed USERNAME names (username, or an alias the pool resolves), or undefined. */
  find(typed: string): Promise<HarnessUser | undefined>;
}

/** The key tokens are signed with, its key id and the JWKS that verifies them. */
export interface SigningKey {
  privateKey: KeyObject;
  kid: string;
  jwks: { keys: JsonWebKey[] };
}

export interface CognitoHarnessOptions {
  handlers: {
    define: TriggerHandler;
    create: TriggerHandler;
    verify: TriggerHandler;
    /** The optional post-authentication trigger (functions/post-authentication), run after every successful login. */
    postAuthentication?: TriggerHandler;
  };
  users?: HarnessUser[];
  /** Default: the `users` above (and addUser). */
  directory?: UserDirectory;
  /** Default: a key generated at start. */
  signingKey?: SigningKey;
  /** Default: https://cognito-idp.<region>.amazonaws.com/<userPoolId> */
  issuer?: string;
  /** How long a Session string stays valid (Cognito: 3-15 min, app client setting). Default 3 minutes. */
  sessionTtlMs?: number;
  /** Unix milliseconds. Default Date.now. */
  clock?: () => number;
  region?: string;
  userPoolId?: string;
  clientId?: string;
  /** Cognito gives a trigger 5 s to answer. */
  triggerTimeoutMs?: number;
  /**
   * The userName the triggers see for an unknown user: "fake" (default: a random UUID per flow, as the
   * brief for this harness describes) or "as-typed" (the USERNAME the client sent).
   */
  unknownUserName?: "fake" | "as-typed";
}

export interface InitiateAuthInput {
  AuthFlow: string;
  AuthParameters?: Record<string, string>;
  ClientId?: string;
  ClientMetadata?: Record<string, string>;
}

export interface RespondToAuthChallengeInput {
  ChallengeName: string;
  Session?: string;
  ChallengeResponses?: Record<string, string>;
  ClientId?: string;
  ClientMetadata?: Record<string, string>;
}

export interface ChallengeOutput {
  ChallengeName: string;
  Session: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: undefined;
}

export interface TokensOutput {
  ChallengeName?: undefined;
  Session?: undefined;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult: {
    IdToken: string;
    AccessToken: string;
    RefreshToken: string;
    ExpiresIn: number;
    TokenType: "Bearer";
  };
}

export type AuthOutput = ChallengeOutput | TokensOutput;

export interface HarnessOptionsPerCall {
  /** Session entries to start with, e.g. an SRP step: [{challengeName: "SRP_A", ...}, {"PASSWORD_VERIFIER"}]. */
  seedSession?: SessionEntry[];
}

export interface Invocation {
  trigger: TriggerName;
  event: Record<string, unknown>;
  /** The handler's returned `response`, when it returned one. */
  response?: unknown;
  error?: string;
  /** How long the handler took to answer (or to be given up on), in milliseconds. */
  ms?: number;
}

/** A Cognito API error: `name` is the error type (`__type` on the wire), `message` its text. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const INCORRECT = "Incorrect username or password.";
export const INVALID_SESSION = "Invalid session for the user.";

const notAuthorized = (message = INCORRECT) => new CognitoError("NotAuthorizedException", message);
const invalidParameter = (message: string) => new CognitoError("InvalidParameterException", message);
const invalidLambdaResponse = (trigger: string) =>
  new CognitoError("InvalidLambdaResponseException", `Invalid lambda response from ${trigger}.`);

const TRIGGER_NAMES = {
  define: "DefineAuthChallenge",
  create: "CreateAuthChallenge",
  verify: "VerifyAuthChallengeResponse",
  postAuthentication: "PostAuthentication",
} as const;
const TRIGGER_SOURCES = {
  define: "DefineAuthChallenge_Authentication",
  create: "CreateAuthChallenge_Authentication",
  verify: "VerifyAuthChallengeResponse_Authentication",
  postAuthentication: "PostAuthentication_Authentication",
} as const;
export type TriggerName = keyof typeof TRIGGER_SOURCES;

interface FlowState {
  /** What the client typed as USERNAME (and must repeat in RespondToAuthChallenge). */
  typedUsername: string;
  user: HarnessUser | undefined;
  /** userName in trigger events. */
  eventUserName: string;
  session: SessionEntry[];
  clientMetadata: Record<string, string> | undefined;
  pending?: { privateChallengeParameters: Record<string, string>; challengeMetadata?: string };
  expiresAt: number;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === "string");
}

/** A fresh RSA key for a harness that is not told which key to sign with. */
function generatedSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `harness-${randomBytes(6).toString("hex")}`;
  return {
    privateKey,
    kid,
    jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] },
  };
}

export interface CognitoHarness {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The `iss` of issued tokens: https://cognito-idp.<region>.amazonaws.com/<userPoolId> */
  readonly issuer: string;
  /** Public keys for the tokens' signatures ({keys: [RSA JWK]}). */
  readonly jwks: { keys: JsonWebKey[] };
  /** Every trigger call, in order (events are copies; handlers cannot change what the harness keeps). */
  readonly invocations: Invocation[];
  initiateAuth(input: InitiateAuthInput, options?: HarnessOptionsPerCall): Promise<AuthOutput>;
  respondToAuthChallenge(input: RespondToAuthChallengeInput): Promise<AuthOutput>;
  addUser(user: HarnessUser): void;
  /** Number of sessions that can still be answered (for tests). */
  openSessions(): number;
  /**
   * Completes a sign-in another flow has verified (e.g. an MFA step the harness does not run itself): post-authentication,
   * then tokens for `client`, as Cognito ends every successful sign-in.
   */
  completeSignIn(user: HarnessUser, client: string): Promise<TokensOutput>;
}

export function createCognitoHarness(options: CognitoHarnessOptions): CognitoHarness {
  const clock = options.clock ?? Date.now;
  const region = options.region ?? "us-east-1";
  const userPoolId = options.userPoolId ?? `${region}_LocalPool`;
  const clientId = options.clientId ?? "localharnessclient0000000";
  const sessionTtlMs = options.sessionTtlMs ?? 3 * 60 * 1000;
  const triggerTimeoutMs = options.triggerTimeoutMs ?? 5000;
  const unknownUserName = options.unknownUserName ?? "fake";
  const issuer = options.issuer ?? `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const users = new Map<string, HarnessUser>();
  const sessions = new Map<string, FlowState>();
  const invocations: Invocation[] = [];
  const { privateKey, kid, jwks } = options.signingKey ?? generatedSigningKey();

  const addUser = (user: HarnessUser) => {
    users.set(user.username, { ...user, sub: user.sub ?? randomUUID() });
  };
  for (const user of options.users ?? []) addUser(user);
  const directory: UserDirectory = options.directory ?? { find: (typed) => Promise.resolve(users.get(typed)) };

  function userAttributes(user: HarnessUser | undefined): Record<string, string> {
    if (!user) return {};
    return {
      sub: user.sub as string,
      email: user.email,
      email_verified: "true",
      "cognito:user_status": user.status ?? "CONFIRMED",
      ...user.attributes,
    };
  }

  function baseEvent(trigger: keyof typeof TRIGGER_SOURCES, userName: string) {
    return {
      version: "1",
      region,
      userPoolId,
      userName,
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId },
      triggerSource: TRIGGER_SOURCES[trigger],
    };
  }

  /** Runs one trigger with a private copy of the event; returns its `response` object or throws. */
  async function invoke(trigger: TriggerName, event: Record<string, unknown>): Promise<Record<string, unknown>> {
    const handler = options.handlers[trigger];
    if (!handler) throw new Error(`no ${trigger} handler`);
    const record: Invocation = { trigger, event: structuredClone(event) };
    invocations.push(record);
    const context = {
      awsRequestId: randomUUID(),
      functionName: trigger === "postAuthentication" ? "local-post-authentication" : `local-${trigger}-auth-challenge`,
      getRemainingTimeInMillis: () => triggerTimeoutMs,
    };
    let timer: NodeJS.Timeout | undefined;
    let result: unknown;
    const started = performance.now();
    try {
      result = await Promise.race([
        Promise.resolve().then(() => handler(structuredClone(event), context)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("timeout")), triggerTimeoutMs);
        }),
      ]);
    } catch (err) {
      const timedOut = err instanceof Error && err.message === "timeout";
      record.error = timedOut ? "timeout" : "threw";
      if (timedOut) {
        throw new CognitoError(
          "UnexpectedLambdaException",
          `${TRIGGER_NAMES[trigger]} invocation failed due to timeout.`,
        );
      }
      // Cognito reports "<trigger> failed with error <message>."; the message is the handler's, not user data.
      const message = err instanceof Error ? err.message : String(err);
      throw new CognitoError(
        "UserLambdaValidationException",
        `${TRIGGER_NAMES[trigger]} failed with error ${message}.`,
      );
    } finally {
      clearTimeout(timer);
      record.ms = performance.now() - started;
    }
    const response = isObject(result) ? result.response : undefined;
    record.response = structuredClone(response);
    if (!isObject(response)) throw invalidLambdaResponse(TRIGGER_NAMES[trigger]);
    return response;
  }

  /** Cognito runs post-authentication after a successful authentication, before it answers with the tokens. */
  async function postAuthenticate(
    user: HarnessUser,
    clientMetadata: Record<string, string> | undefined,
    client: string,
  ) {
    if (!options.handlers.postAuthentication) return;
    await invoke("postAuthentication", {
      ...baseEvent("postAuthentication", user.username),
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: client },
      request: {
        userAttributes: userAttributes(user),
        newDeviceUsed: false,
        ...(clientMetadata ? { clientMetadata } : {}),
      },
      response: {},
    });
  }

  /** A user who proved who they are gets tokens only as Cognito would give them: enabled, confirmed. */
  async function signIn(
    user: HarnessUser,
    clientMetadata: Record<string, string> | undefined,
    client = clientId,
  ): Promise<TokensOutput> {
    if (user.enabled === false) throw notAuthorized("User is disabled.");
    if ((user.status ?? "CONFIRMED") === "UNCONFIRMED") {
      throw new CognitoError("UserNotConfirmedException", "User is not confirmed.");
    }
    await postAuthenticate(user, clientMetadata, client);
    return tokensFor(user, client);
  }

  function issueSession(flow: FlowState): string {
    const session = randomBytes(120).toString("base64url");
    flow.expiresAt = clock() + sessionTtlMs;
    sessions.set(session, flow);
    return session;
  }

  function signJwt(claims: Record<string, unknown>): string {
    return signRs256Jwt({ kid, alg: "RS256" }, claims, privateKey);
  }

  function tokensFor(user: HarnessUser, client = clientId): TokensOutput {
    const now = Math.floor(clock() / 1000);
    const originJti = randomUUID();
    const eventId = randomUUID();
    const common = { sub: user.sub, iss: issuer, origin_jti: originJti, event_id: eventId, auth_time: now, iat: now };
    const IdToken = signJwt({
      ...common,
      ...(user.groups && user.groups.length > 0 ? { "cognito:groups": [...user.groups] } : {}),
      aud: client,
      token_use: "id",
      "cognito:username": user.username,
      email: user.email,
      email_verified: (user.attributes?.email_verified ?? "true") === "true",
      exp: now + 3600,
      jti: randomUUID(),
    });
    const groups = user.groups && user.groups.length > 0 ? { "cognito:groups": [...user.groups] } : {};
    const AccessToken = signJwt({
      ...common,
      ...groups,
      client_id: client,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      username: user.username,
      exp: now + 3600,
      jti: randomUUID(),
    });
    // Real refresh tokens are encrypted (JWE) and opaque to clients; here: a signed JWT nobody should parse.
    const RefreshToken = signJwt({ ...common, client_id: client, token_use: "refresh", exp: now + 30 * 86400 });
    return {
      ChallengeParameters: {},
      AuthenticationResult: { IdToken, AccessToken, RefreshToken, ExpiresIn: 3600, TokenType: "Bearer" },
    };
  }

  /** define -> tokens | fail | create -> challenge */
  async function step(flow: FlowState): Promise<AuthOutput> {
    const userNotFound = flow.user === undefined;
    const request = (extra: Record<string, unknown> = {}) => ({
      userAttributes: userAttributes(flow.user),
      ...extra,
      ...(flow.clientMetadata ? { clientMetadata: flow.clientMetadata } : {}),
      userNotFound,
    });

    const defined = await invoke("define", {
      ...baseEvent("define", flow.eventUserName),
      request: request({ session: structuredClone(flow.session) }),
      response: { challengeName: null, issueTokens: null, failAuthentication: null },
    });
    const { challengeName, issueTokens, failAuthentication } = defined;
    if (
      (issueTokens !== undefined && issueTokens !== null && typeof issueTokens !== "boolean") ||
      (failAuthentication !== undefined && failAuthentication !== null && typeof failAuthentication !== "boolean") ||
      (challengeName !== undefined && challengeName !== null && typeof challengeName !== "string")
    ) {
      throw invalidLambdaResponse(TRIGGER_NAMES.define);
    }
    if (failAuthentication === true) throw notAuthorized();
    if (issueTokens === true) {
      // An unknown user never gets tokens, whatever a trigger says.
      if (!flow.user) throw notAuthorized();
      return signIn(flow.user, flow.clientMetadata);
    }
    if (typeof challengeName !== "string" || challengeName.length === 0) {
      throw invalidLambdaResponse(TRIGGER_NAMES.define);
    }
    if (challengeName !== "CUSTOM_CHALLENGE") {
      // Real Cognito would run SRP/MFA steps here; this harness only implements custom challenges.
      throw new CognitoError("InvalidParameterException", `The harness does not implement ${challengeName}.`);
    }

    const created = await invoke("create", {
      ...baseEvent("create", flow.eventUserName),
      request: request({ challengeName, session: structuredClone(flow.session) }),
      response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
    });
    const { publicChallengeParameters, privateChallengeParameters, challengeMetadata } = created;
    if (
      !isStringMap(publicChallengeParameters) ||
      Object.keys(publicChallengeParameters).length === 0 ||
      (privateChallengeParameters != null && !isStringMap(privateChallengeParameters)) ||
      (challengeMetadata != null && typeof challengeMetadata !== "string")
    ) {
      throw invalidLambdaResponse(TRIGGER_NAMES.create);
    }
    flow.pending = {
      privateChallengeParameters: privateChallengeParameters ?? {},
      ...(typeof challengeMetadata === "string" ? { challengeMetadata } : {}),
    };
    return {
      ChallengeName: challengeName,
      Session: issueSession(flow),
      ChallengeParameters: { ...publicChallengeParameters, USERNAME: flow.typedUsername },
    };
  }

  function checkClient(id: string | undefined): void {
    if (id !== undefined && id !== clientId) {
      throw new CognitoError("ResourceNotFoundException", "User pool client does not exist.");
    }
  }

  return {
    region,
    userPoolId,
    clientId,
    issuer,
    jwks,
    invocations,
    addUser,
    openSessions: () => sessions.size,
    completeSignIn: (user, client) => signIn(user, undefined, client),

    async initiateAuth(input, perCall = {}) {
      checkClient(input.ClientId);
      if (input.AuthFlow !== "CUSTOM_AUTH" && input.AuthFlow !== "USER_PASSWORD_AUTH") {
        throw invalidParameter(
          `The harness implements only CUSTOM_AUTH and USER_PASSWORD_AUTH, not ${String(input.AuthFlow)}.`,
        );
      }
      const typed = input.AuthParameters?.USERNAME;
      if (typeof typed !== "string" || typed.length === 0)
        throw invalidParameter("Missing required parameter USERNAME");
      const user = await directory.find(typed);
      if (input.AuthFlow === "USER_PASSWORD_AUTH") {
        const password = input.AuthParameters?.PASSWORD;
        if (typeof password !== "string") throw invalidParameter("Missing required parameter PASSWORD");
        // Unknown user or wrong password: the same answer (PreventUserExistenceErrors).
        if (user?.password === undefined || user.password !== password) throw notAuthorized();
        if (user.status === "FORCE_CHANGE_PASSWORD" || user.status === "RESET_REQUIRED") {
          throw invalidParameter(`The harness does not implement the ${user.status} step.`);
        }
        return signIn(user, input.ClientMetadata);
      }
      const session: SessionEntry[] = structuredClone(perCall.seedSession ?? []);
      if (typeof input.AuthParameters?.SRP_A === "string") {
        // CUSTOM_AUTH may start with SRP: Cognito then passes an SRP_A entry to define-auth-challenge.
        session.unshift({ challengeName: "SRP_A", challengeResult: true });
      }
      const flow: FlowState = {
        typedUsername: typed,
        user,
        eventUserName: user ? user.username : unknownUserName === "fake" ? randomUUID() : typed,
        session,
        clientMetadata: input.ClientMetadata,
        expiresAt: 0,
      };
      return step(flow);
    },

    async respondToAuthChallenge(input) {
      checkClient(input.ClientId);
      if (input.ChallengeName !== "CUSTOM_CHALLENGE") {
        throw invalidParameter(`The harness implements only CUSTOM_CHALLENGE responses.`);
      }
      const typed = input.ChallengeResponses?.USERNAME;
      const answer = input.ChallengeResponses?.ANSWER;
      if (typeof typed !== "string" || typed.length === 0)
        throw invalidParameter("Missing required parameter USERNAME");
      if (typeof answer !== "string") throw invalidParameter("Missing required parameter ANSWER");
      const token = input.Session;
      const flow = typeof token === "string" ? sessions.get(token) : undefined;
      // Single use: whatever happens next, this Session string is spent.
      if (typeof token === "string") sessions.delete(token);
      if (!flow || !flow.pending || flow.expiresAt <= clock() || flow.typedUsername !== typed) {
        throw notAuthorized(INVALID_SESSION);
      }
      const pending = flow.pending;
      flow.pending = undefined;

      const verified = await invoke("verify", {
        ...baseEvent("verify", flow.eventUserName),
        request: {
          userAttributes: userAttributes(flow.user),
          privateChallengeParameters: structuredClone(pending.privateChallengeParameters),
          challengeAnswer: answer,
          ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
          userNotFound: flow.user === undefined,
        },
        response: { answerCorrect: null },
      });
      if (typeof verified.answerCorrect !== "boolean") throw invalidLambdaResponse(TRIGGER_NAMES.verify);
      flow.session.push({
        challengeName: "CUSTOM_CHALLENGE",
        challengeResult: verified.answerCorrect,
        ...(pending.challengeMetadata !== undefined ? { challengeMetadata: pending.challengeMetadata } : {}),
      });
      if (input.ClientMetadata) flow.clientMetadata = input.ClientMetadata;
      return step(flow);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// HTTP front: the AWSCognitoIdentityProviderService JSON 1.1 protocol for the two calls, plus the JWKS.

export const JSON_11 = "application/x-amz-json-1.1";
export const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

/** An answer in Cognito's JSON 1.1 protocol: HTTP status, body, and the error type (x-amzn-ErrorType) if any. */
export interface WireAnswer {
  status: number;
  body: unknown;
  errorType?: string;
}

const wireError = (status: number, type: string, message: string): WireAnswer => ({
  status,
  body: { __type: type, message },
  errorType: type,
});

/**
 * InitiateAuth and RespondToAuthChallenge answered by the harness, as Cognito answers them; undefined for any other
 * operation. For the front below and for the local stack's pool front, which sends the other operations on.
 */
export async function answerAuthCall(
  harness: CognitoHarness,
  operation: string,
  body: Record<string, unknown>,
): Promise<WireAnswer | undefined> {
  if (operation !== "InitiateAuth" && operation !== "RespondToAuthChallenge") return undefined;
  const stringMap = (v: unknown) => v === undefined || isStringMap(v);
  if (
    !stringMap(body.AuthParameters) ||
    !stringMap(body.ChallengeResponses) ||
    !stringMap(body.ClientMetadata) ||
    (body.ClientId !== undefined && typeof body.ClientId !== "string") ||
    (body.Session !== undefined && typeof body.Session !== "string")
  ) {
    return wireError(400, "SerializationException", "Request fields have the wrong types.");
  }
  if (typeof body.ClientId !== "string") return wireError(400, "InvalidParameterException", "ClientId is required.");
  try {
    const result =
      operation === "InitiateAuth"
        ? await harness.initiateAuth(body as unknown as InitiateAuthInput)
        : await harness.respondToAuthChallenge(body as unknown as RespondToAuthChallengeInput);
    return { status: 200, body: result };
  } catch (err) {
    if (err instanceof CognitoError) return wireError(400, err.type, err.message);
    return wireError(500, "InternalErrorException", "Internal error.");
  }
}

export interface CognitoFront {
  url: string;
  /** Calls received: the X-Amz-Target operation and the HTTP status answered. */
  requests: { operation: string; status: number }[];
  close(): Promise<void>;
}

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
  "Access-Control-Allow-Headers":
    "content-type, x-amz-target, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request",
  "Access-Control-Expose-Headers": "x-amzn-errortype, x-amzn-requestid",
};

export async function startCognitoFront(harness: CognitoHarness, opts: ListenOptions = {}): Promise<CognitoFront> {
  const requests: CognitoFront["requests"] = [];

  function reply(res: ServerResponse, status: number, body: unknown, operation: string, errorType?: string) {
    requests.push({ operation, status });
    sendJson(res, status, body, JSON_11, {
      ...CORS_HEADERS,
      "x-amzn-RequestId": randomUUID(),
      ...(errorType ? { "x-amzn-ErrorType": errorType } : {}),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (req.method === "GET" && path === `/${harness.userPoolId}/.well-known/jwks.json`) {
      return sendJson(res, 200, harness.jwks, "application/json", CORS_HEADERS);
    }
    if (req.method === "GET" && path === "/health") return sendJson(res, 200, { ok: true });
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    const fail = (status: number, type: string, message: string) =>
      reply(res, status, { __type: type, message }, operation, type);
    if (req.method !== "POST" || path !== "/") return fail(404, "UnknownOperationException", "Not found.");
    let text: string;
    try {
      text = await readBody(req, 256 * 1024);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return fail(413, "SerializationException", "Request too large.");
      throw err;
    }
    const body = parseJson(text);
    if (!isObject(body)) return fail(400, "SerializationException", "Request body is not a JSON object.");
    const answer = await answerAuthCall(harness, operation, body);
    if (!answer) {
      return fail(400, "UnknownOperationException", "The front implements InitiateAuth and RespondToAuthChallenge.");
    }
    return reply(res, answer.status, answer.body, operation, answer.errorType);
  }

  const running = await listenLoopback((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { __type: "InternalErrorException", message: "Internal error." });
      else res.destroy();
    });
  }, opts);
  return { url: running.url, requests, close: () => running.close() };
}

/**
 * The AWS SDK's Cognito client pointed at a front: the client an app uses against Cognito, so every call made
 * through it also checks that the front speaks Cognito's wire protocol. InitiateAuth and RespondToAuthChallenge
 * are unsigned; the dummy credentials only keep the SDK from looking for real ones.
 */
export function cognitoFrontClient(url: string, region: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint: url,
    credentials: { accessKeyId: "AKIDLOCALFRONT", secretAccessKey: "unused" },
    maxAttempts: 1,
  });
}

/** Decodes a JWT's claims without verifying it (for transcripts and tests). */
export function decodeJwtClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1];
  const claims = part === undefined ? undefined : decodeJwtSegment(part);
  return isObject(claims) ? claims : {};
}
