/**
 * The self-service route as one hono app: `POST /v1/self/connect-tokens` mints a connect token for the signed-in
 * user's own passkeys. The Lambda handler (index.ts) and the local adapter (tools/local/self-service.ts) serve this
 * same app. Order of checks: CORS, body size, token (401), body (400), step-up (401), per-user rate limit (429),
 * the user in the pool (403), then Corbado. Every answer is `cache-control: no-store`; every outcome is one log line
 * with a reason code (never a token, a secret, a username or an e-mail).
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { safeCode } from "../shared/log";
import { asApiError, awsErrorType, type AwsCall } from "../api-shared/aws";
import type { MintConnectToken } from "../api-shared/corbado";
import { createDeadline, type Deadline } from "../api-shared/deadline";
import { errorResponse as sharedErrorResponse, jsonBody, requestMetaOf } from "../api-shared/http-app";
import { bearerToken } from "../api-shared/jwt-verifier";
import { createRateLimit } from "../api-shared/rate-limit";
import type { VerifySelfToken } from "./auth";
import type { SelfServiceConfig } from "./config";
import { ApiError, ERRORS, statusOf, type ErrorCode } from "./errors";
import { accountProblem, connectTokenData, parseBody, stepUpRequired, type PoolUser } from "./logic";

export const CONNECT_TOKENS_PATH = "/v1/self/connect-tokens";
/** The rate-limit items' key name: pk `ratelimit#self-service#<sub>` (what the role's LeadingKeys condition allows). */
export const RATE_LIMIT_NAME = "self-service";
export const MAX_BODY_BYTES = 1024;
/** The answer after which a request that still runs gets 504 regardless (each call is bounded already). */
const DEADLINE_GRACE_MS = 250;
const SUB_RE = /^[A-Za-z0-9-]{1,64}$/;

export interface SelfServiceDeps {
  readonly config: SelfServiceConfig;
  readonly aws: AwsCall;
  readonly verifyToken: VerifySelfToken;
  readonly mint: MintConnectToken;
  readonly now?: () => number;
  /** Where log lines go (default stdout). */
  readonly logSink?: (line: string) => void;
}

interface RequestCtx {
  readonly requestId: string;
  readonly deadline: Deadline;
  readonly started: number;
  /** What the log line of this request says besides its outcome. */
  readonly log: { type?: string; sub?: string; tokenUse?: string; written?: boolean };
}

type AppEnv = { Variables: { ctx: RequestCtx } };
export type SelfServiceApp = Hono<AppEnv>;

const errorResponse = (c: Context, error: ApiError, requestId: string): Response =>
  sharedErrorResponse(c, error, requestId, ERRORS);

/** The app for a configuration that failed to load: every request is 500 config_invalid. */
export function createMisconfiguredApp(): SelfServiceApp {
  const app = new Hono<AppEnv>();
  app.all("*", (c) => errorResponse(c, new ApiError("config_invalid"), requestMetaOf(c).requestId));
  return app;
}

