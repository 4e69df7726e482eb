// Believable demo data for the local stack, computed (no I/O) from a seed number and a start time, so the same seed
// always gives the same data: 1,000 pool users with a realistic mix of statuses, MFA and phone numbers; passkeys at
// Corbado for a share of them, added over a 90-day rollout; and 90 days of adoption counters consistent with both
// (the same passkey users, their first passkey logins, the passkeys added), with a weekday pattern and one day of a
// Corbado outage (a failure spike). local-stack.ts writes it: the pool's store file, DynamoDB in batches, Corbado's store.
import { createHash } from "node:crypto";
import { addDays } from "../../../functions/admin-api/adoption-logic";
import { utcDay } from "../../../functions/shared/adoption-counters";
import type { PoolUser } from "../cognito-pool";
import { AUTHENTICATORS, specTime, type StoredPasskey } from "../corbado-store";
import { prng } from "../testing";

export interface DemoUser {
  email: string;
  username: string;
  /** What to try with this user (the summary prints it). */
  purpose: string;
}

/** The users the summary names, first in the pool: confirmed, no MFA, no passkey yet. */
export const DEMO_USERS: readonly { email: string; purpose: string; attributes?: Record<string, string> }[] = [
  {
    email: "demo.user@example.com",
    purpose: "password login, then add a passkey, list and delete it, and log in with it",
  },
  {
    email: "sms.user@example.com",
    purpose:
      "has a verified phone: adding a passkey makes SMS MFA preferred (post-append), so the next password login asks for a code",
    attributes: { phone_number: "+15555550123", phone_number_verified: "true" },
  },
];

export interface SeedDay {
  day: string;
  /** Every successful login (what post-authentication counts). */
  logins: number;
  passkeyLogins: number;
  passkeysAdded: number;
  /** Failed passkey attempts by reason code (as define and verify log them). */
  failures: Record<string, number>;
  /** First passkey logins that day. */
  newPasskeyUsers: number;
}

export interface Seed {
  users: PoolUser[];
  demoUsers: DemoUser[];
  /** Passkeys at Corbado, by Cognito username. */
  passkeys: { identifier: string; displayName: string; passkeys: Partial<StoredPasskey>[] }[];
  /** Users counted as passkey users: their first passkey login's day (before today). */
  passkeyUsers: { username: string; day: string }[];
  /** Oldest first, ending yesterday (today starts empty and fills up as you use the stack). */
  days: SeedDay[];
}

export interface SeedOptions {
  /** Unix ms of the first start: the days end the day before. */
  now: number;
  /** The pool's users, demo users included (default 1,000). */
  userCount?: number;
  /** Days of adoption counters (default 90). */
  dayCount?: number;
  /** Every seeded user's password (printed by the summary). */
  password: string;
  seed?: number;
}

const FIRST = [
  "ada",
  "alan",
  "barbara",
  "claude",
  "donald",
  "edsger",
  "frances",
  "grace",
  "hedy",
  "ivan",
  "jean",
  "john",
  "karen",
  "ken",
  "leslie",
  "linus",
  "margaret",
  "mary",
  "niklaus",
  "radia",
  "robin",
  "shafi",
  "sophie",
  "tim",
  "tony",
  "whitfield",
  "yukihiro",
  "zhang",
  "anita",
  "brian",
  "carol",
  "dennis",
  "elena",
  "fernando",
  "gordon",
  "hal",
  "irene",
  "joan",
  "kathleen",
  "lynn",
];
const LAST = [
  "lovelace",
  "turing",
  "liskov",
  "shannon",
  "knuth",
  "dijkstra",
  "allen",
  "hopper",
  "lamarr",
  "sutherland",
  "sammet",
  "mccarthy",
  "jones",
  "thompson",
  "lamport",
  "torvalds",
  "hamilton",
  "keller",
  "wirth",
  "perlman",
  "milner",
  "goldwasser",
  "wilson",
  "berners-lee",
  "hoare",
  "diffie",
  "matsumoto",
  "wei",
  "borg",
  "kernighan",
  "shaw",
  "ritchie",
  "garcia",
  "corbato",
  "bell",
  "abelson",
  "greif",
  "clarke",
  "booth",
  "conway",
];
const DOMAINS = ["example.com", "example.org", "example.net"];

