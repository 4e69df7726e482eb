import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { spawnSync } from "node:child_process";
import { requires } from "../../tools/test/requirements";
import { SsmError } from "../shared/ssm";
import { manualClock, prng } from "../../tools/local/testing";
import {
  createSettingsReader,
  LOGIN_SETTINGS_ALLOWED_PATTERN,
  parseLoginSettings,
  type SettingsResult,
} from "./settings";

const CANONICAL: [string, { passkeyFirst: boolean; killSwitch: boolean }][] = [];
for (const passkeyFirst of [false, true]) {
  for (const killSwitch of [false, true]) {
    const value = { passkeyFirst, killSwitch };
    CANONICAL.push([JSON.stringify(value), value]);
    // Terraform's jsonencode sorts keys: the module's initial value comes in this order.
    CANONICAL.push([JSON.stringify({ killSwitch, passkeyFirst }), value]);
  }
}

/** Whitespace variants a person may type in the console in an emergency. */
const WHITESPACE_VARIANTS = [
  '{"passkeyFirst": false, "killSwitch": true}',
  ' { "passkeyFirst" : true ,\n  "killSwitch" : false }\n',
  '{\r\n\t"killSwitch": true,\r\n\t"passkeyFirst": true\r\n}',
  `{"passkeyFirst": false,${" ".repeat(16)}"killSwitch": false}`,
];

/** Values that must be refused, and so mean kill switch ON. */
const REFUSED = [
  "",
  "not json",
  "{oops",
  "null",
  "true",
  "[]",
  "{}",
  '{"killSwitch": true}',
  '{"passkeyFirst": true}',
  '{"killSwitch": "true", "passkeyFirst": false}',
  '{"killSwitch": 1, "passkeyFirst": false}',
  '{"killSwitch": True, "passkeyFirst": false}',
  '{"killSwitch": null, "passkeyFirst": false}',
  '{"passkeyFirst": "yes", "killSwitch": false}',
  '{"passkeyFirst": false, "killSwitch": false, "extra": 1}',
  '{"passkeyFirst": false, "killSwitch": false,}',
  '{"passkeyFirst": false, "killSwitch": false, "killSwitch": true}',
  '{"killSwitch": false, "killSwitch": false}',
  '{"kill\\u0053witch": false, "passkeyFirst": false}',
  '{"KillSwitch": false, "passkeyFirst": false}',
  "{'killSwitch': false, 'passkeyFirst': false}",
  '{"passkeyFirst": false, "killSwitch": false}}',
  '{"passkeyFirst": false, "killSwitch": false} x',
  '[{"passkeyFirst": false, "killSwitch": false}]',
  '{"settings": {"passkeyFirst": false, "killSwitch": false}}',
  '\u00a0{"passkeyFirst": false, "killSwitch": false}',
  '{"passkeyFirst": false,\u2028"killSwitch": false}',
  '{"passkeyFirst": false,\f"killSwitch": false}',
  '{"passkeyFirst": false,\v"killSwitch": false}',
  '\ufeff{"passkeyFirst": false, "killSwitch": false}',
  `{"passkeyFirst": false,${" ".repeat(17)}"killSwitch": false}`,
  `{"passkeyFirst": false, "killSwitch": false}${" ".repeat(5000)}`,
];

/** Seeded single-character mutations of canonical values: near misses the pattern and the parser must agree on. */
function mutations(count: number, seed: number): string[] {
  const rand = prng(seed);
  const alphabet = ['"', "{", "}", ",", ":", " ", "\n", "\t", "t", "f", "e", "1", "\\", "k", "S", "\u00a0"];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = CANONICAL[Math.floor(rand() * CANONICAL.length)]![0];
    const at = Math.floor(rand() * (base.length + 1));
    const ch = alphabet[Math.floor(rand() * alphabet.length)]!;
    const kind = rand();
    if (kind < 0.34) out.push(base.slice(0, at) + ch + base.slice(at));
    else if (kind < 0.67) out.push(base.slice(0, at) + base.slice(at + 1));
    else out.push(base.slice(0, at) + ch + base.slice(at + 1));
  }
  return out;
}

const CORPUS = [...CANONICAL.map(([raw]) => raw), ...WHITESPACE_VARIANTS, ...REFUSED, ...mutations(2000, 20261121)];