export function createSelfServiceApp(deps: SelfServiceDeps): SelfServiceApp {
  const { config, aws } = deps;
  const now = deps.now ?? Date.now;
  const sink = deps.logSink ?? ((line: string) => console.log(line));

  /** The one line per request: outcome `issued`, `refused` (4xx) or `failed` (5xx), with the code as reason. */
  const logOutcome = (ctx: RequestCtx, code: ErrorCode | undefined) => {
    // One line per request: a handler still running past the deadline (already answered 504) writes none.
    if (ctx.log.written) return;
    ctx.log.written = true;
    const status = code === undefined ? 200 : statusOf(code);
    const line: Record<string, string | number> = {
      time: new Date(now()).toISOString(),
      level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
      fn: "self-service",
      event: "connect_token",
      outcome: code === undefined ? "issued" : status >= 500 ? "failed" : "refused",
      reason: code === undefined ? "ok" : safeCode(code),
      status,
      requestId: ctx.requestId,
      durationMs: Math.round(now() - ctx.started),
    };
    if (ctx.log.type) line.type = safeCode(ctx.log.type.replace("-", "_"));
    if (ctx.log.tokenUse) line.tokenUse = safeCode(ctx.log.tokenUse);
    if (ctx.log.sub && SUB_RE.test(ctx.log.sub)) line.sub = ctx.log.sub;
    try {
      sink(JSON.stringify(line));
    } catch {
      // never fail a request over a log line
    }
  };

  const app = new Hono<AppEnv>();

  // --- every request: id, deadline, no-store, and a 504 if it somehow outlives the deadline
  app.use("*", async (c, next) => {
    const { requestId } = requestMetaOf(c);
    const ctx: RequestCtx = {
      requestId,
      deadline: createDeadline(config.requestDeadlineMs, config.upstreamTimeoutMs, now),
      started: now(),
      log: {},
    };
    c.set("ctx", ctx);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), config.requestDeadlineMs + DEADLINE_GRACE_MS);
    });
    const outcome = await Promise.race([next().then(() => "done" as const), late]);
    clearTimeout(timer);
    if (outcome === "late") {
      logOutcome(ctx, "deadline_exceeded");
      c.res = errorResponse(c, new ApiError("deadline_exceeded"), requestId);
    }
    c.res.headers.set("cache-control", "no-store");
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("x-request-id", requestId);
  });

  app.use(
    "*",
    cors({
      origin: (origin) => (config.origins.includes(origin) ? origin : null),
      allowMethods: ["POST"],
      allowHeaders: ["authorization", "content-type"],
      exposeHeaders: ["retry-after", "x-request-id"],
      maxAge: 600,
    }),
  );
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError("body_too_large");
      },
    }),
  );

  app.onError((error, c) => {
    const ctx = c.get("ctx");
    const requestId = ctx?.requestId ?? requestMetaOf(c).requestId;
    let answer: ApiError;
    if (error instanceof ApiError) answer = error;
    else if (error instanceof HTTPException) {
      answer = new ApiError(
        error.status === 400
          ? "invalid_json"
          : error.status === 415
            ? "unsupported_media_type"
            : error.status === 413
              ? "body_too_large"
              : "internal_error",
      );
    } else answer = new ApiError("internal_error");
    if (ctx) logOutcome(ctx, answer.code in ERRORS ? answer.code : "internal_error");
    return errorResponse(c, answer, requestId);
  });

  app.notFound((c) => {
    const { requestId } = c.get("ctx");
    if (c.req.path === CONNECT_TOKENS_PATH || c.req.path === `${CONNECT_TOKENS_PATH}/`) {
      return errorResponse(c, new ApiError("method_not_allowed", { headers: { allow: "POST" } }), requestId);
    }
    return errorResponse(c, new ApiError("not_found"), requestId);
  });

  const takeSlot = createRateLimit({
    aws,
    table: config.rateLimitTable,
    name: RATE_LIMIT_NAME,
    limit: config.rateLimit,
    windowSeconds: config.rateLimitWindowSeconds,
    now,
  });

  /** AdminGetUser for the token's username; 403 account_not_found when the pool has no such user. */
  async function poolUser(username: string, deadline: Deadline): Promise<PoolUser> {
    try {
      return await aws("cognito", "AdminGetUser", { UserPoolId: config.userPoolId, Username: username }, deadline);
    } catch (error) {
      if (awsErrorType(error) === "UserNotFoundException") throw new ApiError("account_not_found");
      throw asApiError("cognito", error);
    }
  }

  app.post(CONNECT_TOKENS_PATH, async (c) => {
    const ctx = c.get("ctx");
    const identity = await deps.verifyToken(bearerToken(c.req.header("authorization")));
    ctx.log.sub = identity.sub;
    ctx.log.tokenUse = identity.tokenUse;
    const body = parseBody(await jsonBody(c));
    if (!body.ok) throw new ApiError(body.code);
    ctx.log.type = body.type;
    if (stepUpRequired(body.type, identity.authTime, Math.floor(now() / 1000), config.appendMaxAuthAgeSeconds)) {
      throw new ApiError("reauthentication_required", {
        headers: { "www-authenticate": 'Bearer error="insufficient_user_authentication"' },
      });
    }
    await takeSlot(identity.sub, ctx.deadline);
    const user = await poolUser(identity.username, ctx.deadline);
    const problem = accountProblem(user, identity);
    if (problem) throw new ApiError(problem);
    const token = await deps.mint(
      body.type,
      connectTokenData(body.type, identity, user, config.displayNameAttribute),
      ctx.deadline,
    );
    if (token.expires === undefined) throw new ApiError("corbado_error");
    logOutcome(ctx, undefined);
    return c.json({ secret: token.secret, expires: token.expires });
  });

  return app;
}
