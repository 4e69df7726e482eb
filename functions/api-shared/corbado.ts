/**
 * Calls to Corbado shared by the HTTP APIs: one bounded JSON POST (never a redirect, at most 1 MiB read, one
 * timeout from the request's deadline), and minting a connect token through the Backend API's
 * `POST /v2/connectTokens` (Basic auth with base64(projectId:apiSecret); a 401 drops the cached secret).
 *
 * Which token types may be minted for whom is the caller's decision and guard: the admin API only `passkey-list`
 * and `passkey-delete` for a user it acts on (functions/admin-api/corbado.ts), the self-service route the three
 * management types for the token's own user (functions/self-service/). No type is named here.
 */
import { HttpError, httpPost, type Post } from "../shared/http";
import type { Deadline } from "./deadline";
import { ApiError, upstreamError } from "./errors";

const MAX_BODY_BYTES = 1 << 20;
const MAX_SECRET_LENGTH = 4096;

/** One POST: the status and the parsed JSON body (undefined when it is not JSON). corbado_error/_timeout on failure. */
export type CorbadoCall = (
  url: string,
  headers: Record<string, string>,
  body: unknown,
  deadline: Deadline,
) => Promise<{ status: number; json: unknown }>;

export function createCorbadoCall(post: Post = httpPost): CorbadoCall {
  return async (url, headers, body, deadline) => {
    try {
      const res = await post({
        url,
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify(body),
        timeoutMs: deadline.callTimeoutMs(),
        maxBodyBytes: MAX_BODY_BYTES,
      });
      let json: unknown;
      try {
        json = res.body === undefined ? undefined : JSON.parse(res.body);
      } catch {
        json = undefined;
      }
      return { status: res.status, json };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw upstreamError("corbado", error instanceof HttpError && error.reason === "timeout");
    }
  };
}

export interface ConnectTokenMinterOptions {
  readonly backendApiUrl: string;
  /** base64(projectId:apiSecret), cached; rejects with ApiError (ssm_error, ssm_timeout) when unreadable. */
  readonly getSecret: (deadline: Deadline) => Promise<string>;
  /** Called after Corbado answered 401 to the secret, so it is read again next time. */
  readonly invalidateSecret: () => void;
  /** `maxLifetimeInSeconds` of every token minted. */
  readonly lifetimeSeconds: number;
  readonly post?: Post;
}

/** What `data` of a connect-token request may hold (Corbado's connectTokenData; displayName for append only). */
export interface ConnectTokenData {
  readonly identifier: string;
  readonly displayName?: string;
}

export interface MintedConnectToken {
  /** The token (`ctk1_…`): a credential for one operation on one user's passkeys. */
  readonly secret: string;
  /** Unix seconds, when Corbado's answer names it. */
  readonly expires: number | undefined;
}

/** Mints one connect token; ApiError corbado_error (any non-2xx or malformed answer) or corbado_timeout. */
export type MintConnectToken = (
  type: string,
  data: ConnectTokenData,
  deadline: Deadline,
) => Promise<MintedConnectToken>;

export function createConnectTokenMinter(options: ConnectTokenMinterOptions): MintConnectToken {
  const call = createCorbadoCall(options.post);
  return async (type, data, deadline) => {
    const secret = await options.getSecret(deadline);
    const { status, json } = await call(
      `${options.backendApiUrl}/v2/connectTokens`,
      { authorization: `Basic ${secret}` },
      { type, data, maxLifetimeInSeconds: options.lifetimeSeconds },
      deadline,
    );
    if (status === 401) options.invalidateSecret();
    if (status < 200 || status > 299) throw new ApiError("corbado_error");
    const body = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
    if (typeof body.secret !== "string" || body.secret === "" || body.secret.length > MAX_SECRET_LENGTH) {
      throw new ApiError("corbado_error");
    }
    const expires = Number.isSafeInteger(body.expires) ? (body.expires as number) : undefined;
    return { secret: body.secret, expires };
  };
}
