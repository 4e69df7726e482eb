import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { CORBADO_SPECS_DIR, requires } from "../../tools/test/requirements";
import { preconnect } from "../shared/http";
import { createCache, SsmError } from "../shared/ssm";
import {
  captureConsole,
  fakeJwt,
  manualClock,
  parseLines,
  refusedUrl,
  startLoopbackServer,
  type LoopbackServer,
} from "../../tools/local/testing";
import { sendJson } from "../../tools/local/http-util";
import { createVerifyAuthChallengeHandler, type VerifyDeps } from "./handler-factory";
import { VERIFICATION_RESULTS } from "./logic";

const USER = "0f6c3e2a-1111-2222-3333-444455556666";
const SECRET = "cHJvLTEyMzQ1Njc4OmNvcmJhZG8xX3RvcFNlY3JldA==";
const ANSWER = fakeJwt({ iss: "pro-12345678", sub: "usr-1", webauthnId: USER, exp: 9999999999, jti: "j1" });
/** Short timeout for the slow-Corbado specs; the others use a roomy one so a loaded machine cannot flake them. */
const TIMEOUT_MS = 200;
const ROOMY_TIMEOUT_MS = 3000;
/** Generous slack for "answers within the configured timeout" bounds on a busy CI machine. */
const SLACK_MS = 1500;

const event = (request: Record<string, unknown> = {}) => ({
  version: "1",
  region: "eu-central-1",
  userPoolId: "eu-central-1_AbC123",
  userName: USER,
  callerContext: { awsSdkVersion: "x", clientId: "c" },
  triggerSource: "VerifyAuthChallengeResponse_Authentication",
  request: {
    userAttributes: { email: "alice@example.com" },
    privateChallengeParameters: { username: USER },
    challengeAnswer: ANSWER,
    ...request,
  },
  response: {},
});

/** Every log line any test here produced: checked at the end for the answer and the secret. */
const allLines: string[] = [];

let corbado: LoopbackServer;
let config: VerifyDeps["config"];
before(async () => {
  corbado = await startLoopbackServer((_req, res) => sendJson(res, 200, { verificationResult: "success" }));
  config = { backendApiUrl: corbado.url, timeoutMs: ROOMY_TIMEOUT_MS, earlyReject: true };
});
after(async () => {
  await corbado.close();
});

function build(overrides: { getSecret?: () => Promise<string>; config?: Partial<VerifyDeps["config"]> } = {}) {
  let invalidations = 0;
  const handler = createVerifyAuthChallengeHandler({
    getSecret: overrides.getSecret ?? (async () => SECRET),
    invalidateSecret: () => void invalidations++,
    config: { ...config, ...overrides.config },
  });
  return { handler, invalidations: () => invalidations };
}

async function verify(input: unknown, overrides: Parameters<typeof build>[0] = {}) {
  const { handler, invalidations } = build(overrides);
  const requestsBefore = corbado.requests.length;
  const started = performance.now();
  const { result, lines } = await captureConsole(() => handler(input, { awsRequestId: "req-v1" }));
  allLines.push(...lines);
  const entries = parseLines(lines);
  assert.equal(entries.length, 1, "exactly one log line per invocation");
  return {
    response: result.response,
    entry: entries[0]!,
    elapsedMs: performance.now() - started,
    calls: corbado.requests.length - requestsBefore,
    invalidations: invalidations(),
  };
}

const respondWith = (fn: (res: ServerResponse) => void) => corbado.setRoute((_req, res) => fn(res));

