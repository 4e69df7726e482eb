/**
 * The Cognito client of the Corbado actions: created once per container, it reaches the customer's pool
 * through the cross-account role. fromTemporaryCredentials calls STS AssumeRole with the external id, the
 * action's session name and a 15-minute session (session.ts); the SDK caches the session and assumes the role
 * again shortly before it expires (5 minutes ahead).
 */
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { ActionConfig } from "./config";
import { ROLE_SESSION_SECONDS, type ActionSessionName } from "./session";

export { ROLE_SESSION_SECONDS };

/** Per attempt of one AWS call: connect within CONNECT_TIMEOUT_MS, everything (headers and body) within ATTEMPT_TIMEOUT_MS. */
export const CONNECT_TIMEOUT_MS = 1000;
export const ATTEMPT_TIMEOUT_MS = 1500;
/** Attempts per AWS call (one retry); ACTION_DEADLINE_MS still bounds the whole invocation. */
export const MAX_ATTEMPTS = 2;

type HandleArgs = Parameters<NodeHttpHandler["handle"]>;

/**
 * The SDK's Node handler with timeouts that take effect: its `requestTimeout` only warns unless
 * `throwOnRequestTimeout` is set, and it ends once the headers arrived, so a body trickling in byte by byte
 * would hold the call forever. Each attempt is therefore also aborted ATTEMPT_TIMEOUT_MS after it started.
 */
class BoundedHttpHandler extends NodeHttpHandler {
  constructor() {
    super({ connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: ATTEMPT_TIMEOUT_MS, throwOnRequestTimeout: true });
  }

  override handle(request: HandleArgs[0], options: HandleArgs[1] = {}): ReturnType<NodeHttpHandler["handle"]> {
    const limit = AbortSignal.timeout(ATTEMPT_TIMEOUT_MS);
    const caller = options.abortSignal as AbortSignal | undefined;
    return super.handle(request, { ...options, abortSignal: caller ? AbortSignal.any([caller, limit]) : limit });
  }
}

/** `roleSessionName`: one of the names the role's trust policy accepts (session.ts). */
export function createCognitoClient(
  config: ActionConfig,
  roleSessionName: ActionSessionName,
): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: config.region,
    endpoint: config.endpoint,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: new BoundedHttpHandler(),
    credentials: fromTemporaryCredentials({
      params: {
        RoleArn: config.roleArn,
        ExternalId: config.externalId,
        RoleSessionName: roleSessionName,
        DurationSeconds: ROLE_SESSION_SECONDS,
      },
      // STS in the pool's region, with the same timeouts (without a handler of its own it would borrow the
      // Cognito client's); master credentials are those of the Lambda running the action.
      clientConfig: {
        region: config.region,
        maxAttempts: MAX_ATTEMPTS,
        requestHandler: new BoundedHttpHandler(),
        ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}),
      },
    }),
  });
}

/**
 * A log-safe code for an AWS SDK error: its exception name in snake_case (`AccessDeniedException` ->
 * `access_denied_exception`). Never the message, which may echo request data.
 */
export function errorCode(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)) return "unknown_error";
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

export function isUserNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === "UserNotFoundException";
}
