/**
 * Passkey deletions per admin: a fixed window (DELETE_RATE_LIMIT per DELETE_RATE_WINDOW_SECONDS, default 20 per
 * 10 minutes) whose state is one DynamoDB item per admin and window, shared by every Lambda instance. One
 * conditional UpdateItem takes a slot: `ADD #n 1` only while `#n < limit`, so concurrent deletes can never exceed
 * the limit. Item: pk `ratelimit#passkey-delete#<sub>`, sk `<window start, epoch seconds>`, TTL `expiresAt`.
 */
import { asApiError, awsErrorType, N, S, type AwsCall } from "./aws";
import type { Deadline } from "./deadline";
import { ApiError } from "./errors";

export interface RateLimitOptions {
  readonly aws: AwsCall;
  readonly table: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly now?: () => number;
}

/** Takes one slot for `actorSub`; ApiError(rate_limited) with Retry-After when the window is full. */
export type TakeSlot = (actorSub: string, deadline: Deadline) => Promise<void>;

export function createDeleteRateLimit(options: RateLimitOptions): TakeSlot {
  const now = options.now ?? Date.now;
  return async (actorSub, deadline) => {
    const nowS = Math.floor(now() / 1000);
    const windowStart = nowS - (nowS % options.windowSeconds);
    const windowEnd = windowStart + options.windowSeconds;
    try {
      await options.aws(
        "dynamodb",
        "UpdateItem",
        {
          TableName: options.table,
          Key: { pk: S(`ratelimit#passkey-delete#${actorSub}`), sk: S(String(windowStart)) },
          UpdateExpression: "ADD #n :one SET expiresAt = :expires",
          ConditionExpression: "attribute_not_exists(#n) OR #n < :limit",
          ExpressionAttributeNames: { "#n": "count" },
          ExpressionAttributeValues: { ":one": N(1), ":limit": N(options.limit), ":expires": N(windowEnd + 3600) },
        },
        deadline,
      );
    } catch (error) {
      if (awsErrorType(error) === "ConditionalCheckFailedException") {
        throw new ApiError("rate_limited", { headers: { "retry-after": String(Math.max(1, windowEnd - nowS)) } });
      }
      throw asApiError("dynamodb", error);
    }
  };
}
