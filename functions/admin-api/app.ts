/**
 * The admin API as one hono app, built from its configuration and dependencies: the Lambda handler (index.ts) and
 * the local adapter (tools/local/admin-api.ts) serve this same app. Order of checks on a route: CORS, body size,
 * token (401), group (403, audited), parameters (400), then the handler. Every answer but the public login config
 * is `cache-control: no-store`; every error is `{code, message, requestId}` with a code from errors.ts.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type * as z from "zod";
import { utcDay } from "../shared/adoption-counters";
import { safeCode } from "../shared/log";
import { addDays, buildReport, dayCount, previousFrom, sumDays, sumPasskeyUsers } from "./adoption-logic";
import { createAdoptionReader } from "./adoption";
import { allows, bearerToken, roleOf, type Identity, type VerifyToken } from "./auth";
import {
  errorResponse as sharedErrorResponse,
  jsonBody,
  requestMetaOf,
  type RequestMeta,
} from "../api-shared/http-app";
import { createAuditLog, type AuditEvent, type AuditLog, type AuditResult } from "./audit";
import type { AwsCall } from "../api-shared/aws";
import type { AdminApiConfig } from "./config";
import type { CorbadoClient } from "./corbado";
import { createDeadline, type Deadline } from "../api-shared/deadline";
import { ApiError, ERRORS, statusOf, type ErrorCode, type Issue } from "./errors";
import { readParameterValue } from "./parameters";
import { createLoginConfigReader, createThrottle } from "./public-config";
import { createRateLimit } from "../api-shared/rate-limit";
import { ROUTE_LIST, ROUTES, type RouteSpec } from "./routes";
import { createSettingsStore } from "./settings";
import { createUserDirectory } from "./users";

export interface AdminApiDeps {
  readonly config: AdminApiConfig;
  readonly aws: AwsCall;
  /** Required when the console is enabled. */
  readonly verifyToken?: VerifyToken;
  readonly corbado?: CorbadoClient;
  /** The JSON served on GET /v1/iam-report, loaded on first use (./iam-report.ts). */
  readonly iamReport: () => Promise<unknown>;
  readonly now?: () => number;
  /** Where log lines go (default stdout). */
  readonly logSink?: (line: string) => void;
}

interface RequestCtx {
  readonly meta: RequestMeta;
  readonly deadline: Deadline;
  identity?: Identity;
}

type AppEnv = { Variables: { ctx: RequestCtx } };
export type AdminApp = Hono<AppEnv>;

export const MAX_BODY_BYTES = 16 * 1024;
/** What an audited action leaves of the deadline for writing its result entry. */
export const AUDIT_RESERVE_MS = 1000;
/** The answer after which a request that still runs gets 504 regardless (each call is bounded already). */
const DEADLINE_GRACE_MS = 250;
const PUBLIC_PREFIX = "/v1/public/";

/** The app for a configuration that failed to load: every request is 500 config_invalid. */
export function createMisconfiguredApp(): AdminApp {
  const app = new Hono<AppEnv>();
  app.all("*", (c) => errorResponse(c, new ApiError("config_invalid"), requestMetaOf(c).requestId));
  return app;
}

