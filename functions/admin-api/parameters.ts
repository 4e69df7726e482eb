/** SSM parameters the admin API reads and writes: the login settings and the Corbado secret. */
import { createCache, SsmError, ssmErrorReason } from "../shared/ssm";
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

/**
 * The parameter's value for define's settings reader (the public route): rejects with SsmError, whose reason the
 * reader reports when it falls back, as in define.
 */
export async function readParameterValue(aws: AwsCall, name: string, deadline: Deadline): Promise<string> {
  try {
    const body = await aws("ssm", "GetParameter", { Name: name, WithDecryption: true }, deadline);
    const value = (body.Parameter as Record<string, unknown> | undefined)?.Value;
    if (typeof value !== "string") throw new SsmError("ssm_bad_response");
    return value;
  } catch (error) {
    if (error instanceof SsmError) throw error;
    throw new SsmError(ssmErrorReason(error));
  }
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

/** PutParameter (String, overwrite); returns the new version. */
export async function writeParameter(aws: AwsCall, name: string, value: string, deadline: Deadline): Promise<number> {
  let body: Record<string, unknown>;
  try {
    body = await aws("ssm", "PutParameter", { Name: name, Value: value, Type: "String", Overwrite: true }, deadline);
  } catch (error) {
    throw asApiError("ssm", error);
  }
  if (typeof body.Version !== "number") throw new ApiError("ssm_error");
  return body.Version;
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
