import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureConsole, parseLines } from "../../tools/local/testing";
import { createDefineAuthChallengeHandler } from "./handler-factory";
import { SsmError } from "../shared/ssm";
import { createSettingsReader, type SettingsResult } from "./settings";

const OFF: SettingsResult = { settings: { killSwitch: false, passkeyFirst: false }, source: "parameter" };
const custom = (challengeResult: boolean) => ({
  challengeName: "CUSTOM_CHALLENGE",
  challengeResult,
  challengeMetadata: "CORBADO_PASSKEY",
});

function event(session: unknown[], extra: Record<string, unknown> = {}) {
  return {
    version: "1",
    region: "eu-central-1",
    userPoolId: "eu-central-1_AbC123",
    userName: "0f6c3e2a-1111-2222-3333-444455556666",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "client" },
    triggerSource: "DefineAuthChallenge_Authentication",
    request: { userAttributes: { email: "alice@example.com" }, session, ...extra },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  };
}

const FAIL = { issueTokens: false, failAuthentication: true };

function handlerWith(settings: SettingsResult | (() => Promise<SettingsResult>), maxAttempts = 3) {
  let calls = 0;
  const handler = createDefineAuthChallengeHandler({
    maxAttempts,
    getSettings: async () => (calls++, typeof settings === "function" ? settings() : settings),
  });
  return { handler, calls: () => calls };
}

describe("define-auth-challenge handler", () => {
  it("returns the event with the response filled in (AWS: the trigger returns the event it received)", async () => {
    const { handler } = handlerWith(OFF);
    const input = event([]);
    const { result, lines } = await captureConsole(() => handler(input, { awsRequestId: "req-123" }));
    assert.equal(result.userName, input.userName);
    assert.deepEqual(result.response, {
      challengeName: "CUSTOM_CHALLENGE",
      issueTokens: false,
      failAuthentication: false,
    });
    const [entry] = parseLines(lines);
    assert.equal(lines.length, 1);
    assert.equal(entry!.outcome, "challenge");
    assert.equal(entry!.reason, "first_challenge");
    assert.equal(entry!.requestId, "req-123");
    assert.equal(entry!.userPoolId, "eu-central-1_AbC123");
  });

  it("issues tokens after one correct answer and logs it without user data", async () => {
    const { handler } = handlerWith(OFF);
    const { result, lines } = await captureConsole(() => handler(event([custom(true)])));
    assert.deepEqual(result.response, { issueTokens: true, failAuthentication: false });
    assert.ok(!lines.join().includes("alice") && !lines.join().includes("0f6c3e2a"));
  });

  it("fails every custom-auth attempt while the kill switch is on", async () => {
    const { handler } = handlerWith({ settings: { killSwitch: true, passkeyFirst: true }, source: "parameter" });
    for (const session of [[], [custom(false)], [custom(true)]]) {
      const { result, lines } = await captureConsole(() => handler(event(session)));
      assert.deepEqual(result.response, FAIL);
      assert.equal(parseLines(lines).at(-1)!.reason, "kill_switch");
    }
  });

  it("logs why it fell back when the settings could not be read, and applies the fallback value", async () => {
    const { handler } = handlerWith({
      settings: { killSwitch: true, passkeyFirst: false },
      source: "last_known",
      problem: "ssm_timeout",
    });
    const { result, lines } = await captureConsole(() => handler(event([])));
    assert.deepEqual(result.response, FAIL);
    const entries = parseLines(lines);
    assert.deepEqual(
      entries.map((e) => [e.event, e.outcome, e.reason]),
      [
        ["login_settings_fallback", "last_known", "ssm_timeout"],
        ["define_auth_challenge", "fail", "kill_switch"],
      ],
    );
  });

  it("for an unknown user answers exactly as for a real user until the end, and then never issues tokens", async () => {
    const { handler } = handlerWith(OFF);
    for (const session of [[], [custom(false)], [custom(false), custom(false), custom(false)]]) {
      const real = await captureConsole(() => handler(event(session)));
      const unknown = await captureConsole(() => handler(event(session, { userNotFound: true })));
      assert.deepEqual(unknown.result.response, real.result.response);
    }
    const { result } = await captureConsole(() => handler(event([custom(true)], { userNotFound: true })));
    assert.deepEqual(result.response, FAIL);
  });

  it("reads the login settings for an unknown user exactly when it reads them for a real one (docs/threat-model.md T3)", async () => {
    const sessions = [[], [custom(false)], [custom(true)], [custom(false), custom(false), custom(false)], [null]];
    for (const session of sessions) {
      const real = handlerWith(OFF);
      const unknown = handlerWith(OFF);
      await captureConsole(() => real.handler(event(session)));
      await captureConsole(() => unknown.handler(event(session, { userNotFound: true })));
      assert.equal(unknown.calls(), real.calls(), JSON.stringify(session));
    }
  });

  it("does not read settings for a session that fails anyway (no SSM call for garbage or exhausted attempts)", async () => {
    const { handler, calls } = handlerWith(OFF);
    await captureConsole(() => handler(event([{ challengeName: "SRP_A", challengeResult: true }])));
    await captureConsole(() => handler(event([custom(false), custom(false), custom(false)])));
    await captureConsole(() => handler(event([null])));
    assert.equal(calls(), 0);
    await captureConsole(() => handler(event([custom(false)])));
    assert.equal(calls(), 1);
  });

  it("fails closed, without throwing, when reading the settings throws", async () => {
    const { handler } = handlerWith(() => Promise.reject(new Error("alice@example.com broke it")));
    const { result, lines } = await captureConsole(() => handler(event([custom(true)])));
    assert.deepEqual(result.response, FAIL);
    assert.equal(parseLines(lines)[0]!.reason, "unexpected_exception");
    assert.ok(!lines.join().includes("alice"));
  });
});

