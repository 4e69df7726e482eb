/**
 * Cognito "Verify auth challenge response" trigger: asks Corbado's Backend API whether the answer (a
 * signedPasskeyData JWT) proves a passkey login of this Cognito user. See docs/triggers.md.
 */
import { preconnect } from "../shared/http";
import { createVerifyAuthChallengeHandler, verifyConfigFromEnv } from "./handler-factory";
import { secretReaderFromEnv } from "./secret";

export const handler = createVerifyAuthChallengeHandler({
  ...secretReaderFromEnv(process.env),
  preconnect,
  config: verifyConfigFromEnv(process.env),
});
