/**
 * Cognito's naming rules, in one place for every function, the module's Terraform validations
 * (infra/module/variables.ts) and the local stack: user pool ids and usernames, after the Cognito API reference.
 */

/** Cognito's pattern for a user pool id (`<region>_<id>`); a string, so Terraform's regex() can share it. */
export const USER_POOL_ID_PATTERN = "^[\\w-]+_[0-9a-zA-Z]+$";
/** Cognito's limit on a user pool id's length. */
export const MAX_USER_POOL_ID_LENGTH = 55;

/** A user pool id as Cognito's API accepts it. */
export function isUserPoolId(value: unknown): value is string {
  return (
    typeof value === "string" && value.length <= MAX_USER_POOL_ID_LENGTH && new RegExp(USER_POOL_ID_PATTERN).test(value)
  );
}

/** The region a valid user pool id names: what comes before its last underscore. */
export function regionOfUserPoolId(userPoolId: string): string {
  return userPoolId.slice(0, userPoolId.lastIndexOf("_"));
}

/** Cognito usernames are at most 128 characters (AdminGetUser's Username too). */
export const MAX_USERNAME_LENGTH = 128;

/**
 * Cognito's username pattern, `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` (letters, marks, symbols, numbers, punctuation: no
 * spaces or controls), for 1..max characters, or any number without max. The admin API and self-service check
 * usernames and token claims with it. Built on call, not at module scope, so bundles that do not call it leave it
 * out (a `new` is not tree-shaken).
 */
export function usernamePattern(max?: number): RegExp {
  return new RegExp(`^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]${max === undefined ? "+" : `{1,${max}}`}$`, "u");
}

/** A username Cognito's API accepts: its pattern, at most MAX_USERNAME_LENGTH characters. */
export function isValidUsername(value: unknown): value is string {
  return typeof value === "string" && usernamePattern(MAX_USERNAME_LENGTH).test(value);
}

/**
 * A usable Cognito username (a non-empty string of at most MAX_USERNAME_LENGTH characters), or undefined.
 * create-auth-challenge puts only such a username into privateChallengeParameters; verify accepts only such.
 */
export function usernameOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_USERNAME_LENGTH ? value : undefined;
}
