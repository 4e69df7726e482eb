import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SsmError } from "../shared/ssm";
import { manualClock } from "../../tools/local/testing";
import { createSettingsReader, parseLoginSettings } from "./settings";

describe("login settings parameter parsing", () => {
  it("reads passkeyFirst and killSwitch booleans", () => {
    assert.deepEqual(parseLoginSettings('{"passkeyFirst": true, "killSwitch": false}'), {
      passkeyFirst: true,
      killSwitch: false,
    });
    assert.deepEqual(parseLoginSettings('{"killSwitch": true}'), { passkeyFirst: false, killSwitch: true });
  });

  it("rejects anything that is not a JSON object with a boolean killSwitch", () => {
    for (const raw of [
      undefined,
      "",
      "not json",
      "[]",
      "null",
      "true",
      "{}",
      '{"killSwitch": "true"}',
      '{"killSwitch": 1}',
      '{"killSwitch": false, "passkeyFirst": "yes"}',
      JSON.stringify({ killSwitch: false, pad: "x".repeat(5000) }),
    ]) {
      assert.equal(parseLoginSettings(raw), undefined, String(raw));
    }
  });
});

function reader(opts: { values: (string | Error)[]; killSwitchDefault?: boolean; ttlMs?: number; name?: string }) {
  const clock = manualClock();
  const reads: string[] = [];
  let i = 0;
  const read = createSettingsReader({
    parameterName: "name" in opts ? opts.name : "/passkeys/login-settings",
    ttlMs: opts.ttlMs ?? 30_000,
    killSwitchDefault: opts.killSwitchDefault ?? false,
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

describe("login settings reader (cached, falls back without failing the login path)", () => {
  it("uses KILL_SWITCH_DEFAULT when no parameter is configured, without any SSM call", async () => {
    const { read, reads } = reader({ values: ["{}"], killSwitchDefault: true, name: undefined });
    assert.deepEqual(await read(), { settings: { killSwitch: true, passkeyFirst: false }, source: "not_configured" });
    assert.equal(reads.length, 0);
  });

  it("reads the parameter once per cache TTL", async () => {
    const { read, reads, clock } = reader({ values: ['{"killSwitch": false}', '{"killSwitch": true}'] });
    assert.equal((await read()).settings.killSwitch, false);
    clock.advance(29_999);
    assert.equal((await read()).settings.killSwitch, false);
    assert.equal(reads.length, 1);
    clock.advance(1);
    const now = await read();
    assert.equal(now.settings.killSwitch, true);
    assert.equal(now.source, "parameter");
    assert.equal(reads.length, 2);
  });

  it("keeps the last value read when SSM fails later, and says why", async () => {
    const { read, clock } = reader({ values: ['{"killSwitch": true}', new SsmError("ssm_timeout")] });
    await read();
    clock.advance(30_000);
    assert.deepEqual(await read(), {
      settings: { killSwitch: true, passkeyFirst: false },
      source: "last_known",
      problem: "ssm_timeout",
    });
  });

  it("keeps the last value read when the parameter later holds invalid JSON", async () => {
    const { read, clock } = reader({ values: ['{"killSwitch": true}', "{oops"] });
    await read();
    clock.advance(30_000);
    const result = await read();
    assert.equal(result.settings.killSwitch, true);
    assert.equal(result.problem, "settings_invalid");
  });

  it("uses KILL_SWITCH_DEFAULT when the parameter was never read successfully", async () => {
    for (const killSwitchDefault of [true, false]) {
      const { read } = reader({ values: [new SsmError("ssm_not_found")], killSwitchDefault });
      assert.deepEqual(await read(), {
        settings: { killSwitch: killSwitchDefault, passkeyFirst: false },
        source: "default",
        problem: "ssm_not_found",
      });
    }
  });

  it("reports a non-SSM error as settings_unreadable", async () => {
    const { read } = reader({ values: [new Error("boom")] });
    assert.equal((await read()).problem, "settings_unreadable");
  });

  it("remembers a failed read for the TTL, so an SSM outage costs one timed-out call per TTL, not one per login", async () => {
    const { read, reads, clock } = reader({ values: [new SsmError("ssm_timeout"), '{"killSwitch": true}'] });
    await read();
    await read();
    assert.equal(reads.length, 1);
    clock.advance(30_000);
    assert.equal((await read()).settings.killSwitch, true);
  });

  it("shares one in-flight read among concurrent invocations", async () => {
    const { read, reads } = reader({ values: ['{"killSwitch": false}'] });
    await Promise.all([read(), read(), read()]);
    assert.equal(reads.length, 1);
  });
});
