import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { captureConsole, parseLines, startLoopbackServer, type LoopbackServer } from "../../tools/local/testing";
import { sendJson } from "../../tools/local/http-util";

// The deployed wiring: env -> SSM (loopback stand-in written here) -> settings -> decision.
describe("define-auth-challenge as deployed (index.ts) with login settings in SSM", () => {
  let ssm: LoopbackServer;
  let value: string | undefined = '{"passkeyFirst": true, "killSwitch": true}';
  let handler: (event: unknown, context?: unknown) => Promise<{ response: unknown }>;

  before(async () => {
    ssm = await startLoopbackServer((req, res) => {
      if (value === undefined) return sendJson(res, 500, { __type: "InternalServerError" });
      sendJson(res, 200, { Parameter: { Name: JSON.parse(req.body).Name, Type: "String", Value: value, Version: 1 } });
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test",
      LOGIN_SETTINGS_PARAMETER: "/passkeys/login-settings",
      LOGIN_SETTINGS_CACHE_TTL_MS: "0",
      KILL_SWITCH_DEFAULT: "false",
      SSM_TIMEOUT_MS: "1500",
    });
    ({ handler } = await import("./index"));
  });
  after(() => ssm.close());

  const event = { request: { session: [], userAttributes: {} }, response: {}, userName: "u1" };

  it("fails the attempt while the parameter's kill switch is on, reading the parameter named by LOGIN_SETTINGS_PARAMETER", async () => {
    const { result } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, { issueTokens: false, failAuthentication: true });
    assert.equal(JSON.parse(ssm.requests.at(-1)!.body).Name, "/passkeys/login-settings");
  });

  it("challenges again once the kill switch is turned off", async () => {
    value = '{"passkeyFirst": true, "killSwitch": false}';
    const { result } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, {
      challengeName: "CUSTOM_CHALLENGE",
      issueTokens: false,
      failAuthentication: false,
    });
  });

  it("keeps the last value read (kill switch off) when SSM fails, and logs why", async () => {
    value = undefined;
    const { result, lines } = await captureConsole(() => handler(event));
    assert.deepEqual(result.response, {
      challengeName: "CUSTOM_CHALLENGE",
      issueTokens: false,
      failAuthentication: false,
    });
    const fallback = parseLines(lines).find((e) => e.event === "login_settings_fallback");
    assert.equal(fallback?.outcome, "last_known");
    assert.equal(fallback?.reason, "ssm_http_error");
  });
});
