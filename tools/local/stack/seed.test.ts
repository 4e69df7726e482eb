/**
 * The demo data is believable and consistent: the mix of users, passkeys and adoption counters agree with each
 * other, and read back through the admin API's own arithmetic the counters written to DynamoDB are the seed's.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays, sumDays, sumPasskeyUsers } from "../../../functions/admin-api/adoption-logic";
import { utcDay } from "../../../functions/shared/adoption-counters";
import { seedItems } from "./local-stack";
import { buildSeed, DEMO_USERS } from "./seed";

const NOW = Date.parse("2026-12-02T10:00:00Z");
const seed = buildSeed({ now: NOW, password: "Demo-Pass-1" });

/** DynamoDB's attribute values as the admin API's fromItem hands them over. */
const plain = (item: Record<string, { S: string } | { N: string }>) =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, "S" in v ? v.S : Number(v.N)]));

describe("the local stack's seed", () => {
  it("is the same for the same seed number and start time", () => {
    const again = buildSeed({ now: NOW, password: "Demo-Pass-1" });
    assert.deepEqual(again.days, seed.days);
    assert.deepEqual(
      again.users.map((u) => u.username),
      seed.users.map((u) => u.username),
    );
  });

  it("holds 1,000 users with unique e-mails, the demo users first, and a realistic mix of statuses and MFA", () => {
    assert.equal(seed.users.length, 1000);
    assert.equal(new Set(seed.users.map((u) => u.attributes.email)).size, 1000);
    assert.deepEqual(
      seed.users.slice(0, DEMO_USERS.length).map((u) => [u.attributes.email, u.status, u.enabled, u.mfa]),
      DEMO_USERS.map((d) => [d.email, "CONFIRMED", true, undefined]),
    );
    const share = (pred: (u: (typeof seed.users)[number]) => boolean) => seed.users.filter(pred).length / 1000;
    assert.ok(share((u) => u.status === "CONFIRMED") > 0.8);
    for (const status of ["UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"] as const) {
      assert.ok(share((u) => u.status === status) > 0, status);
    }
    assert.ok(share((u) => !u.enabled) > 0.01);
    assert.ok(share((u) => u.mfa?.[0] === "SMS_MFA") > 0.03);
    assert.ok(share((u) => u.mfa?.[0] === "SOFTWARE_TOKEN_MFA") > 0.02);
    // SMS MFA only with a verified phone number, as Cognito requires to deliver the code.
    for (const u of seed.users.filter((x) => x.mfa?.[0] === "SMS_MFA"))
      assert.equal(u.attributes.phone_number_verified, "true");
  });

  it("gives passkeys only to confirmed, enabled users, and counts as passkey users only people with a passkey", () => {
    const byName = new Map(seed.users.map((u) => [u.username, u]));
    const share = seed.passkeys.length / seed.users.length;
    assert.ok(share > 0.15 && share < 0.4, `share ${share}`);
    for (const p of seed.passkeys) {
      const user = byName.get(p.identifier)!;
      assert.equal(user.status, "CONFIRMED");
      assert.equal(user.enabled, true);
      assert.equal(p.displayName, user.attributes.email);
    }
    const withPasskeys = new Set(seed.passkeys.map((p) => p.identifier));
    for (const { username } of seed.passkeyUsers) assert.ok(withPasskeys.has(username));
  });

  it("has 90 days ending yesterday, counters that agree with the users, a weekday pattern, growth and a failure spike", () => {
    assert.equal(seed.days.length, 90);
    assert.equal(seed.days.at(-1)!.day, addDays(utcDay(NOW), -1));
    const total = (f: (d: (typeof seed.days)[number]) => number) => seed.days.reduce((n, d) => n + f(d), 0);
    assert.equal(
      total((d) => d.newPasskeyUsers),
      seed.passkeyUsers.length,
    );
    assert.equal(
      total((d) => d.passkeysAdded),
      seed.passkeys.reduce((n, p) => n + p.passkeys.length, 0),
    );
    for (const d of seed.days) assert.ok(d.passkeyLogins <= d.logins && d.newPasskeyUsers <= d.passkeyLogins, d.day);
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const mean = (days: typeof seed.days) => days.reduce((n, d) => n + d.logins, 0) / days.length;
    assert.ok(
      mean(seed.days.filter((d) => weekday(d.day) % 6 === 0)) <
        0.7 * mean(seed.days.filter((d) => weekday(d.day) % 6 !== 0)),
    );
    const early = total((d) => (d.day < seed.days[14]!.day ? d.passkeyLogins : 0));
    const late = seed.days.slice(-14).reduce((n, d) => n + d.passkeyLogins, 0);
    assert.ok(late > 5 * early, `rollout growth: ${early} -> ${late}`);
    const failures = seed.days.map((d) => Object.values(d.failures).reduce((n, v) => n + v, 0));
    const worst = failures.indexOf(Math.max(...failures));
    assert.ok(seed.days[worst]!.failures.corbado_timeout! > 5, "the outage day's failures are Corbado timeouts");
    assert.ok(failures[worst]! > 5 * (failures.reduce((n, v) => n + v, 0) / failures.length));
  });

  it("writes counters that the admin API's arithmetic reads back as the seed's days and passkey users", () => {
    const items = seedItems(seed, 4).map(plain);
    const days = sumDays(items.filter((i) => String(i.pk).startsWith("counters#")));
    for (const d of seed.days) {
      const read = days.get(d.day);
      assert.deepEqual(
        [read?.logins ?? 0, read?.passkeyLogins ?? 0, read?.passkeysAdded ?? 0, read?.failures ?? {}],
        [d.logins, d.passkeyLogins, d.passkeysAdded, d.failures],
        d.day,
      );
    }
    const users = sumPasskeyUsers(items.filter((i) => i.sk === "total"));
    assert.equal(users.total, seed.passkeyUsers.length);
    assert.equal(items.filter((i) => i.sk === "first-passkey-login").length, seed.passkeyUsers.length);
    assert.equal(new Set(items.map((i) => i.pk)).size > 4, true, "the counters are spread over the shards");
  });
});