describe("verify-auth-challenge against a loopback Corbado Backend API", () => {
  it("answers correct for HTTP 200 with verificationResult success, sending the documented request", async () => {
    respondWith((res) => sendJson(res, 200, { verificationResult: "success" }));
    const r = await verify(event());
    assert.deepEqual(r.response, { answerCorrect: true });
    assert.equal(r.entry.outcome, "accepted");
    assert.equal(r.entry.reason, "verified");
    assert.equal(r.entry.requestId, "req-v1");
    const req = corbado.requests.at(-1)!;
    assert.equal(req.method, "POST");
    assert.equal(req.url, "/v2/passkey/verifySignedData");
    assert.equal(req.headers.authorization, `Basic ${SECRET}`);
    assert.match(String(req.headers["content-type"]), /^application\/json/);
    assert.deepEqual(JSON.parse(req.body), { signedPasskeyData: ANSWER, username: USER });
  });

  for (const result of ["invalid_signature", "invalid_challenge", "user_mismatch", "generic_error"]) {
    it(`answers false for verificationResult ${result}, logging verification_failed:${result}`, async () => {
      respondWith((res) => sendJson(res, 200, { verificationResult: result }));
      const r = await verify(event());
      assert.deepEqual(r.response, { answerCorrect: false });
      assert.equal(r.entry.reason, `verification_failed:${result}`);
    });
  }

  it("answers false for HTTP 401 and drops the cached secret so a rotated one is read next time", async () => {
    respondWith((res) => sendJson(res, 401, { error: { type: "unauthorized" } }));
    const r = await verify(event());
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_http_401");
    assert.equal(r.entry.status, 401);
    assert.equal(r.invalidations, 1);
  });

  it("answers false for HTTP 500 even when the body claims success", async () => {
    respondWith((res) => sendJson(res, 500, { verificationResult: "success" }));
    const r = await verify(event());
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_http_500");
    assert.equal(r.invalidations, 0);
  });

  it("answers false for a garbage body", async () => {
    respondWith((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("}{ not json");
    });
    assert.equal((await verify(event())).entry.reason, "corbado_bad_body");
  });

  it("answers false for a body larger than 64 KiB", async () => {
    respondWith((res) => sendJson(res, 200, { verificationResult: "success", pad: "x".repeat(70_000) }));
    const r = await verify(event());
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_bad_body");
  });

  it("does not follow a redirect (the Basic credential must not travel elsewhere)", async () => {
    respondWith((res) => {
      res.writeHead(307, { location: "/v2/passkey/verifySignedData?again" });
      res.end();
    });
    const r = await verify(event());
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_http_307");
    assert.equal(r.calls, 1);
  });

  it(`answers false within the configured timeout (${TIMEOUT_MS} ms + slack) when Corbado does not answer`, async () => {
    respondWith(() => undefined);
    const r = await verify(event(), { config: { timeoutMs: TIMEOUT_MS } });
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_timeout");
    assert.ok(r.elapsedMs < TIMEOUT_MS + SLACK_MS, `took ${r.elapsedMs} ms`);
    assert.ok(r.elapsedMs >= TIMEOUT_MS - 20, `gave up too early: ${r.elapsedMs} ms`);
  });

  it("answers false within the configured timeout when Corbado sends headers but stalls the body", async () => {
    respondWith((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"verificationResult":');
    });
    const r = await verify(event(), { config: { timeoutMs: TIMEOUT_MS } });
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_timeout");
    assert.ok(r.elapsedMs < TIMEOUT_MS + SLACK_MS, `took ${r.elapsedMs} ms`);
  });

  it("answers false (corbado_unreachable) when Corbado drops the connection halfway through the body", async () => {
    respondWith((res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"verificationResult":');
      setImmediate(() => res.destroy());
    });
    const r = await verify(event());
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_unreachable");
  });

  it("answers false (corbado_unreachable) when the connection is refused", async () => {
    const r = await verify(event(), { config: { backendApiUrl: await refusedUrl() } });
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "corbado_unreachable");
  });

  it("answers false (secret_unavailable) without calling Corbado when SSM fails, naming the SSM cause", async () => {
    const r = await verify(event(), { getSecret: () => Promise.reject(new SsmError("ssm_timeout")) });
    assert.deepEqual(r.response, { answerCorrect: false });
    assert.equal(r.entry.reason, "secret_unavailable");
    assert.equal(r.entry.cause, "ssm_timeout");
    assert.equal(r.calls, 0);
  });

  it("answers false (secret_unavailable) for an empty or multi-line secret", async () => {
    for (const secret of ["", "a\nb"]) {
      const r = await verify(event(), { getSecret: async () => secret });
      assert.equal(r.entry.reason, "secret_unavailable");
      assert.equal(r.entry.cause, "secret_malformed");
      assert.equal(r.calls, 0);
    }
  });

  it("answers false (config_invalid) when CORBADO_BACKEND_API_URL is missing or not https", async () => {
    const r = await verify(event(), { config: { backendApiUrl: undefined } });
    assert.equal(r.entry.reason, "config_invalid");
    assert.equal(r.calls, 0);
  });
});

