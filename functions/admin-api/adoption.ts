/**
 * Reads the adoption counters for a range: one Query per shard (`counters#<n>`, sk BETWEEN first and last day),
 * one BatchGetItem of the shards' `total` items, and DescribeUserPool for the pool size. That is O(days x shards)
 * items, independent of the number of users; the user pool is never listed.
 */
import { counterPk, TOTAL_SK } from "../shared/adoption-counters";
import { asApiError, fromItem, S, type AttributeValue, type AwsCall } from "../api-shared/aws";
import type { Deadline } from "../api-shared/deadline";
import { ApiError } from "./errors";

export interface AdoptionReaderOptions {
  readonly aws: AwsCall;
  readonly table: string;
  readonly shards: number;
  readonly userPoolId: string;
}

export interface AdoptionItems {
  readonly dayItems: Record<string, unknown>[];
  readonly totalItems: Record<string, unknown>[];
}

/** Shards read at once: enough to overlap the round trips, few enough to stay polite to the table. */
const PARALLEL_SHARDS = 8;

export function createAdoptionReader(options: AdoptionReaderOptions) {
  const { aws, table } = options;

  async function queryShard(shard: number, first: string, last: string, deadline: Deadline) {
    const items: Record<string, unknown>[] = [];
    let startKey: unknown;
    do {
      const page = await aws(
        "dynamodb",
        "Query",
        {
          TableName: table,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :first AND :last",
          ExpressionAttributeValues: { ":pk": S(counterPk(shard)), ":first": S(first), ":last": S(last) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        },
        deadline,
      );
      for (const item of Array.isArray(page.Items) ? page.Items : []) items.push(fromItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async function totals(deadline: Deadline) {
    const items: Record<string, unknown>[] = [];
    let keys: Record<string, AttributeValue>[] = Array.from({ length: options.shards }, (_, shard) => ({
      pk: S(counterPk(shard)),
      sk: S(TOTAL_SK),
    }));
    while (keys.length > 0) {
      const batch = keys.slice(0, 100);
      const page = await aws("dynamodb", "BatchGetItem", { RequestItems: { [table]: { Keys: batch } } }, deadline);
      const got = (page.Responses as Record<string, unknown[]> | undefined)?.[table] ?? [];
      items.push(...got.map(fromItem));
      const unprocessed = (
        page.UnprocessedKeys as Record<string, { Keys?: Record<string, AttributeValue>[] }> | undefined
      )?.[table]?.Keys;
      keys = [...(unprocessed ?? []), ...keys.slice(100)];
    }
    return items;
  }

  return {
    /** The day items of every shard for [first, last] and the shards' total items. */
    async load(first: string, last: string, deadline: Deadline): Promise<AdoptionItems> {
      const days = async () => {
        const dayItems: Record<string, unknown>[] = [];
        for (let shard = 0; shard < options.shards; shard += PARALLEL_SHARDS) {
          const group = Array.from({ length: Math.min(PARALLEL_SHARDS, options.shards - shard) }, (_, i) =>
            queryShard(shard + i, first, last, deadline),
          );
          for (const items of await Promise.all(group)) dayItems.push(...items);
        }
        return dayItems;
      };
      try {
        const [dayItems, totalItems] = await Promise.all([days(), totals(deadline)]);
        return { dayItems, totalItems };
      } catch (error) {
        throw asApiError("dynamodb", error);
      }
    },

    /** The pool's EstimatedNumberOfUsers (DescribeUserPool), or null when Cognito does not say. */
    async poolSize(deadline: Deadline): Promise<number | null> {
      let body: Record<string, unknown>;
      try {
        body = await aws("cognito", "DescribeUserPool", { UserPoolId: options.userPoolId }, deadline);
      } catch (error) {
        throw asApiError("cognito", error);
      }
      const pool = body.UserPool as Record<string, unknown> | undefined;
      if (!pool) throw new ApiError("cognito_error");
      return typeof pool.EstimatedNumberOfUsers === "number" ? pool.EstimatedNumberOfUsers : null;
    },
  };
}