/** Where passkeys are made, with their authenticator: the mix a consumer site sees. */
const DEVICES: {
  aaguid: string;
  os: string;
  browser: string;
  transport: StoredPasskey["transport"];
  synced: boolean;
  weight: number;
}[] = [
  {
    aaguid: "fbfc3007-154e-4ecc-8c0b-6e020557d7bd",
    os: "iOS 18",
    browser: "Safari 18",
    transport: ["internal", "hybrid"],
    synced: true,
    weight: 34,
  },
  {
    aaguid: "fbfc3007-154e-4ecc-8c0b-6e020557d7bd",
    os: "macOS 15",
    browser: "Safari 18",
    transport: ["internal", "hybrid"],
    synced: true,
    weight: 14,
  },
  {
    aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4",
    os: "Android 15",
    browser: "Chrome 131",
    transport: ["internal", "hybrid"],
    synced: true,
    weight: 26,
  },
  {
    aaguid: "08987058-cadc-4b81-b6e1-30de50dcbe96",
    os: "Windows 11",
    browser: "Edge 131",
    transport: ["internal"],
    synced: false,
    weight: 14,
  },
  {
    aaguid: "bada5566-a7aa-401f-bd96-45619a55120d",
    os: "macOS 15",
    browser: "Firefox 133",
    transport: ["internal", "hybrid"],
    synced: true,
    weight: 7,
  },
  {
    aaguid: "cb69481e-8ff7-4039-93ec-0a2729a154a8",
    os: "Windows 11",
    browser: "Chrome 131",
    transport: ["usb", "nfc"],
    synced: false,
    weight: 5,
  },
];

const DAY_MS = 86_400_000;
const WEEKDAY_FACTOR = [0.5, 1, 1.04, 1.02, 0.98, 0.9, 0.55]; // Sunday first (getUTCDay)

/** A UUID from the seed's random numbers (v4-shaped), so usernames are stable for a seed. */
function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((Math.floor(rand() * 4) + 8) as number).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function weighted<T extends { weight: number }>(rand: () => number, items: readonly T[]): T {
  let r = rand() * items.reduce((n, i) => n + i.weight, 0);
  for (const item of items) if ((r -= item.weight) < 0) return item;
  return items.at(-1)!;
}

/** A count around `mean` (±`spread` relative), never below zero. */
const around = (rand: () => number, mean: number, spread = 0.08): number =>
  Math.max(0, Math.round(mean * (1 + (rand() * 2 - 1) * spread)));

/** The rollout's S-curve: the share of eventual passkey users who have one by day d (0..days-1). */
const rollout = (d: number, days: number): number => 1 / (1 + Math.exp(-(d - days * 0.55) / (days * 0.12)));

