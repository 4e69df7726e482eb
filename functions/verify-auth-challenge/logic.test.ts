import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeJwt } from "../../tools/local/testing";
import { checkInput, classifyCorbadoResponse, MAX_ANSWER_LENGTH, normalizeSecret, verifyUrl } from "./logic";

const USER = "0f6c3e2a-1111-2222-3333-444455556666";
const jwt = (webauthnId: unknown = USER) => fakeJwt({ iss: "pro-1", sub: "usr-1", webauthnId, exp: 9999999999 });
const jwtWithoutWebauthnId = fakeJwt({ iss: "pro-1", sub: "usr-1", exp: 9999999999 });
const event = (request: Record<string, unknown>) => ({
  userName: USER,
  request: { userAttributes: {}, privateChallengeParameters: { username: USER }, challengeAnswer: jwt(), ...request },
  response: {},
});

describe("verify-auth-challenge input checks (AWS: challengeAnswer is the client's ANSWER, private parameters come from create)", () => {
  it("accepts a JWT answer whose webauthnId is the username from privateChallengeParameters", () => {
    assert.deepEqual(checkInput(event({}), true), { ok: true, username: USER, answer: jwt(), deny: undefined });
  });

  it("rejects a missing, empty or non-string challengeAnswer as answer_missing", () => {
    for (const challengeAnswer of [undefined, "", null, 42, { jwt: jwt() }]) {
      assert.deepEqual(checkInput(event({ challengeAnswer }), true), { ok: false, reason: "answer_missing" });
    }
  });

  it("rejects an answer over 8 KiB as answer_too_large, with or without early reject", () => {
    const big = "a".repeat(MAX_ANSWER_LENGTH + 1);
    assert.deepEqual(checkInput(event({ challengeAnswer: big }), false), { ok: false, reason: "answer_too_large" });
    assert.deepEqual(checkInput(event({ challengeAnswer: big }), true), { ok: false, reason: "answer_too_large" });
  });

  it("rejects a missing, empty, non-string or over-long private username as username_missing", () => {
    for (const privateChallengeParameters of [
      undefined,
      null,
      {},
      { username: "" },
      { username: 1 },
      { username: "u".repeat(129) },
    ]) {
      assert.deepEqual(checkInput(event({ privateChallengeParameters }), true), {
        ok: false,
        reason: "username_missing",
      });
    }
  });

  it("with early reject, refuses an answer that is not a compact JWT without calling Corbado", () => {
    for (const challengeAnswer of ["password123", "a.b", "a.b.c", jwt().replace(/\.[^.]+$/, "")]) {
      assert.deepEqual(checkInput(event({ challengeAnswer }), true), { ok: false, reason: "answer_not_jwt" });
    }
  });

  it("with early reject, denies a JWT whose webauthnId is not this Cognito username, whatever Corbado will say", () => {
    for (const challengeAnswer of [
      jwt("someone-else"),
      jwt(42),
      jwt(null),
      jwt(USER.toUpperCase()),
      jwtWithoutWebauthnId,
    ]) {
      assert.deepEqual(checkInput(event({ challengeAnswer }), true), {
        ok: true,
        username: USER,
        answer: challengeAnswer,
        deny: "webauthn_id_mismatch",
      });
    }
  });

  it("without early reject, leaves non-JWT answers to Corbado", () => {
    assert.equal(checkInput(event({ challengeAnswer: "password123" }), false).ok, true);
  });

  it("denies an unknown user (request.userNotFound) after the same checks as a real user", () => {
    assert.deepEqual(checkInput(event({ userNotFound: true }), true), {
      ok: true,
      username: USER,
      answer: jwt(),
      deny: "user_not_found",
    });
    assert.deepEqual(checkInput(event({ userNotFound: true, challengeAnswer: "x" }), true), {
      ok: false,
      reason: "answer_not_jwt",
    });
    assert.deepEqual(checkInput(event({ userNotFound: "yes" }), true), {
      ok: false,
      reason: "malformed_user_not_found",
    });
    assert.equal(checkInput(event({ userNotFound: false }), true).ok, true);
  });

  it("rejects an event without a request or response object (AWS always sends both)", () => {
    for (const e of [
      null,
      undefined,
      "x",
      {},
      { request: "x", response: {} },
      { request: [], response: {} },
      { request: event({}).request },
    ]) {
      assert.deepEqual(checkInput(e, true), { ok: false, reason: "malformed_event" });
    }
  });
});

describe("Corbado verifySignedData response classification (spec: passkeyVerifySignedDataRsp)", () => {
  it('is correct only for HTTP 2xx with verificationResult exactly "success"', () => {
    assert.deepEqual(classifyCorbadoResponse(200, '{"verificationResult":"success"}'), {
      correct: true,
      reason: "verified",
    });
    assert.equal(classifyCorbadoResponse(204, '{"verificationResult":"success"}').correct, true);
  });

  it("maps every other documented verificationResult to verification_failed:<result>", () => {
    for (const r of ["invalid_signature", "invalid_challenge", "user_mismatch", "generic_error"]) {
      assert.deepEqual(classifyCorbadoResponse(200, JSON.stringify({ verificationResult: r })), {
        correct: false,
        reason: `verification_failed:${r}`,
      });
    }
    assert.deepEqual(classifyCorbadoResponse(200, '{"verificationResult":"SUCCESS"}'), {
      correct: false,
      reason: "verification_failed:unknown",
    });
  });

  it("is never correct for a non-2xx status, even with a success body", () => {
    for (const status of [100, 301, 400, 401, 403, 404, 429, 500, 502, 503]) {
      assert.deepEqual(classifyCorbadoResponse(status, '{"verificationResult":"success"}'), {
        correct: false,
        reason: `corbado_http_${status}`,
      });
    }
    assert.equal(classifyCorbadoResponse(Number.NaN, "").reason, "corbado_http_invalid");
  });

  it("treats a non-JSON, non-object, oversized or field-less body as corbado_bad_body", () => {
    for (const body of [
      undefined,
      "",
      "<html>",
      "null",
      '"success"',
      "[]",
      "{}",
      '{"verificationResult":true}',
      '{"result":"success"}',
    ]) {
      assert.deepEqual(
        classifyCorbadoResponse(200, body),
        { correct: false, reason: "corbado_bad_body" },
        String(body),
      );
    }
  });
});

describe("verify-auth-challenge helpers", () => {
  it("builds the verifySignedData URL from the Backend API base URL", () => {
    assert.equal(
      verifyUrl("https://backendapi.cloud.corbado.io"),
      "https://backendapi.cloud.corbado.io/v2/passkey/verifySignedData",
    );
  });
  it("accepts a one-line printable secret (trimmed) and refuses anything else", () => {
    assert.equal(normalizeSecret("  cHJvLTE6c2VjcmV0\n"), "cHJvLTE6c2VjcmV0");
    for (const v of ["", "   ", "a b", "a\r\nX-Injected: 1", 42, undefined, "x".repeat(4097)]) {
      assert.equal(normalizeSecret(v), undefined);
    }
  });
});
