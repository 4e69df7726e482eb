/**
 * Cognito "Create auth challenge" trigger: puts the Cognito username into privateChallengeParameters for
 * verify-auth-challenge. See docs/triggers.md.
 */
import type { TriggerResult } from "../shared/cognito-events";
import { runTrigger } from "../shared/trigger";
import { buildChallenge, UNVERIFIABLE_RESPONSE, type CreateResponse } from "./logic";

const EVENT = "create_auth_challenge";

export async function handler(event: unknown, context?: unknown): Promise<TriggerResult<CreateResponse>> {
  return runTrigger(event, context, {
    fn: "create-auth-challenge",
    event: EVENT,
    failResponse: UNVERIFIABLE_RESPONSE,
    body: async (log) => {
      const { response, reason } = buildChallenge(event);
      if (reason === "challenge_created") log.info({ event: EVENT, outcome: "created", reason });
      else log.warn({ event: EVENT, outcome: "unverifiable", reason });
      return response;
    },
  });
}
