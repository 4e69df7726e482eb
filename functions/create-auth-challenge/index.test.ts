import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureConsole, parseLines } from "../../tools/local/testing";
import { handler } from "./index";

const UNVERIFIABLE = {
  publicChallengeParameters: { type: "passkey" },
  privateChallengeParameters: { username: "" },
  challengeMetadata: "CORBADO_PASSKEY",
};

describe("create-auth-challenge handler", () => {
  it("returns the event with the challenge in response and logs one line without the username", async () => {
    const event = {
      userName: "alice-sub-1234",
      userPoolId: "eu-central-1_AbC123",
      triggerSource: "CreateAuthChallenge_Authentication",
      request: { challengeName: "CUSTOM_CHALLENGE", session: [], userAttributes: {} },
      response: {},
    };
    const { result, lines } = await captureConsole(() => handler(event, { awsRequestId: "req-9" }));
    assert.equal(result.userName, "alice-sub-1234");
    assert.deepEqual(result.response, {
      publicChallengeParameters: { type: "passkey" },
      privateChallengeParameters: { username: "alice-sub-1234" },
      challengeMetadata: "CORBADO_PASSKEY",
    });
    assert.equal(lines.length, 1);
    const [entry] = parseLines(lines);
    assert.equal(entry!.outcome, "created");
    assert.equal(entry!.requestId, "req-9");
    assert.ok(!lines[0]!.includes("alice"));
  });
});

describe("create-auth-challenge with malformed events (a throwing handler is a bug)", () => {
  const huge = "x".repeat(1024 * 1024);
  const cases: [string, unknown][] = [
    ["null event", null],
    ["undefined event", undefined],
    ["a number event", 7],
    ["missing request", { userName: "u", response: {} }],
    ["request is an array", { userName: "u", request: [], response: {} }],
    ["missing userName", { request: { challengeName: "CUSTOM_CHALLENGE" }, response: {} }],
    ["missing response", { userName: "u", request: { challengeName: "CUSTOM_CHALLENGE" } }],
    ["a 1 MB userName", { userName: huge, request: {}, response: {} }],
    [
      "a throwing getter",
      Object.defineProperty({}, "request", {
        enumerable: true,
        get() {
          throw new Error("x");
        },
      }),
    ],
  ];
  for (const [label, input] of cases) {
    it(`returns a well-formed response that can never verify for ${label}, and logs one line`, async () => {
      const { result, lines } = await captureConsole(() => handler(input));
      assert.deepEqual(result.response, UNVERIFIABLE);
      assert.equal(lines.length, 1);
      assert.ok(!lines[0]!.includes("xxxx"));
    });
  }
});