export function buildSeed(options: SeedOptions): Seed {
  const rand = prng(options.seed ?? 20_261_202);
  const userCount = options.userCount ?? 1000;
  const dayCount = options.dayCount ?? 90;
  const today = utcDay(options.now);
  const firstDay = addDays(today, -dayCount);
  const dayStart = (d: number) => Date.parse(`${addDays(firstDay, d)}T00:00:00Z`);
  const users: PoolUser[] = [];
  const emails = new Set<string>();

  const attributes = (username: string, email: string, extra: Record<string, string> = {}) => ({
    sub: username,
    email,
    email_verified: "true",
    ...extra,
  });
  const demo = (email: string, purpose: string, extra: Record<string, string> = {}): DemoUser => {
    const username = uuid(rand);
    const [given, family] = email.split("@")[0]!.split(".");
    users.push({
      username,
      password: options.password,
      attributes: attributes(username, email, {
        given_name: cap(given!),
        family_name: cap(family ?? "user"),
        ...extra,
      }),
      enabled: true,
      status: "CONFIRMED",
      created: options.now - 400 * DAY_MS,
    });
    emails.add(email);
    return { email, username, purpose };
  };
  const demoUsers = DEMO_USERS.map((u) => demo(u.email, u.purpose, u.attributes));

  // Everyone else: mostly confirmed, some never confirmed, some with a temporary or reset password, a few disabled.
  const candidates: PoolUser[] = [];
  while (users.length < userCount) {
    const given = pick(rand, FIRST);
    const family = pick(rand, LAST);
    let email = `${given}.${family}@${pick(rand, DOMAINS)}`;
    for (let n = 2; emails.has(email); n++) email = `${given}.${family}${n}@${email.split("@")[1]}`;
    emails.add(email);
    const username = uuid(rand);
    const r = rand();
    const status: PoolUser["status"] =
      r < 0.88 ? "CONFIRMED" : r < 0.94 ? "UNCONFIRMED" : r < 0.985 ? "FORCE_CHANGE_PASSWORD" : "RESET_REQUIRED";
    const hasPhone = rand() < 0.45;
    const phoneVerified = hasPhone && status === "CONFIRMED" && rand() < 0.85;
    const extra: Record<string, string> = { given_name: cap(given), family_name: cap(family) };
    if (hasPhone) {
      extra.phone_number = `+1555${String(Math.floor(rand() * 1e7)).padStart(7, "0")}`;
      extra.phone_number_verified = String(phoneVerified);
    }
    const user: PoolUser = {
      username,
      password: options.password,
      attributes: { ...attributes(username, email, extra), email_verified: String(status !== "UNCONFIRMED") },
      enabled: rand() >= 0.03,
      status,
      created: options.now - Math.floor(Math.pow(rand(), 0.7) * 730 * DAY_MS),
    };
    if (status === "CONFIRMED") {
      const m = rand();
      if (phoneVerified && m < 0.22) user.mfa = ["SMS_MFA"];
      else if (m > 0.94) user.mfa = ["SOFTWARE_TOKEN_MFA"];
    }
    users.push(user);
    if (status === "CONFIRMED" && user.enabled) candidates.push(user);
  }

  // About 30% of active users adopt passkeys over the rollout: the day of their first passkey follows the S-curve.
  const adopters = candidates.filter(() => rand() < 0.3);
  const firstLoginDay = new Map<string, number>();
  const passkeyCreated: number[] = Array.from({ length: dayCount }, () => 0);
  const passkeys: Seed["passkeys"] = [];
  for (const user of adopters) {
    const target = rand();
    let d = 0;
    while (d < dayCount - 1 && rollout(d, dayCount) < target) d++;
    const created = dayStart(d) + Math.floor(rand() * DAY_MS);
    const list: Partial<StoredPasskey>[] = [passkeyOf(rand, created, options.now)];
    passkeyCreated[d]!++;
    if (rand() < 0.2 && d < dayCount - 2) {
      const second = d + 1 + Math.floor(rand() * (dayCount - d - 1));
      list.push(passkeyOf(rand, dayStart(second) + Math.floor(rand() * DAY_MS), options.now));
      passkeyCreated[second]!++;
    }
    passkeys.push({ identifier: user.username, displayName: user.attributes.email!, passkeys: list });
    // Most log in with it the same day or soon after; a few never did (they count as passkeys, not passkey users).
    if (rand() < 0.93) {
      const first = Math.min(dayCount - 1, d + (rand() < 0.7 ? 0 : 1 + Math.floor(rand() * 5)));
      firstLoginDay.set(user.username, first);
    }
  }

  const active = candidates.length;
  const outage = Math.round(dayCount * 0.74);
  const days: SeedDay[] = [];
  let passkeyUsersSoFar = 0;
  for (let d = 0; d < dayCount; d++) {
    const day = addDays(firstDay, d);
    const newPasskeyUsers = [...firstLoginDay.values()].filter((v) => v === d).length;
    passkeyUsersSoFar += newPasskeyUsers;
    const weekday = WEEKDAY_FACTOR[new Date(`${day}T00:00:00Z`).getUTCDay()]!;
    let passkeyLogins = Math.max(newPasskeyUsers, around(rand, passkeyUsersSoFar * 0.42 * weekday, 0.1));
    const passwordLogins = around(rand, (active - passkeyUsersSoFar) * 0.27 * weekday);
    const failures: Record<string, number> = {};
    const add = (reason: string, n: number) => {
      if (n > 0) failures[reason] = (failures[reason] ?? 0) + n;
    };
    const attempts = passkeyLogins;
    add("verification_failed:invalid_challenge", around(rand, attempts * 0.012, 0.6));
    add("verification_failed:user_mismatch", rand() < 0.15 ? 1 : 0);
    add("answer_not_jwt", rand() < 0.1 ? 1 : 0);
    add("corbado_timeout", rand() < 0.05 ? 1 : 0);
    if (d === outage) {
      // A Corbado outage: timeouts and 503s for a few hours, and fewer passkey logins that day.
      add("corbado_timeout", around(rand, passkeyLogins * 0.3, 0.2));
      add("corbado_http_503", around(rand, passkeyLogins * 0.12, 0.2));
      passkeyLogins = Math.max(newPasskeyUsers, Math.round(passkeyLogins * 0.65));
    }
    days.push({
      day,
      logins: passwordLogins + passkeyLogins,
      passkeyLogins,
      passkeysAdded: passkeyCreated[d]!,
      failures,
      newPasskeyUsers,
    });
  }
  const passkeyUsers = [...firstLoginDay].map(([username, d]) => ({ username, day: addDays(firstDay, d) }));
  return { users, demoUsers, passkeys, passkeyUsers, days };
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function passkeyOf(rand: () => number, created: number, now: number): Partial<StoredPasskey> {
  const device = weighted(rand, DEVICES);
  const lastUsed = Math.min(now - 3600_000, created + Math.floor(rand() * (now - created)));
  return {
    id: `cre-${digitsOf(rand, 19)}`,
    credentialID: createHash("sha256").update(String(rand())).digest("base64url").slice(0, 22),
    transport: device.transport,
    backupEligible: device.synced,
    backupState: device.synced,
    authenticatorAAGUID: device.aaguid,
    sourceOS: device.os,
    sourceBrowser: device.browser,
    created: specTime(created),
    lastUsed: specTime(Math.max(created, lastUsed)),
    aaguidDetails: { name: AUTHENTICATORS[device.aaguid] ?? "Passkey", iconLight: "", iconDark: "" },
  };
}

function digitsOf(rand: () => number, n: number): string {
  return Array.from({ length: n }, (_, i) => String(Math.floor(rand() * (i === 0 ? 9 : 10)) + (i === 0 ? 1 : 0))).join(
    "",
  );
}
