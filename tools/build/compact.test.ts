/**
 * The compacted bundles (build-functions.ts: OWN_PROPERTIES shortened, then a terser pass) must behave exactly as
 * esbuild's plain bundles of the same sources: same answers to Cognito, same log lines, same requests to SSM,
 * Corbado and DynamoDB. And each name of OWN_PROPERTIES must be safe to shorten: never a property of Node's or
 * JavaScript's own objects, never used as a string (a computed key, an `in` test, a `requiredWith`).
 */
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { sendJson } from "../local/http-util";
import { captureConsole, fakeJwt, parseLines, startLoopbackServer, type LoopbackServer } from "../local/testing";
import { bundle, FUNCTIONS_DIR, OWN_PROPERTIES, REPO_ROOT } from "./build-functions";

/** The compacted bundles: the triggers (trigger-budget.test.ts checks they are compacted). */
const TRIGGERS = ["define-auth-challenge", "create-auth-challenge", "verify-auth-challenge", "post-authentication"];

const CLASSES: readonly { prototype: unknown }[] = [
  ...[Object, Array, String, Number, Boolean, Function, Promise, Error, Map, Set, WeakMap, Date, RegExp, URL],
  ...[URLSearchParams, Buffer, ArrayBuffer, Uint8Array, Response, Request, Headers, EventEmitter],
];

/** Every property name Node and JavaScript objects the functions touch have, own or inherited. */
function builtinPropertyNames(): Set<string> {
  const names = new Set<string>();
  const iteratorProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;
  const roots: unknown[] = [
    globalThis,
    Math,
    JSON,
    console,
    process,
    Reflect,
    iteratorProto,
    ...CLASSES.flatMap((c) => [c, c.prototype]),
    ...[http.Agent, http.ClientRequest, http.IncomingMessage, http.ServerResponse, net.Socket].map((c) => c.prototype),
  ];
  for (const root of roots) {
    for (let o = root; o; o = Object.getPrototypeOf(o)) {
      for (const name of Object.getOwnPropertyNames(o)) names.add(name);
    }
  }
  // Instance fields set in constructors (not on prototypes).
  for (const instance of [new URL("https://example.com/"), new Error("x"), new net.Socket(), new http.Agent()]) {
    for (const name of Object.keys(instance)) names.add(name);
  }
  return names;
}

