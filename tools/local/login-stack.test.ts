import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { defineConfigFromEnv } from "../../functions/define-auth-challenge/config";
import { DEFINE_ENVIRONMENT } from "../../functions/define-auth-challenge/config.docs";
import { postAuthenticationConfigFromEnv } from "../../functions/post-authentication/config";
import { POST_AUTHENTICATION_ENVIRONMENT } from "../../functions/post-authentication/config.docs";
import { readConfig } from "../../functions/shared/config-contract";
import type { DocumentedContract } from "../../functions/shared/config-docs";
import { verifyConfigFromEnv } from "../../functions/verify-auth-challenge/config";
import { VERIFY_ENVIRONMENT } from "../../functions/verify-auth-challenge/config.docs";
import { DEFAULTS } from "../../infra/constructs/props";
import { LOGIN_SETTINGS_PARAMETER, SECRET_PARAMETER, triggerEnv } from "./login-stack";

const SSM = "http://127.0.0.1:4583";
const CORBADO = "http://127.0.0.1:4000";
const setBy = (contract: DocumentedContract, who: string[]) =>
  Object.values(contract)
    .filter((v) => who.includes(v.setBy))
    .map((v) => v.env);

describe("the local stack's trigger environment", () => {
  const env = triggerEnv(SSM, CORBADO);

  it("sets what Lambda and the module set in AWS, at the module's defaults, and nothing else", () => {
    const expected = new Set([
      ...setBy(DEFINE_ENVIRONMENT, ["module", "lambda"]),
      ...setBy(VERIFY_ENVIRONMENT, ["module", "lambda"]),
      "AWS_ENDPOINT_URL_SSM",
    ]);
    expected.delete("AWS_SESSION_TOKEN"); // Lambda's temporary credentials carry one; the dummies need none
    // Counting is on only with `counters` (next case): the table and its shard count come with it.
    expected.delete("AGGREGATES_TABLE");
    expected.delete("COUNTER_SHARDS");
    assert.deepEqual(Object.keys(env).sort(), [...expected].sort());
    assert.deepEqual(readConfig(DEFINE_ENVIRONMENT, env).problems, []);
    assert.deepEqual(readConfig(VERIFY_ENVIRONMENT, env).problems, []);
    const { ssm: _d, ...define } = defineConfigFromEnv(env);
    const { ssm: _v, ...verify } = verifyConfigFromEnv(env);
    assert.deepEqual(
      [define.maxAttempts, define.settingsCacheTtlMs, define.killSwitchWhenUnreadable, verify.timeoutMs],
      [
        DEFAULTS.maxChallengeAttempts,
        DEFAULTS.loginSettingsCacheTtlMs,
        DEFAULTS.killSwitchWhenSettingsUnreadable,
        DEFAULTS.corbadoTimeoutMs,
      ],
    );
    assert.deepEqual(
      [define.settingsParameter, verify.secretParameter, verify.backendApiUrl],
      [LOGIN_SETTINGS_PARAMETER, SECRET_PARAMETER, CORBADO],
    );
  });

  it("takes other settings by the contracts' names, and refuses one the trigger would not accept", () => {
    assert.equal(triggerEnv(SSM, CORBADO, { verify: { timeoutMs: 500 } }).CORBADO_TIMEOUT_MS, "500");
    assert.throws(() => triggerEnv(SSM, CORBADO, { verify: { timeoutMs: 50 } }), /corbado_timeout_ms_invalid/);
  });

  it("with counters, adds what the counting triggers read, from their contracts", () => {
    const counters = { aggregatesTable: "aggregates", counterShards: 2, endpoint: "http://127.0.0.1:4569" };
    const counting = triggerEnv(SSM, CORBADO, {}, counters);
    assert.deepEqual(
      Object.keys(counting)
        .filter((name) => !(name in env))
        .sort(),
      ["AGGREGATES_TABLE", "AWS_ENDPOINT_URL_DYNAMODB", "COUNTER_SHARDS"],
    );
    for (const contract of [DEFINE_ENVIRONMENT, POST_AUTHENTICATION_ENVIRONMENT]) {
      assert.deepEqual(readConfig(contract, counting).problems, []);
    }
    const { counters: target } = postAuthenticationConfigFromEnv(counting);
    assert.deepEqual(
      [target.table, target.shards, target.endpoint?.endpoint],
      ["aggregates", 2, "http://127.0.0.1:4569"],
    );
    assert.throws(() => triggerEnv(SSM, CORBADO, {}, { ...counters, endpoint: "http://dynamodb.example" }));
  });

  it("is what docs/local-stack.md lists", () => {
    const doc = readFileSync(path.join(import.meta.dirname, "..", "..", "docs", "local-stack.md"), "utf8");
    const table = doc.slice(doc.indexOf("| variable"), doc.indexOf("\n\n", doc.indexOf("| variable")));
    const listed = table
      .split("\n")
      .slice(2)
      .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
    assert.deepEqual(listed.sort(), Object.keys(env).sort());
  });
});
