/**
 * create-auth-challenge as a pure function of the event. AWS's contract: Cognito calls it after
 * define-auth-challenge chose CUSTOM_CHALLENGE; the response's publicChallengeParameters go to the client (at
 * least one entry is required), privateChallengeParameters only to verify-auth-challenge, and challengeMetadata
 * is recorded in the session. Cognito may retry a trigger, so the result depends on the event alone.
 */
import { isObject } from "../shared/cognito-events";
import { usernameOf } from "../shared/cognito-names";

export const CHALLENGE_METADATA = "CORBADO_PASSKEY";
export const PUBLIC_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({ type: "passkey" });

export type CreateReason = "challenge_created" | "malformed_event" | "username_missing" | "unexpected_challenge_name";

export interface CreateResponse {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata: string;
}

/** A response whose private parameters can never verify (verify rejects an empty username). */
export const UNVERIFIABLE_RESPONSE = (): CreateResponse => ({
  publicChallengeParameters: { ...PUBLIC_PARAMETERS },
  privateChallengeParameters: { username: "" },
  challengeMetadata: CHALLENGE_METADATA,
});

export function buildChallenge(event: unknown): { response: CreateResponse; reason: CreateReason } {
  if (!isObject(event) || !isObject(event.request) || !isObject(event.response)) {
    return { response: UNVERIFIABLE_RESPONSE(), reason: "malformed_event" };
  }
  const challengeName = event.request.challengeName;
  if (challengeName !== undefined && challengeName !== "CUSTOM_CHALLENGE") {
    return { response: UNVERIFIABLE_RESPONSE(), reason: "unexpected_challenge_name" };
  }
  const username = usernameOf(event.userName);
  if (username === undefined) return { response: UNVERIFIABLE_RESPONSE(), reason: "username_missing" };
  // Same response whether or not request.userNotFound is set: the client must not be able to tell.
  return {
    response: {
      publicChallengeParameters: { ...PUBLIC_PARAMETERS },
      privateChallengeParameters: { username },
      challengeMetadata: CHALLENGE_METADATA,
    },
    reason: "challenge_created",
  };
}
