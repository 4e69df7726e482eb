/**
 * Pure adoption arithmetic: UTC days, periods, the sum over shards, and the headline figures. No I/O: adoption.ts
 * reads the items. Definitions (docs/admin-api.md, "Adoption data"):
 * - a period is a UTC day, an ISO week (Monday to Sunday) or a calendar month, clipped to [from, to];
 * - a day without items counted nothing (no login, or the writers were not wired or failed): it adds zero;
 * - password logins = logins (post-authentication: every successful login) - passkey logins, per period, never
 *   below zero, and null (unknown) when PASSWORD_LOGINS_COUNTED is off;
 * - passkey users = users with at least one passkey login since install; new passkey users = their first one.
 */
import { ATTR } from "../shared/adoption-counters";

export type Granularity = "day" | "week" | "month";

export interface DayCounters {
  passkeyLogins: number;
  logins: number;
  passkeysAdded: number;
  /** Failed passkey login attempts by reason code. */
  failures: Record<string, number>;
}

export interface PeriodFigures {
  readonly start: string;
  readonly end: string;
  readonly passkeyLogins: number;
  readonly passkeyLoginFailures: { readonly total: number; readonly byReason: Record<string, number> };
  /** Null when password logins are not counted (no post-authentication trigger). */
  readonly passwordLogins: number | null;
  readonly passkeysAdded: number;
  readonly newPasskeyUsers: number;
}

/** A ratio for the range and for the same number of days just before it. */
export interface Headline {
  readonly value: number | null;
  readonly previous: number | null;
  /** value - previous (a difference of ratios, e.g. 0.05 = five percentage points), null if either is null. */
  readonly change: number | null;
}

export interface AdoptionReport {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly passwordLoginsCounted: boolean;
  readonly periods: PeriodFigures[];
  readonly headline: {
    /** Passkey logins / all logins (null when password logins are not counted). */
    readonly passkeyShare: Headline;
    /** Failed passkey attempts / (failed attempts + passkey logins). */
    readonly failureRate: Headline;
    /** Passkey users at the end of the range / the pool's estimated number of users. */
    readonly passkeyUsersShare: Headline & { readonly passkeyUsers: number; readonly poolSize: number | null };
  };
}

