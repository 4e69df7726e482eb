import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildEmailFilter,
  mapUserToResult,
  MAX_FILTER_LENGTH,
  MAX_SEARCHABLE_EMAIL_LENGTH,
  RESET_REQUIRED_MESSAGE,
  validateIdentifier,
} from "./logic";

/** A syntactically valid address of exactly `length` characters. */
function emailOfLength(length: number): string {
  const domain = "@example.com";
  return "a".repeat(length - domain.length) + domain;
}

describe("validateIdentifier", () => {
  it("accepts ordinary addresses, including apostrophes, plus signs and unicode", () => {
    for (const email of ["alice@example.com", "o'brien@example.co.uk", "a.b+tag@sub.example.org", "jörg@müller.de"]) {
      assert.deepEqual(validateIdentifier(email), { ok: true, email });
    }
  });

  it("trims surrounding spaces a person may have typed", () => {
    assert.deepEqual(validateIdentifier("  alice@example.com "), { ok: true, email: "alice@example.com" });
  });

  it("refuses anything that is not a string", () => {
    for (const value of [undefined, null, 42, {}, ["a@b.c"]]) {
      assert.deepEqual(validateIdentifier(value), { ok: false, reason: "not_a_string" });
    }
  });

  it("refuses double quotes and backslashes that could end or escape the filter's string", () => {
    for (const value of ['a"b@example.com', 'alice@example.com" or email ^= "', "al\\ice@example.com", 'email ^= ""']) {
      assert.deepEqual(validateIdentifier(value), { ok: false, reason: "forbidden_character" });
    }
  });

  it("refuses control, format and whitespace characters anywhere, also at the ends", () => {
    const samples = ["\u0000", "\n", "\t", "\r", "\u007f", "\u200b", "\u202e", "\u2028", "\u00a0", " "];
    for (const ch of samples) {
      assert.deepEqual(validateIdentifier(`ali${ch}ce@example.com`), { ok: false, reason: "forbidden_character" });
    }
    assert.deepEqual(validateIdentifier("alice@example.com\n"), { ok: false, reason: "forbidden_character" });
  });

  it("refuses text that is not a plausible e-mail address", () => {
    for (const value of [
      "",
      "alice",
      "alice@",
      "@example.com",
      "alice@example",
      "a@b@example.com",
      "alice@.com",
      "alice@example.",
    ]) {
      assert.deepEqual(validateIdentifier(value), { ok: false, reason: "not_an_email" }, value);
    }
  });

  it("accepts the longest address whose filter fits Cognito's limit and refuses one character more", () => {
    assert.equal(MAX_SEARCHABLE_EMAIL_LENGTH, 246);
    assert.equal(validateIdentifier(emailOfLength(246)).ok, true);
    assert.deepEqual(validateIdentifier(emailOfLength(247)), { ok: false, reason: "too_long" });
    assert.deepEqual(validateIdentifier(emailOfLength(255)), { ok: false, reason: "too_long" });
    assert.deepEqual(validateIdentifier(emailOfLength(10_000)), { ok: false, reason: "too_long" });
  });
});

describe("buildEmailFilter", () => {
  it("builds an exact-match filter on the email attribute", () => {
    assert.equal(buildEmailFilter("alice@example.com"), 'email = "alice@example.com"');
  });

  it("escapes quotes and backslashes so that they cannot widen the filter", () => {
    assert.equal(buildEmailFilter('a" or email ^= "'), 'email = "a\\" or email ^= \\""');
    assert.equal(buildEmailFilter("a\\"), 'email = "a\\\\"');
  });

  it("builds a filter of exactly the limit for the longest searchable address and never a longer one", () => {
    assert.equal(buildEmailFilter(emailOfLength(MAX_SEARCHABLE_EMAIL_LENGTH)).length, MAX_FILTER_LENGTH);
    assert.throws(() => buildEmailFilter(emailOfLength(MAX_SEARCHABLE_EMAIL_LENGTH + 1)), RangeError);
    assert.throws(() => buildEmailFilter('"'.repeat(130)), RangeError);
  });

  it("keeps every accepted identifier inside Cognito's filter limit", () => {
    for (let length = 13; length <= 300; length++) {
      const check = validateIdentifier(emailOfLength(length));
      if (check.ok) assert.ok(buildEmailFilter(check.email).length <= MAX_FILTER_LENGTH);
    }
  });
});

describe("mapUserToResult", () => {
  const row = (UserStatus: string, Enabled = true) => mapUserToResult({ Username: "user-1", UserStatus, Enabled });

  it("answers a confirmed, enabled user with their Cognito username", () => {
    assert.deepEqual(row("CONFIRMED"), { statusCode: 200, body: { identifier: "user-1" } });
  });

  it("falls back silently for a disabled account", () => {
    assert.deepEqual(row("CONFIRMED", false).body, {
      identifier: "",
      error: { return: false, code: "account_disabled" },
    });
  });

  it("treats a disabled account as disabled whatever its status", () => {
    for (const status of ["FORCE_CHANGE_PASSWORD", "RESET_REQUIRED", "UNCONFIRMED", "ARCHIVED"]) {
      assert.deepEqual(row(status, false).body, { identifier: "", error: { return: false, code: "account_disabled" } });
    }
  });

  it("falls back silently for users who must change a temporary password or confirm their account", () => {
    assert.deepEqual(row("FORCE_CHANGE_PASSWORD").body, {
      identifier: "",
      error: { return: false, code: "force_change_password" },
    });
    assert.deepEqual(row("UNCONFIRMED").body, { identifier: "", error: { return: false, code: "unconfirmed" } });
  });

  it("shows a fixed, safe message to users whose password must be reset", () => {
    assert.deepEqual(row("RESET_REQUIRED").body, {
      identifier: "",
      error: { return: true, code: "reset_required", message: RESET_REQUIRED_MESSAGE },
    });
    assert.doesNotMatch(RESET_REQUIRED_MESSAGE, /user-1|RESET_REQUIRED|cognito/i);
  });

  it("never answers success for a status it does not know", () => {
    for (const status of ["EXTERNAL_PROVIDER", "ARCHIVED", "COMPROMISED", "UNKNOWN", "", "confirmed"]) {
      assert.deepEqual(row(status).body, {
        identifier: "",
        error: { return: false, code: "untyped", message: "unsupported_user_status" },
      });
    }
  });

  it("treats a user whose enabled flag is missing as disabled", () => {
    assert.equal(mapUserToResult({ Username: "user-1", UserStatus: "CONFIRMED" }).body.identifier, "");
  });
});
