import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Env } from "../shared/config-contract";
import { SsmError } from "../shared/ssm";
import { defineConfigFromEnv } from "./config";

const settingsOf = (env: Env) => {
  const { ssm: _ssm, counters: _counters, ...settings } = defineConfigFromEnv(env);
  return settings;
};

describe("define-auth-challenge configuration", () => {
  it("defaults to 3 attempts, a 30 s settings cache, a 2 s retry, kill switch ON when unreadable and a 1 s SSM timeout", () => {
    assert.deepEqual(settingsOf({}), {
      maxAttempts: 3,
      settingsParameter: undefined,
      settingsCacheTtlMs: 30_000,
      settingsRetryMs: 2000,
      killSwitchWhenUnreadable: true,
      ssmTimeoutMs: 1000,
    });
  });

  it("reads the documented variables and bounds them", () => {
    assert.deepEqual(
      settingsOf({
        MAX_CHALLENGE_ATTEMPTS: "50",
        LOGIN_SETTINGS_PARAMETER: "/passkeys/settings",
        LOGIN_SETTINGS_CACHE_TTL_MS: "5000",
        LOGIN_SETTINGS_RETRY_MS: "10",
        KILL_SWITCH_WHEN_UNREADABLE: "false",
        SSM_TIMEOUT_MS: "60000",
      }),
      {
        maxAttempts: 10,
        settingsParameter: "/passkeys/settings",
        settingsCacheTtlMs: 5000,
        settingsRetryMs: 100,
        killSwitchWhenUnreadable: false,
        ssmTimeoutMs: 1250,
      },
    );
  });

  it("caches the settings for at most 5 minutes, so the kill switch always takes effect within them", () => {
    assert.equal(settingsOf({ LOGIN_SETTINGS_CACHE_TTL_MS: "3600000" }).settingsCacheTtlMs, 300_000);
  });

  it("caches the settings for at least 1 s: 0 would read SSM on every login and spend the account's SSM quota", () => {
    for (const value of ["0", "1", "999"])
      assert.equal(settingsOf({ LOGIN_SETTINGS_CACHE_TTL_MS: value }).settingsCacheTtlMs, 1000, value);
    assert.equal(settingsOf({ LOGIN_SETTINGS_CACHE_TTL_MS: "1000" }).settingsCacheTtlMs, 1000);
  });

  it("ignores the retired KILL_SWITCH_DEFAULT and keeps the fail-safe default for a garbled KILL_SWITCH_WHEN_UNREADABLE", () => {
    for (const env of [{ KILL_SWITCH_DEFAULT: "false" }, { KILL_SWITCH_WHEN_UNREADABLE: "flase" }]) {
      const config = settingsOf(env);
      assert.equal(config.killSwitchWhenUnreadable, true);
      assert.ok(!("killSwitchDefault" in config));
    }
  });

  it("reads SSM with the Lambda's region and credentials and the SSM timeout", () => {
    const { ssm } = defineConfigFromEnv({
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test",
      SSM_TIMEOUT_MS: "750",
    });
    assert.ok(!(ssm instanceof SsmError));
    assert.deepEqual([ssm.endpoint, ssm.timeoutMs], ["https://ssm.eu-central-1.amazonaws.com", 750]);
    assert.ok(defineConfigFromEnv({}).ssm instanceof SsmError);
  });

  it("counts into AGGREGATES_TABLE through DynamoDB in the Lambda's region, and counts nothing without it", () => {
    const aws = { AWS_REGION: "eu-central-1", AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "test" };
    const { counters } = defineConfigFromEnv({
      ...aws,
      AGGREGATES_TABLE: "passkeys-aggregates",
      COUNTER_TIMEOUT_MS: "900",
    });
    assert.deepEqual(
      [counters.table, counters.endpoint?.endpoint, counters.shards, counters.timeoutMs],
      ["passkeys-aggregates", "https://dynamodb.eu-central-1.amazonaws.com", 10, 250],
    );
    assert.equal(defineConfigFromEnv(aws).counters.table, undefined);
  });
});
