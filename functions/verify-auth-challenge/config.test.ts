import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { COUNTER_TIMEOUT_MS } from "../shared/adoption-counters";
import type { Env } from "../shared/config-contract";
import { SSM_TIMEOUT_MS } from "../shared/ssm";
import { VERIFY_CONTRACT, verifyConfigFromEnv } from "./config";

const settingsOf = (env: Env) => {
  const { ssm: _ssm, counters: _counters, ...settings } = verifyConfigFromEnv(env);
  return settings;
};

describe("verify-auth-challenge configuration", () => {
  it("defaults to a 2500 ms Corbado timeout, early reject on, a 1 s SSM timeout and a 5 minute secret cache", () => {
    assert.deepEqual(settingsOf({ CORBADO_BACKEND_API_URL: "https://backendapi.cloud.corbado.io/" }), {
      secretParameter: undefined,
      backendApiUrl: "https://backendapi.cloud.corbado.io",
      timeoutMs: 2500,
      earlyReject: true,
      ssmTimeoutMs: 1000,
      secretCacheTtlMs: 300_000,
    });
  });

  it("refuses a plain-http Backend API URL off loopback, and bounds the timeout below Cognito's 5 s", () => {
    const config = settingsOf({
      CORBADO_BACKEND_API_URL: "http://backendapi.cloud.corbado.io",
      CORBADO_TIMEOUT_MS: "60000",
      EARLY_REJECT: "false",
    });
    assert.deepEqual([config.backendApiUrl, config.timeoutMs, config.earlyReject], [undefined, 3000, false]);
  });

  it("counts into AGGREGATES_TABLE when it is set, and nothing without it", () => {
    const aws = { AWS_REGION: "eu-central-1", AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "s" };
    const on = verifyConfigFromEnv({ ...aws, AGGREGATES_TABLE: "passkeys-aggregates", COUNTER_SHARDS: "8" }).counters;
    assert.deepEqual(
      [on.table, on.shards, on.endpoint?.endpoint],
      ["passkeys-aggregates", 8, "https://dynamodb.eu-central-1.amazonaws.com"],
    );
    assert.equal(verifyConfigFromEnv(aws).counters.table, undefined);
  });

  it("raises a Corbado timeout too short for any call to 100 ms", () => {
    assert.equal(settingsOf({ CORBADO_TIMEOUT_MS: "50" }).timeoutMs, 100);
  });

  it("answers within Cognito's 5 s with 0.5 s to spare when SSM, Corbado and the counts take their whole budget", () => {
    assert.ok(VERIFY_CONTRACT.timeoutMs.max + SSM_TIMEOUT_MS.max + COUNTER_TIMEOUT_MS.max <= 5000 - 500);
  });
});
