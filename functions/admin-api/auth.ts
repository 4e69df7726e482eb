/**
 * Console identity. The API verifies every token itself, also behind API Gateway's JWT authorizer (a Lambda can be
 * invoked directly with any claims): aws-jwt-verify checks the RS256 signature against the issuer's JWKS, `iss`,
 * `exp` and `nbf`; on top we require `alg` RS256, `token_use` = access, and `client_id` among CLIENT_IDS.
 *
 * Access tokens only: the console sends its access token. Cognito's access tokens carry `client_id` and no `aud`;
 * an OIDC provider's JWT access tokens (the local stack) carry `client_id` and an `aud` naming the resource, so the
 * client is identified by `client_id` in both cases and `aud` is not checked. Groups come from `cognito:groups`.
 */
import { ApiError } from "./errors";
import { createJwtVerifier, CLAIM_RE } from "../api-shared/jwt-verifier";

export { bearerToken } from "../api-shared/jwt-verifier";

export const ADMIN_GROUP = "admins";
export const AUDITOR_GROUP = "auditors";
/** admins may do everything auditors may, plus delete passkeys and change settings. */
export type Role = "admin" | "auditor";

export interface Identity {
  readonly sub: string;
  readonly username: string;
  readonly groups: readonly string[];
  readonly clientId: string;
}

export const roleOf = (groups: readonly string[]): Role | undefined =>
  groups.includes(ADMIN_GROUP) ? "admin" : groups.includes(AUDITOR_GROUP) ? "auditor" : undefined;

/** Whether an identity may use a route that needs `required` ("any": a valid token is enough). */
export function allows(identity: Identity, required: Role | "any"): boolean {
  const role = roleOf(identity.groups);
  if (required === "any") return true;
  return required === "auditor" ? role !== undefined : role === "admin";
}

/** Verifies a bearer token; rejects with ApiError (token_invalid, token_expired, jwks_error, jwks_timeout). */
export type VerifyToken = (token: string) => Promise<Identity>;

export interface TokenVerifierOptions {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientIds: readonly string[];
  /** Timeout of one JWKS download. */
  readonly jwksTimeoutMs: number;
}

export function createTokenVerifier(options: TokenVerifierOptions): VerifyToken {
  const verify = createJwtVerifier({
    issuer: options.issuer,
    jwksUri: options.jwksUri,
    jwksTimeoutMs: options.jwksTimeoutMs,
    check: (payload) => {
      if (payload.token_use !== "access") throw new Error("token_use");
      if (typeof payload.client_id !== "string" || !options.clientIds.includes(payload.client_id)) {
        throw new Error("client_id");
      }
    },
  });

  return async (token) => {
    const payload = await verify(token);
    const groups = Array.isArray(payload["cognito:groups"])
      ? (payload["cognito:groups"] as unknown[]).filter((g): g is string => typeof g === "string")
      : [];
    const sub = typeof payload.sub === "string" && CLAIM_RE.test(payload.sub) ? payload.sub : undefined;
    if (!sub) throw new ApiError("token_invalid");
    const username = typeof payload.username === "string" && CLAIM_RE.test(payload.username) ? payload.username : sub;
    return { sub, username, groups, clientId: payload.client_id as string };
  };
}
