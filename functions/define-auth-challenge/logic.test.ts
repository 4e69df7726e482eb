import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decide, toResponse, type DefineInput } from "./logic";

const custom = (challengeResult: unknown) => ({
  challengeName: "CUSTOM_CHALLENGE",
  challengeResult,
  challengeMetadata: "CORBADO_PASSKEY",
});
const run = (session: unknown, extra: Partial<DefineInput> = {}) =>
  decide({ session, userNotFound: undefined, maxAttempts: 3, killSwitch: false, ...extra });

describe("define-auth-challenge decision (AWS: define picks the next challenge, issues tokens, or fails)", () => {
  it("presents CUSTOM_CHALLENGE on the first call, when the session is empty", () => {
    assert.deepEqual(run([]), { decision: "challenge", reason: "first_challenge", failedAttempts: 0 });
  });

  it("issues tokens when the last session entry is a CUSTOM_CHALLENGE whose challengeResult is true", () => {
    assert.equal(run([custom(true)]).decision, "issue_tokens");
    assert.equal(run([custom(false), custom(false), custom(true)]).decision, "issue_tokens");
  });

  it("never treats a truthy non-boolean challengeResult as success", () => {
    for (const v of ["true", 1, {}, [], null, undefined]) {
      assert.equal(run([custom(v)]).decision, "fail", JSON.stringify(v));
    }
  });

  it("asks again after a wrong answer while fewer than MAX_CHALLENGE_ATTEMPTS answers were wrong", () => {
    assert.deepEqual(run([custom(false)]), { decision: "challenge", reason: "retry_challenge", failedAttempts: 1 });
    assert.equal(run([custom(false), custom(false)]).decision, "challenge");
  });

  it("fails the flow after MAX_CHALLENGE_ATTEMPTS wrong answers (default 3), and honours other limits", () => {
    assert.deepEqual(run([custom(false), custom(false), custom(false)]), {
      decision: "fail",
      reason: "max_attempts_reached",
      failedAttempts: 3,
    });
    assert.equal(run([custom(false)], { maxAttempts: 1 }).decision, "fail");
    assert.equal(run([custom(false), custom(false), custom(false)], { maxAttempts: 5 }).decision, "challenge");
  });

  it("does not honour a success that comes after MAX_CHALLENGE_ATTEMPTS wrong answers (e.g. the limit was lowered mid-session)", () => {
    assert.equal(run([custom(false), custom(false), custom(true)]).decision, "issue_tokens");
    assert.deepEqual(run([custom(false), custom(false), custom(false), custom(true)]), {
      decision: "fail",
      reason: "max_attempts_reached",
      failedAttempts: 3,
    });
    assert.equal(run([custom(false), custom(true)], { maxAttempts: 1 }).decision, "fail");
  });

  it("fails at once when any session entry is not a CUSTOM_CHALLENGE (SRP_A, PASSWORD_VERIFIER, MFA steps)", () => {
    for (const name of [
      "SRP_A",
      "PASSWORD_VERIFIER",
      "SMS_MFA",
      "DEVICE_SRP_AUTH",
      "ADMIN_NO_SRP_AUTH",
      "custom_challenge",
    ]) {
      const step = { challengeName: name, challengeResult: true };
      assert.deepEqual(run([step]), { decision: "fail", reason: "non_custom_challenge", failedAttempts: 0 }, name);
      assert.equal(run([step, custom(true)]).reason, "non_custom_challenge", name);
      assert.equal(run([custom(false), step]).reason, "non_custom_challenge", name);
    }
  });

  it("for an unknown user (request.userNotFound) challenges and counts attempts like for a real user", () => {
    assert.deepEqual(run([], { userNotFound: true }), run([]));
    assert.deepEqual(run([custom(false)], { userNotFound: true }), run([custom(false)]));
    assert.deepEqual(
      run([custom(false), custom(false), custom(false)], { userNotFound: true }),
      run([custom(false), custom(false), custom(false)]),
    );
  });

  it("never issues tokens for an unknown user, even after a successful answer", () => {
    assert.deepEqual(run([custom(true)], { userNotFound: true }), {
      decision: "fail",
      reason: "user_not_found",
      failedAttempts: 0,
    });
  });

  it("fails every attempt while the kill switch is on, including one that just succeeded", () => {
    assert.equal(run([], { killSwitch: true }).reason, "kill_switch");
    assert.equal(run([custom(true)], { killSwitch: true }).reason, "kill_switch");
    assert.equal(run([custom(false)], { killSwitch: true }).decision, "fail");
  });

  it("fails on a malformed session: not an array, too long, entries of the wrong shape, or a success that is not last", () => {
    const cases: unknown[] = [
      undefined,
      null,
      "[]",
      {},
      { length: 0 },
      [null],
      ["CUSTOM_CHALLENGE"],
      [{ challengeResult: true }],
      [{ challengeName: 42, challengeResult: true }],
      [custom(true), custom(false)],
      [custom(true), custom(true)],
      Array.from({ length: 21 }, () => custom(false)),
    ];
    for (const session of cases) {
      const outcome = run(session, { maxAttempts: 100 });
      assert.equal(outcome.decision, "fail", JSON.stringify(session));
    }
  });

  it("fails when request.userNotFound is present but not a boolean", () => {
    assert.equal(run([custom(true)], { userNotFound: "false" }).reason, "malformed_user_not_found");
    assert.equal(run([], { userNotFound: 0 }).decision, "fail");
  });
});

describe("define-auth-challenge response shape", () => {
  it("a challenge names CUSTOM_CHALLENGE and neither issues tokens nor fails", () => {
    assert.deepEqual(toResponse("challenge"), {
      challengeName: "CUSTOM_CHALLENGE",
      issueTokens: false,
      failAuthentication: false,
    });
  });
  it("issuing tokens sets issueTokens only; failing sets failAuthentication only", () => {
    assert.deepEqual(toResponse("issue_tokens"), { issueTokens: true, failAuthentication: false });
    assert.deepEqual(toResponse("fail"), { issueTokens: false, failAuthentication: true });
  });
});
