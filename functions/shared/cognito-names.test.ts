import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isUserPoolId,
  isValidUsername,
  MAX_USERNAME_LENGTH,
  regionOfUserPoolId,
  usernameOf,
  usernamePattern,
} from "./cognito-names";

describe("user pool ids", () => {
  it("accepts ids as Cognito issues them and names their region", () => {
    for (const [id, region] of [
      ["eu-central-1_AbC123", "eu-central-1"],
      ["us-gov-west-1_x", "us-gov-west-1"],
      ["local_7QmX3b", "local"],
    ] as const) {
      assert.equal(isUserPoolId(id), true, id);
      assert.equal(regionOfUserPoolId(id), region, id);
    }
  });

  it("refuses what is not one: no underscore, a foreign character, too long, not a string", () => {
    const long = `eu-central-1_${"a".repeat(43)}`;
    assert.equal(isUserPoolId(long.slice(0, 55)), true, "55 characters (control)");
    for (const value of ["eu-central-1", "eu-central-1_", "eu central-1_AbC", "eu-central-1_Ab.C", long, "", null, 7]) {
      assert.equal(isUserPoolId(value), false, String(value));
    }
  });
});

describe("usernames", () => {
  it("accepts Cognito usernames, e-mail-like and generated ones", () => {
    for (const name of ["alice", "alice@example.com", "3f1c2b9e-0c1d-4f7a-9d7e-2b1f0a9c8d7e", "jörg_m"]) {
      assert.equal(isValidUsername(name), true, name);
    }
    assert.equal(isValidUsername("a".repeat(MAX_USERNAME_LENGTH)), true, "at the length limit");
  });

  it("refuses empty, overlong, non-string and whitespace or control characters", () => {
    for (const value of ["", "a".repeat(129), "with space", "tab\there", "nul\u0000", undefined, 7, {}]) {
      assert.equal(isValidUsername(value), false, String(value));
    }
  });

  it("has one pattern, unbounded (as the admin API's OpenAPI document shows it) or bounded in characters", () => {
    assert.equal(usernamePattern().source, "^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$");
    assert.equal(usernamePattern().test("a".repeat(300)), true);
    assert.equal(usernamePattern(3).test("abc"), true, "at the bound (control)");
    assert.equal(usernamePattern(3).test("\u{1F600}\u{1F600}\u{1F600}"), true, "code points, not UTF-16 units");
    for (const value of ["abcd", "", "a b", "a\u0000"]) assert.equal(usernamePattern(3).test(value), false, value);
    assert.equal(usernamePattern().test("with space"), false);
  });

  it("lets the triggers carry any non-empty username up to the length limit, nothing longer", () => {
    assert.equal(usernameOf("alice"), "alice");
    assert.equal(usernameOf("a".repeat(MAX_USERNAME_LENGTH)), "a".repeat(MAX_USERNAME_LENGTH));
    for (const value of ["", "a".repeat(MAX_USERNAME_LENGTH + 1), undefined, 7]) {
      assert.equal(usernameOf(value), undefined, String(value));
    }
  });
});
