/**
 * Every error the self-service route answers with: `{code, message, requestId}` (+ `issues` for invalid_request).
 * The message is fixed text per code: nothing a caller sent ever reaches it. docs/login-page.md lists the codes a
 * page must handle; docs.test.ts checks that it lists every one.
 */
import {
  ApiError as SharedApiError,
  SHARED_ERRORS,
  type ApiErrorExtra,
  type ErrorSpec,
  type ErrorTable,
} from "../api-shared/errors";

export const ERRORS = {
  invalid_request: {
    status: 400,
    message: 'The request is invalid: send {"type": "passkey-append" | "passkey-list" | "passkey-delete"}.',
  },
  identity_in_body: { status: 400, message: "The user comes from the token only: the body may not name one." },
  token_missing: { status: 401, message: "A bearer token of the user pool is required." },
  token_invalid: { status: 401, message: "The token is not valid for this route." },
  token_expired: { status: 401, message: "The token has expired: refresh it." },
  reauthentication_required: {
    status: 401,
    message: "Adding a passkey needs a recent sign-in: sign in again, then retry.",
  },
  account_not_found: { status: 403, message: "The token's user no longer exists in the user pool." },
  account_disabled: { status: 403, message: "The user is disabled." },
  account_not_confirmed: { status: 403, message: "The user is not confirmed." },
  not_found: { status: 404, message: "No such route." },
  method_not_allowed: { status: 405, message: "This route accepts POST only." },
  body_too_large: { status: 413, message: "The request body is larger than 1 kB." },
  rate_limited: { status: 429, message: "Too many connect tokens for this user: wait for Retry-After seconds." },
  config_invalid: { status: 500, message: "The self-service route is misconfigured: see its logs." },
  jwks_error: { status: 502, message: "The user pool's keys could not be loaded." },
  jwks_timeout: { status: 504, message: "The user pool's keys did not load in time." },
  ...SHARED_ERRORS,
} as const satisfies ErrorTable & Readonly<Record<string, ErrorSpec>>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** An answer with a code from ERRORS (the shared class, typed with this route's codes). */
export const ApiError = SharedApiError as new (code: ErrorCode, extra?: ApiErrorExtra) => SharedApiError<ErrorCode>;
export type ApiError = SharedApiError<ErrorCode>;

export const statusOf = (code: ErrorCode): number => ERRORS[code].status;
