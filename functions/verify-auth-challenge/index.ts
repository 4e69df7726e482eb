/**
 * Cognito "Verify auth challenge response" trigger: asks Corbado's Backend API whether the answer (a
 * signedPasskeyData JWT) proves a passkey login of this Cognito user. See docs/triggers.md.
 */
import { envInt, envString } from "../shared/env";
import { preconnect } from "../shared/http";
import { createCache, getParameter, MAX_CACHE_TTL_MS, ssmConfigFromEnv, SsmError, SSM_TIMEOUT_MS } from "../shared/ssm";
import { createVerifyAuthChallengeHandler, verifyConfigFromEnv } from "./handler-factory";

const env = process.env;
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

export const handler = createVerifyAuthChallengeHandler({
  getSecret: () => secret.get(),
  invalidateSecret: () => secret.invalidate(),
  preconnect,
  config: verifyConfigFromEnv(env),
});
