/**
 * Who may get a connect token: only the customer's user pool's own users, with a token of an allowed app client,
 * verified in the handler. Every other token is a 401 before anything is called (no DynamoDB, Cognito or Corbado).
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  freshName,
  requestSelfService,
  startSelfServiceTestStack,
  type SelfServiceTestStack,
} from "../../tools/local/self-service-stack";
import { CONNECT_TOKENS_PATH } from "./app";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("self-service: which tokens are accepted", () => {
  let stack: SelfServiceTestStack;
  const users = ["alice", "bob"].map((Username) => ({ Username, email: `${Username}@example.com` }));

  before(async () => {
    stack = await startSelfServiceTestStack({ users });
  });
  after(() => stack.close());

  const ask = (token: string | undefined, type = "passkey-list") =>
    stack.request("POST", CONNECT_TOKENS_PATH, { ...(token !== undefined ? { token } : {}), body: { type } });

  it("issues a token for the pool's ID token and for its access token (control for every refusal below)", async () => {
    for (const token of [stack.idToken({ username: "alice" }), stack.accessToken({ username: "alice" })]) {
      const res = await ask(token);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(Object.keys(res.json).sort(), ["expires", "secret"]);
    }
  });

  const refusals: [string, (s: SelfServiceTestStack) => string | undefined, string][] = [
    ["no token", () => undefined, "token_missing"],
    [
      "a console-pool token (another issuer)",
      (s) => s.accessToken({ username: "alice" }, s.consolePool),
      "token_invalid",
    ],
    ["a console-pool ID token", (s) => s.idToken({ username: "alice" }, s.consolePool), "token_invalid"],
    [
      "an ID token of another app client",
      (s) => s.idToken({ username: "alice", clientId: "other-app" }),
      "token_invalid",
    ],
    [
      "an access token of another app client",
      (s) => s.accessToken({ username: "alice", clientId: "other-app" }),
      "token_invalid",
    ],
    ["an expired token", (s) => s.idToken({ username: "alice", expiresIn: -5 }), "token_expired"],
    [
      "a stranger-signed token (the pool's kid, another key)",
      (s) => s.idToken({ username: "alice", forged: true }),
      "token_invalid",
    ],
    ["a token with another token_use", (s) => s.idToken({ username: "alice", tokenUse: "refresh" }), "token_invalid"],
    [
      "an ID token whose client sits in client_id, not aud",
      (s) => s.idToken({ username: "alice", extraClaims: { aud: "other-app", client_id: "app-client" } }),
      "token_invalid",
    ],
    [
      "a token without a username",
      (s) => s.idToken({ username: "alice", extraClaims: { "cognito:username": undefined } }),
      "token_invalid",
    ],
    [
      "a token whose username has a control character",
      (s) => s.accessToken({ username: "alice\u0000" }),
      "token_invalid",
    ],
    [
      "a token not yet valid",
      (s) => s.idToken({ username: "alice", extraClaims: { nbf: Math.floor(Date.now() / 1000) + 600 } }),
      "token_invalid",
    ],
  ];

  for (const [what, make, code] of refusals) {
    it(`refuses ${what}: 401 ${code}, and calls nothing`, async () => {
      const before = stack.outbound.length;
      const res = await ask(make(stack));
      assert.deepEqual([res.status, res.json.code], [401, code]);
      assert.deepEqual(stack.outbound.slice(before), [], "no DynamoDB, Cognito, SSM or Corbado call");
      assert.equal(res.headers.get("www-authenticate") !== null, code === "token_missing");
    });
  }

  it("accepts RS256 only: alg none and HS256 signed with the public key are refused", async () => {
    const good = stack.idToken({ username: "alice" });
    const [header, payload] = good.split(".") as [string, string];
    const kid = (JSON.parse(Buffer.from(header, "base64url").toString()) as { kid: string }).kid;
    assert.equal((await ask(`${b64({ alg: "none", kid })}.${payload}.`)).json.code, "token_invalid");
    const jwks = (await (await fetch(stack.pool.jwksUri)).json()) as { keys: { n: string }[] };
    const input = `${b64({ alg: "HS256", kid })}.${payload}`;
    const hs = `${input}.${createHmac("sha256", jwks.keys[0]!.n).update(input).digest("base64url")}`;
    assert.equal((await ask(hs)).json.code, "token_invalid");
    assert.equal((await ask(good)).status, 200, "control: the unmodified token passes");
  });

  it("takes only the token uses TOKEN_USES allows", async () => {
    const idOnly = stack.appWith({ TOKEN_USES: "id" });
    const body = { type: "passkey-list" };
    const access = await requestSelfService(idOnly, "POST", CONNECT_TOKENS_PATH, {
      token: stack.accessToken({ username: "bob" }),
      body,
    });
    assert.deepEqual([access.status, access.json.code], [401, "token_invalid"]);
    const id = await requestSelfService(idOnly, "POST", CONNECT_TOKENS_PATH, {
      token: stack.idToken({ username: "bob" }),
      body,
    });
    assert.equal(id.status, 200);
  });

  it("refuses a valid token of a user the pool no longer has: 403 account_not_found", async () => {
    const res = await ask(stack.idToken({ username: freshName("gone") }));
    assert.deepEqual([res.status, res.json.code], [403, "account_not_found"]);
  });
});
