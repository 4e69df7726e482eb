/**
 * Bearer-token verification shared by the HTTP APIs. Each verifies every token itself, also behind API Gateway's
 * JWT authorizer (a Lambda can be invoked directly with any claims): aws-jwt-verify checks the RS256 signature
 * against the issuer's JWKS, `iss`, `exp` and `nbf`; the API's own `check` then decides on `token_use`, the client
 * and whatever else it needs (functions/admin-api/auth.ts, functions/self-service/auth.ts).
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
import { usernamePattern } from "../shared/cognito-names";
import { ApiError } from "./errors";
import { httpGet, JwksFetchError } from "./http-get";

export interface JwtVerifierOptions {
  readonly issuer: string;
  readonly jwksUri: string;
  /** Timeout of one JWKS download. */
  readonly jwksTimeoutMs: number;
  /** Throws (any error) to refuse a token whose signature, issuer and lifetime are fine: token_invalid. */
  readonly check: (payload: Readonly<Record<string, unknown>>) => void;
}

/** Verifies a token and returns its claims; rejects with ApiError (token_invalid, token_expired, jwks_error, jwks_timeout). */
export type VerifyJwt = (token: string) => Promise<Record<string, unknown>>;

const TOKEN_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;
/** A claim made of visible characters only (a username, a sub; Cognito's username pattern): safe to compare and to send on. */
export const CLAIM_RE = usernamePattern(256);

export function createJwtVerifier(options: JwtVerifierOptions): VerifyJwt {
  const jwksCache = new SimpleJwksCache({
    fetcher: { fetch: (uri: string) => httpGet(uri, options.jwksTimeoutMs) },
  });
  const verifier = JwtVerifier.create(
    {
      issuer: options.issuer,
      jwksUri: options.jwksUri,
      audience: null,
      customJwtCheck: ({ header, payload }) => {
        if (header.alg !== "RS256") throw new Error("alg");
        options.check(payload as Record<string, unknown>);
      },
    },
    { jwksCache },
  );

  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH || !TOKEN_RE.test(token)) throw new ApiError("token_invalid");
    // RS256 only, refused before any key is looked up (aws-jwt-verify would also take RS384/ES256/EdDSA keys).
    const header = decodeSegment(token.slice(0, token.indexOf(".")));
    if (header?.alg !== "RS256") throw new ApiError("token_invalid");
    try {
      return (await verifier.verify(token)) as Record<string, unknown>;
    } catch (error) {
      throw tokenError(error);
    }
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
  // Bad signature, wrong issuer, unknown key, not yet valid, a refused claim: all the same to the caller.
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
