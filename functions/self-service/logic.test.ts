import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SelfIdentity } from "./auth";
import {
  accountProblem,
  AUTH_TIME_SKEW_SECONDS,
  connectTokenData,
  IDENTITY_KEYS,
  parseBody,
  SELF_SERVICE_TOKEN_TYPES,
  stepUpRequired,
  type PoolUser,
} from "./logic";

const alice: SelfIdentity = {
  sub: "sub-alice",
  username: "alice",
  tokenUse: "id",
  clientId: "app-client",
  authTime: 1_000_000,
};

const poolUser = (over: Partial<Record<string, unknown>> = {}, email = "alice@example.com"): PoolUser => ({
  Username: "alice",
  Enabled: true,
  UserStatus: "CONFIRMED",
  UserAttributes: [
    { Name: "sub", Value: "sub-alice" },
    { Name: "email", Value: email },
    { Name: "custom:nickname", Value: "Ali" },
  ],
  ...over,
});

describe("the request body", () => {
  it("takes exactly {type} with one of the three management types", () => {
    for (const type of SELF_SERVICE_TOKEN_TYPES) assert.deepEqual(parseBody({ type }), { ok: true, type });
    assert.deepEqual([...SELF_SERVICE_TOKEN_TYPES].sort(), ["passkey-append", "passkey-delete", "passkey-list"]);
  });

  it("never passkey-login, an unknown type, a missing type, extra keys or a non-object", () => {
    for (const body of [
      { type: "passkey-login" },
      { type: "PASSKEY-LIST" },
      { type: ["passkey-list"] },
      {},
      { type: "passkey-list", extra: 1 },
      null,
      [],
      "passkey-list",
      42,
    ]) {
      assert.deepEqual(parseBody(body), { ok: false, code: "invalid_request" }, JSON.stringify(body));
    }
  });

  it("refuses a body that names a user, whatever the key, as identity_in_body", () => {
    for (const key of IDENTITY_KEYS) {
      assert.deepEqual(parseBody({ type: "passkey-list", [key]: "mallory" }), { ok: false, code: "identity_in_body" });
    }
    assert.deepEqual(parseBody({ type: "passkey-append", data: { identifier: "mallory", displayName: "m" } }), {
      ok: false,
      code: "identity_in_body",
    });
  });
});

describe("the step-up for enrolment", () => {
  const now = 2_000_000;
  it("allows passkey-append only within the window since the last authentication", () => {
    assert.equal(stepUpRequired("passkey-append", now - 300, now, 300), false);
    assert.equal(stepUpRequired("passkey-append", now - 301, now, 300), true);
    assert.equal(stepUpRequired("passkey-append", now, now, 300), false);
  });

  it("fails closed without auth_time, or with one further in the future than clock skew explains", () => {
    assert.equal(stepUpRequired("passkey-append", undefined, now, 300), true);
    assert.equal(stepUpRequired("passkey-append", now + AUTH_TIME_SKEW_SECONDS, now, 300), false);
    assert.equal(stepUpRequired("passkey-append", now + AUTH_TIME_SKEW_SECONDS + 1, now, 300), true);
  });

  it("needs no recent authentication to list or delete", () => {
    for (const type of ["passkey-list", "passkey-delete"] as const) {
      assert.equal(stepUpRequired(type, now - 86_400, now, 300), false);
      assert.equal(stepUpRequired(type, undefined, now, 300), false);
    }
  });
});

describe("whether the token's user may have a token", () => {
  it("accepts an enabled, CONFIRMED user with the token's sub", () => {
    assert.equal(accountProblem(poolUser(), alice), undefined);
  });

  it("refuses a disabled user, a user whose enabled flag is missing or not exactly true", () => {
    for (const Enabled of [false, undefined, "true", 1]) {
      assert.equal(accountProblem(poolUser({ Enabled }), alice), "account_disabled", String(Enabled));
    }
  });

  it("refuses every status but CONFIRMED", () => {
    for (const UserStatus of [
      "UNCONFIRMED",
      "RESET_REQUIRED",
      "FORCE_CHANGE_PASSWORD",
      "EXTERNAL_PROVIDER",
      "ARCHIVED",
      "COMPROMISED",
      undefined,
    ]) {
      assert.equal(accountProblem(poolUser({ UserStatus }), alice), "account_not_confirmed", String(UserStatus));
    }
  });

  it("refuses a user deleted and created again under the same username (another sub): account_not_found", () => {
    const recreated = poolUser({ UserAttributes: [{ Name: "sub", Value: "sub-someone-new" }] });
    assert.equal(accountProblem(recreated, alice), "account_not_found");
    assert.equal(accountProblem(poolUser({ UserAttributes: undefined }), alice), "account_not_found");
  });
});

describe("what Corbado is sent", () => {
  it("the token's username as identifier, and for append the configured attribute as display name", () => {
    assert.deepEqual(connectTokenData("passkey-list", alice, poolUser(), "email"), { identifier: "alice" });
    assert.deepEqual(connectTokenData("passkey-delete", alice, poolUser(), "email"), { identifier: "alice" });
    assert.deepEqual(connectTokenData("passkey-append", alice, poolUser(), "email"), {
      identifier: "alice",
      displayName: "alice@example.com",
    });
    assert.deepEqual(connectTokenData("passkey-append", alice, poolUser(), "custom:nickname"), {
      identifier: "alice",
      displayName: "Ali",
    });
  });

  it("falls back to the username when the attribute is missing, blank or too long", () => {
    for (const user of [poolUser({ UserAttributes: [] }), poolUser({}, "  "), poolUser({}, "x".repeat(255))]) {
      assert.deepEqual(connectTokenData("passkey-append", alice, user, "email"), {
        identifier: "alice",
        displayName: "alice",
      });
    }
  });
});