describe("the login settings value: exactly {passkeyFirst: bool, killSwitch: bool}", () => {
  it("accepts the four canonical values, in either key order", () => {
    for (const [raw, value] of CANONICAL) assert.deepEqual(parseLoginSettings(raw), value, raw);
  });

  it("accepts up to 16 JSON whitespace characters (space, tab, CR, LF) around every token", () => {
    assert.deepEqual(parseLoginSettings(WHITESPACE_VARIANTS[0]), { passkeyFirst: false, killSwitch: true });
    assert.deepEqual(parseLoginSettings(WHITESPACE_VARIANTS[1]), { passkeyFirst: true, killSwitch: false });
    assert.deepEqual(parseLoginSettings(WHITESPACE_VARIANTS[2]), { passkeyFirst: true, killSwitch: true });
    assert.deepEqual(parseLoginSettings(WHITESPACE_VARIANTS[3]), { passkeyFirst: false, killSwitch: false });
  });

  it("refuses a missing or extra key, a duplicate or escaped key, a non-boolean, other whitespace and trailing text", () => {
    for (const raw of REFUSED) assert.equal(parseLoginSettings(raw), undefined, JSON.stringify(raw));
    for (const raw of [undefined, null, 1, {}, { killSwitch: false, passkeyFirst: false }]) {
      assert.equal(parseLoginSettings(raw), undefined);
    }
  });

  it("agrees with LOGIN_SETTINGS_ALLOWED_PATTERN (what SSM enforces at write time) on every input of the corpus", () => {
    const pattern = new RegExp(LOGIN_SETTINGS_ALLOWED_PATTERN);
    let accepted = 0;
    for (const raw of CORPUS) {
      assert.equal(parseLoginSettings(raw) !== undefined, pattern.test(raw), JSON.stringify(raw));
      if (pattern.test(raw)) accepted++;
    }
    assert.ok(accepted > CANONICAL.length + WHITESPACE_VARIANTS.length, "the mutations include accepted values too");
  });

  it("is a pattern Terraform and SSM can carry: no template sequence, no capture group, at most 1024 characters", () => {
    assert.ok(LOGIN_SETTINGS_ALLOWED_PATTERN.length <= 1024, "SSM's AllowedPattern limit");
    assert.doesNotMatch(LOGIN_SETTINGS_ALLOWED_PATTERN, /\$\{|%\{/);
    assert.doesNotMatch(LOGIN_SETTINGS_ALLOWED_PATTERN, /\((?!\?:)/, "only non-capturing groups");
    assert.match(LOGIN_SETTINGS_ALLOWED_PATTERN, /^\^.*\$$/s, "anchored at both ends");
  });

  it("means the same in Terraform's regex() (RE2) as in JavaScript, on the whole corpus", (t) => {
    if (requires("terraform").skip(t)) return;
    const dir = mkdtempSync(path.join(tmpdir(), "login-settings-re2-"));
    try {
      writeFileSync(path.join(dir, "corpus.json"), JSON.stringify(CORPUS));
      writeFileSync(path.join(dir, "pattern.json"), JSON.stringify(LOGIN_SETTINGS_ALLOWED_PATTERN));
      const expression =
        'jsonencode([for s in jsondecode(file("corpus.json")) : can(regex(jsondecode(file("pattern.json")), s))])';
      const run = spawnSync("terraform", ["console", "-no-color"], {
        cwd: dir,
        input: expression,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      });
      assert.equal(run.status, 0, run.stderr);
      const re2 = JSON.parse(JSON.parse(run.stdout.trim())) as boolean[];
      const js = new RegExp(LOGIN_SETTINGS_ALLOWED_PATTERN);
      assert.deepEqual(
        re2,
        CORPUS.map((raw) => js.test(raw)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const ON = { killSwitch: true, passkeyFirst: false };

function reader(opts: {
  values: (string | Error)[];
  whenUnreadable?: boolean;
  ttlMs?: number;
  retryMs?: number;
  name?: string | undefined;
}) {
  const clock = manualClock();
  const reads: string[] = [];
  let i = 0;
  const read = createSettingsReader({
    parameterName: "name" in opts ? opts.name : "/passkeys/login-settings",
    ttlMs: opts.ttlMs ?? 30_000,
    retryMs: opts.retryMs ?? 2000,
    killSwitchWhenUnreadable: opts.whenUnreadable ?? true,
    now: clock.now,
    readParameter: async (name) => {
      reads.push(name);
      const v = opts.values[Math.min(i++, opts.values.length - 1)]!;
      if (v instanceof Error) throw v;
      return v;
    },
  });
  return { read, reads, clock };
}

describe("login settings reader: the kill switch fails safe", () => {
  it("reads the parameter once per cache TTL", async () => {
    const { read, reads, clock } = reader({
      values: ['{"passkeyFirst": false, "killSwitch": false}', '{"passkeyFirst": false, "killSwitch": true}'],
    });
    assert.deepEqual(await read(), { settings: { killSwitch: false, passkeyFirst: false }, source: "parameter" });
    clock.advance(29_999);
    assert.equal((await read()).settings.killSwitch, false);
    assert.equal(reads.length, 1);
    clock.advance(1);
    assert.deepEqual(await read(), { settings: { killSwitch: true, passkeyFirst: false }, source: "parameter" });
    assert.equal(reads.length, 2);
  });

  for (const raw of ['{"killSwitch": "true", "passkeyFirst": false}', "{oops", '{"killSwitch": false}', ""]) {
    it(`turns the kill switch ON for an invalid stored value (${JSON.stringify(raw)}), even right after an OFF`, async () => {
      const { read, clock } = reader({ values: ['{"passkeyFirst": true, "killSwitch": false}', raw] });
      assert.equal((await read()).settings.killSwitch, false);
      clock.advance(30_000);
      assert.deepEqual(await read(), { settings: ON, source: "invalid_value", problem: "settings_invalid" });
    });
  }

  it("turns the kill switch ON when a fresh instance's first read is throttled", async () => {
    const { read } = reader({ values: [new SsmError("ssm_throttled")] });
    assert.deepEqual(await read(), { settings: ON, source: "unreadable_default", problem: "ssm_throttled" });
  });

  it("keeps it OFF for a fresh instance that cannot read only when configured so (kill_switch_when_settings_unreadable = false)", async () => {
    const { read } = reader({ values: [new SsmError("ssm_timeout")], whenUnreadable: false });
    assert.deepEqual(await read(), {
      settings: { killSwitch: false, passkeyFirst: false },
      source: "unreadable_default",
      problem: "ssm_timeout",
    });
  });

  for (const killSwitch of [false, true]) {
    it(`keeps the last value read (killSwitch ${killSwitch}) when a later read fails, whatever the unreadable default`, async () => {
      for (const whenUnreadable of [false, true]) {
        const stored = JSON.stringify({ passkeyFirst: true, killSwitch });
        const { read, clock } = reader({ values: [stored, new SsmError("ssm_not_found")], whenUnreadable });
        await read();
        clock.advance(30_000);
        assert.deepEqual(await read(), {
          settings: { killSwitch, passkeyFirst: true },
          source: "last_known",
          problem: "ssm_not_found",
        });
      }
    });
  }

  it("keeps the switch ON when the last value read was invalid and the next read fails", async () => {
    const { read, clock } = reader({ values: ["{oops", new SsmError("ssm_timeout")], whenUnreadable: false });
    await read();
    clock.advance(30_000);
    assert.deepEqual(await read(), { settings: ON, source: "last_known", problem: "ssm_timeout" });
  });

  it("reports a non-SSM error as settings_unreadable", async () => {
    const { read } = reader({ values: [new Error("boom")] });
    assert.equal((await read()).problem, "settings_unreadable");
  });

  it("treats a missing LOGIN_SETTINGS_PARAMETER as unreadable (ON by default), without any SSM call", async () => {
    for (const whenUnreadable of [true, false]) {
      const { read, reads } = reader({ values: ["{}"], name: undefined, whenUnreadable });
      assert.deepEqual(await read(), {
        settings: { killSwitch: whenUnreadable, passkeyFirst: false },
        source: "unreadable_default",
        problem: "settings_not_configured",
      });
      assert.equal(reads.length, 0);
    }
  });

  it("retries a failed read after the short back-off, not after the cache TTL", async () => {
    const { read, reads, clock } = reader({
      values: [new SsmError("ssm_throttled"), '{"passkeyFirst": false, "killSwitch": false}'],
      retryMs: 2000,
    });
    assert.equal((await read()).settings.killSwitch, true);
    clock.advance(1999);
    assert.equal((await read()).settings.killSwitch, true);
    assert.equal(reads.length, 1);
    clock.advance(1);
    assert.deepEqual(await read(), { settings: { killSwitch: false, passkeyFirst: false }, source: "parameter" });
    assert.equal(reads.length, 2);
  });

  it("during an outage reads at most once per back-off period, however many logins arrive", async () => {
    const { read, reads, clock } = reader({ values: [new SsmError("ssm_timeout")], retryMs: 2000, ttlMs: 0 });
    for (let ms = 0; ms < 10_000; ms += 50) {
      await Promise.all([read(), read(), read()]);
      clock.advance(50);
    }
    assert.equal(reads.length, 5);
  });

  it("shares one in-flight read among concurrent invocations, also when it fails", async () => {
    for (const value of ['{"passkeyFirst": false, "killSwitch": false}', new SsmError("ssm_timeout")]) {
      const { read, reads } = reader({ values: [value] });
      const results: SettingsResult[] = await Promise.all([read(), read(), read()]);
      assert.equal(reads.length, 1);
      assert.equal(new Set(results.map((r) => JSON.stringify(r))).size, 1);
    }
  });
});
