import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addDays,
  buildReport,
  dayCount,
  isDay,
  passkeyUsersAt,
  periodsOf,
  previousFrom,
  sumDays,
  sumPasskeyUsers,
  type DayCounters,
} from "./adoption-logic";

const day = (
  passkeyLogins: number,
  logins: number,
  failures: Record<string, number> = {},
  passkeysAdded = 0,
): DayCounters => ({
  passkeyLogins,
  logins,
  passkeysAdded,
  failures,
});

describe("UTC days", () => {
  it("accepts real calendar days only", () => {
    assert.ok(isDay("2028-02-29"));
    for (const v of ["2026-02-29", "2026-13-01", "2026-1-01", "2026-01-01T00:00:00Z", "", "20260101"])
      assert.ok(!isDay(v), v);
  });

  it("counts and shifts days across month, year and leap-day boundaries", () => {
    assert.equal(addDays("2028-02-28", 1), "2028-02-29");
    assert.equal(addDays("2026-12-31", 1), "2027-01-01");
    assert.equal(addDays("2026-03-01", -1), "2026-02-28");
    assert.equal(dayCount("2026-11-21", "2026-11-21"), 1);
    assert.equal(dayCount("2026-01-01", "2026-12-31"), 365);
    assert.equal(previousFrom("2026-11-08", "2026-11-14"), "2026-11-01", "the 7 days before");
  });
});

describe("periods", () => {
  it("day: one period per day", () => {
    assert.deepEqual(periodsOf("2026-11-29", "2026-12-01", "day"), [
      { start: "2026-11-29", end: "2026-11-29" },
      { start: "2026-11-30", end: "2026-11-30" },
      { start: "2026-12-01", end: "2026-12-01" },
    ]);
  });

  it("week: ISO weeks, Monday to Sunday, the first and last clipped to the range", () => {
    // 2026-11-18 is a Wednesday, 2026-12-02 a Wednesday.
    assert.deepEqual(periodsOf("2026-11-18", "2026-12-02", "week"), [
      { start: "2026-11-18", end: "2026-11-22" },
      { start: "2026-11-23", end: "2026-11-29" },
      { start: "2026-11-30", end: "2026-12-02" },
    ]);
  });

  it("month: calendar months, February of a leap year included", () => {
    assert.deepEqual(periodsOf("2028-01-15", "2028-03-03", "month"), [
      { start: "2028-01-15", end: "2028-01-31" },
      { start: "2028-02-01", end: "2028-02-29" },
      { start: "2028-03-01", end: "2028-03-03" },
    ]);
  });
});

describe("sums over shards", () => {
  it("adds every shard's day item, failures by reason, and ignores other items and junk values", () => {
    const days = sumDays([
      { pk: "counters#0", sk: "2026-11-21", passkeyLogins: 3, logins: 10, "fail#corbado_timeout": 1 },
      { pk: "counters#1", sk: "2026-11-21", passkeyLogins: 4, "fail#corbado_timeout": 2, "fail#kill_switch": 1 },
      { pk: "counters#2", sk: "2026-11-22", passkeysAdded: 2 },
      { pk: "counters#0", sk: "total", passkeyUsers: 99 },
      { pk: "counters#3", sk: "2026-11-21", passkeyLogins: -5, logins: "x" },
    ]);
    assert.deepEqual(Object.fromEntries(days), {
      "2026-11-21": day(7, 10, { corbado_timeout: 3, kill_switch: 1 }),
      "2026-11-22": day(0, 0, {}, 2),
    });
  });

  it("adds the shards' passkey users and new users per day; users at a day exclude later first logins", () => {
    const users = sumPasskeyUsers([
      { sk: "total", passkeyUsers: 5, "new#2026-11-20": 2, "new#2026-11-22": 3 },
      { sk: "total", passkeyUsers: 2, "new#2026-11-22": 1, "new#2026-11-23": 1 },
    ]);
    assert.equal(users.total, 7);
    assert.deepEqual(Object.fromEntries(users.newByDay), { "2026-11-20": 2, "2026-11-22": 4, "2026-11-23": 1 });
    assert.equal(passkeyUsersAt(users, "2026-11-23"), 7);
    assert.equal(passkeyUsersAt(users, "2026-11-22"), 6);
    assert.equal(passkeyUsersAt(users, "2026-11-21"), 2);
    assert.equal(passkeyUsersAt(users, "2026-11-19"), 0);
  });
});

