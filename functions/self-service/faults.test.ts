/**
 * Corbado, Cognito, SSM, DynamoDB or the pool's JWKS failing or slow: 502/504 with a code, within the request
 * deadline, nothing half-done (no token minted once a check failed), and one log line with the reason.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { HttpError, httpPost, type PostRequest } from "../shared/http";
import { startLoopbackServer, type LoopbackServer } from "../../tools/local/testing";
import {
  requestSelfService,
  startSelfServiceTestStack,
  type SelfServiceTestStack,
} from "../../tools/local/self-service-stack";
import { CONNECT_TOKENS_PATH } from "./app";

describe("self-service when its dependencies fail", () => {
  let stack: SelfServiceTestStack;
  let stalled: LoopbackServer;
  /** An app with a 1.5 s deadline and 400 ms per call, so that stalls end quickly. */
  let fast: ReturnType<SelfServiceTestStack["appWith"]>;

  before(async () => {
    stack = await startSelfServiceTestStack({ users: [{ Username: "alice", email: "alice@example.com" }] });
    stalled = await startLoopbackServer(() => undefined);
    fast = stack.appWith({ REQUEST_DEADLINE_MS: "1500", UPSTREAM_TIMEOUT_MS: "400", SECRET_CACHE_TTL_MS: "0" });
  });
  after(async () => {
    await stalled.close();
    await stack.close();
  });
  beforeEach(() => {
    stack.intercept = undefined;
    stack.cognito.fault = undefined;
    stack.corbado.setFault();
    stack.ssm.setFault();
  });

  const list = (app = stack.app) =>
    requestSelfService(app, "POST", CONNECT_TOKENS_PATH, {
      token: stack.accessToken({ username: "alice" }),
      body: { type: "passkey-list" },
    });
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const value = await run();
    return [value, performance.now() - started];
  };
  const lastLine = () => JSON.parse(stack.logs.at(-1)!) as Record<string, unknown>;
  const stall = (match: (r: PostRequest) => boolean) => {
    stack.intercept = (r) => (match(r) ? httpPost({ ...r, url: `${stalled.url}/` }) : undefined);
  };

  for (const [fault, code] of [
    [{ kind: "status", status: 503 }, "corbado_error"],
    [{ kind: "status", status: 400 }, "corbado_error"],
    [{ kind: "garbage" }, "corbado_error"],
    [{ kind: "hangup" }, "corbado_error"],
  ] as const) {
    it(`Corbado answering ${fault.kind}${"status" in fault ? ` ${fault.status}` : ""}: 502 ${code}, logged as failed`, async () => {
      stack.corbado.setFault(fault);
      const res = await list();
      assert.deepEqual([res.status, res.json.code], [502, code]);
      assert.deepEqual([lastLine().outcome, lastLine().reason], ["failed", code]);
      assert.ok(!JSON.stringify(res.json).includes("ctk1_"));
    });
  }

  it("Corbado answering 200 without expires: 502 corbado_error (the page needs both)", async () => {
    stack.intercept = (r) =>
      r.url.endsWith("/v2/connectTokens") ? { status: 200, body: JSON.stringify({ secret: "ctk1_x" }) } : undefined;
    const res = await list();
    assert.deepEqual([res.status, res.json.code], [502, "corbado_error"]);
  });

  it("Corbado stalling: 504 corbado_timeout within the deadline", async () => {
    stack.corbado.setFault({ kind: "delay", ms: 5000 });
    const [res, ms] = await timed(() => list(fast));
    assert.deepEqual([res.status, res.json.code], [504, "corbado_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
  });

  it("Corbado answering 401 drops the cached secret: the next request reads SSM again", async () => {
    const app = stack.appWith({});
    assert.equal((await list(app)).status, 200);
    const reads = () => stack.ssm.requests.filter((r) => r.target === "AmazonSSM.GetParameter").length;
    const afterFirst = reads();
    assert.equal((await list(app)).status, 200);
    assert.equal(reads(), afterFirst, "cached");
    stack.corbado.setFault({ kind: "status", status: 401 });
    assert.equal((await list(app)).status, 502);
    stack.corbado.setFault();
    assert.equal((await list(app)).status, 200);
    assert.equal(reads(), afterFirst + 1, "read again after the 401");
  });

  it("Cognito failing or stalling: 502 cognito_error / 504 cognito_timeout, Corbado never called", async () => {
    const corbadoCalls = stack.corbado.requests.length;
    stack.cognito.fault = 500;
    const failed = await list();
    assert.deepEqual([failed.status, failed.json.code], [502, "cognito_error"]);
    stack.cognito.fault = "stall";
    const [slow, ms] = await timed(() => list(fast));
    assert.deepEqual([slow.status, slow.json.code], [504, "cognito_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
    assert.equal(stack.corbado.requests.length, corbadoCalls, "no token minted for a user the pool did not vouch for");
  });

  it("SSM failing or stalling: 502 ssm_error / 504 ssm_timeout, nothing minted", async () => {
    const corbadoCalls = stack.corbado.requests.length;
    stack.ssm.setFault({ kind: "status", status: 500 });
    const failed = await list(fast);
    assert.deepEqual([failed.status, failed.json.code], [502, "ssm_error"]);
    stack.ssm.setFault({ kind: "delay", ms: 5000 });
    const [slow, ms] = await timed(() => list(fast));
    assert.deepEqual([slow.status, slow.json.code], [504, "ssm_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
    assert.equal(stack.corbado.requests.length, corbadoCalls);
  });

  it("DynamoDB failing or stalling: 502 dynamodb_error / 504 dynamodb_timeout (the limit fails closed)", async () => {
    const isDynamo = (r: PostRequest) => r.headers["x-amz-target"]?.startsWith("DynamoDB_20120810.") === true;
    stack.intercept = (r) => (isDynamo(r) ? { status: 500, body: '{"__type":"InternalServerError"}' } : undefined);
    const failed = await list();
    assert.deepEqual([failed.status, failed.json.code], [502, "dynamodb_error"]);
    stall(isDynamo);
    const [slow, ms] = await timed(() => list(fast));
    assert.deepEqual([slow.status, slow.json.code], [504, "dynamodb_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
  });

  it("the pool's JWKS unreachable: 502 jwks_error; stalling: 504 jwks_timeout", async () => {
    const dead = stack.appWith({ JWKS_URI: "http://127.0.0.1:1/jwks" });
    const failed = await list(dead);
    assert.deepEqual([failed.status, failed.json.code], [502, "jwks_error"]);
    const slowJwks = stack.appWith({ JWKS_URI: `${stalled.url}/jwks`, UPSTREAM_TIMEOUT_MS: "300" });
    const [slow, ms] = await timed(() => list(slowJwks));
    assert.deepEqual([slow.status, slow.json.code], [504, "jwks_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
  });

  it("answers 504 deadline_exceeded when calls, each in time, together outlast the deadline", async () => {
    // Four calls (DynamoDB, Cognito, SSM, Corbado) of 380 ms each: every one under the 400 ms timeout, 1.52 s together.
    stack.intercept = async (r) => {
      // Like a slow network under the real transport: the call's own timeout still ends it.
      await new Promise((resolve) => setTimeout(resolve, Math.min(380, r.timeoutMs)));
      if (r.timeoutMs < 380) throw new HttpError("timeout");
      return undefined;
    };
    const [res, ms] = await timed(() => list(fast));
    assert.equal(res.status, 504, JSON.stringify(res.json));
    assert.ok(
      ["deadline_exceeded", "corbado_timeout", "ssm_timeout", "cognito_timeout"].includes(res.json.code as string),
    );
    assert.ok(ms < 2500, `${Math.round(ms)} ms: the 1.5 s deadline holds`);
  });

  it("a misconfigured function answers 500 config_invalid and logs each problem as a code", async () => {
    const logs: string[] = [];
    const { createSelfServiceFromEnv } = await import("./handler-factory");
    const app = createSelfServiceFromEnv(
      { ...stack.env, CLIENT_IDS: "", APPEND_MAX_AUTH_AGE_SECONDS: "5", CORBADO_SECRET_PARAMETER: "bad name" },
      { logSink: (l) => logs.push(l) },
    );
    const res = await requestSelfService(app, "POST", CONNECT_TOKENS_PATH, { body: { type: "passkey-list" } });
    assert.deepEqual([res.status, res.json.code], [500, "config_invalid"]);
    assert.deepEqual(logs.map((l) => (JSON.parse(l) as { cause: string }).cause).sort(), [
      "append_max_auth_age_seconds_invalid",
      "client_ids_missing",
      "corbado_secret_parameter_invalid",
    ]);
  });
});
