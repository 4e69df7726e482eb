/**
 * A user's passkeys through connect tokens, against the Corbado stand-in: list and delete, what is audited, the
 * per-admin delete limit shared through DynamoDB, and Corbado failing or slow.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { entriesOf, requestApp, startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

describe("a user's passkeys, managed through connect tokens server side", () => {
  let stack: AdminTestStack;
  let admin: string;
  let auditor: string;

  before(async () => {
    // The pool's users: the passkey routes look the user up first ("ghost" is deliberately absent).
    const users = ["user-list", "user-del", "attacker", "victim", "user-type", "anyone", "bulk", "race"].map(
      (Username) => ({ Username }),
    );
    stack = await startAdminTestStack({
      env: { DELETE_RATE_LIMIT: "3", DELETE_RATE_WINDOW_SECONDS: "600" },
      users: [...users, { Username: "user-alias", email: "alias@example.com" }],
    });
    admin = stack.token({ sub: "sub-admin", groups: ["admins"] });
    auditor = stack.token({ groups: ["auditors"] });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.intercept = undefined;
    stack.corbado.setFault();
    stack.corbado.manage.setManageAllowed(true);
  });

  const tokenRequests = () =>
    stack.corbado.requests.filter((r) => r.path === "/v2/connectTokens").map((r) => r.body as Record<string, unknown>);

  it("lists the user's passkeys with a fresh short-lived passkey-list token for that username", async () => {
    const a = stack.corbado.manage.addPasskey("user-list", {
      aaguidDetails: { name: "iCloud Keychain", iconLight: "", iconDark: "" },
    });
    stack.corbado.manage.addPasskey("someone-else");
    const before = tokenRequests().length;
    const res = await stack.request("GET", "/v1/users/user-list/passkeys", { token: auditor });
    assert.equal(res.status, 200);
    const passkeys = res.json.passkeys as Record<string, unknown>[];
    assert.deepEqual(
      passkeys.map((p) => [p.id, p.authenticatorName, p.credentialId]),
      [[a.id, "iCloud Keychain", a.credentialID]],
    );
    assert.deepEqual(tokenRequests().slice(before), [
      { type: "passkey-list", data: { identifier: "user-list" }, maxLifetimeInSeconds: 60 },
    ]);
    assert.ok(!JSON.stringify(res.json).includes("ctk1_"), "the connect token never leaves the API");
    const [attempt, result] = await entriesOf(stack, res);
    assert.deepEqual([attempt!.action, attempt!.target, result!.result], ["passkeys_list", "user-list", "ok"]);
    assert.deepEqual(JSON.parse(result!.details!), { count: 1 });
  });

  it("deletes one passkey with a fresh passkey-delete token, and audits which passkey and the result", async () => {
    const keep = stack.corbado.manage.addPasskey("user-del");
    const gone = stack.corbado.manage.addPasskey("user-del");
    const before = tokenRequests().length;
    const res = await stack.request("DELETE", `/v1/users/user-del/passkeys/${gone.id}`, { token: admin });
    assert.deepEqual([res.status, res.json], [200, { passkeyId: gone.id, deleted: true }]);
    assert.deepEqual(
      stack.corbado.manage.passkeysOf("user-del").map((p) => p.id),
      [keep.id],
    );
    assert.deepEqual(
      tokenRequests()
        .slice(before)
        .map((t) => t.type),
      ["passkey-delete"],
    );
    const [attempt, result] = await entriesOf(stack, res);
    assert.deepEqual(JSON.parse(attempt!.details!), { passkeyId: gone.id });
    assert.deepEqual([result!.result, JSON.parse(result!.details!).passkeyId], ["ok", gone.id]);
  });

  it("answers 404 user_not_found for a username the pool does not have, audited, and asks Corbado for no token", async () => {
    stack.corbado.manage.addPasskey("ghost"); // Corbado may know an identifier the pool no longer has
    const before = tokenRequests().length;
    const list = await stack.request("GET", "/v1/users/ghost/passkeys", { token: auditor });
    assert.deepEqual([list.status, list.json.code], [404, "user_not_found"]);
    const id = stack.corbado.manage.passkeysOf("ghost")[0]!.id;
    const del = await stack.request("DELETE", `/v1/users/ghost/passkeys/${id}`, { token: admin });
    assert.deepEqual([del.status, del.json.code], [404, "user_not_found"]);
    assert.deepEqual(tokenRequests().slice(before), [], "no connect token for an unknown user");
    assert.equal(stack.corbado.manage.passkeysOf("ghost").length, 1, "nothing deleted");
    for (const [res, action] of [
      [list, "passkeys_list"],
      [del, "passkey_delete"],
    ] as const) {
      const [attempt, result] = await entriesOf(stack, res);
      assert.deepEqual([attempt!.action, attempt!.target], [action, "ghost"]);
      assert.deepEqual([result!.result, result!.errorCode], ["not_found", "user_not_found"]);
    }
  });

  it("resolves an alias (an e-mail in a pool with e-mail aliases) to the canonical username Corbado knows", async () => {
    stack.cognito.emailAlias = true;
    const aliasAdmin = stack.token({ sub: "sub-alias-admin", groups: ["admins"] }); // its own delete slots
    try {
      const kept = stack.corbado.manage.addPasskey("user-alias");
      const gone = stack.corbado.manage.addPasskey("user-alias");
      const before = tokenRequests().length;
      const list = await stack.request("GET", "/v1/users/alias%40example.com/passkeys", { token: auditor });
      assert.equal(list.status, 200);
      assert.deepEqual(
        (list.json.passkeys as Record<string, unknown>[]).map((p) => p.id),
        [kept.id, gone.id],
      );
      const del = await stack.request("DELETE", `/v1/users/alias%40example.com/passkeys/${gone.id}`, {
        token: aliasAdmin,
      });
      assert.deepEqual([del.status, del.json], [200, { passkeyId: gone.id, deleted: true }]);
      assert.deepEqual(
        stack.corbado.manage.passkeysOf("user-alias").map((p) => p.id),
        [kept.id],
      );
      assert.deepEqual(
        tokenRequests()
          .slice(before)
          .map((t) => [t.type, (t.data as Record<string, unknown>).identifier]),
        [
          ["passkey-list", "user-alias"],
          ["passkey-delete", "user-alias"],
        ],
      );
    } finally {
      stack.cognito.emailAlias = false;
    }
  });

  it("cannot delete another user's passkey through a user's URL: 404, nothing deleted", async () => {
    const other = stack.corbado.manage.addPasskey("victim");
    const res = await stack.request("DELETE", `/v1/users/attacker/passkeys/${other.id}`, { token: admin });
    assert.deepEqual([res.status, res.json.code], [404, "passkey_not_found"]);
    assert.equal(stack.corbado.manage.passkeysOf("victim").length, 1);
  });

  it("fails closed when the token has the wrong type: the stand-in refuses it and the API answers corbado_error", async () => {
    // Mutation: rewrite the type the API asked for. The stand-in must refuse the list, or its checks prove nothing.
    stack.intercept = (request) => {
      if (request.url.endsWith("/v2/connectTokens")) {
        (request as { body: string }).body = request.body.replace("passkey-list", "passkey-delete");
      }
      return undefined;
    };
    stack.corbado.manage.addPasskey("user-type");
    const res = await stack.request("GET", "/v1/users/user-type/passkeys", { token: auditor });
    assert.deepEqual([res.status, res.json.code], [502, "corbado_error"]);
    assert.equal(stack.corbado.requests.at(-1)!.status, 403, "refused by the stand-in");
    const [, result] = await entriesOf(stack, res);
    assert.deepEqual([result!.result, result!.errorCode], ["failed", "corbado_error"]);
  });

  it("answers corbado_manage_not_allowed when Corbado does not allow management", async () => {
    stack.corbado.manage.setManageAllowed(false);
    const res = await stack.request("GET", "/v1/users/anyone/passkeys", { token: auditor });
    assert.deepEqual([res.status, res.json.code], [502, "corbado_manage_not_allowed"]);
  });

  for (const [fault, status, code] of [
    [{ kind: "status", status: 503 }, 502, "corbado_error"],
    [{ kind: "garbage" }, 502, "corbado_error"],
    [{ kind: "hangup" }, 502, "corbado_error"],
  ] as const) {
    it(`answers ${status} ${code} when Corbado answers with ${fault.kind}, and audits the failure`, async () => {
      stack.corbado.setFault(fault);
      const res = await stack.request("GET", "/v1/users/anyone/passkeys", { token: auditor });
      assert.deepEqual([res.status, res.json.code], [status, code]);
      const [, result] = await entriesOf(stack, res);
      assert.deepEqual([result!.result, result!.errorCode], ["failed", code]);
    });
  }

  it("answers 504 corbado_timeout within the deadline when Corbado stalls, and still audits the failure", async () => {
    const app = stack.appWith({ REQUEST_DEADLINE_MS: "1500", UPSTREAM_TIMEOUT_MS: "300" });
    stack.corbado.setFault({ kind: "delay", ms: 5000 });
    const started = performance.now();
    const res = await requestApp(app, "DELETE", "/v1/users/anyone/passkeys/cre-1", { token: admin });
    const elapsed = performance.now() - started;
    assert.deepEqual([res.status, res.json.code], [504, "corbado_timeout"]);
    assert.ok(
      elapsed < 3000,
      `answered after ${Math.round(elapsed)} ms: bounded by the deadline, not by Corbado's 5 s`,
    );
    const [attempt, result] = await entriesOf(stack, res);
    assert.ok(attempt);
    assert.deepEqual([result!.result, result!.errorCode], ["failed", "corbado_timeout"]);
  });

  it("re-reads the Corbado secret after Corbado answered 401 (a rotated secret)", async () => {
    const rotated = `${stack.corbado.basicSecret}`;
    stack.ssm.put("/passkeys/corbado-secret", Buffer.from(`${stack.corbado.projectId}:wrong`).toString("base64"));
    const app = stack.appWith({ SECRET_CACHE_TTL_MS: "3600000" });
    const first = await requestApp(app, "GET", "/v1/users/anyone/passkeys", { token: auditor });
    assert.deepEqual([first.status, first.json.code], [502, "corbado_error"]);
    stack.ssm.put("/passkeys/corbado-secret", rotated);
    const second = await requestApp(app, "GET", "/v1/users/anyone/passkeys", { token: auditor });
    assert.equal(second.status, 200, "the cached bad secret was dropped after the 401");
  });

  it("limits deletions per admin (DELETE_RATE_LIMIT, shared through DynamoDB by every instance): 429 with Retry-After", async () => {
    const limited = stack.token({ sub: "sub-busy-admin", groups: ["admins"] });
    const other = stack.appWith({}); // a second instance on the same table
    const del = (app: "one" | "two") => {
      const id = stack.corbado.manage.addPasskey("bulk").id;
      return app === "one"
        ? stack.request("DELETE", `/v1/users/bulk/passkeys/${id}`, { token: limited })
        : requestApp(other, "DELETE", `/v1/users/bulk/passkeys/${id}`, { token: limited });
    };
    assert.equal((await del("one")).status, 200);
    assert.equal((await del("two")).status, 200);
    assert.equal((await del("one")).status, 200);
    const refused = await del("two");
    assert.deepEqual([refused.status, refused.json.code], [429, "rate_limited"]);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 600, String(retryAfter));
    const [, result] = await entriesOf(stack, refused);
    assert.deepEqual([result!.result, result!.errorCode], ["rate_limited", "rate_limited"]);
    assert.equal(stack.corbado.manage.passkeysOf("bulk").length, 1, "the refused delete did not reach Corbado");
    const anotherAdmin = stack.token({ sub: "sub-other-admin", groups: ["admins"] });
    const id = stack.corbado.manage.addPasskey("bulk").id;
    assert.equal((await stack.request("DELETE", `/v1/users/bulk/passkeys/${id}`, { token: anotherAdmin })).status, 200);
  });

  it("never lets concurrent deletions pass the limit", async () => {
    const racer = stack.token({ sub: "sub-racing-admin", groups: ["admins"] });
    const ids = Array.from({ length: 8 }, () => stack.corbado.manage.addPasskey("race").id);
    const answers = await Promise.all(
      ids.map((id) => stack.request("DELETE", `/v1/users/race/passkeys/${id}`, { token: racer })),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 429, 429, 429, 429, 429]);
  });
});
