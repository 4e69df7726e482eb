/**
 * BENCH EXPERIMENT, NOT SHIPPED: verify-auth-challenge exactly as functions/verify-auth-challenge/index.ts
 * builds it (same handler factory, same SigV4 SSM reader, same secret cache), except that both outbound calls
 * go through node:http (./http-fetch) instead of fetch(). `npm run bench` measures it beside the real bundle
 * to show what avoiding fetch()'s first-use cost would buy; see docs/performance.md.
 */
import { envInt, envString } from "../../../functions/shared/env";
import { createCache, getParameter, ssmConfigFromEnv, SsmError, SSM_TIMEOUT_MS } from "../../../functions/shared/ssm";
import {
  createVerifyAuthChallengeHandler,
  verifyConfigFromEnv,
} from "../../../functions/verify-auth-challenge/handler-factory";
import { httpFetchAsFetch } from "./http-fetch";

const env = process.env;
const secretParameter = envString(env, "CORBADO_SECRET_PARAMETER");
const ssm = ssmConfigFromEnv(env, envInt(env, "SSM_TIMEOUT_MS", SSM_TIMEOUT_MS));

const secret = createCache(
  async () => {
    if (!secretParameter) throw new SsmError("ssm_config_missing");
    if (ssm instanceof SsmError) throw ssm;
    return getParameter(secretParameter, ssm, httpFetchAsFetch);
  },
  { ttlMs: envInt(env, "SECRET_CACHE_TTL_MS", { default: 300_000, min: 0, max: 3_600_000 }) },
);

export const handler = createVerifyAuthChallengeHandler({
  getSecret: () => secret.get(),
  invalidateSecret: () => secret.invalidate(),
  config: verifyConfigFromEnv(env),
  fetch: httpFetchAsFetch,
});
