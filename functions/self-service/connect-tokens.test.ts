/**
 * The route's behaviour against the stand-ins: the exact request Corbado receives, the identifier from the token
 * whatever the body says, the step-up for enrolment, the user's state in the pool, the per-user rate limit shared
 * through DynamoDB, CORS for the app's origins only, and what the log lines hold.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { manualClock } from "../../tools/local/testing";
import {
  APP_ORIGIN,
  freshName,
  requestSelfService,
  startSelfServiceTestStack,
  type SelfServiceTestStack,
} from "../../tools/local/self-service-stack";
import { CONNECT_TOKENS_PATH } from "./app";

describe("self-service: connect tokens for the signed-in user", () => {
  let stack: SelfServiceTestStack;
  const users = [
    { Username: "alice", email: "alice@example.com" },
    { Username: "mallory", email: "mallory@example.com" },
    { Username: "dora", email: "dora@example.com", Enabled: false },
    { Username: "una", email: "una@example.com", UserStatus: "UNCONFIRMED" },
    { Username: "rita", email: "rita@example.com", UserStatus: "RESET_REQUIRED" },
  ];

  before(async () => {
    stack = await startSelfServiceTestStack({ users, env: { CONNECT_TOKEN_LIFETIME_SECONDS: "45" } });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.intercept = undefined;
    stack.corbado.setFault();
  });

  const minted = () =>
    stack.corbado.requests.filter((r) => r.path === "/v2/connectTokens").map((r) => r.body as Record<string, unknown>);
  const ask = (token: string, body: unknown, headers?: Record<string, string>) =>
    stack.request("POST", CONNECT_TOKENS_PATH, { token, body, ...(headers ? { headers } : {}) });

  it("sends Corbado exactly {type, data: {identifier: <username>}, maxLifetimeInSeconds} for list and delete", async () => {
    for (const type of ["passkey-list", "passkey-delete"]) {
      const before = minted().length;
      const res = await ask(stack.accessToken({ username: "alice" }), { type });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(minted().slice(before), [{ type, data: { identifier: "alice" }, maxLifetimeInSeconds: 45 }]);
      const record = stack.corbado.requests.at(-1)!;
      assert.equal(record.authorization, true, "Basic auth with the secret from SSM");
      assert.equal(record.status, 200);
    }
  });

  it("sends the display name from the pool (AdminGetUser's email) for append, and answers {secret, expires} only", async () => {
    const before = minted().length;
    const res = await ask(stack.idToken({ username: "alice", authAgeSeconds: 30 }), { type: "passkey-append" });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(minted().slice(before), [
      {
        type: "passkey-append",
        data: { identifier: "alice", displayName: "alice@example.com" },
        maxLifetimeInSeconds: 45,
      },
    ]);
    const issued = [...stack.corbado.connectTokens.values()].at(-1)!;
    assert.deepEqual(res.json, { secret: issued.secret, expires: issued.expires });
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("content-type"), "application/json");
  });

  it("uses DISPLAY_NAME_ATTRIBUTE when configured, never a claim of the token", async () => {
    const app = stack.appWith({ DISPLAY_NAME_ATTRIBUTE: "email_verified" });
    const token = stack.idToken({ username: "alice", extraClaims: { email: "claim@evil.example" } });
    const before = minted().length;
    const res = await requestSelfService(app, "POST", CONNECT_TOKENS_PATH, { token, body: { type: "passkey-append" } });
    assert.equal(res.status, 200);
    assert.deepEqual((minted()[before]!.data as Record<string, unknown>).displayName, "true");
  });

  it("takes the identifier from the token: a body naming someone else is refused and Corbado hears no name", async () => {
    const token = stack.accessToken({ username: "alice" });
    const before = minted().length;
    for (const body of [
      { type: "passkey-list", identifier: "mallory" },
      { type: "passkey-delete", username: "mallory" },
      { type: "passkey-append", data: { identifier: "mallory", displayName: "mallory@example.com" } },
      { type: "passkey-list", email: "mallory@example.com" },
    ]) {
      const res = await ask(token, body);
      assert.deepEqual([res.status, res.json.code], [400, "identity_in_body"], JSON.stringify(body));
    }
    assert.equal(minted().length, before, "nothing minted");
    // The same user's token with a clean body: the identifier is the token's username, never mallory.
    const ok = await ask(token, { type: "passkey-list" });
    assert.equal(ok.status, 200);
    assert.deepEqual(
      minted()
        .slice(before)
        .map((m) => (m.data as { identifier: string }).identifier),
      ["alice"],
    );
    assert.ok(!stack.outbound.some((o) => o.body.includes("mallory")), "no outbound call names mallory");
  });

  it("refuses anything but {type} with a management type: passkey-login, unknown types, extra keys", async () => {
    const token = stack.accessToken({ username: "alice" });
    for (const body of [
      { type: "passkey-login" },
      { type: "passkey-everything" },
      {},
      { type: "passkey-list", x: 1 },
    ]) {
      const res = await ask(token, body);
      assert.deepEqual([res.status, res.json.code], [400, "invalid_request"], JSON.stringify(body));
    }
    const notJson = await ask(token, "{type:");
    assert.deepEqual([notJson.status, notJson.json.code], [400, "invalid_json"]);
    const text = await ask(token, '{"type":"passkey-list"}', { "content-type": "text/plain" });
    assert.deepEqual([text.status, text.json.code], [415, "unsupported_media_type"]);
    const big = await ask(token, { type: "passkey-list", pad: "x".repeat(2000) });
    assert.deepEqual([big.status, big.json.code], [413, "body_too_large"]);
  });

  it("mints passkey-append only after a recent authentication: reauthentication_required otherwise", async () => {
    const before = minted().length;
    const stale = await ask(stack.idToken({ username: "alice", authAgeSeconds: 301 }), { type: "passkey-append" });
    assert.deepEqual([stale.status, stale.json.code], [401, "reauthentication_required"]);
    const refreshed = await ask(stack.accessToken({ username: "alice", authAgeSeconds: 3 * 3600 }), {
      type: "passkey-append",
    });
    assert.deepEqual([refreshed.status, refreshed.json.code], [401, "reauthentication_required"]);
    const none = await ask(stack.idToken({ username: "alice", extraClaims: { auth_time: undefined } }), {
      type: "passkey-append",
    });
    assert.deepEqual([none.status, none.json.code], [401, "reauthentication_required"]);
    assert.equal(minted().length, before, "nothing minted");
    // The same stale token may still list and delete; a fresh one may append (controls).
    assert.equal(
      (await ask(stack.idToken({ username: "alice", authAgeSeconds: 301 }), { type: "passkey-list" })).status,
      200,
    );
    assert.equal(
      (await ask(stack.idToken({ username: "alice", authAgeSeconds: 299 }), { type: "passkey-append" })).status,
      200,
    );
  });

  it("honours APPEND_MAX_AUTH_AGE_SECONDS", async () => {
    const app = stack.appWith({ APPEND_MAX_AUTH_AGE_SECONDS: "60" });
    const res = await requestSelfService(app, "POST", CONNECT_TOKENS_PATH, {
      token: stack.idToken({ username: "alice", authAgeSeconds: 90 }),
      body: { type: "passkey-append" },
    });
    assert.deepEqual([res.status, res.json.code], [401, "reauthentication_required"]);
  });

  for (const [username, code] of [
    ["dora", "account_disabled"],
    ["una", "account_not_confirmed"],
    ["rita", "account_not_confirmed"],
  ] as const) {
    it(`refuses ${username} (${code}): 403, nothing minted`, async () => {
      const before = minted().length;
      const res = await ask(stack.idToken({ username }), { type: "passkey-list" });
      assert.deepEqual([res.status, res.json.code], [403, code]);
      assert.equal(minted().length, before);
    });
  }

  it("refuses a token whose sub is not the pool user's (the username was given to someone new): 403", async () => {
    const res = await ask(stack.idToken({ username: "alice", sub: "sub-the-old-alice" }), { type: "passkey-list" });
    assert.deepEqual([res.status, res.json.code], [403, "account_not_found"]);
  });

  it("limits tokens per user across instances (DynamoDB): 429 with Retry-After, other users unaffected", async () => {
    const clock = manualClock(Date.UTC(2026, 10, 21, 12, 0, 0));
    const env = { RATE_LIMIT: "3", RATE_LIMIT_WINDOW_SECONDS: "600" };
    const [one, two] = [stack.appWith(env, clock.now), stack.appWith(env, clock.now)];
    const name = freshName("limited");
    stack.cognito.users.push({ Username: name, email: `${name}@example.com` });
    const token = stack.accessToken({ username: name });
    const statuses: number[] = [];
    for (const app of [one, two, one, two]) {
      statuses.push(
        (await requestSelfService(app, "POST", CONNECT_TOKENS_PATH, { token, body: { type: "passkey-list" } })).status,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await requestSelfService(one, "POST", CONNECT_TOKENS_PATH, {
      token,
      body: { type: "passkey-list" },
    });
    assert.deepEqual(
      [limited.status, limited.json.code, limited.headers.get("retry-after")],
      [429, "rate_limited", "600"],
    );
    const other = await requestSelfService(one, "POST", CONNECT_TOKENS_PATH, {
      token: stack.accessToken({ username: "alice" }),
      body: { type: "passkey-list" },
    });
    assert.equal(other.status, 200, "another user has their own window");
    clock.advance(600_000);
    const next = await requestSelfService(two, "POST", CONNECT_TOKENS_PATH, { token, body: { type: "passkey-list" } });
    assert.equal(next.status, 200, "the next window");
    const { Items } = (await stack.db.call("Scan", { TableName: stack.table })) as { Items: { pk: { S: string } }[] };
    assert.ok(
      Items.some((i) => i.pk.S === `ratelimit#self-service#sub-${name}`),
      "items keyed by the user's sub",
    );
  });

  it("answers CORS for SELF_SERVICE_ORIGINS only", async () => {
    const preflight = (origin: string) =>
      stack.request("OPTIONS", CONNECT_TOKENS_PATH, {
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
    const allowed = await preflight(APP_ORIGIN);
    assert.equal(allowed.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.match(allowed.headers.get("access-control-allow-methods") ?? "", /POST/);
    const other = await preflight("https://evil.example.com");
    assert.equal(other.headers.get("access-control-allow-origin"), null);
    const res = await ask(stack.accessToken({ username: "alice" }), { type: "passkey-list" }, { origin: APP_ORIGIN });
    assert.equal(res.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.equal(
      res.headers.get("access-control-allow-credentials"),
      null,
      "no cookies: the token travels in a header",
    );
  });

  it("answers 405 with Allow: POST for another method, 404 elsewhere", async () => {
    const get = await stack.request("GET", CONNECT_TOKENS_PATH);
    assert.deepEqual([get.status, get.json.code, get.headers.get("allow")], [405, "method_not_allowed", "POST"]);
    const other = await stack.request("POST", "/v1/users/alice/passkeys");
    assert.deepEqual([other.status, other.json.code], [404, "not_found"]);
  });

  it("logs one line per request with a reason code, and never a token, a secret, a username or an e-mail", async () => {
    const from = stack.logs.length;
    const token = stack.idToken({ username: "alice", authAgeSeconds: 20 });
    const ok = await ask(token, { type: "passkey-append" });
    await ask(stack.idToken({ username: "alice", authAgeSeconds: 900 }), { type: "passkey-append" });
    await ask(stack.idToken({ username: "dora" }), { type: "passkey-list" });
    await ask(token, { type: "passkey-list", email: "alice@example.com" });
    const lines = stack.logs.slice(from);
    assert.equal(lines.length, 4);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      parsed.map((l) => [l.event, l.outcome, l.reason, l.type ?? null]),
      [
        ["connect_token", "issued", "ok", "passkey_append"],
        ["connect_token", "refused", "reauthentication_required", "passkey_append"],
        ["connect_token", "refused", "account_disabled", "passkey_list"],
        ["connect_token", "refused", "identity_in_body", null],
      ],
    );
    assert.equal(parsed[0]!.sub, "sub-alice");
    const text = lines.join("\n");
    for (const secret of [
      token,
      String(ok.json.secret),
      "alice@example.com",
      "dora@example.com",
      stack.corbado.basicSecret,
    ]) {
      assert.ok(!text.includes(secret), `a log line holds ${secret.slice(0, 12)}…`);
    }
    assert.ok(!/"alice"|"dora"/.test(text), "no username");
  });
});
