/**
 * Every error the admin API answers with: `{code, message, requestId}` (+ `issues` for invalid_request). The
 * message is fixed text per code: nothing a caller typed ever reaches it. docs/admin-api.md renders this table.
 * The error class and the codes the shared modules raise are in ../api-shared/errors.ts.
 */
import {
  ApiError as SharedApiError,
  SHARED_ERRORS,
  type ApiErrorExtra,
  type ErrorSpec,
  type ErrorTable,
} from "../api-shared/errors";

export const ERRORS = {
  invalid_request: { status: 400, message: "The request is invalid: see issues for which parameter." },
  token_missing: { status: 401, message: "A bearer token is required." },
  token_invalid: { status: 401, message: "The token is not valid for this API." },
  token_expired: { status: 401, message: "The token has expired." },
  forbidden: { status: 403, message: "Your groups do not allow this action." },
  not_found: { status: 404, message: "No such route." },
  user_not_found: { status: 404, message: "No such user in the user pool." },
  passkey_not_found: { status: 404, message: "The user has no passkey with this id." },
  method_not_allowed: { status: 405, message: "This route does not accept this method: see the Allow header." },
  settings_version_conflict: {
    status: 409,
    message: "The settings changed since you read them, or another change is in progress: read them again.",
  },
  body_too_large: { status: 413, message: "The request body is larger than 16 kB." },
  rate_limited: { status: 429, message: "Too many passkey deletions: wait for Retry-After seconds." },
  too_many_requests: { status: 429, message: "Too many requests: wait for Retry-After seconds." },
  config_invalid: { status: 500, message: "The admin API is misconfigured: see its logs." },
  audit_unavailable: { status: 503, message: "The audit log cannot be written, so the action was not performed." },
  corbado_manage_not_allowed: { status: 502, message: "Corbado does not allow passkey management for this project." },
  jwks_error: { status: 502, message: "The token issuer's keys could not be loaded." },
  jwks_timeout: { status: 504, message: "The token issuer's keys did not load in time." },
  ...SHARED_ERRORS,
} as const satisfies ErrorTable & Readonly<Record<string, ErrorSpec>>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export type { Issue } from "../api-shared/errors";

/** An answer with a code from ERRORS (the shared class, typed with this API's codes). */
export const ApiError = SharedApiError as new (code: ErrorCode, extra?: ApiErrorExtra) => SharedApiError<ErrorCode>;
export type ApiError = SharedApiError<ErrorCode>;

/** The status of a code. */
export const statusOf = (code: ErrorCode): number => ERRORS[code].status;

export { upstreamError, type Upstream } from "../api-shared/errors";
