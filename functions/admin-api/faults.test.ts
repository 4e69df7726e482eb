/**
 * Cognito, SSM and DynamoDB failing or slow: 502/504 with a code, within the request deadline, nothing written
 * half-way, and the audit entry records the failure. An attempt that cannot be audited is not performed.
 * (Corbado's faults are in passkeys.test.ts.)
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { httpPost, type PostRequest } from "../shared/http";
import { startLoopbackServer, type LoopbackServer } from "../../tools/local/testing";
import { entriesOf, requestApp, startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

describe("admin API when its dependencies fail", () => {
  let stack: AdminTestStack;
  let stalled: LoopbackServer;
  let admin: string;
  let auditor: string;
  /** An app with a 1.5 s deadline and 400 ms per call, so that stalls end quickly. */
  let fast: ReturnType<AdminTestStack["appWith"]>;

  before(async () => {
    stack = await startAdminTestStack({ users: [{ Username: "alice", email: "alice@example.com" }] });
    stalled = await startLoopbackServer(() => undefined);
    admin = stack.token({ groups: ["admins"] });
    auditor = stack.token({ groups: ["auditors"] });
    fast = stack.appWith({ REQUEST_DEADLINE_MS: "1500", UPSTREAM_TIMEOUT_MS: "400" });
  });
  after(async () => {
    await stalled.close();
    await stack.close();
  });
  beforeEach(() => {
    stack.intercept = undefined;
    stack.cognito.fault = undefined;
    stack.ssm.setFault();
  });

  const isDynamo = (r: PostRequest) => r.headers["x-amz-target"]?.startsWith("DynamoDB_20120810.") === true;
  /** Sends the matching calls to a server that never answers (the real transport, so the real timeout applies). */
  const stall = (match: (r: PostRequest) => boolean) => {
    stack.intercept = (r) => (match(r) ? httpPost({ ...r, url: `${stalled.url}/` }) : undefined);
  };
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const value = await run();
    return [value, performance.now() - started];
  };

  it("Cognito answering 500: 502 cognito_error; the user view's result entry records it", async () => {
    stack.cognito.fault = 500;
    const list = await stack.request("GET", "/v1/users", { token: auditor });
    assert.deepEqual([list.status, list.json.code], [502, "cognito_error"]);
    const view = await stack.request("GET", "/v1/users/alice", { token: auditor });
    assert.deepEqual([view.status, view.json.code], [502, "cognito_error"]);
    const [, result] = await entriesOf(stack, view);
    assert.deepEqual([result!.result, result!.errorCode], ["failed", "cognito_error"]);
  });

  it("Cognito stalling: 504 cognito_timeout within the deadline", async () => {
    stack.cognito.fault = "stall";
    const [res, ms] = await timed(() => requestApp(fast, "GET", "/v1/users/alice", { token: auditor }));
    assert.deepEqual([res.status, res.json.code], [504, "cognito_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
    const [, result] = await entriesOf(stack, res);
    assert.deepEqual([result!.result, result!.errorCode], ["failed", "cognito_timeout"]);
  });

  it("SSM stalling: 504 ssm_timeout within the deadline", async () => {
    stack.ssm.setFault({ kind: "delay", ms: 5000 });
    const [res, ms] = await timed(() => requestApp(fast, "GET", "/v1/settings", { token: auditor }));
    assert.deepEqual([res.status, res.json.code], [504, "ssm_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
  });

  it("DynamoDB failing or stalling on a read: 502 dynamodb_error / 504 dynamodb_timeout", async () => {
    stack.intercept = (r) => (isDynamo(r) ? { status: 500, body: '{"__type":"InternalServerError"}' } : undefined);
    const failed = await stack.request("GET", "/v1/adoption", { token: auditor });
    assert.deepEqual([failed.status, failed.json.code], [502, "dynamodb_error"]);
    stall(isDynamo);
    const [slow, ms] = await timed(() => requestApp(fast, "GET", "/v1/audit", { token: auditor }));
    assert.deepEqual([slow.status, slow.json.code], [504, "dynamodb_timeout"]);
    assert.ok(ms < 2500, `${Math.round(ms)} ms`);
  });

  it("does not act when the attempt cannot be audited: 503 audit_unavailable, Corbado never called", async () => {
    const passkey = stack.corbado.manage.addPasskey("alice");
    const corbadoCalls = stack.corbado.requests.length;
    stack.intercept = (r) =>
      r.headers["x-amz-target"] === "DynamoDB_20120810.PutItem" && r.body.includes('"audit#')
        ? { status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}' }
        : undefined;
    const res = await stack.request("DELETE", `/v1/users/alice/passkeys/${passkey.id}`, { token: admin });
    assert.deepEqual([res.status, res.json.code], [503, "audit_unavailable"]);
    assert.equal(stack.corbado.requests.length, corbadoCalls, "no connect token minted, nothing deleted");
    assert.equal(stack.corbado.manage.passkeysOf("alice").length, 1);
    const settingsWrites = stack.ssm.requests.filter((r) => r.target === "AmazonSSM.PutParameter").length;
    const put = await stack.request("PUT", "/v1/settings", {
      token: admin,
      body: { version: 1, passkeyFirst: true, killSwitch: true },
    });
    assert.deepEqual([put.status, put.json.code], [503, "audit_unavailable"]);
    assert.equal(stack.ssm.requests.filter((r) => r.target === "AmazonSSM.PutParameter").length, settingsWrites);
    const line = stack.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === "audit_write_failed");
    assert.deepEqual([line?.cause, line?.action], ["resource_not_found_exception", "passkey_delete"]);
  });

  it("answers 504 deadline_exceeded when a chain of calls, each in time, together outlasts the deadline", async () => {
    // Every DynamoDB call takes 350 ms (under the 400 ms call timeout); an audited delete needs several.
    stack.intercept = async (r) => {
      if (!isDynamo(r)) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 350));
      return undefined;
    };
    const passkey = stack.corbado.manage.addPasskey("alice");
    const [res, ms] = await timed(() =>
      requestApp(fast, "DELETE", `/v1/users/alice/passkeys/${passkey.id}`, { token: admin }),
    );
    assert.equal(res.status, 504, JSON.stringify(res.json));
    assert.ok(["deadline_exceeded", "dynamodb_timeout", "corbado_timeout"].includes(res.json.code as string));
    assert.ok(ms < 2500, `${Math.round(ms)} ms: the 1.5 s deadline holds`);
  });

  it("the public login config keeps answering (last value or default) when SSM is down", async () => {
    const app = stack.appWith({ LOGIN_SETTINGS_CACHE_TTL_MS: "0" });
    assert.equal((await requestApp(app, "GET", "/v1/public/login-config")).status, 200);
    stack.ssm.setFault({ kind: "status", status: 500 });
    const res = await requestApp(app, "GET", "/v1/public/login-config");
    assert.deepEqual([res.status, res.json], [200, { passkeyFirst: false, passkeyLoginAvailable: true }]);
    assert.equal(res.headers.get("cache-control"), "public, max-age=0");
  });
});
