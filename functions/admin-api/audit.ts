/**
 * The audit log: every admin action, every view of a user's details or passkeys, and every 403 gets an attempt
 * entry before acting and a result entry after. Entries are only ever added (PutItem with attribute_not_exists(pk));
 * the API's role cannot update or delete them. Each entry also goes to stdout as one JSON line for a SIEM, with ids
 * and codes only: usernames (which may be e-mail addresses), the user agent and settings values stay in the table.
 *
 * Keys: pk `audit#<YYYY-MM>` (UTC month of the entry), sk `<ISO time>#<request id>#<phase>`; listing walks the
 * months of the range backwards with Query (ScanIndexForward false): newest first, no Scan. TTL `expiresAt`.
 */
import { isIP } from "node:net";
import { safeCode, safeId } from "../shared/log";
import { asApiError, awsErrorType, fromItem, N, S, type AttributeValue, type AwsCall } from "../api-shared/aws";
import type { RequestMeta } from "../api-shared/http-app";
import type { Identity } from "./auth";
import type { Deadline } from "../api-shared/deadline";
import { ApiError } from "./errors";

/** What the entry is about, one per route (a 403 is audited under the action that was refused). */
export type AuditAction =
  | "me_view"
  | "adoption_view"
  | "users_list"
  | "user_view"
  | "passkeys_list"
  | "passkey_delete"
  | "settings_view"
  | "settings_update"
  | "audit_list"
  | "iam_report_view";

export type AuditPhase = "attempt" | "result";

/** Where a request came from, for every entry of that request. */
export type { RequestMeta };

export interface AuditEvent {
  readonly action: AuditAction;
  /** The user acted on (a Cognito username), if any. */
  readonly target?: string;
  /** What matters for this action: passkey id, old and new settings, counts. JSON-serialisable. */
  readonly details?: Record<string, unknown>;
}

export interface AuditResult {
  /** `ok`, `forbidden`, `rate_limited`, `conflict`, `not_found`, `failed`. */
  readonly result: string;
  /** The error code answered, when not ok. */
  readonly errorCode?: string;
  readonly details?: Record<string, unknown>;
}

export interface AuditEntry {
  readonly id: string;
  readonly time: string;
  readonly phase: AuditPhase;
  readonly action: string;
  readonly actor: { readonly sub: string; readonly username: string; readonly groups: string[] };
  readonly target: string | null;
  readonly details: Record<string, unknown> | null;
  readonly result: string | null;
  readonly errorCode: string | null;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly userAgent: string;
}

export interface AuditQuery {
  /** Inclusive bounds, ISO times. */
  readonly from: string;
  readonly to: string;
  /** Matches the actor's sub or username exactly. */
  readonly actor?: string;
  readonly action?: string;
  readonly limit: number;
  readonly next?: string;
}

export interface AuditLog {
  /** Writes one entry; ApiError(audit_unavailable) when it cannot. */
  write(
    phase: AuditPhase,
    actor: Identity,
    meta: RequestMeta,
    event: AuditEvent,
    deadline: Deadline,
    result?: AuditResult,
  ): Promise<void>;
  list(query: AuditQuery, deadline: Deadline): Promise<{ entries: AuditEntry[]; next: string | null }>;
}

export interface AuditLogOptions {
  readonly aws: AwsCall;
  readonly table: string;
  readonly retentionDays: number;
  readonly now?: () => number;
  /** Where the SIEM line goes (default stdout). */
  readonly sink?: (line: string) => void;
}

const MAX_TEXT = 512;
/** At most this many Query calls per list request: a sparse filter over a long range returns `next` instead. */
const MAX_QUERIES_PER_PAGE = 24;

