import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  captureConsole,
  fakeJwt,
  parseLines,
  startLoopbackServer,
  type LoopbackServer,
} from "../../tools/local/testing";
import { sendJson } from "../../tools/local/http-util";

const USER = "user-7";
const event = () => ({
  userName: USER,
  request: { privateChallengeParameters: { username: USER }, challengeAnswer: fakeJwt({ webauthnId: USER }) },
  response: {},
});

// The deployed wiring: env -> SSM SecureString (loopback stand-in written here, TTL cache) -> Corbado (loopback).
describe("verify-auth-challenge as deployed (index.ts)", () => {
  let ssm: LoopbackServer;
  let corbado: LoopbackServer;
  let secret: string | undefined = "c2VjcmV0LXYx";
  let acceptedSecret = "c2VjcmV0LXYx";
  let handler: (event: unknown, context?: unknown) => Promise<{ response: unknown }>;
  const ssmCalls = () => ssm.requests.length;

  before(async () => {
    ssm = await startLoopbackServer((req, res) => {
      if (secret === undefined) return sendJson(res, 400, { __type: "ParameterNotFound", message: "not found" });
      const { Name, WithDecryption } = JSON.parse(req.body);
      sendJson(res, 200, {
        Parameter: { Name, Type: "SecureString", Value: WithDecryption ? secret : "AQICAH-cipher" },
      });
    });
    corbado = await startLoopbackServer((req, res) =>
      req.headers.authorization === `Basic ${acceptedSecret}`
        ? sendJson(res, 200, { verificationResult: "success" })
        : sendJson(res, 401, { error: { type: "unauthorized" } }),
    );
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_SESSION_TOKEN: "session",
      CORBADO_SECRET_PARAMETER: "/passkeys/corbado-secret",
      CORBADO_BACKEND_API_URL: corbado.url,
      CORBADO_TIMEOUT_MS: "3000",
      SSM_TIMEOUT_MS: "1250",
    });
    ({ handler } = await import("./index"));
  });
  after(async () => {
    await ssm.close();
    await corbado.close();
  });

  it("concurrent cold invocations read the secret from SSM once, decrypted, and all verify", async () => {
    const { result } = await captureConsole(() => Promise.all([handler(event()), handler(event()), handler(event())]));
    assert.deepEqual(
      result.map((r) => r.response),
      Array(3).fill({ answerCorrect: true }),
    );
    assert.equal(ssmCalls(), 1);
    assert.deepEqual(JSON.parse(ssm.requests[0]!.body), { Name: "/passkeys/corbado-secret", WithDecryption: true });
  });

  it("warm invocations within SECRET_CACHE_TTL_MS do not call SSM again", async () => {
    await captureConsole(() => handler(event()));
    assert.equal(ssmCalls(), 1);
  });

  it("after a rotation, Corbado's 401 drops the cached secret and the next invocation reads the new one", async () => {
    secret = "c2VjcmV0LXYy";
    acceptedSecret = "c2VjcmV0LXYy";
    const first = await captureConsole(() => handler(event()));
    assert.deepEqual(first.result.response, { answerCorrect: false });
    assert.equal(parseLines(first.lines)[0]!.reason, "corbado_http_401");
    const second = await captureConsole(() => handler(event()));
    assert.deepEqual(second.result.response, { answerCorrect: true });
    assert.equal(ssmCalls(), 2);
  });

  it("answers false with secret_unavailable when the parameter cannot be read", async () => {
    secret = undefined;
    acceptedSecret = "something-else";
    await captureConsole(() => handler(event())); // 401 -> invalidate
    const { result, lines } = await captureConsole(() => handler(event()));
    assert.deepEqual(result.response, { answerCorrect: false });
    const entry = parseLines(lines)[0]!;
    assert.equal(entry.reason, "secret_unavailable");
    assert.equal(entry.cause, "ssm_not_found");
  });
});
