/**
 * Bench variant (never deployed): verify-auth-challenge exactly as functions/verify-auth-challenge/index.ts builds
 * it (same configuration, SSM reader and cache, same transport), but without `preconnect`, so the Corbado
 * connection is opened only once the secret is known. Measured beside verify to show what overlapping the two
 * handshakes gains.
 */
import { verifyConfigFromEnv } from "../../../functions/verify-auth-challenge/config";
import { createVerifyAuthChallengeHandler } from "../../../functions/verify-auth-challenge/handler-factory";
import { secretReader } from "../../../functions/verify-auth-challenge/secret";

const config = verifyConfigFromEnv(process.env);

export const handler = createVerifyAuthChallengeHandler({ ...secretReader(config), config });
