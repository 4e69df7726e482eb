/**
 * The error every HTTP API of this project (the admin API, the self-service route) answers with: a code and,
 * for some, headers or validation issues. Each API keeps its own table of codes, statuses and fixed messages
 * (functions/admin-api/errors.ts, functions/self-service/errors.ts); the modules of this folder raise only the
 * codes in CommonErrorCode, which every table must hold (ErrorTable's type says so).
 */

export interface ErrorSpec {
  readonly status: number;
  /** Fixed text per code: nothing a caller sent ever reaches it. */
  readonly message: string;
}

/** Codes raised by this folder's modules (and the transport-level answers both apps give). */
export type CommonErrorCode =
  | "invalid_request"
  | "invalid_json"
  | "token_missing"
  | "token_invalid"
  | "token_expired"
  | "not_found"
  | "method_not_allowed"
  | "body_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "config_invalid"
  | "internal_error"
  | `${Upstream}_error`
  | `${Upstream}_timeout`
  | "deadline_exceeded";

/** An API's table: every common code, plus its own. */
export type ErrorTable<Own extends string = never> = Readonly<Record<CommonErrorCode | Own, ErrorSpec>>;

export interface Issue {
  readonly in: "query" | "path" | "body";
  /** The parameter or body field (schema names only, never a name the caller chose), or "" for the whole. */
  readonly field: string;
  /** What is wrong, as a code (zod's issue code, e.g. `invalid_type`, `too_big`). */
  readonly problem: string;
}

export interface ApiErrorExtra {
  /** e.g. Retry-After, Allow, WWW-Authenticate. */
  readonly headers?: Record<string, string>;
  readonly issues?: readonly Issue[];
}

/** An answer with a code from the API's table; the table gives its status and message when it is sent. */
export class ApiError<Code extends string = string> extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: Code,
    readonly extra: ApiErrorExtra = {},
  ) {
    super(code);
  }
}

/** The external services whose failures map to `<service>_error` (502) or `<service>_timeout` (504). */
export type Upstream = "cognito" | "ssm" | "dynamodb" | "corbado" | "jwks";

export const upstreamError = (service: Upstream, timedOut: boolean): ApiError<CommonErrorCode> =>
  new ApiError(`${service}_${timedOut ? "timeout" : "error"}`);
