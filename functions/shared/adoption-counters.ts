/**
 * Adoption counters: the writers on the auth path (define/verify, the optional post-authentication trigger,
 * post-append) and the key schema the admin API reads them with. See docs/admin-api.md ("Adoption data").
 *
 * Table `AGGREGATES_TABLE`, keys `pk` (S) and `sk` (S):
 *   pk `counters#<shard>`, sk `<YYYY-MM-DD>` (UTC day)   the day's counters in one shard (ADD only):
 *       passkeyLogins, logins (every successful login, post-authentication), passkeysAdded, `fail#<reason>`
 *   pk `counters#<shard>`, sk `total`                    passkeyUsers (cumulative) and `new#<YYYY-MM-DD>` (first
 *                                                         passkey logins of that day), in one shard
 *   pk `passkey-user#<sha256(username) hex>`, sk `first-passkey-login`   the per-user marker (put once)
 * A write picks its shard at random in [0, COUNTER_SHARDS); the reader sums every shard.
 *
 * Every write is one UpdateItem (a first passkey login: a conditional PutItem of the marker, then one UpdateItem
 * only when that put succeeded), within one deadline (COUNTER_TIMEOUT_MS, at most 250 ms). Nothing here throws or
 * changes an outcome: a failed count returns (and logs) a reason code and the login goes on.
 */
import { awsClientContract, awsEndpointFromEnv, callAwsJson, type AwsEndpoint } from "./aws-json";
import { readPlainConfig, type Contract, type Env } from "./config-contract";
import { HttpError, type Post } from "./http";
import { safeCode, type Logger } from "./log";
import { sha256Hex } from "./sigv4";

/**
 * COUNTER_SHARDS: one day item takes ~1,000 writes/s; a login writes it once, twice with post-authentication. Keep
 * each shard below half of that: more than peak logins/s x 2 / 500. The default takes 2,000 logins/s at 40 %
 * (tools/bench/scale-model.ts). Raise it, never lower it: the reader sums shards [0, COUNTER_SHARDS).
 */
export const COUNTER_SHARDS = { kind: "int", env: "COUNTER_SHARDS", default: 10, min: 1, max: 100 } as const;
/**
 * COUNTER_TIMEOUT_MS: the budget of one invocation's writes (both requests of a first passkey login). At most
 * 250 ms: verify spends it after SSM's and Corbado's whole budgets and still answers within Cognito's 5 s.
 */
export const COUNTER_TIMEOUT_MS = { kind: "int", env: "COUNTER_TIMEOUT_MS", default: 250, min: 20, max: 250 } as const;

/** What the writers read besides the standard AWS variables: AGGREGATES_TABLE unset turns counting off. */
export const COUNTERS_CONTRACT = {
  aggregatesTable: { kind: "string", env: "AGGREGATES_TABLE", optional: true },
  counterShards: COUNTER_SHARDS,
  counterTimeoutMs: COUNTER_TIMEOUT_MS,
} as const satisfies Contract;

/** The DynamoDB endpoint and credentials (AWS_ENDPOINT_URL_DYNAMODB for tests and the local stack). */
export const DYNAMODB_CLIENT_CONTRACT = /* @__PURE__ */ awsClientContract("DYNAMODB");

/**
 * The partition-key prefixes of the two kinds of item the writers write: the writers' IAM grants allow exactly these
 * (dynamodb:LeadingKeys, infra/policies/adoption-counters.ts).
 */
export const COUNTER_PK_PREFIX = "counters#";
export const MARKER_PK_PREFIX = "passkey-user#";
export const counterPk = (shard: number): string => COUNTER_PK_PREFIX + shard;
export const TOTAL_SK = "total";
export const MARKER_SK = "first-passkey-login";
export const markerPk = (username: string): string => MARKER_PK_PREFIX + sha256Hex(username);
/**
 * Attribute names of the day items and the total item (the readers use this table; the writers below spell the
 * names out, so that a trigger bundles only the names it writes).
 */
export const ATTR = {
  passkeyLogins: "passkeyLogins",
  logins: "logins",
  passkeysAdded: "passkeysAdded",
  passkeyUsers: "passkeyUsers",
  failurePrefix: "fail#",
  newUsersPrefix: "new#",
} as const;

/** The UTC day of a time in milliseconds, `YYYY-MM-DD`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export type CountOutcome =
  /** Written. */
  | "counted"
  /** countFirstPasskeyLogin for a user who already has a marker: nothing else written. */
  | "not_first"
  /** No table configured: nothing sent. */
  | "disabled"
  /** Failed: `adoption_<reason>` (e.g. adoption_timeout, adoption_provisioned_throughput_exceeded_exception). */
  | `adoption_${string}`;

/** Where and how counts are written; built once per container (counterTargetFromEnv). */
export interface CounterTarget {
  /** AGGREGATES_TABLE; undefined disables every write. */
  readonly table: string | undefined;
  readonly endpoint: AwsEndpoint | undefined;
  readonly shards: number;
  /** The budget of one invocation's writes. */
  readonly timeoutMs: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly post?: Post;
}