export function createAdminApp(deps: AdminApiDeps): AdminApp {
  const { config, aws } = deps;
  const now = deps.now ?? Date.now;
  const sink = deps.logSink ?? ((line: string) => console.log(line));
  const log = (level: "info" | "warn" | "error", event: string, fields: Record<string, string | number> = {}) => {
    try {
      sink(JSON.stringify({ time: new Date().toISOString(), level, fn: "admin-api", event, ...fields }));
    } catch {
      // never fail a request over a log line
    }
  };

  const app = new Hono<AppEnv>();

  // --- every request: id, deadline, no-store, and a 504 if it somehow outlives the deadline
  app.use("*", async (c, next) => {
    const meta = requestMetaOf(c);
    c.set("ctx", { meta, deadline: createDeadline(config.requestDeadlineMs, config.upstreamTimeoutMs, now) });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), config.requestDeadlineMs + DEADLINE_GRACE_MS);
    });
    const outcome = await Promise.race([next().then(() => "done" as const), late]);
    clearTimeout(timer);
    if (outcome === "late") c.res = errorResponse(c, new ApiError("deadline_exceeded"), meta.requestId);
    const headers = c.res.headers;
    if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
    headers.set("x-content-type-options", "nosniff");
    headers.set("x-request-id", meta.requestId);
  });

  const isPublic = (c: Context) => c.req.path.startsWith(PUBLIC_PREFIX);
  const consoleOrigin = config.console?.consoleOrigin;
  app.use(
    "*",
    cors({
      origin: (origin, c) =>
        isPublic(c)
          ? config.loginPageOrigins.includes(origin)
            ? origin
            : null
          : origin === consoleOrigin
            ? origin
            : null,
      allowMethods: (_origin, c) => (isPublic(c) ? ["GET"] : ["GET", "PUT", "DELETE"]),
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
    const requestId = c.get("ctx")?.meta.requestId ?? requestMetaOf(c).requestId;
    if (error instanceof ApiError) {
      if (statusOf(error.code) >= 500) log("error", "request_failed", { reason: error.code, requestId });
      return errorResponse(c, error, requestId);
    }
    if (error instanceof HTTPException) {
      const code: ErrorCode =
        error.status === 400
          ? "invalid_json"
          : error.status === 415
            ? "unsupported_media_type"
            : error.status === 413
              ? "body_too_large"
              : "internal_error";
      return errorResponse(c, new ApiError(code), requestId);
    }
    // Deliberately not the message or stack: they may contain request data.
    log("error", "request_failed", {
      reason: "unexpected_exception",
      cause: safeCode(error?.constructor?.name?.toLowerCase()),
      requestId,
    });
    return errorResponse(c, new ApiError("internal_error"), requestId);
  });

  const registered: RouteSpec[] = ROUTE_LIST.filter((r) => r.access === "public" || config.consoleEnabled);
  app.notFound((c) => {
    const ctx = c.get("ctx");
    const methods = registered.filter((r) => pathPattern(r).test(c.req.path)).map((r) => r.method.toUpperCase());
    if (methods.length > 0) {
      return errorResponse(
        c,
        new ApiError("method_not_allowed", { headers: { allow: [...new Set(methods)].join(", ") } }),
        ctx.meta.requestId,
      );
    }
    return errorResponse(c, new ApiError("not_found"), ctx.meta.requestId);
  });

  // --- the public route (works with the console switched off)
  const readLoginConfig = createLoginConfigReader({
    parameterName: config.loginSettingsParameter,
    cacheTtlMs: config.loginSettingsCacheTtlMs,
    retryMs: config.loginSettingsRetryMs,
    killSwitchWhenUnreadable: config.killSwitchWhenUnreadable,
    // Not tied to one request's deadline: the read is shared by every request waiting on the cache.
    readParameter: (name) =>
      readParameterValue(aws, name, createDeadline(config.upstreamTimeoutMs, config.upstreamTimeoutMs, now)),
    now,
  });
  const throttle = createThrottle(config.publicConfigRatePerSecond, now);
  on(
    app,
    ROUTES.loginConfig,
    [
      async (_c, next) => {
        if (!throttle.take()) throw new ApiError("too_many_requests", { headers: { "retry-after": "1" } });
        await next();
      },
    ],
    async (c) => {
      const { config: loginConfig, cacheControl, result } = await readLoginConfig();
      if (result.problem)
        log("warn", "login_settings_fallback", { reason: safeCode(result.problem), source: result.source });
      return c.json(loginConfig, 200, { "cache-control": cacheControl });
    },
  );

  if (!config.consoleEnabled) return app;
  const consoleConfig = config.console!;
  const verifyToken = deps.verifyToken!;
  const corbado = deps.corbado!;

  const audit: AuditLog = createAuditLog({
    aws,
    table: consoleConfig.auditTable,
    retentionDays: consoleConfig.auditRetentionDays,
    now,
    sink,
  });
  const adoption = createAdoptionReader({
    aws,
    table: consoleConfig.aggregatesTable,
    shards: consoleConfig.counterShards,
    userPoolId: consoleConfig.userPoolId,
  });
  const users = createUserDirectory(aws, consoleConfig.userPoolId);
  const settings = createSettingsStore({
    aws,
    parameterName: config.loginSettingsParameter,
    aggregatesTable: consoleConfig.aggregatesTable,
    auditTable: consoleConfig.auditTable,
    cacheTtlMs: config.loginSettingsCacheTtlMs,
    leaseMs: config.requestDeadlineMs + 2000,
    now,
    onProblem: (problem) => log("error", "settings_record_failed", { reason: problem }),
  });
  const takeDeleteSlot = createRateLimit({
    aws,
    name: "passkey-delete",
    table: consoleConfig.aggregatesTable,
    limit: consoleConfig.deleteRateLimit,
    windowSeconds: consoleConfig.deleteRateWindowSeconds,
    now,
  });

  /** Writes a result entry; a failure is logged (the action already happened or was refused). */
  async function recordResult(c: Context<AppEnv>, event: AuditEvent, result: AuditResult): Promise<void> {
    const { identity, meta, deadline } = c.get("ctx");
    try {
      await audit.write("result", identity!, meta, event, deadline, result);
    } catch {
      log("error", "audit_result_not_written", { reason: safeCode(event.action), requestId: meta.requestId });
    }
  }

  /** Token (401), then group (403, with an attempt and a result entry). */
  const guard =
    (spec: RouteSpec): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const ctx = c.get("ctx");
      const identity = await verifyToken(bearerToken(c.req.header("authorization")));
      ctx.identity = identity;
      if (!allows(identity, spec.access as "admin" | "auditor" | "any")) {
        const target = c.req.param("username");
        const event: AuditEvent = { action: spec.action!, ...(target !== undefined ? { target } : {}) };
        try {
          await audit.write("attempt", identity, ctx.meta, event, ctx.deadline);
        } catch {
          // 403 either way: nothing is performed. The failed write is logged by the audit log.
        }
        await recordResult(c, event, { result: "forbidden", errorCode: "forbidden" });
        throw new ApiError("forbidden");
      }
      await next();
    };

  /**
   * Runs an audited action: the attempt entry first (no entry, no action: 503 audit_unavailable), then the action
   * with AUDIT_RESERVE_MS of the deadline kept back, then the result entry, also when the action failed.
   */
  async function audited<T>(
    c: Context<AppEnv>,
    event: AuditEvent,
    act: (deadline: Deadline, details: Record<string, unknown>) => Promise<T>,
  ): Promise<T> {
    const { identity, meta, deadline } = c.get("ctx");
    await audit.write("attempt", identity!, meta, event, deadline);
    // What the action learns (old settings, a count) goes into the result entry, whether it succeeds or not.
    const details: Record<string, unknown> = {};
    let value: T;
    try {
      value = await act(deadline.reserving(AUDIT_RESERVE_MS), details);
    } catch (error) {
      const code: ErrorCode = error instanceof ApiError ? error.code : "internal_error";
      await recordResult(c, event, { result: resultOf(code), errorCode: code, details });
      throw error;
    }
    await recordResult(c, event, { result: "ok", details });
    return value;
  }

  const ctxOf = (c: Context<AppEnv>) => {
    const ctx = c.get("ctx");
    return { identity: ctx.identity!, meta: ctx.meta, deadline: ctx.deadline };
  };
  const route = <R extends RouteSpec>(
    spec: R,
    handler: (c: Context<AppEnv>, input: Input<R>) => Promise<Response> | Response,
  ) => on(app, spec, [guard(spec)], handler);

  route(ROUTES.me, (c) => {
    const { identity } = ctxOf(c);
    return c.json({
      sub: identity.sub,
      username: identity.username,
      groups: [...identity.groups],
      role: roleOf(identity.groups) ?? null,
    });
  });

  route(ROUTES.adoption, async (c, { query }) => {
    const { deadline } = ctxOf(c);
    const to = query.to ?? utcDay(now());
    const from = query.from ?? addDays(to, -29);
    if (from > to)
      throw new ApiError("invalid_request", { issues: [{ in: "query", field: "from", problem: "after_to" }] });
    if (dayCount(from, to) > MAX_ADOPTION_DAYS) {
      throw new ApiError("invalid_request", { issues: [{ in: "query", field: "from", problem: "range_too_long" }] });
    }
    const [items, poolSize] = await Promise.all([
      adoption.load(previousFrom(from, to), to, deadline),
      adoption.poolSize(deadline),
    ]);
    return c.json(
      buildReport({
        from,
        to,
        granularity: query.granularity,
        days: sumDays(items.dayItems),
        users: sumPasskeyUsers(items.totalItems),
        passwordLoginsCounted: consoleConfig.passwordLoginsCounted,
        poolSize,
      }),
    );
  });

  route(ROUTES.users, async (c, { query }) => c.json(await users.list(query, ctxOf(c).deadline)));

  route(ROUTES.user, async (c, { params: { username } }) =>
    c.json(await audited(c, { action: "user_view", target: username }, (d) => users.get(username, d))),
  );

  route(ROUTES.passkeys, async (c, { params: { username } }) => {
    const passkeys = await audited(c, { action: "passkeys_list", target: username }, async (d, details) => {
      // The pool decides who exists (404 otherwise), and Corbado knows the canonical username, not an alias.
      const { username: canonical } = await users.get(username, d);
      const list = await corbado.listPasskeys(canonical, d);
      details.count = list.length;
      return list;
    });
    return c.json({ passkeys });
  });

  route(ROUTES.deletePasskey, async (c, { params: { username, passkeyId } }) => {
    const { identity } = ctxOf(c);
    await audited(c, { action: "passkey_delete", target: username, details: { passkeyId } }, async (d) => {
      // An unknown user costs no delete slot; Corbado's identifier is the canonical username, not an alias.
      const { username: canonical } = await users.get(username, d);
      await takeDeleteSlot(identity.sub, d);
      await corbado.deletePasskey(canonical, passkeyId, d);
    });
    return c.json({ passkeyId, deleted: true });
  });

  route(ROUTES.settings, async (c) => c.json(await settings.read(ctxOf(c).deadline)));

  route(ROUTES.updateSettings, async (c, { body }) => {
    const { identity, meta } = ctxOf(c);
    const next = { passkeyFirst: body.passkeyFirst, killSwitch: body.killSwitch };
    const changed = await audited(
      c,
      { action: "settings_update", details: { expectedVersion: body.version, new: next } },
      async (d, details) => {
        const current = await settings.read(d);
        details.old = { passkeyFirst: current.passkeyFirst, killSwitch: current.killSwitch, valid: current.valid };
        details.oldVersion = current.version;
        const result = await settings.update(current, body.version, next, identity, meta.requestId, d);
        details.version = result.version;
        return result;
      },
    );
    const effectiveBy = new Date(now() + changed.takesEffectWithinSeconds * 1000).toISOString();
    return c.json({ ...changed, effectiveBy });
  });

  route(ROUTES.audit, async (c, { query }) => {
    const to = query.to === undefined ? new Date(now()).toISOString() : instant(query.to, "end");
    const from =
      query.from === undefined
        ? new Date(Date.parse(to) - 30 * 86_400_000).toISOString()
        : instant(query.from, "start");
    if (from > to)
      throw new ApiError("invalid_request", { issues: [{ in: "query", field: "from", problem: "after_to" }] });
    const page = await audit.list(
      {
        from,
        to,
        limit: query.limit,
        ...(query.actor !== undefined ? { actor: query.actor } : {}),
        ...(query.action !== undefined ? { action: query.action } : {}),
        ...(query.next !== undefined ? { next: query.next } : {}),
      },
      ctxOf(c).deadline,
    );
    return c.json(page);
  });

  route(ROUTES.iamReport, async (c) => c.json((await deps.iamReport()) as Record<string, unknown>));

  return app;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