/** A Corbado stand-in that numbers its connections and records on which one each request came. */
async function startCountingCorbado() {
  const sockets: Socket[] = [];
  const requests: { connection: number; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    req.resume().on("end", () => {
      requests.push({ connection: sockets.indexOf(req.socket) + 1, authorization: req.headers.authorization });
      sendJson(res, 200, { verificationResult: "success" });
    });
  });
  server.on("connection", (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Resolves once `condition()` holds (checked every 5 ms), or after `ms` (the caller then asserts it). */
async function until(condition: () => boolean, ms = ROOMY_TIMEOUT_MS): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe("verify-auth-challenge connects to Corbado while the secret is read (cold start)", () => {
  it("opens the connection before the secret is known, sends nothing on it until then, and POSTs over it", async () => {
    const standin = await startCountingCorbado();
    try {
      let atSecret: { connections: number; bytesSent: number | undefined; requests: number } | undefined;
      const handler = createVerifyAuthChallengeHandler({
        // Holds the secret (as a slow SSM read would) until Corbado saw the connection, or for 3 s at most.
        getSecret: async () => {
          await until(() => standin.sockets.length > 0);
          atSecret = {
            connections: standin.sockets.length,
            bytesSent: standin.sockets[0]?.bytesRead,
            requests: standin.requests.length,
          };
          return SECRET;
        },
        preconnect,
        config: { ...config, backendApiUrl: standin.url },
      });
      const { result } = await captureConsole(() => handler(event()));
      assert.deepEqual(result.response, { answerCorrect: true });
      assert.deepEqual(atSecret, { connections: 1, bytesSent: 0, requests: 0 });
      assert.deepEqual(standin.requests, [{ connection: 1, authorization: `Basic ${SECRET}` }]);
      assert.equal(standin.sockets.length, 1, "exactly one connection, used by the POST");
    } finally {
      await standin.close();
    }
  });

  for (const [label, getSecret, cause] of [
    ["cannot be read", () => Promise.reject(new SsmError("ssm_timeout")), "ssm_timeout"],
    ["is malformed", async () => "a\nb", "secret_malformed"],
  ] as const) {
    it(`closes that connection, having sent nothing, and calls Corbado not at all when the secret ${label}`, async () => {
      const standin = await startCountingCorbado();
      try {
        const handler = createVerifyAuthChallengeHandler({
          getSecret: async () => {
            await until(() => standin.sockets.length > 0);
            return getSecret();
          },
          preconnect,
          config: { ...config, backendApiUrl: standin.url },
        });
        const { result, lines } = await captureConsole(() => handler(event()));
        assert.deepEqual(result.response, { answerCorrect: false });
        assert.equal(parseLines(lines)[0]!.cause, cause);
        assert.equal(standin.sockets.length, 1, "the early connection was opened");
        await until(() => standin.sockets[0]!.destroyed);
        assert.ok(standin.sockets[0]!.destroyed, "and closed by the handler: no socket remains");
        assert.equal(standin.sockets[0]!.bytesRead, 0);
        assert.equal(standin.requests.length, 0);
      } finally {
        await standin.close();
      }
    });
  }
});

describe("verify-auth-challenge secret cache (SECRET_CACHE_TTL_MS)", () => {
  it("uses a rotated secret once the TTL has passed, and reads SSM only once before that", async () => {
    respondWith((res) => sendJson(res, 200, { verificationResult: "success" }));
    const clock = manualClock();
    let stored = "c2VjcmV0LXYx";
    let reads = 0;
    const cache = createCache(async () => (reads++, stored), { ttlMs: 300_000, now: clock.now });
    const seen = async () => {
      await verify(event(), { getSecret: () => cache.get() });
      return corbado.requests.at(-1)!.headers.authorization;
    };
    assert.equal(await seen(), "Basic c2VjcmV0LXYx");
    stored = "c2VjcmV0LXYy"; // rotated in SSM
    clock.advance(299_999);
    assert.equal(await seen(), "Basic c2VjcmV0LXYx");
    assert.equal(reads, 1);
    clock.advance(1);
    assert.equal(await seen(), "Basic c2VjcmV0LXYy");
    assert.equal(reads, 2);
  });
});

describe("verify-auth-challenge early reject (no network call)", () => {
  before(() => respondWith((res) => sendJson(res, 200, { verificationResult: "success" })));
  const cases: [string, Record<string, unknown>, string][] = [
    ["an answer that is not a JWT", { challengeAnswer: "hunter2" }, "answer_not_jwt"],
    ["a missing answer", { challengeAnswer: undefined }, "answer_missing"],
    ["a missing private username", { privateChallengeParameters: {} }, "username_missing"],
    [
      "an unknown user's answer that is not a JWT",
      { userNotFound: true, challengeAnswer: "hunter2" },
      "answer_not_jwt",
    ],
  ];
  for (const [label, request, reason] of cases) {
    it(`rejects ${label} as ${reason} without calling Corbado`, async () => {
      const r = await verify(event(request));
      assert.deepEqual(r.response, { answerCorrect: false });
      assert.equal(r.entry.reason, reason);
      assert.equal(r.calls, 0);
    });
  }

  it("with EARLY_REJECT off, leaves a non-JWT answer to Corbado (which must say success for it to pass)", async () => {
    respondWith((res) => sendJson(res, 200, { verificationResult: "invalid_signature" }));
    const r = await verify(event({ challengeAnswer: "hunter2" }), { config: { earlyReject: false } });
    assert.equal(r.calls, 1);
    assert.deepEqual(r.response, { answerCorrect: false });
  });
});

describe("verify-auth-challenge rejects whatever Corbado says, after the same work as for a real user", () => {
  const other = fakeJwt({ iss: "pro-12345678", sub: "usr-2", webauthnId: "someone-else", exp: 9999999999 });
  const cases: [string, Record<string, unknown>, string][] = [
    ["a JWT for another user", { challengeAnswer: other }, "webauthn_id_mismatch"],
    ["an unknown user", { userNotFound: true }, "user_not_found"],
    ["an unknown user with a JWT for another user", { userNotFound: true, challengeAnswer: other }, "user_not_found"],
  ];
  for (const [label, request, reason] of cases) {
    it(`rejects ${label} as ${reason} even when Corbado says success`, async () => {
      respondWith((res) => sendJson(res, 200, { verificationResult: "success" }));
      const r = await verify(event(request));
      assert.deepEqual(r.response, { answerCorrect: false });
      assert.equal(r.entry.reason, reason);
      assert.equal(r.calls, 1, "the same Corbado call a real user's answer costs");
      assert.equal(r.entry.status, 200);
    });
  }
});

describe("verify-auth-challenge makes the same outbound calls for a real and an unknown user (docs/threat-model.md T3)", () => {
  /** Every outbound step of one invocation, in order: secret reads and Corbado requests (method, path, body keys). */
  async function outbound(request: Record<string, unknown>, earlyReject = true): Promise<string[]> {
    const steps: string[] = [];
    corbado.setRoute((req, res) => {
      steps.push(`corbado ${req.method} ${req.url} ${Object.keys(JSON.parse(req.body) as object).join(",")}`);
      sendJson(res, 200, { verificationResult: "invalid_signature" });
    });
    await verify(event(request), {
      getSecret: async () => (steps.push("secret"), SECRET),
      config: { earlyReject },
    });
    return steps;
  }
  const jwtFor = (webauthnId: string) => fakeJwt({ iss: "pro-12345678", sub: "usr-9", webauthnId, exp: 9999999999 });
  const answers: [string, string][] = [
    ["an unsigned JWT naming the user (what an attacker sends to probe a username)", jwtFor(USER)],
    ["a JWT naming someone else (an unknown user's userName may be one the attacker cannot know)", jwtFor("x")],
    ["an answer that is not a JWT", "hunter2"],
  ];
  for (const [label, challengeAnswer] of answers) {
    for (const earlyReject of [true, false]) {
      it(`for ${label}, EARLY_REJECT ${earlyReject}`, async () => {
        const real = await outbound({ challengeAnswer }, earlyReject);
        const unknown = await outbound({ challengeAnswer, userNotFound: true }, earlyReject);
        assert.deepEqual(unknown, real);
      });
    }
  }

  it("control: a real user's JWT costs one secret read and one Corbado call", async () => {
    assert.deepEqual(await outbound({ challengeAnswer: jwtFor(USER) }), [
      "secret",
      "corbado POST /v2/passkey/verifySignedData signedPasskeyData,username",
    ]);
  });
});

describe("verify-auth-challenge with malformed events (a throwing handler is a bug)", () => {
  const cases: [string, unknown][] = [
    ["null event", null],
    ["undefined event", undefined],
    ["a string event", "event"],
    ["missing request", { response: {} }],
    ["request is an array", { request: [], response: {} }],
    ["missing response", { ...event(), response: undefined }],
    ["privateChallengeParameters is a string", event({ privateChallengeParameters: USER })],
    ["challengeAnswer is an object", event({ challengeAnswer: { toString: () => ANSWER } })],
    ["a 1 MB answer", event({ challengeAnswer: "A".repeat(1024 * 1024) })],
    ["userNotFound is a string", event({ userNotFound: "false" })],
    [
      "a throwing getter",
      Object.defineProperty({}, "request", {
        enumerable: true,
        get() {
          throw new Error(ANSWER);
        },
      }),
    ],
  ];
  for (const [label, input] of cases) {
    it(`answers false for ${label}, without calling Corbado, and logs one line`, async () => {
      respondWith((res) => sendJson(res, 200, { verificationResult: "success" }));
      const r = await verify(input);
      assert.deepEqual(r.response, { answerCorrect: false });
      assert.equal(r.calls, 0);
    });
  }

  it("answers false when getSecret throws synchronously", async () => {
    const r = await verify(event(), {
      getSecret: () => {
        throw new Error(SECRET);
      },
    });
    assert.deepEqual(r.response, { answerCorrect: false });
  });
});

describe("verify-auth-challenge logs", () => {
  it("never contain the challenge answer, the secret, the username or the user's e-mail", () => {
    assert.ok(allLines.length > 20);
    const text = allLines.join("\n");
    for (const needle of [ANSWER, ANSWER.split(".")[1]!, SECRET, USER, "alice@example.com", "hunter2"]) {
      assert.ok(!text.includes(needle), `log contains ${needle.slice(0, 12)}...`);
    }
  });
});

describe("the Corbado request and response match Corbado's Backend API spec", () => {
  const specPath = join(CORBADO_SPECS_DIR, "backend_api_public_v2.yml");
  it("uses the spec's path, method, request fields and verificationResult values", (t) => {
    if (requires("corbado-specs").skip(t)) return;
    const spec = parse(readFileSync(specPath, "utf8"));
    const base = new URL(spec.servers[0].url).pathname.replace(/\/$/, ""); // "/v2"
    const op = spec.paths["/passkey/verifySignedData"]?.post;
    assert.ok(op, "POST /passkey/verifySignedData exists");
    assert.equal(`${base}/passkey/verifySignedData`, "/v2/passkey/verifySignedData");
    assert.deepEqual(op.security, [{ basicAuth: [] }]);
    const req = spec.components.schemas.passkeyVerifySignedDataReq;
    assert.deepEqual([...req.required].sort(), ["signedPasskeyData", "username"]);
    assert.deepEqual(Object.keys(req.properties).sort(), ["signedPasskeyData", "username"]);
    const rsp = spec.components.schemas.passkeyVerifySignedDataRsp;
    assert.deepEqual(rsp.required, ["verificationResult"]);
    assert.deepEqual([...rsp.properties.verificationResult.enum].sort(), [...VERIFICATION_RESULTS].sort());
    assert.equal(spec.components.securitySchemes.basicAuth.scheme, "basic");
  });
});