export const auditPk = (iso: string): string => `audit#${iso.slice(0, 7)}`;

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const now = options.now ?? Date.now;
  const sink = options.sink ?? ((line: string) => console.log(line));

  return {
    async write(phase, actor, meta, event, deadline, outcome) {
      const time = new Date(now()).toISOString();
      const sk = `${time}#${meta.requestId}#${phase}`;
      const item: Record<string, AttributeValue> = {
        pk: S(auditPk(time)),
        sk: S(sk),
        time: S(time),
        phase: S(phase),
        action: S(event.action),
        actorSub: S(clip(actor.sub)),
        actorUsername: S(clip(actor.username)),
        actorGroups: S(JSON.stringify(actor.groups.slice(0, 20).map(clip))),
        requestId: S(meta.requestId),
        sourceIp: S(meta.sourceIp),
        userAgent: S(clip(meta.userAgent)),
        expiresAt: N(Math.floor(now() / 1000) + options.retentionDays * 86_400),
      };
      if (event.target !== undefined) item.target = S(clip(event.target));
      const details = { ...event.details, ...outcome?.details };
      if (Object.keys(details).length > 0) item.details = S(JSON.stringify(details).slice(0, 8192));
      if (outcome) item.result = S(safeCode(outcome.result));
      if (outcome?.errorCode) item.errorCode = S(safeCode(outcome.errorCode));
      try {
        await options.aws(
          "dynamodb",
          "PutItem",
          { TableName: options.table, Item: item, ConditionExpression: "attribute_not_exists(pk)" },
          deadline,
        );
      } catch (error) {
        siemLine(sink, "error", {
          event: "audit_write_failed",
          phase,
          action: event.action,
          requestId: meta.requestId,
          cause: causeOf(error),
        });
        throw new ApiError("audit_unavailable");
      }
      siemLine(sink, "info", {
        event: "audit",
        auditId: sk,
        phase,
        action: event.action,
        result: outcome?.result,
        errorCode: outcome?.errorCode,
        requestId: meta.requestId,
        actorSub: actor.sub,
        sourceIp: meta.sourceIp,
      });
    },

    async list(query, deadline) {
      const cursor = query.next ? decodeCursor(query.next, query) : undefined;
      const entries: AuditEntry[] = [];
      const firstMonth = query.from.slice(0, 7);
      let month = cursor?.month ?? query.to.slice(0, 7);
      // The sort key to continue after within `month`; undefined: from the month's newest entry in range.
      let startSk = cursor?.sk;
      for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
        const filters: string[] = [];
        const values: Record<string, AttributeValue> = {
          ":pk": S(`audit#${month}`),
          ":from": S(query.from),
          // Sort keys continue past the time with "#<request id>#<phase>": "~" sorts after every one of them.
          ":to": S(`${query.to}~`),
        };
        if (query.actor !== undefined) {
          filters.push("(actorSub = :actor OR actorUsername = :actor)");
          values[":actor"] = S(query.actor);
        }
        if (query.action !== undefined) {
          filters.push("#action = :action");
          values[":action"] = S(query.action);
        }
        let page: Record<string, unknown>;
        try {
          page = await options.aws(
            "dynamodb",
            "Query",
            {
              TableName: options.table,
              KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
              ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
              ...(query.action !== undefined ? { ExpressionAttributeNames: { "#action": "action" } } : {}),
              ExpressionAttributeValues: values,
              ScanIndexForward: false,
              Limit: query.limit - entries.length,
              ...(startSk ? { ExclusiveStartKey: { pk: S(`audit#${month}`), sk: S(startSk) } } : {}),
            },
            deadline,
          );
        } catch (error) {
          throw asApiError("dynamodb", error);
        }
        for (const item of Array.isArray(page.Items) ? page.Items : []) entries.push(toEntry(fromItem(item)));
        const last = page.LastEvaluatedKey ? fromItem(page.LastEvaluatedKey).sk : undefined;
        if (typeof last === "string") {
          // More in this month (DynamoDB applies Limit before the filter, so a page may hold fewer matches).
          startSk = last;
          if (entries.length >= query.limit) return { entries, next: encodeCursor(month, last) };
          continue;
        }
        if (month <= firstMonth) return { entries, next: null };
        month = previousMonth(month);
        startSk = undefined;
        if (entries.length >= query.limit) return { entries, next: encodeCursor(month, "") };
      }
      // Many empty or filtered-out pages: hand the position back rather than run past the deadline.
      return { entries, next: encodeCursor(month, startSk ?? "") };
    },
  };
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const json = (v: unknown): unknown => {
    try {
      return typeof v === "string" ? JSON.parse(v) : null;
    } catch {
      return null;
    }
  };
  const groups = json(item.actorGroups);
  const details = json(item.details);
  return {
    id: text(item.sk) ?? "",
    time: text(item.time) ?? "",
    phase: item.phase === "result" ? "result" : "attempt",
    action: text(item.action) ?? "",
    actor: {
      sub: text(item.actorSub) ?? "",
      username: text(item.actorUsername) ?? "",
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [],
    },
    target: text(item.target),
    details:
      typeof details === "object" && details !== null && !Array.isArray(details)
        ? (details as Record<string, unknown>)
        : null,
    result: text(item.result),
    errorCode: text(item.errorCode),
    requestId: text(item.requestId) ?? "",
    sourceIp: text(item.sourceIp) ?? "",
    userAgent: text(item.userAgent) ?? "",
  };
}

/** An AWS error type as a log code (ResourceNotFoundException -> resource_not_found_exception). */
function causeOf(error: unknown): string {
  const type = awsErrorType(error);
  if (type) return type.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  return error instanceof ApiError ? error.code : "error";
}

const clip = (value: string): string => (value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value);

export function previousMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, "0")}`;
}

/** The opaque `next` of a listing: where to resume (a month, and the sort key to continue after or ""). */
function encodeCursor(month: string, sk: string): string {
  return Buffer.from(JSON.stringify({ m: month, k: sk })).toString("base64url");
}

/** A cursor this API issued for the same range, else ApiError(invalid_request). */
function decodeCursor(next: string, query: AuditQuery): { month: string; sk: string | undefined } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(next, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const v = value as { m?: unknown; k?: unknown } | undefined;
  const month = typeof v?.m === "string" && /^\d{4}-\d{2}$/.test(v.m) ? v.m : undefined;
  const sk = typeof v?.k === "string" ? v.k : undefined;
  const inRange =
    sk === "" ||
    (sk !== undefined && month !== undefined && sk.startsWith(month) && sk >= query.from && sk <= `${query.to}~`);
  if (!month || !inRange || month < query.from.slice(0, 7) || month > query.to.slice(0, 7)) {
    throw new ApiError("invalid_request", { issues: [{ in: "query", field: "next", problem: "invalid_cursor" }] });
  }
  return { month, sk: sk === "" ? undefined : sk };
}

/** The SIEM line: fixed fields, each a code, an AWS-style id or an IP literal; anything else is dropped. */
function siemLine(
  sink: (line: string) => void,
  level: "info" | "error",
  fields: Record<string, string | undefined>,
): void {
  const out: Record<string, string> = { time: new Date().toISOString(), level, fn: "admin-api" };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === "") continue;
    const safe =
      key === "sourceIp"
        ? isIP(value)
          ? value
          : undefined
        : key === "event" ||
            key === "phase" ||
            key === "action" ||
            key === "result" ||
            key === "errorCode" ||
            key === "cause"
          ? safeCode(value)
          : (safeId(value) ?? (key === "auditId" && /^[\w.:#-]{1,200}$/.test(value) ? value : undefined));
    if (safe !== undefined) out[key] = safe;
  }
  try {
    sink(JSON.stringify(out));
  } catch {
    // A log sink failure must not fail the request.
  }
}
