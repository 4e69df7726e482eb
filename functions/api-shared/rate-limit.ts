/**
 * A per-subject fixed window (`limit` per `windowSeconds`) whose state is one DynamoDB item per subject and window,
 * shared by every Lambda instance. One conditional UpdateItem takes a slot: `ADD #n 1` only while `#n < limit`, so
 * concurrent requests can never exceed the limit. Item: pk `ratelimit#<name>#<subject>`, sk `<window start, epoch
 * seconds>`, TTL `expiresAt` an hour after the window. The admin API limits passkey deletions per admin
 * (`passkey-delete`), the self-service route connect tokens per user (`self-service`); an IAM condition on
 * `dynamodb:LeadingKeys` can hold each function to its own prefix.
 */
import { asApiError, awsErrorType, N, S, type AwsCall } from "./aws";
import type { Deadline } from "./deadline";
import { ApiError } from "./errors";

export interface RateLimitOptions {
  readonly aws: AwsCall;
  readonly table: string;
  /** The partition key's middle part: which limit this is (`passkey-delete`, `self-service`). */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly now?: () => number;
}

/** Takes one slot for `subject`; ApiError(rate_limited) with Retry-After when the window is full. */
export type TakeSlot = (subject: string, deadline: Deadline) => Promise<void>;

/** The partition key of a subject's items: what an IAM LeadingKeys condition matches. */
export const rateLimitKey = (name: string, subject: string): string => `ratelimit#${name}#${subject}`;

export function createRateLimit(options: RateLimitOptions): TakeSlot {
  const now = options.now ?? Date.now;
  return async (subject, deadline) => {
    const nowS = Math.floor(now() / 1000);
    const windowStart = nowS - (nowS % options.windowSeconds);
    const windowEnd = windowStart + options.windowSeconds;
    try {
      await options.aws(
        "dynamodb",
        "UpdateItem",
        {
          TableName: options.table,
          Key: { pk: S(rateLimitKey(options.name, subject)), sk: S(String(windowStart)) },
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
