/**
 * The optional post-authentication trigger: counts every successful login, password or passkey (password logins
 * are derived from it; docs/admin-api.md, "Writers"). Cognito fails the sign-in when this trigger errors or runs
 * out of time, so it never throws and answers within COUNTER_TIMEOUT_MS: a count that fails or takes longer is
 * dropped, and logged as a code.
 */
import { countLogin, type CounterTarget } from "../shared/adoption-counters";
import { isObject, type TriggerResult } from "../shared/cognito-events";
import { runTrigger } from "../shared/trigger";

export const FN = "post-authentication";
const EVENT = "post_authentication";
export const POST_AUTHENTICATION_TRIGGER_SOURCE = "PostAuthentication_Authentication";

export interface PostAuthenticationDeps {
  /** Where the logins are counted (config.ts). */
  readonly counters: CounterTarget;
}

/** Cognito reads nothing from a post-authentication response: the event comes back as it came. */
export type PostAuthenticationResponse = Record<string, never>;

export type PostAuthenticationHandler = (
  event: unknown,
  context?: unknown,
) => Promise<TriggerResult<PostAuthenticationResponse>>;

const NOTHING = (): PostAuthenticationResponse => ({});

export function createPostAuthenticationHandler(deps: PostAuthenticationDeps): PostAuthenticationHandler {
  return (event, context) =>
    runTrigger(event, context, {
      fn: FN,
      event: EVENT,
      failResponse: NOTHING,
      body: async (log) => {
        if (!isObject(event) || event.triggerSource !== POST_AUTHENTICATION_TRIGGER_SOURCE) {
          log.warn({ event: EVENT, outcome: "not_counted", reason: "unexpected_event" });
          return NOTHING();
        }
        const outcome = await countLogin(deps.counters);
        if (outcome === "counted" || outcome === "disabled") log.info({ event: EVENT, outcome });
        else log.warn({ event: EVENT, outcome: "not_counted", reason: outcome });
        return NOTHING();
      },
    });
}
