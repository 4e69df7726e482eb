import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { captureConsole, parseLines, startLoopbackServer, type LoopbackServer } from "../../tools/local/testing";
import { sendJson } from "../../tools/local/http-util";

const RETRY_MS = 1000;
const CHALLENGE = { challengeName: "CUSTOM_CHALLENGE", issueTokens: false, failAuthentication: false };
const FAIL = { issueTokens: false, failAuthentication: true };

// The deployed wiring: env -> SSM (loopback stand-in written here) -> settings -> decision. The specs run in
// order against one instance (one import), as logins do against one warm Lambda.
describe("define-auth-challenge as deployed (index.ts) with login settings in SSM", () => {
  let ssm: LoopbackServer;
  let value: string | "throttle" | "error" = "throttle";
  let handler: (event: unknown, context?: unknown) => Promise<{ response: unknown }>;

  before(async () => {
    ssm = await startLoopbackServer((req, res) => {
      if (value === "throttle") return sendJson(res, 400, { __type: "ThrottlingException", message: "Rate exceeded" });
      if (value === "error") return sendJson(res, 500, { __type: "InternalServerError" });
      sendJson(res, 200, { Parameter: { Name: JSON.parse(req.body).Name, Type: "String", Value: value, Version: 1 } });
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test",
      LOGIN_SETTINGS_PARAMETER: "/passkeys/login-settings",
      LOGIN_SETTINGS_CACHE_TTL_MS: "0",
      LOGIN_SETTINGS_RETRY_MS: String(RETRY_MS),
      // Retired: must change nothing.
      KILL_SWITCH_DEFAULT: "false",
      SSM_TIMEOUT_MS: "1250",
    });
    delete process.env.KILL_SWITCH_WHEN_UNREADABLE;
    ({ handler } = await import("./index"));
  });
  after(() => ssm.close());

  const event = { request: { session: [], userAttributes: {} }, response: {}, userName: "u1" };
  const fallbackOf = (lines: string[]) => parseLines(lines).find((e) => e.event === "login_settings_fallback");

  it("fails the attempt on a fresh instance whose first read is throttled (kill switch ON until a value is read)", async () => {
    const { result, lines } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, FAIL);
    assert.deepEqual([fallbackOf(lines)?.outcome, fallbackOf(lines)?.reason], ["unreadable_default", "ssm_throttled"]);
  });

  it("does not call SSM again before the back-off has passed", async () => {
    const before = ssm.requests.length;
    value = '{"passkeyFirst": false, "killSwitch": false}';
    const { result } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, FAIL);
    assert.equal(ssm.requests.length, before);
  });

  it("fails the attempt while the parameter's kill switch is on, reading the parameter named by LOGIN_SETTINGS_PARAMETER", async () => {
    await sleep(RETRY_MS + 20);
    value = '{"passkeyFirst": true, "killSwitch": true}';
    const { result } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, FAIL);
    assert.equal(JSON.parse(ssm.requests.at(-1)!.body).Name, "/passkeys/login-settings");
  });

  it("challenges again once the kill switch is turned off", async () => {
    value = '{"passkeyFirst": true, "killSwitch": false}';
    const { result } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, CHALLENGE);
  });

  it("keeps the last value read (kill switch off) when SSM fails, and logs why", async () => {
    value = "error";
    const { result, lines } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, CHALLENGE);
    assert.deepEqual([fallbackOf(lines)?.outcome, fallbackOf(lines)?.reason], ["last_known", "ssm_http_error"]);
  });

  it('fails the attempt when an emergency write has a typo (the string "true")', async () => {
    await sleep(RETRY_MS + 20);
    value = '{"passkeyFirst": true, "killSwitch": "true"}';
    const { result, lines } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, FAIL);
    assert.deepEqual([fallbackOf(lines)?.outcome, fallbackOf(lines)?.reason], ["invalid_value", "settings_invalid"]);
  });
});
