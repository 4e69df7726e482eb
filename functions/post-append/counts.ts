/**
 * post-append's adoption count: a passkey added (docs/admin-api.md, "Writers"). One UpdateItem of the adoption table
 * in the pool's account and region, signed with the actions role's credentials: the provider the Cognito client
 * uses, so one AssumeRole serves both. The write gets what one Cognito attempt gets (ATTEMPT_TIMEOUT_MS), and the
 * handler bounds the whole count by the action's deadline.
 */
import { ATTEMPT_TIMEOUT_MS, errorCode } from "../actions-shared/cognito-client";
import { countPasskeyAdded, type CountOutcome } from "../shared/adoption-counters";
import type { Logger } from "../shared/log";
import type { PostAppendConfig } from "./config";

/** The actions role's temporary credentials (the Cognito client's memoized provider). */
export type RoleCredentials = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

/** Counts one passkey added; never rejects. Undefined when no table is configured. */
export function passkeyAddedCounter(
  config: Pick<PostAppendConfig, "aggregatesTable" | "counterShards" | "dynamodbEndpoint" | "region">,
  credentials: RoleCredentials,
): ((log: Logger) => Promise<CountOutcome>) | undefined {
  const { aggregatesTable: table, region } = config;
  if (!table) return undefined;
  const endpoint = config.dynamodbEndpoint ?? `https://dynamodb.${region}.amazonaws.com`;
  return async (log) => {
    let role: Awaited<ReturnType<RoleCredentials>>;
    try {
      role = await credentials();
    } catch (error) {
      // The same failure would stop the Cognito call: its code is logged there too.
      const reason = "adoption_credentials_unavailable";
      log.warn({ event: "adoption_count", outcome: "not_counted", reason, cause: errorCode(error) });
      return reason;
    }
    const { accessKeyId, secretAccessKey, sessionToken } = role;
    return countPasskeyAdded(
      {
        table,
        endpoint: { endpoint, region, accessKeyId, secretAccessKey, sessionToken },
        shards: config.counterShards,
        timeoutMs: ATTEMPT_TIMEOUT_MS,
      },
      log,
    );
  };
}
