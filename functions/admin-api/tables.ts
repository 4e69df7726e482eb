/**
 * The two DynamoDB tables the admin API reads and writes, as data: infra creates them with these keys (on-demand,
 * point-in-time recovery, encryption, TTL on `expiresAt`), the local stack and the specs with createTableRequest.
 * docs/admin-api.md lists every item kind.
 *
 * Aggregates (AGGREGATES_TABLE), keys pk/sk:
 *   counters#<shard> / <YYYY-MM-DD> and counters#<shard> / total   adoption counters (../shared/adoption-counters)
 *   passkey-user#<sha256> / first-passkey-login                      first passkey login markers (same file)
 *   ratelimit#passkey-delete#<actor sub> / <window start, seconds>   delete rate limit (../api-shared/rate-limit), TTL
 *   settings-lock / v#<ssm version>                                  settings write claims (./settings), TTL
 * Audit (AUDIT_TABLE), keys pk/sk, append-only (PutItem with attribute_not_exists(pk), Query):
 *   audit#<YYYY-MM> / <ISO time>#<request id>#<phase>                audit entries (./audit), TTL
 *   settings-history / v#<ssm version, 10 digits>                    who changed the settings (./settings)
 */

/** Both tables: string partition key `pk`, string sort key `sk`; `expiresAt` (epoch seconds) is the TTL attribute. */
export const KEY_ATTRIBUTES = { partition: "pk", sort: "sk" } as const;
export const TTL_ATTRIBUTE = "expiresAt";

/** A DynamoDB CreateTable request for either table (on-demand). */
export function createTableRequest(tableName: string): Record<string, unknown> {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: KEY_ATTRIBUTES.partition, AttributeType: "S" },
      { AttributeName: KEY_ATTRIBUTES.sort, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: KEY_ATTRIBUTES.partition, KeyType: "HASH" },
      { AttributeName: KEY_ATTRIBUTES.sort, KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
  };
}
