import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createCache, getParameter, MAX_CACHE_TTL_MS, ssmConfigFromEnv, SsmError, type SsmConfig } from "./ssm";
import { manualClock, refusedUrl, startLoopbackServer, type LoopbackServer } from "../../tools/local/testing";
import { sendJson } from "../../tools/local/http-util";

const creds = { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret-key", AWS_REGION: "eu-west-1" };

describe("SSM endpoint and credentials from the standard AWS environment variables", () => {
  it("prefers AWS_ENDPOINT_URL_SSM, then AWS_ENDPOINT_URL, then the regional endpoint", () => {
    const pick = (env: Record<string, string>) => (ssmConfigFromEnv({ ...creds, ...env }, 1000) as SsmConfig).endpoint;
    assert.equal(pick({}), "https://ssm.eu-west-1.amazonaws.com");
    assert.equal(pick({ AWS_ENDPOINT_URL: "http://127.0.0.1:4000" }), "http://127.0.0.1:4000");
    assert.equal(
      pick({ AWS_ENDPOINT_URL: "http://127.0.0.1:4000", AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:5000/" }),
      "http://127.0.0.1:5000",
    );
  });

  it("carries the Lambda session token and the timeout", () => {
    const config = ssmConfigFromEnv({ ...creds, AWS_SESSION_TOKEN: "tok" }, 750) as SsmConfig;
    assert.equal(config.sessionToken, "tok");
    assert.equal(config.timeoutMs, 750);
    assert.equal(config.region, "eu-west-1");
  });

  it("reports missing credentials, a missing region, or a plain-http remote endpoint as ssm_config_missing", () => {
    for (const env of [
      { AWS_REGION: "eu-west-1" },
      { ...creds, AWS_REGION: "" },
      { ...creds, AWS_ENDPOINT_URL_SSM: "http://ssm.example.com" },
    ]) {
      const result = ssmConfigFromEnv(env, 1000);
      assert.ok(result instanceof SsmError);
      assert.equal(result.reason, "ssm_config_missing");
    }
  });
});

describe("SSM GetParameter against a loopback server", () => {
  let server: LoopbackServer;
  let config: SsmConfig;
  before(async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 500, {}));
    config = {
      endpoint: server.url,
      region: "eu-west-1",
      accessKeyId: "AKIDTEST",
      secretAccessKey: "secret-key",
      sessionToken: "session-tok",
      timeoutMs: 3000, // roomy: a loaded machine must not flake the specs that expect an answer
    };
  });
  after(() => server.close());

  it("POSTs the AWS JSON 1.1 GetParameter call with decryption, signed with SigV4, and returns the value", async () => {
    server.setRoute((req, res) =>
      sendJson(res, 200, { Parameter: { Name: JSON.parse(req.body).Name, Type: "SecureString", Value: "s3cr3t" } }),
    );
    const before = server.requests.length;
    assert.equal(await getParameter("/corbado/secret", config), "s3cr3t");
    const req = server.requests[before]!;
    assert.equal(req.method, "POST");
    assert.equal(req.url, "/");
    assert.equal(req.headers["content-type"], "application/x-amz-json-1.1");
    assert.equal(req.headers["x-amz-target"], "AmazonSSM.GetParameter");
    assert.equal(req.headers["x-amz-security-token"], "session-tok");
    assert.match(
      String(req.headers.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/ssm\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    assert.deepEqual(JSON.parse(req.body), { Name: "/corbado/secret", WithDecryption: true });
  });

  const failures: [string, (res: import("node:http").ServerResponse) => void, string][] = [
    ["ParameterNotFound", (res) => sendJson(res, 400, { __type: "ParameterNotFound", message: "x" }), "ssm_not_found"],
    [
      "a namespaced AccessDeniedException",
      (res) => sendJson(res, 400, { __type: "com.amazonaws.ssm#AccessDeniedException" }),
      "ssm_access_denied",
    ],
    ["throttling", (res) => sendJson(res, 400, { __type: "ThrottlingException" }), "ssm_throttled"],
    ["HTTP 500", (res) => sendJson(res, 500, { __type: "InternalServerError" }), "ssm_http_error"],
    ["a 200 without Parameter.Value", (res) => sendJson(res, 200, { Parameter: { Name: "x" } }), "ssm_bad_response"],
    ["a non-JSON 200", (res) => res.end("<html>"), "ssm_bad_response"],
  ];
  for (const [label, respond, reason] of failures) {
    it(`rejects with reason ${reason} on ${label}`, async () => {
      server.setRoute((_req, res) => respond(res));
      await assert.rejects(getParameter("/p", config), (e: unknown) => e instanceof SsmError && e.reason === reason);
    });
  }

  it("gives up with ssm_timeout within the configured timeout when SSM does not answer", async () => {
    server.setRoute(() => undefined); // never answers
    const short = { ...config, timeoutMs: 300 };
    const started = performance.now();
    await assert.rejects(
      getParameter("/p", short),
      (e: unknown) => e instanceof SsmError && e.reason === "ssm_timeout",
    );
    assert.ok(performance.now() - started < short.timeoutMs + 1500);
  });

  it("rejects with ssm_unreachable when the connection is refused", async () => {
    const refused = { ...config, endpoint: await refusedUrl() };
    await assert.rejects(
      getParameter("/p", refused),
      (e: unknown) => e instanceof SsmError && e.reason === "ssm_unreachable",
    );
  });

  it("never puts the parameter value into an error message", async () => {
    server.setRoute((_req, res) => sendJson(res, 200, { Parameter: { Value: 42, Leak: "s3cr3t" } }));
    await assert.rejects(
      getParameter("/p", config),
      (e: unknown) => e instanceof Error && !e.message.includes("s3cr3t"),
    );
  });
});

describe("TTL cache for values read from SSM", () => {
  it("serves the cached value until the TTL has passed, then loads again (rotation takes effect)", async () => {
    const clock = manualClock();
    let version = 1;
    let loads = 0;
    const cache = createCache(async () => (loads++, `v${version}`), { ttlMs: 300_000, now: clock.now });
    assert.equal(await cache.get(), "v1");
    version = 2;
    clock.advance(299_999);
    assert.equal(await cache.get(), "v1");
    assert.equal(loads, 1);
    clock.advance(1);
    assert.equal(await cache.get(), "v2");
    assert.equal(loads, 2);
  });

  it("shares one in-flight load among concurrent cold callers", async () => {
    let loads = 0;
    let release!: (v: string) => void;
    const cache = createCache(() => (loads++, new Promise<string>((r) => (release = r))), { ttlMs: 1000 });
    const all = Promise.all([cache.get(), cache.get(), cache.get()]);
    await new Promise((r) => setImmediate(r));
    release("value");
    assert.deepEqual(await all, ["value", "value", "value"]);
    assert.equal(loads, 1);
  });

  it("does not cache a failure: every waiter gets the error, the next call tries again", async () => {
    let calls = 0;
    const cache = createCache(
      async () => {
        calls++;
        if (calls === 1) throw new SsmError("ssm_timeout");
        return "ok";
      },
      { ttlMs: 1000 },
    );
    const results = await Promise.allSettled([cache.get(), cache.get()]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
    assert.equal(await cache.get(), "ok");
    assert.equal(calls, 2);
  });

  it("loads again after invalidate(), and a load started before it does not refill the cache", async () => {
    const clock = manualClock();
    let n = 0;
    const cache = createCache(async () => `v${++n}`, { ttlMs: 60_000, now: clock.now });
    assert.equal(await cache.get(), "v1");
    cache.invalidate();
    assert.equal(await cache.get(), "v2");
    assert.equal(await cache.get(), "v2");

    const releases: Array<(v: string) => void> = [];
    const slow = createCache(() => new Promise<string>((r) => releases.push(r)), { ttlMs: 60_000, now: clock.now });
    const pending = slow.get();
    await new Promise((r) => setImmediate(r));
    slow.invalidate();
    releases[0]!("stale");
    assert.equal(await pending, "stale");
    const next = slow.get();
    await new Promise((r) => setImmediate(r));
    assert.equal(releases.length, 2, "the stale value was not cached: the next get() loads again");
    releases[1]!("fresh");
    assert.equal(await next, "fresh");
  });

  it("bounds the TTL so a misconfigured huge TTL still lets rotation take effect within an hour", async () => {
    const clock = manualClock();
    let n = 0;
    const cache = createCache(async () => ++n, { ttlMs: Number.MAX_SAFE_INTEGER, now: clock.now });
    await cache.get();
    clock.advance(MAX_CACHE_TTL_MS);
    assert.equal(await cache.get(), 2);
  });

  it("with TTL 0 loads on every call", async () => {
    let n = 0;
    const cache = createCache(async () => ++n, { ttlMs: 0 });
    await cache.get();
    assert.equal(await cache.get(), 2);
  });
});
