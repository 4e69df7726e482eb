import { DEFINE_TRIGGER_SOURCE, isObject, type TriggerResult } from "../shared/cognito-events";
import type { Logger } from "../shared/log";
import { runTrigger } from "../shared/trigger";
import { decide, FAIL_RESPONSE, toResponse, type DefineResponse } from "./logic";
import type { SettingsResult } from "./settings";

export const FN = "define-auth-challenge";
const EVENT = "define_auth_challenge";

export interface DefineDeps {
  readonly maxAttempts: number;
  /** Current login settings (cached). Must not reject; a rejection fails the attempt closed. */
  readonly getSettings: () => Promise<SettingsResult>;
  /** The adoption counts (./counts.ts); without them nothing is counted. */
  readonly counts?: DefineCounts;
}

/** What define counts (docs/admin-api.md, "Writers"). Never rejects, never changes the answer. */
export interface DefineCounts {
  /** A passkey login: define issued the tokens. */
  readonly issued: (log: Logger) => Promise<unknown>;
  /** An attempt define refused, by its reason code (the kill switch). */
  readonly refused: (reason: string, log: Logger) => Promise<unknown>;
}

export type DefineHandler = (event: unknown, context?: unknown) => Promise<TriggerResult<DefineResponse>>;

export function createDefineAuthChallengeHandler(deps: DefineDeps): DefineHandler {
  return (event, context) =>
    runTrigger(event, context, {
      fn: FN,
      event: EVENT,
      failResponse: FAIL_RESPONSE,
      body: async (log) => {
        const request = isObject(event) ? event.request : undefined;
        const triggerSource = isObject(event) ? event.triggerSource : undefined;
        if (!isObject(request) || !isObject(event) || !isObject(event.response)) {
          log.warn({ event: EVENT, outcome: "fail", reason: "malformed_event" });
          return FAIL_RESPONSE();
        }
        if (triggerSource !== undefined && triggerSource !== DEFINE_TRIGGER_SOURCE) {
          log.warn({ event: EVENT, outcome: "fail", reason: "unexpected_trigger_source" });
          return FAIL_RESPONSE();
        }
        // Without the kill switch first: a session that fails anyway (malformed, a non-custom step, too many
        // wrong answers) needs no SSM read. An unknown user counts as a real one here, so that the read (and
        // its time) does not depend on whether the user exists.
        const withoutSwitch = decide({
          session: request.session,
          userNotFound: request.userNotFound === true ? undefined : request.userNotFound,
          maxAttempts: deps.maxAttempts,
          killSwitch: false,
        });
        if (withoutSwitch.decision === "fail") {
          log.warn({
            event: EVENT,
            outcome: "fail",
            reason: withoutSwitch.reason,
            metrics: { failedAttempts: withoutSwitch.failedAttempts, maxAttempts: deps.maxAttempts },
          });
          return FAIL_RESPONSE();
        }
        const settings = await deps.getSettings();
        if (settings.problem) {
          log.warn({
            event: "login_settings_fallback",
            outcome: settings.source,
            reason: settings.problem,
            metrics: { killSwitch: settings.settings.killSwitch },
          });
        }
        const result = decide({
          session: request.session,
          userNotFound: request.userNotFound,
          maxAttempts: deps.maxAttempts,
          killSwitch: settings.settings.killSwitch,
        });
        const record = {
          event: EVENT,
          outcome: result.decision,
          reason: result.reason,
          metrics: {
            failedAttempts: result.failedAttempts,
            maxAttempts: deps.maxAttempts,
            killSwitch: settings.settings.killSwitch,
          },
        };
        if (result.decision === "fail") log.warn(record);
        else log.info(record);
        if (result.decision === "issue_tokens") await deps.counts?.issued(log);
        else if (result.reason === "kill_switch") await deps.counts?.refused(result.reason, log);
        return toResponse(result.decision);
      },
    });
}
