/**
 * The pre-login action: Corbado sends the e-mail a person typed; we answer with their Cognito username, or
 * with an error telling Corbado whether to show it or to fall back to password login silently.
 *
 * Lookup: AdminGetUser with the identifier as username (pools with e-mail usernames or aliases match here)
 * and, at the same time, ListUsers by exact e-mail, counting only accounts whose address is verified, so that
 * a shared address is detected and never guessed; a username match wins. Logs carry outcome codes only: never the
 * e-mail, the username or AWS error text.
 */
import {
  AdminGetUserCommand,
  ListUsersCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createCognitoClient, errorCode, isUserNotFound } from "../actions-shared/cognito-client";
import { createMisconfiguredHandler } from "../actions-shared/config";
import { ACTION_DEADLINE_MS, withDeadline } from "../actions-shared/deadline";
import { isObject, requestIdOf } from "../shared/cognito-events";
import { MAX_USERNAME_LENGTH } from "../shared/cognito-names";
import type { Env } from "../shared/config-contract";
import { createLogger, type LoggerOptions } from "../shared/log";
import { preLoginConfigFromEnv } from "./config";
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
  /** The whole lookup's budget (default ACTION_DEADLINE_MS); past it the answer is `lookup_failed`. */
  readonly deadlineMs?: number;
  /** Where log lines go (tests capture them); defaults to stdout. */
  readonly logSink?: LoggerOptions["sink"];
}

export type PreLoginHandler = (event: unknown, context?: unknown) => Promise<PreLoginResponse>;

type Lookup =
  | { readonly kind: "found"; readonly user: CognitoUserSummary; readonly byEmailSearch: boolean }
  | { readonly kind: "user_not_found" }
  | { readonly kind: "ambiguous" };

export function createPreLoginHandler({
  cognito,
  config,
  logSink,
  deadlineMs = ACTION_DEADLINE_MS,
}: PreLoginDeps): PreLoginHandler {
  const { userPoolId } = config;

  /**
   * Both lookups for every address, at once, and both awaited: which requests are sent and how long the
   * answer takes must not depend on whether the address has an account (docs/threat-model.md T3).
   */
  async function findUser(email: string, abortSignal: AbortSignal): Promise<Lookup> {
    // A longer identifier cannot be a username: that depends on what was typed, not on who exists.
    const byUsername =
      email.length <= MAX_USERNAME_LENGTH
        ? cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }), { abortSignal })
        : Promise.resolve(undefined);
    const byEmail = cognito.send(
      new ListUsersCommand({ UserPoolId: userPoolId, Filter: buildEmailFilter(email), Limit: SEARCH_LIMIT }),
      { abortSignal },
    );
    const [named, searched] = await Promise.allSettled([byUsername, byEmail]);
    if (named.status === "fulfilled" && named.value) return { kind: "found", user: named.value, byEmailSearch: false };
    if (named.status === "rejected" && !isUserNotFound(named.reason)) throw named.reason;
    if (searched.status === "rejected") throw searched.reason;
    const { Users = [], PaginationToken } = searched.value;
    const owners = Users.filter((user) => ownsAddress(user.Attributes, email));
    // More matches than one page: a second verified owner may be on the next page, so never guess.
    if (owners.length > 1 || PaginationToken) return { kind: "ambiguous" };
    const [user] = owners;
    return user === undefined ? { kind: "user_not_found" } : { kind: "found", user, byEmailSearch: true };
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
      lookup = await withDeadline(deadlineMs, (signal) => findUser(identifier.email, signal));
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
  const loaded = preLoginConfigFromEnv(env);
  if (!loaded.ok) {
    return createMisconfiguredHandler(FN, EVENT, loaded.problems, () => untypedError("internal_error", 500), logSink);
  }
  const cognito = createCognitoClient(loaded.config, ROLE_SESSION_NAME);
  return createPreLoginHandler({ cognito, config: loaded.config, logSink });
}

/** ListUsers' largest page: unverified accounts claiming an address cannot push its owner off the page. */
export const SEARCH_LIMIT = 60;

/**
 * Whether a search result owns the typed address: its `email` equals it (ignoring letter case, whatever the
 * filter matched) and `email_verified` is exactly "true". Anyone can put any address on an account whose
 * e-mail is never verified; such an account must neither be answered nor make the owner's address ambiguous.
 */
function ownsAddress(attributes: AttributeType[] | undefined, email: string): boolean {
  const value = (name: string) => attributes?.find((attribute) => attribute.Name === name)?.Value;
  return value("email")?.toLowerCase() === email.toLowerCase() && value("email_verified") === "true";
}