/** What a route's handler gets: its validated query, path parameters and body. */
type Input<R extends RouteSpec> = {
  query: Parsed<R["query"]>;
  params: Parsed<R["params"]>;
  body: Parsed<R["body"]>;
};

/** Registers a route: its middleware (guard or throttle), then validation of query, path and body, then the handler. */
function on<R extends RouteSpec>(
  app: AdminApp,
  spec: R,
  middleware: MiddlewareHandler<AppEnv>[],
  handler: (c: Context<AppEnv>, input: Input<R>) => Promise<Response> | Response,
): void {
  const path = spec.path.replace(/\{([^}]+)\}/g, ":$1");
  const final: MiddlewareHandler<AppEnv> = async (c) => {
    const input = {
      query: spec.query ? validate(spec.query, queryObject(c), "query") : undefined,
      params: spec.params ? validate(spec.params, c.req.param(), "path") : undefined,
      body: spec.body ? validate(spec.body, await jsonBody(c), "body") : undefined,
    } as Input<R>;
    return handler(c, input);
  };
  // hono's overloads do not take a spread of handlers; the runtime does.
  (app as unknown as { on(method: string, path: string, ...h: MiddlewareHandler<AppEnv>[]): unknown }).on(
    spec.method.toUpperCase(),
    path,
    ...middleware,
    final,
  );
}

