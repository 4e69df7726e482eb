/**
 * The Cognito client of the Corbado actions: created once per container, it reaches the customer's pool
 * through the cross-account role. fromTemporaryCredentials calls STS AssumeRole with the external id; the
 * SDK caches the session and assumes the role again shortly before it expires (5 minutes ahead).
 */
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { ActionConfig } from "./config";

/** One hour: the longest session the module's role allows, so STS is called at most about once an hour. */
export const ROLE_SESSION_SECONDS = 3600;

export function createCognitoClient(config: ActionConfig, roleSessionName: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: config.region,
    endpoint: config.endpoint,
    // Corbado waits for the action: fail fast rather than hang on a stuck connection.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
    credentials: fromTemporaryCredentials({
      params: {
        RoleArn: config.roleArn,
        ExternalId: config.externalId,
        RoleSessionName: roleSessionName,
        DurationSeconds: ROLE_SESSION_SECONDS,
      },
      // STS in the pool's region; master credentials are those of the Lambda running the action.
      clientConfig: { region: config.region, maxAttempts: 2 },
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
