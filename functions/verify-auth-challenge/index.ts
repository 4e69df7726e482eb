/**
 * Cognito "Verify auth challenge response" trigger: asks Corbado's Backend API whether the answer (a
 * signedPasskeyData JWT) proves a passkey login of this Cognito user. See docs/triggers.md.
 */
import { preconnect } from "../shared/http";
import { verifyConfigFromEnv } from "./config";
import { createVerifyAuthChallengeHandler } from "./handler-factory";
import { secretReader } from "./secret";

const config = verifyConfigFromEnv(process.env);

// Its adoption counts (./counts.ts) are not wired: with them this bundle is over its 6 kB budget
// (tools/build/trigger-budget.test.ts measures both; docs/admin-api.md, "Writers").
export const handler = createVerifyAuthChallengeHandler({ ...secretReader(config), preconnect, config });
