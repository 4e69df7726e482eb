/**
 * Structured JSON logger for the Lambda functions: one JSON object per line.
 *
 * The API is shaped so that secrets and user input cannot be logged by accident:
 * - `event`, `outcome`, `reason` and `cause` must be lower-case codes (`corbado_timeout`,
 *   `verification_failed:user_mismatch`); anything else is replaced by `invalid_code`. A JWT, a
 *   base64 secret or a typed e-mail address does not match the code pattern (upper case, `@`, `=`, ...).
 * - Other fields (`metrics`) accept only numbers, booleans and null. There is no free-text field.
 * - Correlation ids (Lambda request id, user pool id) are checked against an identifier pattern.
 */

export type LogLevel = "info" | "warn" | "error";
export type LogValue = number | boolean | null;

export interface LogRecord {
  /** What happened, e.g. `define_auth_challenge`. */
  readonly event: string;
  /** The result, e.g. `challenge`, `issue_tokens`, `rejected`. */
  readonly outcome?: string;
  /** Why, e.g. `corbado_timeout`, `verification_failed:user_mismatch`. */
  readonly reason?: string;
  /** An underlying cause code, e.g. the SSM error behind `secret_unavailable`. */
  readonly cause?: string;
  /** Numbers and flags only (durations, counts, status codes); an undefined one is left out. */
  readonly metrics?: Readonly<Record<string, LogValue | undefined>>;
}

export interface Logger {
  info(record: LogRecord): void;
  warn(record: LogRecord): void;
  error(record: LogRecord): void;
}

export interface LoggerOptions {
  /** Lambda request id (`context.awsRequestId`), used as correlation id. */
  readonly requestId?: unknown;
  /** Cognito user pool id from the event. */
  readonly userPoolId?: unknown;
  /** Where lines go; defaults to console.log (stdout, captured by CloudWatch Logs). */
  readonly sink?: (line: string) => void;
}

const CODE_RE = /^[a-z][a-z0-9_]*(?::[a-z0-9_]+)*$/;
const CODE_MAX = 80;
const ID_RE = /^[A-Za-z0-9_.:-]+$/;
const ID_MAX = 100;
const KEY_RE = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;

/** Returns `value` if it is a well-formed code, else `invalid_code`. */
export function safeCode(value: unknown): string {
  return typeof value === "string" && value.length <= CODE_MAX && CODE_RE.test(value) ? value : "invalid_code";
}

/** Returns `value` if it looks like an AWS identifier (request id, pool id), else undefined. */
export function safeId(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= ID_MAX && ID_RE.test(value)
    ? value
    : undefined;
}

export function createLogger(fn: string, options: LoggerOptions = {}): Logger {
  const fnName = safeCode(fn.replaceAll("-", "_")) === "invalid_code" ? "unknown" : fn;
  const requestId = safeId(options.requestId);
  const userPoolId = safeId(options.userPoolId);
  const sink = options.sink ?? ((line: string) => console.log(line));

  const code = (value: unknown) => (value === undefined ? undefined : safeCode(value));

  const write = (level: LogLevel, record: LogRecord): void => {
    // Fields left undefined are not written (JSON.stringify); their names still cannot be taken by a metric.
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      fn: fnName,
      event: safeCode(record.event),
      outcome: code(record.outcome),
      reason: code(record.reason),
      cause: code(record.cause),
      requestId,
      userPoolId,
    };
    for (const [key, value] of Object.entries(record.metrics ?? {})) {
      if (
        KEY_RE.test(key) &&
        !(key in line) &&
        (typeof value === "boolean" || value === null || Number.isFinite(value))
      ) {
        line[key] = value;
      }
    }
    try {
      sink(JSON.stringify(line));
    } catch {
      // Logging must never break the auth path.
    }
  };

  return {
    info: (record) => write("info", record),
    warn: (record) => write("warn", record),
    error: (record) => write("error", record),
  };
}
