// A token issuer for specs: an RSA key, its JWKS served on loopback http, and access tokens shaped like Cognito's
// (sub, username, cognito:groups, client_id, token_use, iss, exp, iat, jti). Not an OIDC provider: specs that need
// a login flow use one; the admin API only needs signed tokens and the JWKS to check them.
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { listenLoopback, sendJson } from "./http-util";
import { signRs256Jwt } from "./jwt";

export interface TokenOptions {
  readonly groups?: readonly string[];
  readonly sub?: string;
  readonly username?: string;
  readonly clientId?: string;
  readonly tokenUse?: string;
  /** Seconds from now (negative: already expired). Default 3600. */
  readonly expiresIn?: number;
  readonly issuer?: string;
  /** Signs with a key the JWKS does not hold, under the same kid: a forgery. */
  readonly forged?: boolean;
  readonly alg?: string;
  readonly extraClaims?: Record<string, unknown>;
}

export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientId: string;
  /** How often the JWKS was fetched. */
  jwksFetches(): number;
  token(options?: TokenOptions): string;
  close(): Promise<void>;
}

export async function startTestIssuer(clientId = "console-client"): Promise<TestIssuer> {
  const kid = `test-${randomUUID()}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const forger: KeyObject = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  let fetches = 0;
  const running = await listenLoopback((req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      fetches++;
      return sendJson(res, 200, { keys: [jwk] });
    }
    sendJson(res, 404, { error: "not_found" });
  });
  const issuer = running.url;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    clientId,
    jwksFetches: () => fetches,
    token(options = {}) {
      const iat = Math.floor(Date.now() / 1000);
      const sub = options.sub ?? randomUUID();
      const claims = {
        sub,
        "cognito:groups": options.groups ?? [],
        iss: options.issuer ?? issuer,
        client_id: options.clientId ?? clientId,
        origin_jti: randomUUID(),
        event_id: randomUUID(),
        token_use: options.tokenUse ?? "access",
        scope: "openid email",
        auth_time: iat,
        exp: iat + (options.expiresIn ?? 3600),
        iat,
        jti: randomUUID(),
        username: options.username ?? sub,
        ...options.extraClaims,
      };
      return signRs256Jwt(
        { alg: options.alg ?? "RS256", kid, typ: "JWT" },
        claims,
        options.forged ? forger : privateKey,
      );
    },
    close: () => running.close(),
  };
}
