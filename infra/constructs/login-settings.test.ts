import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { parseLoginSettings } from "../../functions/define-auth-challenge/settings";
import { synthesizeModule } from "../module/build-module";
import { requires } from "../../tools/test/requirements";
import { terraformEvaluate } from "../module/terraform-cli";
import { LOGIN_SETTINGS_ALLOWED_PATTERN } from "./login-settings";

const scratch = mkdtempSync(path.join(tmpdir(), "login-settings-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const allowed = new RegExp(LOGIN_SETTINGS_ALLOWED_PATTERN);
const COMBINATIONS = [false, true].flatMap((passkeyFirst) =>
  [false, true].map((killSwitch) => ({ passkeyFirst, killSwitch })),
);

describe("the login-settings parameter's allowed pattern", () => {
  it("accepts the two booleans in either key order (Terraform's jsonencode sorts keys; a writer may not)", () => {
    for (const { passkeyFirst, killSwitch } of COMBINATIONS) {
      for (const value of [
        `{"killSwitch":${killSwitch},"passkeyFirst":${passkeyFirst}}`,
        JSON.stringify({ passkeyFirst, killSwitch }),
      ]) {
        assert.ok(allowed.test(value), value);
        assert.deepEqual(parseLoginSettings(value), { passkeyFirst, killSwitch }, `define reads ${value}`);
      }
    }
  });

  it("accepts the spacing define reads, and nothing define would refuse", () => {
    for (const value of [
      '{"passkeyFirst": true, "killSwitch": false}',
      ' {"killSwitch":false,\n"passkeyFirst":false} ',
    ]) {
      assert.ok(allowed.test(value), value);
      assert.ok(parseLoginSettings(value), `define reads ${value}`);
    }
  });

  it("refuses any other shape or type", () => {
    for (const value of [
      "",
      "{}",
      '{"killSwitch":true}',
      '{"passkeyFirst":true}',
      '{"passkeyFirst":"true","killSwitch":false}',
      '{"passkeyFirst":TRUE,"killSwitch":false}',
      '{"passkeyFirst":true,"killSwitch":false,"extra":1}',
      '{"passkeyFirst":true,"passkeyFirst":false}',
      '{"killSwitch":null,"passkeyFirst":false}',
      '{"killSwitch"\u00a0:false,"passkeyFirst":false}',
      "null",
    ]) {
      assert.equal(allowed.test(value), false, value);
      assert.equal(parseLoginSettings(value), undefined, value);
    }
  });

  it("accepts every initial value Terraform writes, in Terraform's own regex engine too", (t) => {
    if (requires("terraform").skip(t)) return;
    // The module's own expression, with the two variables replaced by each combination.
    const parameters = synthesizeModule().mainTfJson.resource as Record<string, Record<string, { value: string }>>;
    const template = /^\$\{(.*)\}$/.exec(parameters.aws_ssm_parameter!.login_settings!.value)![1]!;
    assert.match(template, /var\.passkey_first/);
    assert.match(template, /var\.kill_switch\b/);
    const expressions = COMBINATIONS.map(({ passkeyFirst, killSwitch }) =>
      template.replace("var.passkey_first", String(passkeyFirst)).replace("var.kill_switch", String(killSwitch)),
    );
    const run = terraformEvaluate(
      `[${[
        ...expressions,
        ...expressions.map((e) => `can(regex(${JSON.stringify(LOGIN_SETTINGS_ALLOWED_PATTERN)}, ${e}))`),
      ].join(", ")}]`,
      scratch,
    );
    assert.equal(run.status, 0, run.output);
    const results = run.value as (string | boolean)[];
    assert.equal(results.length, 2 * COMBINATIONS.length, run.stdout);
    COMBINATIONS.forEach((combination, i) => {
      const value = results[i] as string;
      assert.equal(value, `{"killSwitch":${combination.killSwitch},"passkeyFirst":${combination.passkeyFirst}}`);
      assert.ok(allowed.test(value), value);
      assert.equal(results[COMBINATIONS.length + i], true, `RE2 accepts ${value}`);
      assert.deepEqual(parseLoginSettings(value), combination);
    });
  });
});
