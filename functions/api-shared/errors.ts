/**
 * The error every HTTP API of this project (the admin API, the self-service route) answers with: a code and,
 * for some, headers or validation issues. Each API keeps its own table of codes, statuses and fixed messages
 * (functions/admin-api/errors.ts, functions/self-service/errors.ts); the modules of this folder raise only the
 * codes in CommonErrorCode, which every table must hold (ErrorTable's type says so). The rows both APIs word the
 * same live once, in SHARED_ERRORS, which each table spreads.
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

/** The external services whose failures map to `<service>_error` (502) or `<service>_timeout` (504). */
export type Upstream = "cognito" | "ssm" | "dynamodb" | "corbado" | "jwks";

/**
 * The common rows whose text is the same in every API; the others (tokens, routes, limits, jwks) name the API's
 * own issuer or limits, so each table words them itself. Spread last: TypeScript then rejects a table that also
 * writes one of these rows (TS2783), so no API can drift from the shared text unnoticed.
 */
export const SHARED_ERRORS = {
  invalid_json: { status: 400, message: "The request body is not valid JSON." },
  unsupported_media_type: { status: 415, message: "Send the body as application/json." },
  internal_error: { status: 500, message: "Unexpected error: see the logs for the request id." },
  cognito_error: { status: 502, message: "Amazon Cognito answered with an error." },
  ssm_error: { status: 502, message: "AWS Systems Manager answered with an error." },
  dynamodb_error: { status: 502, message: "Amazon DynamoDB answered with an error." },
  corbado_error: { status: 502, message: "Corbado answered with an error." },
  cognito_timeout: { status: 504, message: "Amazon Cognito did not answer in time." },
  ssm_timeout: { status: 504, message: "AWS Systems Manager did not answer in time." },
  dynamodb_timeout: { status: 504, message: "Amazon DynamoDB did not answer in time." },
  corbado_timeout: { status: 504, message: "Corbado did not answer in time." },
  deadline_exceeded: { status: 504, message: "The request ran out of time." },
} as const satisfies Partial<Record<CommonErrorCode, ErrorSpec>>;

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

export const upstreamError = (service: Upstream, timedOut: boolean): ApiError<CommonErrorCode> =>
  new ApiError(`${service}_${timedOut ? "timeout" : "error"}`);
