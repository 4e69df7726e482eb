/**
 * The Corbado secret as verify-auth-challenge reads it: SigV4-signed SSM GetParameter (WithDecryption) of
 * CORBADO_SECRET_PARAMETER, cached for SECRET_CACHE_TTL_MS so a rotation takes effect within the TTL.
 */
import { createCache, getParameter, SsmError } from "../shared/ssm";
import type { VerifyConfig } from "./config";
import type { VerifyDeps } from "./handler-factory";

export function secretReader(
  config: Pick<VerifyConfig, "secretParameter" | "secretCacheTtlMs" | "ssm">,
): Pick<VerifyDeps, "getSecret" | "invalidateSecret"> {
  const { secretParameter, ssm } = config;
  const secret = createCache(
    async () => {
      if (!secretParameter) throw new SsmError("ssm_config_missing");
      if (ssm instanceof SsmError) throw ssm;
      return getParameter(secretParameter, ssm);
    },
    { ttlMs: config.secretCacheTtlMs },
  );
  return { getSecret: () => secret.get(), invalidateSecret: () => secret.invalidate() };
}
