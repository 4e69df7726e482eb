import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildChallenge, CHALLENGE_METADATA } from "./logic";

const event = (extra: Record<string, unknown> = {}, request: Record<string, unknown> = {}) => ({
  version: "1",
  region: "eu-central-1",
  userPoolId: "eu-central-1_AbC123",
  userName: "0f6c3e2a-1111-2222-3333-444455556666",
  callerContext: { awsSdkVersion: "x", clientId: "c" },
  triggerSource: "CreateAuthChallenge_Authentication",
  request: {
    userAttributes: { email: "alice@example.com" },
    challengeName: "CUSTOM_CHALLENGE",
    session: [],
    ...request,
  },
  response: {},
  ...extra,
});

describe("create-auth-challenge (AWS: public parameters go to the client, private ones only to verify)", () => {
  it("puts the Cognito username (event.userName) into privateChallengeParameters", () => {
    const { response, reason } = buildChallenge(event());
    assert.equal(reason, "challenge_created");
    assert.deepEqual(response.privateChallengeParameters, { username: "0f6c3e2a-1111-2222-3333-444455556666" });
  });

  it("returns exactly one public parameter, and nothing about the user in it (Cognito requires at least one)", () => {
    const { response } = buildChallenge(event());
    assert.deepEqual(response.publicChallengeParameters, { type: "passkey" });
    assert.ok(!JSON.stringify(response.publicChallengeParameters).includes("0f6c3e2a"));
  });

  it("names the challenge in challengeMetadata, which Cognito records in the session", () => {
    assert.equal(buildChallenge(event()).response.challengeMetadata, CHALLENGE_METADATA);
    assert.equal(CHALLENGE_METADATA, "CORBADO_PASSKEY");
  });

  it("is idempotent: Cognito may retry, and the same event always yields the same response", () => {
    const e = event({}, { session: [{ challengeName: "CUSTOM_CHALLENGE", challengeResult: false }] });
    assert.deepEqual(buildChallenge(e), buildChallenge(structuredClone(e)));
    assert.deepEqual(buildChallenge(e), buildChallenge(e));
  });

  it("answers an unknown user (request.userNotFound) exactly like a real one, so the client cannot tell", () => {
    assert.deepEqual(buildChallenge(event({}, { userNotFound: true })), buildChallenge(event()));
  });

  it("returns an unverifiable response (empty username) for a missing, empty, non-string or over-long userName", () => {
    for (const userName of [undefined, "", 42, null, {}, "u".repeat(129)]) {
      const { response, reason } = buildChallenge(event({ userName }));
      assert.equal(reason, "username_missing");
      assert.deepEqual(response.privateChallengeParameters, { username: "" });
      assert.deepEqual(response.publicChallengeParameters, { type: "passkey" });
    }
  });

  it("returns an unverifiable response for an event without request or response (AWS always sends both)", () => {
    assert.equal(buildChallenge({ ...event(), response: undefined }).reason, "malformed_event");
    assert.equal(buildChallenge({ ...event(), request: undefined }).reason, "malformed_event");
  });

  it("returns an unverifiable response when define asked for a challenge other than CUSTOM_CHALLENGE", () => {
    const { response, reason } = buildChallenge(event({}, { challengeName: "PASSWORD_VERIFIER" }));
    assert.equal(reason, "unexpected_challenge_name");
    assert.equal(response.privateChallengeParameters.username, "");
  });
});
