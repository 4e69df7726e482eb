/**
 * The Corbado secret as verify-auth-challenge reads it: SigV4-signed SSM GetParameter (WithDecryption) of
 * CORBADO_SECRET_PARAMETER, cached for SECRET_CACHE_TTL_MS so a rotation takes effect within the TTL.
 */
import { envInt, envString, type Env } from "../shared/env";
import { createCache, getParameter, MAX_CACHE_TTL_MS, ssmConfigFromEnv, SsmError, SSM_TIMEOUT_MS } from "../shared/ssm";
import type { VerifyDeps } from "./handler-factory";

export function secretReaderFromEnv(env: Env): Pick<VerifyDeps, "getSecret" | "invalidateSecret"> {
  const secretParameter = envString(env, "CORBADO_SECRET_PARAMETER");
  const ssm = ssmConfigFromEnv(env, envInt(env, "SSM_TIMEOUT_MS", SSM_TIMEOUT_MS));
  const secret = createCache(
    async () => {
      if (!secretParameter) throw new SsmError("ssm_config_missing");
      if (ssm instanceof SsmError) throw ssm;
      return getParameter(secretParameter, ssm);
    },
    { ttlMs: envInt(env, "SECRET_CACHE_TTL_MS", { default: 300_000, min: 0, max: MAX_CACHE_TTL_MS }) },
  );
  return { getSecret: () => secret.get(), invalidateSecret: () => secret.invalidate() };
}