describe("OWN_PROPERTIES (the names a compacted bundle shortens)", () => {
  it("holds no property name of Node's or JavaScript's own objects", () => {
    const builtins = builtinPropertyNames();
    assert.ok(builtins.has("destroy") && builtins.has("values"), "control case: the check sees built-in names");
    assert.deepEqual(
      OWN_PROPERTIES.filter((name) => builtins.has(name)),
      [],
    );
  });

  it("holds no name the triggers' code uses as a string (computed keys, `in`, requiredWith)", async () => {
    for (const name of TRIGGERS) {
      const plain = (await bundle(path.join(FUNCTIONS_DIR, name, "index.ts"), REPO_ROOT, { compact: false })).code;
      const code = plain.toString("utf8");
      const quoted = OWN_PROPERTIES.filter((p) => new RegExp(`["'\`]${p}["'\`]`).test(code));
      assert.deepEqual(quoted, [], `${name} uses these as strings`);
      assert.ok(/["']\w+["']/.test(code), "control case: the bundle has quoted words");
    }
  });
});

describe("a compacted bundle", () => {
  it("is reproducible, and its source map still names each repository source with its content", async () => {
    const entry = path.join(FUNCTIONS_DIR, "verify-auth-challenge", "index.ts");
    const [a, b] = [await bundle(entry), await bundle(entry)];
    assert.ok(a.compacted);
    assert.ok(a.code.equals(b.code) && a.map.equals(b.map), "two builds are byte-identical");
    const map = JSON.parse(a.map.toString("utf8")) as { sources: string[]; sourcesContent?: string[] };
    assert.ok(map.sources.includes("functions/verify-auth-challenge/handler-factory.ts"), "repository-relative");
    assert.ok(!a.map.toString("utf8").includes(REPO_ROOT) && !a.code.toString("utf8").includes(REPO_ROOT));
    assert.equal(map.sourcesContent?.length, map.sources.length, "self-contained");
  });
});

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/** A run's observable behaviour: answers, log lines without their times and durations, requests to the stand-ins. */
interface Observed {
  results: unknown[];
  logs: Record<string, unknown>[];
  requests: string[];
}

const DURATIONS = new Set(["time", "durationMs", "corbadoMs", "settingsMs"]);

describe("a compacted trigger behaves exactly as its plain bundle", () => {
  mkdirSync(path.join(REPO_ROOT, "dist"), { recursive: true });
  const tmp = mkdtempSync(path.join(REPO_ROOT, "dist", "compact-test-"));
  let ssm: LoopbackServer;
  let corbado: LoopbackServer;
  let dynamodb: LoopbackServer;
  const markers = new Set<string>();
  let settings = '{"passkeyFirst":true,"killSwitch":false}';

  before(async () => {
    ssm = await startLoopbackServer((req, res) => {
      const { Name } = JSON.parse(req.body) as { Name: string };
      sendJson(res, 200, { Parameter: { Name, Value: Name.endsWith("secret") ? "c2VjcmV0" : settings, Version: 1 } });
    });
    corbado = await startLoopbackServer((req, res) => {
      const { signedPasskeyData } = JSON.parse(req.body) as { signedPasskeyData: string };
      const ok = signedPasskeyData.includes(Buffer.from('{"webauthnId":"u1"').toString("base64url").slice(0, 16));
      sendJson(res, 200, { verificationResult: ok ? "success" : "user_mismatch" });
    });
    dynamodb = await startLoopbackServer((req, res) => {
      const body = JSON.parse(req.body) as { Item?: { pk: { S: string } } };
      if (req.headers["x-amz-target"] === "DynamoDB_20120810.PutItem") {
        const pk = body.Item!.pk.S;
        if (markers.has(pk)) return sendJson(res, 400, { __type: "com.amazonaws#ConditionalCheckFailedException" });
        markers.add(pk);
      }
      sendJson(res, 200, {});
    });
    Object.assign(process.env, {
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AGGREGATES_TABLE: "aggregates",
      COUNTER_SHARDS: "1",
      CORBADO_SECRET_PARAMETER: "/p/secret",
      CORBADO_BACKEND_API_URL: corbado.url,
      LOGIN_SETTINGS_PARAMETER: "/p/settings",
    });
  });
  after(async () => {
    await Promise.all([ssm.close(), corbado.close(), dynamodb.close()]);
    rmSync(tmp, { recursive: true, force: true });
  });

  const jwt = (webauthnId: string) => fakeJwt({ webauthnId });
  const verifyEvent = (user: string, answer: string) => ({
    userName: user,
    userPoolId: "eu-central-1_AbC",
    request: { privateChallengeParameters: { username: user }, challengeAnswer: answer },
    response: {},
  });
  const defineEvent = (session: unknown[]) => ({ userName: "u1", request: { session }, response: {} });
  const custom = (challengeResult: boolean) => ({ challengeName: "CUSTOM_CHALLENGE", challengeResult });
  const EVENTS: Record<string, () => unknown[]> = {
    "verify-auth-challenge": () => [
      verifyEvent("u1", jwt("u1")),
      verifyEvent("u1", jwt("u1")),
      verifyEvent("u2", jwt("u2")),
      verifyEvent("u1", jwt("someone-else")),
      verifyEvent("u1", "not-a-jwt"),
      { request: {} },
    ],
    "define-auth-challenge": () => [
      defineEvent([]),
      defineEvent([custom(true)]),
      defineEvent([custom(false), custom(false), custom(false)]),
      defineEvent([{ challengeName: "PASSWORD_VERIFIER", challengeResult: true }]),
      "not an event",
    ],
    "create-auth-challenge": () => [
      { userName: "u1", request: { challengeName: "CUSTOM_CHALLENGE", session: [] }, response: {} },
      { request: null },
    ],
    "post-authentication": () => [
      { triggerSource: "PostAuthentication_Authentication", userName: "u1", request: {}, response: {} },
      { triggerSource: "PreSignUp_SignUp" },
    ],
  };

  async function observe(name: string, compact: boolean): Promise<Observed> {
    const b = await bundle(path.join(FUNCTIONS_DIR, name, "index.ts"), REPO_ROOT, { compact });
    assert.equal(b.compacted, compact, `${name}: compacted`);
    const file = path.join(tmp, `${name}-${compact ? "compact" : "plain"}.mjs`);
    writeFileSync(file, b.code);
    markers.clear();
    for (const s of [ssm, corbado, dynamodb]) s.requests.length = 0;
    const { result: results, lines } = await captureConsole(async () => {
      const { handler } = (await import(pathToFileURL(file).href)) as { handler: Handler };
      const out: unknown[] = [];
      for (const event of EVENTS[name]!()) out.push(await handler(event, { awsRequestId: "req-1" }));
      settings = '{"passkeyFirst":true,"killSwitch":true}';
      if (name === "define-auth-challenge") out.push(await handler(defineEvent([]), {}));
      settings = '{"passkeyFirst":true,"killSwitch":false}';
      return out;
    });
    const logs = parseLines(lines).map((l) => Object.fromEntries(Object.entries(l).filter(([k]) => !DURATIONS.has(k))));
    const requests = [ssm, corbado, dynamodb].flatMap((s) =>
      s.requests.map((r) => `${r.method} ${r.url} ${String(r.headers["x-amz-target"] ?? "")} ${r.body}`),
    );
    return { results, logs, requests };
  }

  for (const name of TRIGGERS) {
    it(`${name}: same answers, log lines and requests`, async () => {
      const plain = await observe(name, false);
      const compacted = await observe(name, true);
      assert.ok(plain.results.length > 1 && plain.logs.length > 1, "control case: the scenario ran");
      if (name !== "create-auth-challenge") assert.ok(plain.requests.some((r) => r.includes("DynamoDB_20120810.")));
      if (name === "verify-auth-challenge") {
        assert.ok(plain.requests.some((r) => r.includes("PutItem")) && plain.requests.some((r) => r.includes("fail#")));
      }
      assert.deepEqual(compacted, plain);
    });
  }

  it("sees a difference when there is one (control case: a mangled log key would show)", () => {
    const a: Observed = { results: [], logs: [{ reason: "x" }], requests: [] };
    assert.notDeepEqual({ ...a, logs: [{ a: "x" }] }, a);
  });
});
