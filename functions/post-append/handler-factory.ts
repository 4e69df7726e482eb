/**
 * The post-append action: after a person added a passkey, optionally make SMS their preferred MFA
 * (module setting `mfa_after_passkey`). `off` answers 200 without any Cognito call. `sms` reads the user
 * (AdminGetUser) and calls AdminSetUserMFAPreference only when logic.ts says so; every other case is a
 * 200 with a logged reason. AWS failures answer 500 with a fixed body. Meanwhile the passkey added is counted
 * (./counts.ts, when AGGREGATES_TABLE is set), within the same deadline; a count never changes the answer.
 */
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createCognitoClient, errorCode, isUserNotFound } from "../actions-shared/cognito-client";
import { createMisconfiguredHandler } from "../actions-shared/config";
import { ACTION_DEADLINE_MS, withDeadline } from "../actions-shared/deadline";
import { isObject, requestIdOf } from "../shared/cognito-events";
import { isValidUsername } from "../shared/cognito-names";
import type { Env } from "../shared/config-contract";
import { createLogger, type Logger, type LoggerOptions } from "../shared/log";
import { postAppendConfigFromEnv } from "./config";
import { passkeyAddedCounter } from "./counts";
import {
  decideForUser,
  decideFromSettings,
  failure,
  ok,
  type MfaDecision,
  type MfaSettings,
  type PostAppendResponse,
} from "./logic";

const FN = "post-append";
const EVENT = "post_append";
export const ROLE_SESSION_NAME = "corbado-post-append";

export interface PostAppendDeps {
  readonly cognito: CognitoIdentityProviderClient;
  readonly config: { readonly userPoolId: string } & MfaSettings;
  /** The whole invocation's budget (default ACTION_DEADLINE_MS); past it the answer is 500. */
  readonly deadlineMs?: number;
  /** Where log lines go (tests capture them); defaults to stdout. */
  readonly logSink?: LoggerOptions["sink"];
  /** Counts the passkey added (./counts.ts); never rejects. Without it nothing is counted. */
  readonly countPasskeyAdded?: (log: Logger) => Promise<unknown>;
}

export type PostAppendHandler = (event: unknown, context?: unknown) => Promise<PostAppendResponse>;

export function createPostAppendHandler({
  cognito,
  config,
  logSink,
  deadlineMs = ACTION_DEADLINE_MS,
  countPasskeyAdded,
}: PostAppendDeps): PostAppendHandler {
  const { userPoolId } = config;
  // The configuration alone may already decide (off, or no SMS MFA in the pool): then no Cognito call is made.
  const fromSettings = decideFromSettings(config);

  /** AdminGetUser, then logic.ts decides; a user who vanished meanwhile is a reason, not an error. */
  async function decideForStoredUser(
    username: string,
    abortSignal: AbortSignal,
  ): Promise<{ decision: MfaDecision; username: string }> {
    try {
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }), {
        abortSignal,
      });
      // AdminGetUser also accepts an alias or sub: act on the canonical username it returns.
      return { decision: decideForUser(user), username: user.Username ?? username };
    } catch (error) {
      if (isUserNotFound(error)) return { decision: { action: "unchanged", reason: "user_not_found" }, username };
      throw error;
    }
  }

  async function answer(username: unknown, log: Logger): Promise<PostAppendResponse> {
    const unchanged = (reason: string): PostAppendResponse => {
      log.info({ event: EVENT, outcome: "unchanged", reason });
      return ok("unchanged");
    };
    if (fromSettings) return unchanged(fromSettings.reason);

    if (!isValidUsername(username)) {
      log.warn({ event: EVENT, outcome: "rejected", reason: "invalid_username" });
      return failure(400, "invalid_username");
    }
    try {
      return await withDeadline(deadlineMs, async (abortSignal) => {
        const stored = await decideForStoredUser(username, abortSignal);
        if (stored.decision.action === "unchanged") return unchanged(stored.decision.reason);
        await cognito.send(
          new AdminSetUserMFAPreferenceCommand({
            UserPoolId: userPoolId,
            Username: stored.username,
            SMSMfaSettings: { Enabled: true, PreferredMfa: true },
          }),
          { abortSignal },
        );
        log.info({ event: EVENT, outcome: "sms_preferred" });
        return ok("sms_preferred");
      });
    } catch (error) {
      log.error({ event: EVENT, outcome: "failed", reason: "cognito_error", cause: errorCode(error) });
      return failure(500, "internal_error");
    }
  }

  /** Counts a passkey added within the action's deadline; never rejects, never changes the answer. */
  const count = (log: Logger) =>
    withDeadline(deadlineMs, () => countPasskeyAdded!(log)).catch(() =>
      log.warn({ event: "adoption_count", outcome: "not_counted", reason: "adoption_deadline_exceeded" }),
    );

  return async (event, context) => {
    const log = createLogger(FN, { requestId: requestIdOf(context), userPoolId, sink: logSink });
    const username = isObject(event) ? event.username : undefined;
    // Corbado calls post-append after a passkey was added: counted while the MFA preference is decided.
    const counted = countPasskeyAdded && isValidUsername(username) ? count(log) : undefined;
    try {
      return await answer(username, log);
    } finally {
      await counted;
    }
  };
}

/** Builds the handler from the environment; invalid configuration yields a handler answering 500. */
export function createPostAppendHandlerFromEnv(env: Env, logSink?: LoggerOptions["sink"]): PostAppendHandler {
  const loaded = postAppendConfigFromEnv(env);
  if (!loaded.ok) {
    return createMisconfiguredHandler(FN, EVENT, loaded.problems, () => failure(500, "internal_error"), logSink);
  }
  const cognito = createCognitoClient(loaded.config, ROLE_SESSION_NAME);
  // The Cognito client's memoized provider: the count and the Cognito calls share one AssumeRole.
  const countPasskeyAdded = passkeyAddedCounter(loaded.config, () => cognito.config.credentials());
  return createPostAppendHandler({ cognito, config: loaded.config, logSink, countPasskeyAdded });
}
