/**
 * Bench variant (never deployed): verify-auth-challenge exactly as functions/verify-auth-challenge/index.ts builds
 * it (same SSM reader and cache, same transport), but without `preconnect`, so the Corbado connection is opened
 * only once the secret is known. Measured beside verify to show what overlapping the two handshakes gains.
 */
import {
  createVerifyAuthChallengeHandler,
  verifyConfigFromEnv,
} from "../../../functions/verify-auth-challenge/handler-factory";
import { secretReaderFromEnv } from "../../../functions/verify-auth-challenge/secret";

export const handler = createVerifyAuthChallengeHandler({
  ...secretReaderFromEnv(process.env),
  config: verifyConfigFromEnv(process.env),
});
