/**
 * Bench variant (never deployed): verify-auth-challenge exactly as functions/verify-auth-challenge/index.ts builds
 * it (same SSM reader and cache, same transport), but without `preconnect`, so the Corbado connection is opened
 * only once the secret is known. Measured beside verify to show what overlapping the two handshakes gains.
 */
import { envInt, envString } from "../../../functions/shared/env";
import { createCache, getParameter, ssmConfigFromEnv, SsmError, SSM_TIMEOUT_MS } from "../../../functions/shared/ssm";
import {
  createVerifyAuthChallengeHandler,
  verifyConfigFromEnv,
} from "../../../functions/verify-auth-challenge/handler-factory";

const env = process.env;
const secretParameter = envString(env, "CORBADO_SECRET_PARAMETER");
const ssm = ssmConfigFromEnv(env, envInt(env, "SSM_TIMEOUT_MS", SSM_TIMEOUT_MS));

const secret = createCache(
  async () => {
    if (!secretParameter) throw new SsmError("ssm_config_missing");
    if (ssm instanceof SsmError) throw ssm;
    return getParameter(secretParameter, ssm);
  },
  { ttlMs: envInt(env, "SECRET_CACHE_TTL_MS", { default: 300_000, min: 0, max: 3_600_000 }) },
);

export const handler = createVerifyAuthChallengeHandler({
  getSecret: () => secret.get(),
  invalidateSecret: () => secret.invalidate(),
  config: verifyConfigFromEnv(env),
});