function validate<S extends z.ZodType>(schema: S, value: unknown, where: Issue["in"]): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError("invalid_request", { issues: issuesOf(result.error.issues, where) });
  return result.data;
}

/** The query string as an object: a parameter given once is a string, given more often an array (then invalid). */
function queryObject(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) out[name] = values.length === 1 ? values[0]! : values;
  return out;
}

/** The longest adoption range, in days (the previous period doubles what is read). */
export const MAX_ADOPTION_DAYS = 366;

/** A day or time from the query as a full ISO time; a day means its first or last millisecond. */
function instant(value: string, edge: "start" | "end"): string {
  if (value.length === 10) return `${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`;
  return new Date(Date.parse(value)).toISOString();
}

const resultOf = (code: ErrorCode): string =>
  code === "forbidden"
    ? "forbidden"
    : code === "rate_limited"
      ? "rate_limited"
      : code === "settings_version_conflict"
        ? "conflict"
        : code === "user_not_found" || code === "passkey_not_found"
          ? "not_found"
          : "failed";

function pathPattern(route: RouteSpec): RegExp {
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${source}/?$`);
}

const FIELD_RE = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

/** zod issues as {in, field, problem}: schema names and codes only, never what the caller sent. */
function issuesOf(issues: readonly { code: string; path: readonly PropertyKey[] }[], where: Issue["in"]): Issue[] {
  return issues.slice(0, 20).map((issue) => {
    const first = issue.path[0];
    return {
      in: where,
      field: typeof first === "string" && FIELD_RE.test(first) ? first : "",
      problem: safeCode(issue.code),
    };
  });
}

const errorResponse = (c: Context, error: ApiError, requestId: string): Response =>
  sharedErrorResponse(c, error, requestId, ERRORS);
