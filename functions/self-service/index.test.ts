/**
 * The deployed wiring: index.ts's handler, configured only through the environment, answering API Gateway HTTP API
 * (payload format 2.0) events as Lambda passes them, including events whose authorizer claims were put there by
 * whoever invoked the function; and the bundle, which holds no connect-token type the route must never mint.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { bundle } from "../../tools/build/build-functions";
import { captureConsole } from "../../tools/local/testing";
import { startSelfServiceTestStack, type SelfServiceTestStack } from "../../tools/local/self-service-stack";
import { CONNECT_TOKENS_PATH } from "./app";

interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function event(init: { token?: string; body?: string; claims?: Record<string, unknown>; base64?: boolean }) {
  const headers: Record<string, string> = { "user-agent": "app/1.0", host: "api.example.com" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return {
    version: "2.0",
    routeKey: `POST ${CONNECT_TOKENS_PATH}`,
    rawPath: CONNECT_TOKENS_PATH,
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "111122223333",
      apiId: "abc123",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: {
        method: "POST",
        path: CONNECT_TOKENS_PATH,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "app/1.0",
      },
      requestId: "JfQ3MhpXIAMEVFg=",
      routeKey: `POST ${CONNECT_TOKENS_PATH}`,
      stage: "$default",
      time: "21/Nov/2026:17:12:00 +0000",
      timeEpoch: 1_795_000_000_000,
      ...(init.claims ? { authorizer: { jwt: { claims: init.claims, scopes: null } } } : {}),
    },
    isBase64Encoded: init.base64 === true,
    ...(init.body !== undefined ? { body: init.base64 ? Buffer.from(init.body).toString("base64") : init.body } : {}),
  };
}

describe("self-service as deployed (index.ts, payload format 2.0)", () => {
  let stack: SelfServiceTestStack;
  let lambdaHandler: (event: unknown, context?: unknown) => Promise<LambdaResult>;
  const handler = async (e: unknown) =>
    (await captureConsole(() => lambdaHandler(e, { awsRequestId: "8f4e2a1c-0000-4000-8000-000000000002" }))).result;

  before(async () => {
    stack = await startSelfServiceTestStack({
      users: ["alice", "mallory"].map((Username) => ({ Username, email: `${Username}@example.com` })),
    });
    Object.assign(process.env, stack.env);
    ({ handler: lambdaHandler } = (await import("./index")) as unknown as { handler: typeof lambdaHandler });
  });
  after(() => stack.close());

  const mintedFor = () =>
    stack.corbado.requests
      .filter((r) => r.path === "/v2/connectTokens")
      .map((r) => (r.body as { data: { identifier: string } }).data.identifier);

  it("answers {secret, expires} with no-store and the invocation's request id", async () => {
    const res = await handler(event({ token: stack.idToken({ username: "alice" }), body: '{"type":"passkey-list"}' }));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(Object.keys(JSON.parse(res.body)).sort(), ["expires", "secret"]);
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(res.headers["x-request-id"], "8f4e2a1c-0000-4000-8000-000000000002");
  });

  it("ignores authorizer claims in the event: without a token it is 401, with alice's token the token is alice", async () => {
    const injected = {
      sub: "sub-mallory",
      "cognito:username": "mallory",
      username: "mallory",
      token_use: "id",
      aud: "app-client",
      auth_time: Math.floor(Date.now() / 1000),
    };
    const before = mintedFor().length;
    const none = await handler(event({ claims: injected, body: '{"type":"passkey-append"}' }));
    assert.deepEqual([none.statusCode, JSON.parse(none.body).code], [401, "token_missing"]);
    const forged = await handler(
      event({
        claims: injected,
        token: stack.idToken({ username: "mallory", forged: true }),
        body: '{"type":"passkey-list"}',
      }),
    );
    assert.deepEqual([forged.statusCode, JSON.parse(forged.body).code], [401, "token_invalid"]);
    const alice = await handler(
      event({
        claims: injected,
        token: stack.idToken({ username: "alice" }),
        body: '{"type":"passkey-list"}',
        base64: true,
      }),
    );
    assert.equal(alice.statusCode, 200, alice.body);
    assert.deepEqual(mintedFor().slice(before), ["alice"]);
  });

  it("the Lambda bundle holds the three management types and no passkey-login", async () => {
    const { code } = await bundle(path.resolve(import.meta.dirname, "index.ts"));
    const text = code.toString("utf8");
    assert.ok(!text.includes("passkey-login"), "the bundle contains passkey-login");
    const found = new Set(text.match(/passkey-[a-z]+/g));
    assert.deepEqual(
      [...found].sort(),
      ["passkey-append", "passkey-delete", "passkey-list"],
      "control: the scan sees them",
    );
  });
});
