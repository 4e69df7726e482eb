/**
 * The deployed wiring: index.ts's handler, configured only through the environment, answering API Gateway HTTP API
 * (payload format 2.0) events as Lambda would pass them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { captureConsole } from "../../tools/local/testing";
import { auditItems, startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

function event(
  method: string,
  path: string,
  init: { token?: string; query?: string; body?: string; base64?: boolean } = {},
) {
  const headers: Record<string, string> = { "user-agent": "console/1.0", host: "api.example.com" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: init.query ?? "",
    headers,
    requestContext: {
      accountId: "111122223333",
      apiId: "abc123",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "console/1.0" },
      requestId: "JfQ3MhpXIAMEVFg=",
      routeKey: "$default",
      stage: "$default",
      time: "21/Nov/2026:17:12:00 +0000",
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: init.base64 === true,
    ...(init.body !== undefined ? { body: init.base64 ? Buffer.from(init.body).toString("base64") : init.body } : {}),
  };
}

describe("admin-api as deployed (index.ts, payload format 2.0)", () => {
  let stack: AdminTestStack;
  let lambdaHandler: (event: unknown, context?: unknown) => Promise<LambdaResult>;
  /** The handler with its stdout (audit lines) kept out of the test report. */
  const handler = async (e: unknown, c?: unknown) => (await captureConsole(() => lambdaHandler(e, c))).result;
  const context = { awsRequestId: "8f4e2a1c-0000-4000-8000-000000000001", functionName: "admin-api" };

  before(async () => {
    stack = await startAdminTestStack({ users: [{ Username: "alice", email: "alice@example.com" }] });
    Object.assign(process.env, stack.env);
    ({ handler: lambdaHandler } = (await import("./index")) as unknown as { handler: typeof lambdaHandler });
  });
  after(() => stack.close());

  it("answers a GET with JSON, no-store and the request id of the Lambda invocation", async () => {
    const res = await handler(
      event("GET", "/v1/me", { token: stack.token({ username: "admin1", groups: ["admins"] }) }),
      context,
    );
    assert.equal(res.statusCode, 200);
    assert.equal(JSON.parse(res.body).username, "admin1");
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(res.headers["x-request-id"], context.awsRequestId);
  });

  it("serves docs/iam-report.json on GET /v1/iam-report, read on that first request", async () => {
    const res = await handler(
      event("GET", "/v1/iam-report", { token: stack.token({ groups: ["auditors"] }) }),
      context,
    );
    assert.equal(res.statusCode, 200);
    const report = JSON.parse(readFileSync(new URL("../../docs/iam-report.json", import.meta.url), "utf8")) as unknown;
    assert.deepEqual(JSON.parse(res.body), report);
  });

  it("audits with the caller's source IP from the request context", async () => {
    const res = await handler(
      event("GET", "/v1/users/alice", { token: stack.token({ groups: ["auditors"] }) }),
      context,
    );
    assert.equal(res.statusCode, 200);
    const entry = (await auditItems(stack)).find(
      (e) => e.requestId === context.awsRequestId && e.action === "user_view",
    );
    assert.equal(entry?.sourceIp, "203.0.113.7");
    assert.equal(entry?.userAgent, "console/1.0");
  });

  it("reads query strings and base64-encoded bodies as API Gateway sends them", async () => {
    const admin = stack.token({ groups: ["admins"] });
    const users = await handler(event("GET", "/v1/users", { token: admin, query: "emailPrefix=ali&limit=5" }), context);
    assert.equal(JSON.parse(users.body).users.length, 1);
    const { version } = JSON.parse((await handler(event("GET", "/v1/settings", { token: admin }), context)).body);
    const body = JSON.stringify({ version, passkeyFirst: true, killSwitch: false });
    const put = await handler(event("PUT", "/v1/settings", { token: admin, body, base64: true }), context);
    assert.equal(put.statusCode, 200, put.body);
  });

  it("answers errors in the same shape: 401, 404, 413", async () => {
    const none = await handler(event("GET", "/v1/settings"), context);
    assert.deepEqual([none.statusCode, JSON.parse(none.body).code], [401, "token_missing"]);
    const missing = await handler(event("GET", "/v1/unknown"), context);
    assert.deepEqual([missing.statusCode, JSON.parse(missing.body).code], [404, "not_found"]);
    const admin = stack.token({ groups: ["admins"] });
    const big = await handler(event("PUT", "/v1/settings", { token: admin, body: "x".repeat(20_000) }), context);
    assert.deepEqual([big.statusCode, JSON.parse(big.body).code], [413, "body_too_large"]);
  });
});
