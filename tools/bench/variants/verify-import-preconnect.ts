/**
 * Bench variant (never deployed): verify-auth-challenge exactly as functions/verify-auth-challenge/index.ts builds
 * it, plus both of its connections (SSM's and Corbado's) opened while the module is imported, the way suggested for
 * bringing verify's cold start closer to the floor probe's. Measured beside verify to show what that gains.
 */
import { preconnect } from "../../../functions/shared/http";
import { SsmError } from "../../../functions/shared/ssm";
import { verifyConfigFromEnv } from "../../../functions/verify-auth-challenge/config";
import { verifyCounts } from "../../../functions/verify-auth-challenge/counts";
import { createVerifyAuthChallengeHandler } from "../../../functions/verify-auth-challenge/handler-factory";
import { secretReader } from "../../../functions/verify-auth-challenge/secret";

const config = verifyConfigFromEnv(process.env);
// SSM's first: its answer is on the critical path (Corbado is called with the secret it returns).
if (!(config.ssm instanceof SsmError)) preconnect(config.ssm.endpoint);
if (config.backendApiUrl) preconnect(config.backendApiUrl);

export const handler = createVerifyAuthChallengeHandler({
  ...secretReader(config),
  preconnect,
  config,
  counts: verifyCounts(config.counters),
});