describe("define-auth-challenge with malformed events (a throwing handler is a bug)", () => {
  const { handler } = handlerWith(OFF);
  const throwingGetter = Object.defineProperty({}, "request", {
    enumerable: true,
    get() {
      throw new Error("getter");
    },
  });
  const cases: [string, unknown][] = [
    ["null event", null],
    ["undefined event", undefined],
    ["a string event", "event"],
    ["an array event", []],
    ["missing request", { response: {} }],
    ["missing response", { request: { session: [] } }],
    ["request is a string", { request: "x", response: {} }],
    ["session missing", { request: {}, response: {} }],
    ["session not an array", { request: { session: { 0: custom(true), length: 1 } }, response: {} }],
    ["session entry null", { request: { session: [null] }, response: {} }],
    [
      "challengeResult a string",
      { request: { session: [{ challengeName: "CUSTOM_CHALLENGE", challengeResult: "true" }] }, response: {} },
    ],
    ["wrong triggerSource", { ...event([custom(true)]), triggerSource: "PreSignUp_SignUp" }],
    ["userNotFound a string", event([custom(true)], { userNotFound: "false" })],
    ["a throwing getter", throwingGetter],
    ["1 MB of session", { request: { session: Array.from({ length: 100_000 }, () => custom(false)) }, response: {} }],
  ];
  for (const [label, input] of cases) {
    it(`fails authentication (failAuthentication true, issueTokens false) for ${label}, and logs one line`, async () => {
      const { result, lines } = await captureConsole(() => handler(input));
      assert.deepEqual(result.response, FAIL);
      assert.equal(lines.length, 1);
      assert.ok(["warn", "error"].includes(String(parseLines(lines)[0]!.level)));
    });
  }
});

describe("define-auth-challenge with the real settings reader", () => {
  const reader = (readParameter: () => Promise<string>, killSwitchWhenUnreadable = true) =>
    createSettingsReader({
      parameterName: "/passkeys/login-settings",
      ttlMs: 30_000,
      retryMs: 2000,
      killSwitchWhenUnreadable,
      readParameter,
    });

  it("refuses passkey login on a fresh instance whose first SSM read is throttled, and logs a code an alarm can match", async () => {
    const handler = createDefineAuthChallengeHandler({
      maxAttempts: 3,
      getSettings: reader(() => Promise.reject(new SsmError("ssm_throttled"))),
    });
    const { result, lines } = await captureConsole(() => handler(event([custom(true)])));
    assert.deepEqual(result.response, FAIL);
    assert.deepEqual(
      parseLines(lines).map((e) => [e.event, e.outcome, e.reason, e.killSwitch]),
      [
        ["login_settings_fallback", "unreadable_default", "ssm_throttled", true],
        ["define_auth_challenge", "fail", "kill_switch", true],
      ],
    );
  });

  it('refuses passkey login when the stored value has a typo, such as the string "true"', async () => {
    for (const raw of ['{"passkeyFirst": false, "killSwitch": "false"}', '{"killSwitch": false', "off"]) {
      const handler = createDefineAuthChallengeHandler({ maxAttempts: 3, getSettings: reader(async () => raw) });
      const { result, lines } = await captureConsole(() => handler(event([custom(true)])));
      assert.deepEqual(result.response, FAIL, raw);
      const fallback = parseLines(lines)[0]!;
      assert.deepEqual([fallback.outcome, fallback.reason], ["invalid_value", "settings_invalid"]);
    }
  });

  it("issues tokens when the value is readable and the switch is off (control case)", async () => {
    const handler = createDefineAuthChallengeHandler({
      maxAttempts: 3,
      getSettings: reader(async () => '{"passkeyFirst": false, "killSwitch": false}'),
    });
    const { result, lines } = await captureConsole(() => handler(event([custom(true)])));
    assert.deepEqual(result.response, { issueTokens: true, failAuthentication: false });
    assert.equal(lines.length, 1);
  });
});
