/**
 * The end user's identity, from a token of the customer's user pool (never the console pool). Verified here, also
 * behind API Gateway (a Lambda can be invoked directly, with any authorizer claims in its event): the RS256
 * signature against the pool's JWKS, `iss`, `exp` and `nbf` (../api-shared/jwt-verifier.ts), then:
 * - `token_use` among TOKEN_USES (`id`, `access`, or both);
 * - an ID token's `aud`, an access token's `client_id`, among CLIENT_IDS;
 * - the username: `cognito:username` of an ID token, `username` of an access token; `sub`; both visible text.
 * `auth_time` (when the user last authenticated; Cognito keeps it across refreshes) is returned for the step-up.
 * Nothing else of the token is used: an e-mail claim is not, the display name comes from AdminGetUser.
 */
import { isValidUsername } from "../shared/cognito-names";
import { CLAIM_RE, createJwtVerifier } from "../api-shared/jwt-verifier";
import type { TokenUse } from "./config";
import { ApiError } from "./errors";

export interface SelfIdentity {
  readonly sub: string;
  /** The Cognito username: Corbado's identifier, AdminGetUser's Username. */
  readonly username: string;
  readonly tokenUse: TokenUse;
  readonly clientId: string;
  /** Unix seconds of the user's last authentication, when the token carries a number there. */
  readonly authTime: number | undefined;
}

export type VerifySelfToken = (token: string) => Promise<SelfIdentity>;

export interface SelfTokenVerifierOptions {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientIds: readonly string[];
  readonly tokenUses: readonly TokenUse[];
  readonly jwksTimeoutMs: number;
}

/** The client a token was issued to: an ID token's `aud`, an access token's `client_id`. */
const clientOf = (payload: Readonly<Record<string, unknown>>): unknown =>
  payload.token_use === "id" ? payload.aud : payload.client_id;

const usernameOf = (payload: Readonly<Record<string, unknown>>): unknown =>
  payload.token_use === "id" ? payload["cognito:username"] : payload.username;

export function createSelfTokenVerifier(options: SelfTokenVerifierOptions): VerifySelfToken {
  const verify = createJwtVerifier({
    issuer: options.issuer,
    jwksUri: options.jwksUri,
    jwksTimeoutMs: options.jwksTimeoutMs,
    check: (payload) => {
      if (!(options.tokenUses as readonly unknown[]).includes(payload.token_use)) throw new Error("token_use");
      const client = clientOf(payload);
      if (typeof client !== "string" || !options.clientIds.includes(client)) throw new Error("client");
    },
  });
  return async (token) => {
    const payload = await verify(token);
    const sub = payload.sub;
    const username = usernameOf(payload);
    if (typeof sub !== "string" || !CLAIM_RE.test(sub)) throw new ApiError("token_invalid");
    if (!isValidUsername(username)) throw new ApiError("token_invalid");
    const authTime = Number.isSafeInteger(payload.auth_time) ? (payload.auth_time as number) : undefined;
    return {
      sub,
      username,
      tokenUse: payload.token_use as TokenUse,
      clientId: clientOf(payload) as string,
      authTime,
    };
  };
}
