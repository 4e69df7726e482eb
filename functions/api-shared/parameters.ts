/**
 * SSM parameters the HTTP APIs read through ./aws: one parameter with its version, and the Corbado Backend API
 * secret behind a short cache (both APIs mint connect tokens with it).
 */
import { createCache } from "../shared/ssm";
import { normalizeSecret } from "../verify-auth-challenge/logic";
import { asApiError, type AwsCall } from "./aws";
import type { Deadline } from "./deadline";
import { ApiError } from "./errors";

export interface ParameterValue {
  readonly value: string;
  /** SSM's version of the parameter: it grows by one with every PutParameter. */
  readonly version: number;
  /** ISO time of the last change, when SSM reports it. */
  readonly lastModified: string | null;
}

/** GetParameter (decrypted); ApiError ssm_error / ssm_timeout on failure (a missing parameter is ssm_error too). */
export async function readParameter(aws: AwsCall, name: string, deadline: Deadline): Promise<ParameterValue> {
  let body: Record<string, unknown>;
  try {
    body = await aws("ssm", "GetParameter", { Name: name, WithDecryption: true }, deadline);
  } catch (error) {
    throw asApiError("ssm", error);
  }
  const p = body.Parameter as Record<string, unknown> | undefined;
  if (typeof p?.Value !== "string" || typeof p.Version !== "number") throw new ApiError("ssm_error");
  const modified = typeof p.LastModifiedDate === "number" ? new Date(p.LastModifiedDate * 1000) : undefined;
  return {
    value: p.Value,
    version: p.Version,
    lastModified: modified && !Number.isNaN(modified.getTime()) ? modified.toISOString() : null,
  };
}

/**
 * The Corbado Backend API secret, cached for `ttlMs` (SECRET_CACHE_TTL_MS). The first caller's deadline bounds a
 * load that others may share. A malformed value is ssm_error.
 */
export function createSecretReader(aws: AwsCall, name: string, ttlMs: number) {
  let deadline: Deadline | undefined;
  const cache = createCache(
    async () => {
      const secret = normalizeSecret((await readParameter(aws, name, deadline!)).value);
      if (!secret) throw new ApiError("ssm_error");
      return secret;
    },
    { ttlMs },
  );
  return {
    get(d: Deadline): Promise<string> {
      deadline = d;
      return cache.get();
    },
    invalidate: () => cache.invalidate(),
  };
}
