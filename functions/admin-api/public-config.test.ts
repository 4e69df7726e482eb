/**
 * GET /v1/public/login-config: no token, define's settings reader behind an in-process cache, a per-instance
 * throttle, cache-control for browsers and CDNs, CORS for the login pages only, and it works with the console off.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { manualClock } from "../../tools/local/testing";
import { createThrottle } from "./public-config";
import {
  requestApp,
  SETTINGS_PARAMETER,
  startAdminTestStack,
  type AdminTestStack,
} from "../../tools/local/admin-api-stack";

describe("the public login configuration", () => {
  let stack: AdminTestStack;
  before(async () => {
    stack = await startAdminTestStack();
  });
  after(() => stack.close());

  const settingsReads = () =>
    stack.ssm.requests.filter(
      (r) => r.target === "AmazonSSM.GetParameter" && (r.body as { Name: string }).Name === SETTINGS_PARAMETER,
    ).length;

  it("answers without a token: passkey-first, and passkey login available unless the kill switch is on", async () => {
    stack.ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":true,"killSwitch":true}', "String");
    const app = stack.appWith({});
    const res = await requestApp(app, "GET", "/v1/public/login-config");
    assert.deepEqual([res.status, res.json], [200, { passkeyFirst: true, passkeyLoginAvailable: false }]);
    assert.equal(res.headers.get("cache-control"), "public, max-age=30");
    stack.ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":false,"killSwitch":false}', "String");
  });

  it("reads SSM at most once per cache TTL per instance, however many requests come", async () => {
    const app = stack.appWith({ PUBLIC_CONFIG_RATE_PER_SECOND: "1000" });
    const before = settingsReads();
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => requestApp(app, "GET", "/v1/public/login-config")),
    );
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(settingsReads() - before, 1);
  });

  it("reads the value again once the TTL has passed (define's reader and cache)", async () => {
    const clock = manualClock(Date.now());
    const app = stack.appWith({ LOGIN_SETTINGS_CACHE_TTL_MS: "10000" }, clock.now);
    await requestApp(app, "GET", "/v1/public/login-config");
    stack.ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":true,"killSwitch":false}', "String");
    assert.equal((await requestApp(app, "GET", "/v1/public/login-config")).json.passkeyFirst, false, "cached");
    clock.advance(10_001);
    assert.equal((await requestApp(app, "GET", "/v1/public/login-config")).json.passkeyFirst, true);
    stack.ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":false,"killSwitch":false}', "String");
  });

  it("throttles each instance (PUBLIC_CONFIG_RATE_PER_SECOND, bursts of twice that): 429 with Retry-After", async () => {
    const app = stack.appWith({ PUBLIC_CONFIG_RATE_PER_SECOND: "2" });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await requestApp(app, "GET", "/v1/public/login-config");
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    assert.deepEqual(statuses.slice(0, 4), [200, 200, 200, 200]);
    assert.ok(statuses.slice(4).every((s) => s === 429));
    assert.equal(retryAfter, "1");
  });

  it("refills the throttle at the configured rate", () => {
    const clock = manualClock();
    const throttle = createThrottle(5, clock.now);
    for (let i = 0; i < 10; i++) assert.ok(throttle.take());
    assert.ok(!throttle.take());
    clock.advance(200);
    assert.ok(throttle.take(), "one token per 200 ms at 5 per second");
    assert.ok(!throttle.take());
  });

  it("fails safe like define when the parameter was never readable (KILL_SWITCH_WHEN_UNREADABLE), cached briefly by CDNs", async () => {
    const app = stack.appWith({ LOGIN_SETTINGS_PARAMETER: "/does/not/exist" });
    const res = await requestApp(app, "GET", "/v1/public/login-config");
    assert.deepEqual(res.json, { passkeyFirst: false, passkeyLoginAvailable: false }, "default: kill switch on");
    assert.equal(res.headers.get("cache-control"), "public, max-age=5");
    const optedOut = stack.appWith({
      LOGIN_SETTINGS_PARAMETER: "/does/not/exist",
      KILL_SWITCH_WHEN_UNREADABLE: "false",
    });
    assert.equal((await requestApp(optedOut, "GET", "/v1/public/login-config")).json.passkeyLoginAvailable, true);
    assert.ok(stack.logs.some((l) => l.includes('"event":"login_settings_fallback"') && l.includes("ssm_not_found")));
  });

  it("treats a stored value that is not allowed as a kill switch that is on, as define does", async () => {
    stack.ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":true}', "String");
    const res = await requestApp(stack.appWith({}), "GET", "/v1/public/login-config");
    assert.deepEqual(res.json, { passkeyFirst: false, passkeyLoginAvailable: false });
    assert.equal(res.headers.get("cache-control"), "public, max-age=5");
    stack.ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":false,"killSwitch":false}', "String");
  });

  it("allows CORS from the login pages' origins on the public route, and only from the console's origin elsewhere", async () => {
    const app = stack.appWith({});
    const preflight = (path: string, origin: string) =>
      app.request(path, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
    const login = await preflight("/v1/public/login-config", "https://login.example.com");
    assert.equal(login.headers.get("access-control-allow-origin"), "https://login.example.com");
    assert.equal(login.headers.get("access-control-allow-methods"), "GET");
    for (const [path, origin] of [
      ["/v1/public/login-config", "https://console.example.com"],
      ["/v1/public/login-config", "https://evil.example.com"],
      ["/v1/settings", "https://login.example.com"],
      ["/v1/settings", "https://evil.example.com"],
    ] as const) {
      assert.equal(
        (await preflight(path, origin)).headers.get("access-control-allow-origin"),
        null,
        `${origin} on ${path}`,
      );
    }
    const consolePreflight = await preflight("/v1/settings", "https://console.example.com");
    assert.equal(consolePreflight.headers.get("access-control-allow-origin"), "https://console.example.com");
    assert.equal(consolePreflight.headers.get("access-control-allow-methods"), "GET,PUT,DELETE");
    // The console must be able to read error answers (a 401 tells it to refresh its token).
    const unauthorized = await app.request("/v1/settings", { headers: { origin: "https://console.example.com" } });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get("access-control-allow-origin"), "https://console.example.com");
    assert.match(unauthorized.headers.get("access-control-expose-headers") ?? "", /retry-after/);
    const simple = await app.request("/v1/public/login-config", { headers: { origin: "https://www.example.com" } });
    assert.equal(simple.headers.get("access-control-allow-origin"), "https://www.example.com");
    assert.match(simple.headers.get("vary") ?? "", /origin/i);
  });

  it("works with the console off: only this route is served, without any console configuration", async () => {
    const lines: string[] = [];
    const env = {
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKID",
      AWS_SECRET_ACCESS_KEY: "s",
      AWS_ENDPOINT_URL_SSM: stack.ssm.url,
      CONSOLE_ENABLED: "false",
      LOGIN_SETTINGS_PARAMETER: SETTINGS_PARAMETER,
      LOGIN_PAGE_ORIGINS: "https://login.example.com",
    };
    const { createAdminApiFromEnv } = await import("./handler-factory");
    const app = createAdminApiFromEnv(env, { logSink: (l) => lines.push(l) });
    assert.deepEqual(lines, [], "no configuration problem");
    assert.equal((await requestApp(app, "GET", "/v1/public/login-config")).status, 200);
    const admin = stack.token({ groups: ["admins"] });
    for (const path of ["/v1/me", "/v1/settings", "/v1/users", "/v1/audit"]) {
      const res = await requestApp(app, "GET", path, { token: admin });
      assert.deepEqual([res.status, res.json.code], [404, "not_found"], path);
    }
  });
});
