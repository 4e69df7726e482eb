/**
 * Pure logic of the pre-login action: validate the typed e-mail, build the ListUsers filter, and map a
 * Cognito user to the answer Corbado expects. No I/O here; handler-factory.ts does the lookups.
 */

/** RFC 5321 caps an address at 254 characters. */
export const MAX_EMAIL_LENGTH = 254;
/** Cognito's ListUsers rejects filters longer than this. */
export const MAX_FILTER_LENGTH = 256;

const FILTER_PREFIX = 'email = "';
const FILTER_SUFFIX = '"';
/** The longest e-mail whose filter still fits Cognito's cap (246). */
export const MAX_SEARCHABLE_EMAIL_LENGTH = MAX_FILTER_LENGTH - FILTER_PREFIX.length - FILTER_SUFFIX.length;

export type IdentifierRejection = "not_a_string" | "too_long" | "forbidden_character" | "not_an_email";

export type IdentifierCheck =
  { readonly ok: true; readonly email: string } | { readonly ok: false; readonly reason: IdentifierRejection };

// A double quote or backslash could end or escape the filter's string; \p{C} covers control, format
// (zero-width, bidi overrides), surrogate and unassigned code points; \s every kind of space. The
// apostrophe stays allowed: it is common in real addresses (o'brien@...) and inert in a Cognito filter.
const FORBIDDEN_RE = /["\\\p{C}\s]/u;
const EMAIL_RE = /^[^@]+@[^@.]+(?:\.[^@.]+)+$/u;

/**
 * Accepts a plausible e-mail address (surrounding ASCII spaces trimmed; tabs, newlines and the like refused) that can be put in a ListUsers filter
 * as it is: no double quotes, backslashes, spaces or control characters, at most 246 characters (254 is the
 * RFC limit; 246 is what fits Cognito's 256-character filter).
 */
export function validateIdentifier(identifier: unknown): IdentifierCheck {
  if (typeof identifier !== "string") return { ok: false, reason: "not_a_string" };
  const email = identifier.replace(/^ +| +$/g, "");
  if (email.length > MAX_SEARCHABLE_EMAIL_LENGTH) return { ok: false, reason: "too_long" };
  if (FORBIDDEN_RE.test(email)) return { ok: false, reason: "forbidden_character" };
  if (!EMAIL_RE.test(email)) return { ok: false, reason: "not_an_email" };
  return { ok: true, email };
}

/**
 * `email = "<email>"` with `"` and `\` escaped. Callers pass validated input, which holds neither; the
 * escaping and the length check are a second line of defence: a filter that would be malformed or cut
 * by Cognito is never built.
 */
export function buildEmailFilter(email: string): string {
  const filter = FILTER_PREFIX + email.replace(/["\\]/g, "\\$&") + FILTER_SUFFIX;
  if (filter.length > MAX_FILTER_LENGTH) throw new RangeError("email filter exceeds Cognito's 256-character limit");
  return filter;
}

/** The error codes the action returns; `untyped` carries one of UntypedReason as its message. */
export type ErrorCode =
  | "invalid_identifier"
  | "user_not_found"
  | "account_disabled"
  | "force_change_password"
  | "reset_required"
  | "unconfirmed"
  | "untyped";

export type UntypedReason = "ambiguous" | "unsupported_user_status" | "lookup_failed" | "internal_error";

export interface PreLoginError {
  /** true: Corbado shows `message` to the person; false: Corbado falls back to password login silently. */
  readonly return: boolean;
  readonly code: ErrorCode;
  readonly message?: string;
}

export type PreLoginBody = { readonly identifier: string } | { readonly identifier: ""; readonly error: PreLoginError };

export interface PreLoginResponse {
  readonly statusCode: 200 | 500;
  readonly body: PreLoginBody;
}

/** Shown to the person: fixed text, no user data, no internal detail. */
export const RESET_REQUIRED_MESSAGE =
  "Your password must be reset before you can sign in. Please use 'Forgot password' to set a new one.";

export function success(username: string): PreLoginResponse {
  return { statusCode: 200, body: { identifier: username } };
}

export function typedError(code: Exclude<ErrorCode, "untyped">): PreLoginResponse {
  const error: PreLoginError =
    code === "reset_required" ? { return: true, code, message: RESET_REQUIRED_MESSAGE } : { return: false, code };
  return { statusCode: 200, body: { identifier: "", error } };
}

export function untypedError(reason: UntypedReason, statusCode: 200 | 500 = 200): PreLoginResponse {
  return { statusCode, body: { identifier: "", error: { return: false, code: "untyped", message: reason } } };
}

/** The fields of AdminGetUser's and ListUsers' user shapes that decide the answer. */
export interface CognitoUserSummary {
  readonly Username?: string | undefined;
  readonly UserStatus?: string | undefined;
  readonly Enabled?: boolean | undefined;
}

/**
 * Maps a found user to the answer. A disabled account wins over its status (it cannot log in either way);
 * only a CONFIRMED, enabled user yields a username; unknown statuses are untyped, never success.
 */
export function mapUserToResult(user: CognitoUserSummary): PreLoginResponse {
  if (user.Enabled !== true) return typedError("account_disabled");
  switch (user.UserStatus) {
    case "CONFIRMED":
      return user.Username ? success(user.Username) : untypedError("internal_error");
    case "FORCE_CHANGE_PASSWORD":
      return typedError("force_change_password");
    case "RESET_REQUIRED":
      return typedError("reset_required");
    case "UNCONFIRMED":
      return typedError("unconfirmed");
    default:
      return untypedError("unsupported_user_status");
  }
}
