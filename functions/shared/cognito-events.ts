/**
 * Helpers for the Cognito Lambda events, after AWS's documentation ("Custom authentication challenge Lambda
 * triggers" in the Amazon Cognito Developer Guide):
 * - Define auth challenge:  triggerSource "DefineAuthChallenge_Authentication"
 * - Create auth challenge:  triggerSource "CreateAuthChallenge_Authentication"
 * - Verify auth challenge:  triggerSource "VerifyAuthChallengeResponse_Authentication"
 *
 * Cognito waits at most 5 seconds for a trigger and may retry it. Handlers treat incoming events as untrusted
 * shapes (`unknown`) and validate them; each trigger declares the response it builds next to its logic.
 */

export const DEFINE_TRIGGER_SOURCE = "DefineAuthChallenge_Authentication";

/** What a handler returns: the event it got (when it was an object) with `response` filled in. */
export type TriggerResult<TResponse> = Record<string, unknown> & { response: TResponse };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The Lambda request id from a context object, if any. */
export function requestIdOf(context: unknown): unknown {
  return isObject(context) ? context.awsRequestId : undefined;
}

/** The user pool id of an event, if any. */
export function userPoolIdOf(event: unknown): unknown {
  return isObject(event) ? event.userPoolId : undefined;
}

/**
 * Returns `event` with `response` replaced. Never throws: for a non-object event (or one that cannot be
 * copied) the result holds only `response`.
 */
export function withResponse<TResponse>(event: unknown, response: TResponse): TriggerResult<TResponse> {
  if (isObject(event)) {
    try {
      return { ...event, response };
    } catch {
      // e.g. a throwing getter: fall through
    }
  }
  return { response };
}