// The count functions below are separate exports so that each trigger bundles only what it calls (define and
// verify must stay under 6 kB gzipped). Each never rejects: a failure is returned and logged to `log` (event
// `adoption_count`, a code only).

/** A passkey login that issued tokens (one UpdateItem). */
export const countPasskeyLogin = (target: CounterTarget, log?: Logger): Promise<CountOutcome> =>
  count(target, log, "passkeyLogins");

/** A failed passkey login attempt, by reason code, e.g. `verification_failed:user_mismatch` (one UpdateItem). */
export const countPasskeyLoginFailure = (target: CounterTarget, reason: string, log?: Logger): Promise<CountOutcome> =>
  count(target, log, "fail#" + safeCode(reason));

/** Any successful login, from the post-authentication trigger (one UpdateItem). */
export const countLogin = (target: CounterTarget, log?: Logger): Promise<CountOutcome> => count(target, log, "logins");

/** A passkey enrolment, from post-append (one UpdateItem). */
export const countPasskeyAdded = (target: CounterTarget, log?: Logger): Promise<CountOutcome> =>
  count(target, log, "passkeysAdded");

/**
 * A conditional PutItem of the user's marker; only when it did not exist yet (the user's first passkey login) one
 * UpdateItem counts them in the day's and the cumulative users. Idempotent: a user is counted once, ever.
 */
export const countFirstPasskeyLogin = (target: CounterTarget, username: string, log?: Logger): Promise<CountOutcome> =>
  run(target, log, async (send, day) => {
    try {
      await send("PutItem", {
        Item: { pk: { S: markerPk(username) }, sk: { S: MARKER_SK }, day: { S: day } },
        ConditionExpression: "attribute_not_exists(pk)",
      });
    } catch (error) {
      if ((error as HttpError).reason === "ConditionalCheckFailedException") return "not_first";
      throw error;
    }
    return add(target, send, TOTAL_SK, "passkeyUsers", "new#" + day);
  });

/** One DynamoDB request, within what is left of the invocation's budget. */
type Send = (operation: string, body: Record<string, unknown>) => Promise<unknown>;

/** One UpdateItem adding 1 to each of `names` on (a random shard, sk). */
async function add(target: CounterTarget, send: Send, sk: string, ...names: string[]): Promise<CountOutcome> {
  const shard = Math.floor((target.random ?? Math.random)() * target.shards) % target.shards;
  await send("UpdateItem", {
    Key: { pk: { S: counterPk(shard) }, sk: { S: sk } },
    UpdateExpression: "ADD " + names.map((_, i) => `#${i} :one`).join(", "),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#${i}`, name])),
    ExpressionAttributeValues: { ":one": { N: "1" } },
  });
  return "counted";
}

const count = (target: CounterTarget, log: Logger | undefined, name: string) =>
  run(target, log, (send, day) => add(target, send, day, name));

/** Runs one invocation's writes within target.timeoutMs; never rejects. */
async function run(
  target: CounterTarget,
  log: Logger | undefined,
  write: (send: Send, day: string) => Promise<CountOutcome>,
): Promise<CountOutcome> {
  const { table, endpoint } = target;
  if (!table) return "disabled";
  const now = target.now ?? Date.now;
  const started = now();
  const send: Send = (operation, body) =>
    callAwsJson(
      {
        endpoint: endpoint!,
        service: "dynamodb",
        target: "DynamoDB_20120810." + operation,
        jsonVersion: "1.0",
        body: { TableName: table, ...body },
        timeoutMs: Math.max(1, target.timeoutMs - (now() - started)),
      },
      target.post,
    );
  let outcome: CountOutcome;
  try {
    if (!endpoint) throw new HttpError("config_missing");
    outcome = await write(send, utcDay(started));
  } catch (error) {
    // AWS's error types are CamelCase; log codes are snake_case (ThrottlingException -> throttling_exception).
    const type = error instanceof HttpError ? error.reason.replace(/(?<=[a-z0-9])[A-Z]/g, "_$&") : "error";
    outcome = `adoption_${type.toLowerCase()}`;
    try {
      log?.warn({ event: "adoption_count", outcome: "not_counted", reason: safeCode(outcome) });
    } catch {
      // Counting must never change a login's outcome.
    }
  }
  return outcome;
}

/**
 * The target from the environment: COUNTERS_CONTRACT, and the DynamoDB endpoint and credentials from the standard
 * AWS variables (DYNAMODB_CLIENT_CONTRACT).
 */
export function counterTargetFromEnv(env: Env): CounterTarget {
  const { config } = readPlainConfig(COUNTERS_CONTRACT, env);
  return {
    table: config.aggregatesTable,
    endpoint: awsEndpointFromEnv(env, "DYNAMODB", "dynamodb"),
    shards: config.counterShards,
    timeoutMs: config.counterTimeoutMs,
  };
}
