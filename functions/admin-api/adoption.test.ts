/**
 * Adoption end to end against dynalite: the auth path's writers (../shared/adoption-counters) count, the API reads
 * and sums the shards. A page load costs one Query per shard, one BatchGetItem and one DescribeUserPool, whatever
 * the number of users, and never lists the pool.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  countFirstPasskeyLogin,
  countLogin,
  countPasskeyAdded,
  countPasskeyLogin,
  countPasskeyLoginFailure,
  type CounterTarget,
} from "../shared/adoption-counters";
import { requestApp, startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

const at = (day: string) => () => Date.parse(`${day}T12:00:00Z`);

describe("adoption figures from the counters the auth path writes", () => {
  let stack: AdminTestStack;
  let auditor: string;
  let target: (day: string) => CounterTarget;

  before(async () => {
    stack = await startAdminTestStack({ env: { COUNTER_SHARDS: "5", PASSWORD_LOGINS_COUNTED: "true" } });
    stack.cognito.estimatedNumberOfUsers = 200;
    auditor = stack.token({ groups: ["auditors"] });
    target = (day) => ({
      table: stack.tables.aggregates,
      endpoint: stack.db.endpoint,
      shards: 5,
      timeoutMs: 5000,
      now: at(day),
    });
    // Previous week (2026-11-09 .. 15) and this week (2026-11-16 .. 22), with a gap on the 17th.
    const writes: Promise<unknown>[] = [];
    const times = (n: number, write: () => Promise<unknown>) => {
      for (let i = 0; i < n; i++) writes.push(write());
    };
    times(10, () => countPasskeyLogin(target("2026-11-10")));
    times(40, () => countLogin(target("2026-11-10")));
    times(10, () => countPasskeyLoginFailure(target("2026-11-10"), "corbado_timeout"));
    times(30, () => countPasskeyLogin(target("2026-11-16")));
    times(60, () => countLogin(target("2026-11-16")));
    times(3, () => countPasskeyLoginFailure(target("2026-11-16"), "verification_failed:user_mismatch"));
    times(7, () => countPasskeyAdded(target("2026-11-18")));
    await Promise.all(writes);
    for (const [user, day] of [
      ["u1", "2026-11-10"],
      ["u2", "2026-11-16"],
      ["u3", "2026-11-16"],
      ["u2", "2026-11-18"], // a returning user: not new again
      ["u4", "2026-11-25"], // after the range
    ] as const) {
      await countFirstPasskeyLogin(target(day), user);
    }
  });
  after(() => stack.close());

  const adoption = async (query: string) => {
    const res = await stack.request("GET", `/v1/adoption?${query}`, { token: auditor });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return res.json as {
      periods: Record<string, unknown>[];
      headline: Record<string, Record<string, unknown>>;
      passwordLoginsCounted: boolean;
    };
  };

  it("sums every shard exactly, per day, with the failures by reason and a gap as zeros", async () => {
    const report = await adoption("from=2026-11-16&to=2026-11-22");
    assert.equal(report.passwordLoginsCounted, true);
    assert.deepEqual(report.periods[0], {
      start: "2026-11-16",
      end: "2026-11-16",
      passkeyLogins: 30,
      passkeyLoginFailures: { total: 3, byReason: { "verification_failed:user_mismatch": 3 } },
      passwordLogins: 30,
      passkeysAdded: 0,
      newPasskeyUsers: 2,
    });
    assert.equal(report.periods[1]!.passkeyLogins, 0);
    assert.equal(report.periods[2]!.passkeysAdded, 7);
    assert.equal(report.periods[2]!.newPasskeyUsers, 0, "u2's second first-login attempt did not count");
  });

  it("gives the headline figures against the week before and the pool size from DescribeUserPool", async () => {
    const { headline } = await adoption("from=2026-11-16&to=2026-11-22&granularity=week");
    assert.deepEqual(headline.passkeyShare, { value: 0.5, previous: 0.25, change: 0.25 });
    assert.equal(headline.failureRate!.value, 3 / 33);
    assert.equal(headline.failureRate!.previous, 0.5);
    assert.deepEqual(
      [
        headline.passkeyUsersShare!.passkeyUsers,
        headline.passkeyUsersShare!.poolSize,
        headline.passkeyUsersShare!.value,
      ],
      [3, 200, 3 / 200],
    );
    assert.equal(headline.passkeyUsersShare!.previous, 1 / 200);
  });

  it("reads O(shards) requests for any range and never lists the pool", async () => {
    const before = stack.outbound.length;
    await adoption("from=2025-12-01&to=2026-11-30&granularity=month");
    const targets = stack.outbound.slice(before).map((o) => o.target);
    assert.deepEqual(
      targets.filter((t) => t !== "DynamoDB_20120810.PutItem").sort(),
      [
        "AWSCognitoIdentityProviderService.DescribeUserPool",
        "DynamoDB_20120810.BatchGetItem",
        ...Array<string>(5).fill("DynamoDB_20120810.Query"),
      ].sort(),
    );
  });

  it("says password logins are unknown when post-authentication does not count", async () => {
    const app = stack.appWith({ PASSWORD_LOGINS_COUNTED: "false" });
    const res = await requestApp(app, "GET", "/v1/adoption?from=2026-11-16&to=2026-11-16", { token: auditor });
    const report = res.json as {
      periods: { passwordLogins: unknown }[];
      headline: { passkeyShare: { value: unknown } };
    };
    assert.equal(report.periods[0]!.passwordLogins, null);
    assert.equal(report.headline.passkeyShare.value, null);
  });

  it("stays exact under concurrent increments from many writers (read back through the API)", async () => {
    await Promise.all(Array.from({ length: 250 }, () => countPasskeyLogin(target("2026-10-01"))));
    const report = await adoption("from=2026-10-01&to=2026-10-01");
    assert.equal(report.periods[0]!.passkeyLogins, 250);
  });

  it("defaults to the last 30 days, today included", async () => {
    const report = await adoption("");
    assert.equal(report.periods.length, 30);
    assert.equal(report.periods.at(-1)!.end, new Date().toISOString().slice(0, 10));
  });
});
