/**
 * The self-service route's decisions, as pure functions: what the body may ask for, the step-up for enrolment,
 * whether the token's user may have a token at all, and what is sent to Corbado. The handler (app.ts) only wires
 * them to the token, DynamoDB, Cognito and Corbado.
 */
import type { ConnectTokenData } from "../api-shared/corbado";
import type { SelfIdentity } from "./auth";
import type { ErrorCode } from "./errors";

/** The connect-token types a user may get for themselves. Never `passkey-login`: that is a login, not management. */
export const SELF_SERVICE_TOKEN_TYPES = ["passkey-append", "passkey-list", "passkey-delete"] as const;
export type SelfServiceTokenType = (typeof SELF_SERVICE_TOKEN_TYPES)[number];

/** Body keys that would name a user: refused with identity_in_body, so nobody believes they choose the user. */
export const IDENTITY_KEYS = [
  "identifier",
  "username",
  "user",
  "userId",
  "sub",
  "email",
  "displayName",
  "data",
  "webauthnId",
  "cognito:username",
] as const;

export type BodyResult =
  | { readonly ok: true; readonly type: SelfServiceTokenType }
  | { readonly ok: false; readonly code: "invalid_request" | "identity_in_body" };

/** `{"type": <one of SELF_SERVICE_TOKEN_TYPES>}` and nothing else. */
export function parseBody(body: unknown): BodyResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, code: "invalid_request" };
  const keys = Object.keys(body);
  if (keys.some((key) => (IDENTITY_KEYS as readonly string[]).includes(key))) {
    return { ok: false, code: "identity_in_body" };
  }
  const type = (body as Record<string, unknown>).type;
  if (keys.length !== 1 || !(SELF_SERVICE_TOKEN_TYPES as readonly unknown[]).includes(type)) {
    return { ok: false, code: "invalid_request" };
  }
  return { ok: true, type: type as SelfServiceTokenType };
}

/** How far in the future an auth_time may be (clock skew between Cognito and Lambda). */
export const AUTH_TIME_SKEW_SECONDS = 60;

/**
 * Enrolment needs a recent authentication: `passkey-append` only when the token's auth_time is at most
 * `maxAgeSeconds` old. Cognito keeps auth_time across refreshes, so a token refreshed an hour after the sign-in
 * still says an hour ago. A missing or future auth_time fails closed. List and delete need no step-up.
 */
export function stepUpRequired(
  type: SelfServiceTokenType,
  authTime: number | undefined,
  nowSeconds: number,
  maxAgeSeconds: number,
): boolean {
  if (type !== "passkey-append") return false;
  if (authTime === undefined || authTime > nowSeconds + AUTH_TIME_SKEW_SECONDS) return true;
  return nowSeconds - authTime > maxAgeSeconds;
}

/** The parts of AdminGetUser's answer the route reads. */
export interface PoolUser {
  readonly Username?: unknown;
  readonly Enabled?: unknown;
  readonly UserStatus?: unknown;
  readonly UserAttributes?: unknown;
}

/** One attribute's value from AdminGetUser's UserAttributes, or undefined. */
export function attributeOf(user: PoolUser, name: string): string | undefined {
  if (!Array.isArray(user.UserAttributes)) return undefined;
  const found = (user.UserAttributes as unknown[]).find(
    (a): a is { Name: string; Value: unknown } =>
      typeof a === "object" && a !== null && (a as { Name?: unknown }).Name === name,
  );
  return typeof found?.Value === "string" ? found.Value : undefined;
}

/**
 * Why the token's user may not get a token (403), or undefined: the user must be the token's (same sub: a user
 * deleted and created again under the same username is someone else), enabled (exactly true) and CONFIRMED.
 */
export function accountProblem(
  user: PoolUser,
  identity: SelfIdentity,
): Extract<ErrorCode, "account_not_found" | "account_disabled" | "account_not_confirmed"> | undefined {
  if (attributeOf(user, "sub") !== identity.sub) return "account_not_found";
  if (user.Enabled !== true) return "account_disabled";
  if (user.UserStatus !== "CONFIRMED") return "account_not_confirmed";
  return undefined;
}

/** Longest displayName sent (Corbado shows it in the authenticator's account picker). */
export const MAX_DISPLAY_NAME_LENGTH = 254;

/**
 * What Corbado gets: the identifier is the token's Cognito username, always; an append token also carries the
 * display name (the configured attribute from AdminGetUser, else the username). Nothing from the request body.
 */
export function connectTokenData(
  type: SelfServiceTokenType,
  identity: SelfIdentity,
  user: PoolUser,
  displayNameAttribute: string,
): ConnectTokenData {
  if (type !== "passkey-append") return { identifier: identity.username };
  const attribute = attributeOf(user, displayNameAttribute);
  const displayName =
    attribute !== undefined && attribute.trim() !== "" && attribute.length <= MAX_DISPLAY_NAME_LENGTH
      ? attribute
      : identity.username;
  return { identifier: identity.username, displayName };
}
