/**
 * The pre-login action: Corbado sends the e-mail a person typed; we answer with their Cognito username, or
 * with an error telling Corbado whether to show it or to fall back to password login silently.
 *
 * Lookup: AdminGetUser with the identifier as username first (pools with e-mail usernames or aliases match
 * here), then on UserNotFoundException ListUsers by exact e-mail with Limit 2, so that a shared address is
 * detected and never guessed. Logs carry outcome codes only: never the e-mail, the username or AWS error text.
 */
import {
  AdminGetUserCommand,
  ListUsersCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createCognitoClient, errorCode, isUserNotFound } from "../actions-shared/cognito-client";
import { createMisconfiguredHandler, loadActionConfig } from "../actions-shared/config";
import { isObject, requestIdOf } from "../shared/cognito-events";
import { MAX_USERNAME_LENGTH } from "../shared/cognito-names";
import type { Env } from "../shared/env";
import { createLogger, type LoggerOptions } from "../shared/log";
import {
  buildEmailFilter,
  mapUserToResult,
  typedError,
  untypedError,
  validateIdentifier,
  type CognitoUserSummary,
  type PreLoginResponse,
} from "./logic";

const FN = "pre-login";
const EVENT = "pre_login";
export const ROLE_SESSION_NAME = "corbado-pre-login";

export interface PreLoginDeps {
  readonly cognito: CognitoIdentityProviderClient;
  readonly config: { readonly userPoolId: string };
  /** Where log lines go (tests capture them); defaults to stdout. */
  readonly logSink?: LoggerOptions["sink"];
}

export type PreLoginHandler = (event: unknown, context?: unknown) => Promise<PreLoginResponse>;

type Lookup =
  | { readonly kind: "found"; readonly user: CognitoUserSummary; readonly byEmailSearch: boolean }
  | { readonly kind: "user_not_found" }
  | { readonly kind: "ambiguous" };

export function createPreLoginHandler({ cognito, config, logSink }: PreLoginDeps): PreLoginHandler {
  const { userPoolId } = config;

  async function findUser(email: string): Promise<Lookup> {
    if (email.length <= MAX_USERNAME_LENGTH) {
      try {
        const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
        return { kind: "found", user, byEmailSearch: false };
      } catch (error) {
        if (!isUserNotFound(error)) throw error;
      }
    }
    const { Users = [] } = await cognito.send(
      new ListUsersCommand({ UserPoolId: userPoolId, Filter: buildEmailFilter(email), Limit: 2 }),
    );
    if (Users.length > 1) return { kind: "ambiguous" };
    const [user] = Users;
    // Defence in depth: only an exact (case-insensitive) e-mail match counts, whatever the filter matched.
    if (user === undefined || emailOf(user.Attributes)?.toLowerCase() !== email.toLowerCase()) {
      return { kind: "user_not_found" };
    }
    return { kind: "found", user, byEmailSearch: true };
  }

  return async (event, context) => {
    const log = createLogger(FN, { requestId: requestIdOf(context), userPoolId, sink: logSink });
    const identifier = validateIdentifier(isObject(event) ? event.identifier : undefined);
    if (!identifier.ok) {
      log.info({ event: EVENT, outcome: "invalid_identifier", reason: identifier.reason });
      return typedError("invalid_identifier");
    }
    let lookup: Lookup;
    try {
      lookup = await findUser(identifier.email);
    } catch (error) {
      log.error({ event: EVENT, outcome: "untyped", reason: "lookup_failed", cause: errorCode(error) });
      return untypedError("lookup_failed");
    }
    switch (lookup.kind) {
      case "ambiguous":
        log.warn({ event: EVENT, outcome: "untyped", reason: "ambiguous" });
        return untypedError("ambiguous");
      case "user_not_found":
        log.info({ event: EVENT, outcome: "user_not_found" });
        return typedError("user_not_found");
      case "found": {
        const result = mapUserToResult(lookup.user);
        const error = "error" in result.body ? result.body.error : undefined;
        log.info({
          event: EVENT,
          outcome: error?.code ?? "success",
          reason: error?.code === "untyped" ? error.message : undefined,
          metrics: { byEmailSearch: lookup.byEmailSearch },
        });
        return result;
      }
    }
  };
}

/** Builds the handler from the environment; invalid configuration yields a handler answering 500. */
export function createPreLoginHandlerFromEnv(env: Env, logSink?: LoggerOptions["sink"]): PreLoginHandler {
  const loaded = loadActionConfig(env);
  if (!loaded.ok) {
    return createMisconfiguredHandler(FN, EVENT, loaded.problems, () => untypedError("internal_error", 500), logSink);
  }
  const cognito = createCognitoClient(loaded.config, ROLE_SESSION_NAME);
  return createPreLoginHandler({ cognito, config: loaded.config, logSink });
}

function emailOf(attributes: AttributeType[] | undefined): string | undefined {
  return attributes?.find((attribute) => attribute.Name === "email")?.Value;
}
