import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFINE_ENVIRONMENT } from "../../functions/define-auth-challenge/config.docs";
import { renderEnvironment } from "./environment";

const DEFINE = {
  maxAttempts: 3,
  settingsParameter: "/passkeys/login-settings",
  settingsCacheTtlMs: 30_000,
  killSwitchWhenUnreadable: true,
  counterShards: 4,
} as const;

describe("a function's environment rendered from its contract", () => {
  it("leaves an optional variable the module sets unset when infra says undefined, and renders it when given", () => {
    assert.ok(
      !("AGGREGATES_TABLE" in renderEnvironment(DEFINE_ENVIRONMENT, { ...DEFINE, aggregatesTable: undefined })),
    );
    assert.equal(
      renderEnvironment(DEFINE_ENVIRONMENT, { ...DEFINE, aggregatesTable: "passkeys-aggregates" }).AGGREGATES_TABLE,
      "passkeys-aggregates",
    );
  });

  it("refuses a literal the function would refuse", () => {
    assert.throws(
      () => renderEnvironment(DEFINE_ENVIRONMENT, { ...DEFINE, aggregatesTable: undefined, maxAttempts: 11 }),
      /max_challenge_attempts_invalid/,
    );
  });
});

// Checked by tsc (npm run lint), never run: a variable the module must set cannot be left unset.
void (() =>
  // @ts-expect-error settingsParameter is required: only an optional variable may be given as undefined
  renderEnvironment(DEFINE_ENVIRONMENT, { ...DEFINE, settingsParameter: undefined, aggregatesTable: undefined }));