describe("the adoption report", () => {
  const days = new Map<string, DayCounters>([
    // previous week: 2026-11-09 .. 2026-11-15
    ["2026-11-10", day(10, 100, { corbado_timeout: 10 })],
    // this week: 2026-11-16 .. 2026-11-22, with a gap on the 17th
    ["2026-11-16", day(20, 50, { "verification_failed:user_mismatch": 2 }, 5)],
    ["2026-11-18", day(30, 50, {}, 1)],
  ]);
  const users = sumPasskeyUsers([
    { passkeyUsers: 40, "new#2026-11-10": 10, "new#2026-11-16": 15, "new#2026-11-30": 5 },
  ]);
  const report = (passwordLoginsCounted: boolean, poolSize: number | null = 100) =>
    buildReport({
      from: "2026-11-16",
      to: "2026-11-22",
      granularity: "day",
      days,
      users,
      passwordLoginsCounted,
      poolSize,
    });

  it("gives every day of the range, a gap as zeros", () => {
    const r = report(true);
    assert.equal(r.periods.length, 7);
    assert.deepEqual(r.periods[1], {
      start: "2026-11-17",
      end: "2026-11-17",
      passkeyLogins: 0,
      passkeyLoginFailures: { total: 0, byReason: {} },
      passwordLogins: 0,
      passkeysAdded: 0,
      newPasskeyUsers: 0,
    });
    assert.deepEqual(r.periods[0], {
      start: "2026-11-16",
      end: "2026-11-16",
      passkeyLogins: 20,
      passkeyLoginFailures: { total: 2, byReason: { "verification_failed:user_mismatch": 2 } },
      passwordLogins: 30,
      passkeysAdded: 5,
      newPasskeyUsers: 15,
    });
  });

  it("sums a week into one period", () => {
    const r = buildReport({
      from: "2026-11-16",
      to: "2026-11-22",
      granularity: "week",
      days,
      users,
      passwordLoginsCounted: true,
      poolSize: 100,
    });
    assert.equal(r.periods.length, 1);
    assert.deepEqual(
      [r.periods[0]!.passkeyLogins, r.periods[0]!.passwordLogins, r.periods[0]!.passkeysAdded],
      [50, 50, 6],
    );
  });

  it("computes the headline figures and their change against the same number of days before", () => {
    const { headline } = report(true);
    assert.deepEqual(headline.passkeyShare, { value: 0.5, previous: 0.1, change: 0.4 });
    assert.deepEqual(headline.failureRate, { value: 2 / 52, previous: 0.5, change: 2 / 52 - 0.5 });
    // 40 passkey users in total, 5 of whom had their first passkey login after the range.
    assert.deepEqual(headline.passkeyUsersShare, {
      value: 0.35,
      previous: 0.2,
      change: 0.35 - 0.2,
      passkeyUsers: 35,
      poolSize: 100,
    });
  });

  it("says unknown (null) for password logins and the passkey share when post-authentication is not counted", () => {
    const r = report(false);
    assert.ok(r.periods.every((p) => p.passwordLogins === null));
    assert.deepEqual(r.headline.passkeyShare, { value: null, previous: null, change: null });
    assert.equal(r.passwordLoginsCounted, false);
    assert.equal(r.headline.failureRate.value, 2 / 52, "the other figures do not depend on it");
  });

  it("says unknown for ratios without a denominator (no logins, no pool size)", () => {
    const empty = buildReport({
      from: "2026-01-01",
      to: "2026-01-07",
      granularity: "day",
      days: new Map(),
      users: sumPasskeyUsers([]),
      passwordLoginsCounted: true,
      poolSize: 0,
    });
    assert.deepEqual(empty.headline.passkeyShare, { value: null, previous: null, change: null });
    assert.deepEqual(empty.headline.failureRate, { value: null, previous: null, change: null });
    assert.equal(empty.headline.passkeyUsersShare.value, null);
    assert.equal(empty.headline.passkeyUsersShare.poolSize, null);
  });
});