const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A valid `YYYY-MM-DD` (a real calendar day). */
export function isDay(value: string): boolean {
  if (!DAY_RE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
}

export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included. */
export const dayCount = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** The periods covering [from, to]; the first and last are clipped to the range. */
export function periodsOf(from: string, to: string, granularity: Granularity): { start: string; end: string }[] {
  const periods: { start: string; end: string }[] = [];
  let start = from;
  while (start <= to) {
    let end: string;
    if (granularity === "day") end = start;
    else if (granularity === "week") {
      const weekday = (new Date(`${start}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 ... Sunday 6
      end = addDays(start, 6 - weekday);
    } else {
      const d = new Date(`${start}T00:00:00Z`);
      end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    }
    if (end > to) end = to;
    periods.push({ start, end });
    start = addDays(end, 1);
  }
  return periods;
}

const count = (value: unknown): number =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0;

/** Sums the day items of every shard (plain values, as aws.ts's fromItem returns them) into one entry per day. */
export function sumDays(items: readonly Record<string, unknown>[]): Map<string, DayCounters> {
  const days = new Map<string, DayCounters>();
  for (const item of items) {
    const day = item.sk;
    if (typeof day !== "string" || !DAY_RE.test(day)) continue;
    let sum = days.get(day);
    if (!sum) days.set(day, (sum = { passkeyLogins: 0, logins: 0, passkeysAdded: 0, failures: {} }));
    sum.passkeyLogins += count(item[ATTR.passkeyLogins]);
    sum.logins += count(item[ATTR.logins]);
    sum.passkeysAdded += count(item[ATTR.passkeysAdded]);
    for (const [name, value] of Object.entries(item)) {
      if (!name.startsWith(ATTR.failurePrefix)) continue;
      const reason = name.slice(ATTR.failurePrefix.length);
      sum.failures[reason] = (sum.failures[reason] ?? 0) + count(value);
    }
  }
  return days;
}

export interface PasskeyUsers {
  /** Passkey users since install (the sum of every shard's cumulative counter). */
  readonly total: number;
  /** First passkey logins per UTC day. */
  readonly newByDay: Map<string, number>;
}

/** Sums the shards' `total` items. */
export function sumPasskeyUsers(items: readonly Record<string, unknown>[]): PasskeyUsers {
  let total = 0;
  const newByDay = new Map<string, number>();
  for (const item of items) {
    total += count(item[ATTR.passkeyUsers]);
    for (const [name, value] of Object.entries(item)) {
      if (!name.startsWith(ATTR.newUsersPrefix)) continue;
      const day = name.slice(ATTR.newUsersPrefix.length);
      if (DAY_RE.test(day)) newByDay.set(day, (newByDay.get(day) ?? 0) + count(value));
    }
  }
  return { total, newByDay };
}

/** Passkey users at the end of `day`: everyone counted so far minus those whose first passkey login came later. */
export function passkeyUsersAt(users: PasskeyUsers, day: string): number {
  let later = 0;
  for (const [d, n] of users.newByDay) if (d > day) later += n;
  return Math.max(0, users.total - later);
}

interface RangeTotals {
  passkeyLogins: number;
  logins: number;
  failures: number;
}

function totals(days: Map<string, DayCounters>, from: string, to: string): RangeTotals {
  const t: RangeTotals = { passkeyLogins: 0, logins: 0, failures: 0 };
  for (const [day, c] of days) {
    if (day < from || day > to) continue;
    t.passkeyLogins += c.passkeyLogins;
    t.logins += c.logins;
    for (const n of Object.values(c.failures)) t.failures += n;
  }
  return t;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? Math.min(1, numerator / denominator) : null;

const headline = (value: number | null, previous: number | null): Headline => ({
  value,
  previous,
  change: value !== null && previous !== null ? value - previous : null,
});

export interface ReportInput {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  /** Day counters covering at least [previousFrom(from, to), to]. */
  readonly days: Map<string, DayCounters>;
  readonly users: PasskeyUsers;
  readonly passwordLoginsCounted: boolean;
  /** DescribeUserPool's EstimatedNumberOfUsers; null or 0: unknown. */
  readonly poolSize: number | null;
}

/** The first day of the comparison range: as many days as [from, to], just before it. */
export const previousFrom = (from: string, to: string): string => addDays(from, -dayCount(from, to));

export function buildReport(input: ReportInput): AdoptionReport {
  const { from, to, days, users, passwordLoginsCounted } = input;
  const periods = periodsOf(from, to, input.granularity).map(({ start, end }): PeriodFigures => {
    const sum: DayCounters = { passkeyLogins: 0, logins: 0, passkeysAdded: 0, failures: {} };
    let newPasskeyUsers = 0;
    for (let day = start; day <= end; day = addDays(day, 1)) {
      const c = days.get(day);
      newPasskeyUsers += users.newByDay.get(day) ?? 0;
      if (!c) continue;
      sum.passkeyLogins += c.passkeyLogins;
      sum.logins += c.logins;
      sum.passkeysAdded += c.passkeysAdded;
      for (const [reason, n] of Object.entries(c.failures)) sum.failures[reason] = (sum.failures[reason] ?? 0) + n;
    }
    return {
      start,
      end,
      passkeyLogins: sum.passkeyLogins,
      passkeyLoginFailures: { total: Object.values(sum.failures).reduce((a, b) => a + b, 0), byReason: sum.failures },
      passwordLogins: passwordLoginsCounted ? Math.max(0, sum.logins - sum.passkeyLogins) : null,
      passkeysAdded: sum.passkeysAdded,
      newPasskeyUsers,
    };
  });
  const prevFrom = previousFrom(from, to);
  const prevTo = addDays(from, -1);
  const now = totals(days, from, to);
  const before = totals(days, prevFrom, prevTo);
  const share = (t: RangeTotals) =>
    passwordLoginsCounted ? ratio(t.passkeyLogins, Math.max(t.logins, t.passkeyLogins)) : null;
  const failureRate = (t: RangeTotals) => ratio(t.failures, t.failures + t.passkeyLogins);
  const poolSize = input.poolSize && input.poolSize > 0 ? input.poolSize : null;
  const usersNow = passkeyUsersAt(users, to);
  const usersBefore = passkeyUsersAt(users, prevTo);
  return {
    from,
    to,
    granularity: input.granularity,
    passwordLoginsCounted,
    periods,
    headline: {
      passkeyShare: headline(share(now), share(before)),
      failureRate: headline(failureRate(now), failureRate(before)),
      passkeyUsersShare: {
        ...headline(poolSize ? ratio(usersNow, poolSize) : null, poolSize ? ratio(usersBefore, poolSize) : null),
        passkeyUsers: usersNow,
        poolSize,
      },
    },
  };
}
