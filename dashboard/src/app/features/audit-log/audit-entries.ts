import type { AuditEntry } from "../../core/api/admin-api.types";
import { toCsv } from "./csv";

export const AUDIT_CSV_HEADER = [
  "time",
  "phase",
  "action",
  "result",
  "errorCode",
  "actorUsername",
  "actorSub",
  "actorGroups",
  "target",
  "details",
  "requestId",
  "sourceIp",
  "userAgent",
] as const;

/** The filtered entries as CSV, one row per entry, in the API's order (newest first). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return toCsv(
    AUDIT_CSV_HEADER,
    entries.map((e) => [
      e.time,
      e.phase,
      e.action,
      e.result,
      e.errorCode,
      e.actor.username,
      e.actor.sub,
      e.actor.groups.join(" "),
      e.target,
      e.details ? JSON.stringify(e.details) : null,
      e.requestId,
      e.sourceIp,
      e.userAgent,
    ]),
  );
}

/** An entry's details in one line for the table (the CSV has the JSON). */
export function detailsText(details: AuditEntry["details"]): string {
  if (!details) return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("; ");
}

/** The result column: `ok`, `rate_limited`, or the result with the error code when that says more. */
export function resultText(entry: AuditEntry): string {
  if (entry.phase === "attempt") return "(attempt)";
  const result = entry.result ?? "failed";
  return entry.errorCode && entry.errorCode !== result ? `${result} (${entry.errorCode})` : result;
}
