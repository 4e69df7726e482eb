/**
 * Cognito "Verify auth challenge response" trigger: asks Corbado's Backend API whether the answer (a
 * signedPasskeyData JWT) proves a passkey login of this Cognito user, and counts the outcome (docs/admin-api.md,
 * "Writers"). See docs/triggers.md.
 */
import { preconnect } from "../shared/http";
import { verifyConfigFromEnv } from "./config";
import { verifyCounts } from "./counts";
import { createVerifyAuthChallengeHandler } from "./handler-factory";
import { secretReader } from "./secret";

const config = verifyConfigFromEnv(process.env);

export const handler = createVerifyAuthChallengeHandler({
  ...secretReader(config),
  preconnect,
  config,
  counts: verifyCounts(config.counters),
});
