/**
 * Console roles, mirroring the admin API's (functions/admin-api/auth.ts): the API is the authority and answers 403;
 * the console only hides what the API would refuse.
 */
export const ADMIN_GROUP = "admins";
export const AUDITOR_GROUP = "auditors";

/** admins may do everything auditors may, plus delete passkeys and change the login settings. */
export type Role = "admin" | "auditor";

export const roleOf = (groups: readonly string[]): Role | undefined =>
  groups.includes(ADMIN_GROUP) ? "admin" : groups.includes(AUDITOR_GROUP) ? "auditor" : undefined;

/** Whether a role may see what `required` may (admins see all). */
export const allows = (role: Role | undefined, required: Role): boolean =>
  required === "auditor" ? role !== undefined : role === "admin";

const GROUPS_CLAIM = "cognito:groups";

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;

/** The payload of a JWT, for reading claims only (the API verifies the signature; the console never relies on it). */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const value: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The caller's groups, read from the access token the API authorises (Cognito and the local OIDC provider both put
 * `cognito:groups` there), else from the ID token's claims.
 */
export function groupsOf(accessToken: string, profile: Readonly<Record<string, unknown>>): string[] {
  return stringList(jwtClaims(accessToken)?.[GROUPS_CLAIM]) ?? stringList(profile[GROUPS_CLAIM]) ?? [];
}
