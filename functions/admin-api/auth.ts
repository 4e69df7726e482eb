/**
 * Console identity. The API verifies every token itself, also behind API Gateway's JWT authorizer (a Lambda can be
 * invoked directly with any claims): aws-jwt-verify checks the RS256 signature against the issuer's JWKS, `iss`,
 * `exp` and `nbf`; on top we require `alg` RS256, `token_use` = access, and `client_id` among CLIENT_IDS.
 *
 * Access tokens only: the console sends its access token. Cognito's access tokens carry `client_id` and no `aud`;
 * an OIDC provider's JWT access tokens (the local stack) carry `client_id` and an `aud` naming the resource, so the
 * client is identified by `client_id` in both cases and `aud` is not checked. Groups come from `cognito:groups`.
 */
import { JwtVerifier } from "aws-jwt-verify";
import {
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtExpiredError,
  NonRetryableFetchError,
} from "aws-jwt-verify/error";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { ApiError } from "./errors";
import { httpGet, JwksFetchError } from "./http-get";

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

const TOKEN_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;
const CLAIM_RE = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,256}$/u;

class ClaimError extends Error {}

export function createTokenVerifier(options: TokenVerifierOptions): VerifyToken {
  const jwksCache = new SimpleJwksCache({
    fetcher: { fetch: (uri: string) => httpGet(uri, options.jwksTimeoutMs) },
  });
  const verifier = JwtVerifier.create(
    {
      issuer: options.issuer,
      jwksUri: options.jwksUri,
      audience: null,
      customJwtCheck: ({ header, payload }) => {
        if (header.alg !== "RS256") throw new ClaimError("alg");
        if (payload.token_use !== "access") throw new ClaimError("token_use");
        if (typeof payload.client_id !== "string" || !options.clientIds.includes(payload.client_id)) {
          throw new ClaimError("client_id");
        }
      },
    },
    { jwksCache },
  );

  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH || !TOKEN_RE.test(token)) throw new ApiError("token_invalid");
    // RS256 only, refused before any key is looked up (aws-jwt-verify would also take RS384/ES256/EdDSA keys).
    const header = decodeSegment(token.slice(0, token.indexOf(".")));
    if (header?.alg !== "RS256") throw new ApiError("token_invalid");
    let payload: Record<string, unknown>;
    try {
      payload = (await verifier.verify(token)) as Record<string, unknown>;
    } catch (error) {
      throw tokenError(error);
    }
    const groups = Array.isArray(payload["cognito:groups"])
      ? (payload["cognito:groups"] as unknown[]).filter((g): g is string => typeof g === "string")
      : [];
    const sub = typeof payload.sub === "string" && CLAIM_RE.test(payload.sub) ? payload.sub : undefined;
    if (!sub) throw new ApiError("token_invalid");
    const username = typeof payload.username === "string" && CLAIM_RE.test(payload.username) ? payload.username : sub;
    return { sub, username, groups, clientId: payload.client_id as string };
  };
}

function tokenError(error: unknown): ApiError {
  if (error instanceof JwtExpiredError) return new ApiError("token_expired");
  if (error instanceof JwksFetchError) return new ApiError(error.reason === "timeout" ? "jwks_timeout" : "jwks_error");
  if (
    error instanceof FetchError ||
    error instanceof NonRetryableFetchError ||
    error instanceof JwksValidationError ||
    error instanceof JwksNotAvailableInCacheError
  ) {
    return new ApiError("jwks_error");
  }
  // Bad signature, wrong issuer, unknown key, not yet valid, wrong token_use or client: all the same to the caller.
  return new ApiError("token_invalid");
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token of an `Authorization: Bearer <token>` header; ApiError(token_missing) without one. */
export function bearerToken(header: string | undefined): string {
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw new ApiError("token_missing", { headers: { "www-authenticate": "Bearer" } });
  return match[1]!;
}
