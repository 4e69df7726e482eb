/**
 * Bad input: every query, path and body is validated (400 with a code and issues naming the parameter), unknown
 * routes are 404, wrong methods 405, large bodies 413, other media types 415, and nothing the caller typed comes
 * back in an answer or goes into a log line.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { auditItems, startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

const MARK = "XSS<script>mark-7f3a</script>";

describe("admin API under bad input", () => {
  let stack: AdminTestStack;
  let admin: string;
  before(async () => {
    stack = await startAdminTestStack({ users: [{ Username: "alice", email: "alice@example.com" }] });
    admin = stack.token({ groups: ["admins"] });
  });
  after(() => stack.close());

  const expect400 = async (
    method: string,
    path: string,
    issue: { in: string; field: string; problem?: string },
    body?: unknown,
  ) => {
    const res = await stack.request(method, path, { token: admin, body });
    assert.equal(res.status, 400, `${method} ${path}: ${JSON.stringify(res.json)}`);
    assert.equal(res.json.code, "invalid_request");
    assert.equal(typeof res.json.message, "string");
    const issues = res.json.issues as { in: string; field: string; problem: string }[];
    assert.ok(
      issues.some(
        (i) => i.in === issue.in && i.field === issue.field && (!issue.problem || i.problem === issue.problem),
      ),
      `${path}: ${JSON.stringify(issues)}`,
    );
  };

  it("validates the adoption query: days, granularity, order and length of the range, unknown parameters", async () => {
    await expect400("GET", "/v1/adoption?granularity=year", {
      in: "query",
      field: "granularity",
      problem: "invalid_value",
    });
    await expect400("GET", "/v1/adoption?from=2026-02-30", { in: "query", field: "from" });
    await expect400("GET", "/v1/adoption?from=21.11.2026", { in: "query", field: "from" });
    await expect400("GET", "/v1/adoption?from=2026-11-21&to=2026-11-20", {
      in: "query",
      field: "from",
      problem: "after_to",
    });
    await expect400("GET", "/v1/adoption?from=2024-01-01&to=2026-01-01", {
      in: "query",
      field: "from",
      problem: "range_too_long",
    });
    await expect400("GET", "/v1/adoption?granularity=day&granularity=week", { in: "query", field: "granularity" });
    await expect400("GET", "/v1/adoption?colour=blue", { in: "query", field: "", problem: "unrecognized_keys" });
    const ok = await stack.request("GET", "/v1/adoption?from=2026-11-01&to=2026-11-30&granularity=week", {
      token: admin,
    });
    assert.equal(ok.status, 200, "control");
  });

  it("validates the users query, and a refused prefix never reaches Cognito", async () => {
    const before = stack.cognito.requests.length;
    for (const prefix of ['a"b', "a\\b", "a b", "a\u200bb", "a\nb", "a\tb", "x".repeat(246), ""]) {
      await expect400("GET", `/v1/users?emailPrefix=${encodeURIComponent(prefix)}`, {
        in: "query",
        field: "emailPrefix",
      });
    }
    assert.equal(stack.cognito.requests.length, before);
    await expect400("GET", "/v1/users?limit=0", { in: "query", field: "limit" });
    await expect400("GET", "/v1/users?limit=61", { in: "query", field: "limit" });
    await expect400("GET", "/v1/users?limit=ten", { in: "query", field: "limit" });
    await expect400("GET", "/v1/users?next=has%20space", { in: "query", field: "next" });
    const ok = await stack.request("GET", `/v1/users?emailPrefix=${encodeURIComponent("o'brien+tag@")}&limit=60`, {
      token: admin,
    });
    assert.equal(ok.status, 200, "control: an apostrophe and a plus are fine");
  });

  it("validates path parameters: usernames and passkey ids", async () => {
    await expect400("GET", "/v1/users/a%0Ab", { in: "path", field: "username" });
    await expect400("GET", "/v1/users/a%20b", { in: "path", field: "username" });
    await expect400("GET", `/v1/users/${"u".repeat(129)}`, { in: "path", field: "username" });
    await expect400("DELETE", "/v1/users/alice/passkeys/cre%2F..%2F1", { in: "path", field: "passkeyId" });
    await expect400("DELETE", `/v1/users/alice/passkeys/${"c".repeat(129)}`, { in: "path", field: "passkeyId" });
  });

  it("validates the settings body: types, required and unknown fields, version", async () => {
    await expect400(
      "PUT",
      "/v1/settings",
      { in: "body", field: "killSwitch", problem: "invalid_type" },
      { version: 1, passkeyFirst: true, killSwitch: "false" },
    );
    await expect400("PUT", "/v1/settings", { in: "body", field: "version" }, { passkeyFirst: true, killSwitch: false });
    await expect400(
      "PUT",
      "/v1/settings",
      { in: "body", field: "version", problem: "too_small" },
      { version: 0, passkeyFirst: true, killSwitch: false },
    );
    await expect400(
      "PUT",
      "/v1/settings",
      { in: "body", field: "", problem: "unrecognized_keys" },
      { version: 1, passkeyFirst: true, killSwitch: false, admin: true },
    );
    await expect400("PUT", "/v1/settings", { in: "body", field: "", problem: "invalid_type" }, [1, 2]);
  });

  it("answers invalid_json, unsupported_media_type and body_too_large for bodies that cannot be read", async () => {
    const raw = (body: string, type?: string) =>
      stack.request("PUT", "/v1/settings", { token: admin, body, headers: type ? { "content-type": type } : {} });
    const broken = await raw("{not json");
    assert.deepEqual([broken.status, broken.json.code], [400, "invalid_json"]);
    const text = await raw('{"version":1}', "text/plain");
    assert.deepEqual([text.status, text.json.code], [415, "unsupported_media_type"]);
    const big = await raw(
      JSON.stringify({ version: 1, passkeyFirst: true, killSwitch: false, pad: "x".repeat(17 * 1024) }),
    );
    assert.deepEqual([big.status, big.json.code], [413, "body_too_large"]);
    const justUnder = await raw(
      JSON.stringify({ version: 1, passkeyFirst: true, killSwitch: false, pad: "x".repeat(15 * 1024) }),
    );
    assert.equal(justUnder.status, 400, "a body under 16 kB is read (and then refused for its unknown field)");
  });

  it("validates the audit query", async () => {
    await expect400("GET", "/v1/audit?from=yesterday", { in: "query", field: "from" });
    await expect400("GET", "/v1/audit?action=drop_table", { in: "query", field: "action" });
    await expect400("GET", "/v1/audit?limit=101", { in: "query", field: "limit" });
    await expect400("GET", "/v1/audit?next=not-a-cursor", { in: "query", field: "next", problem: "invalid_cursor" });
    await expect400("GET", "/v1/audit?from=2026-11-02&to=2026-11-01", {
      in: "query",
      field: "from",
      problem: "after_to",
    });
  });

  it("answers 404 for unknown routes and 405 with Allow for a known route's other methods", async () => {
    for (const path of ["/", "/v1", "/v2/me", "/v1/users/alice/passkeys/cre-1/extra", "/v1/public/other"]) {
      const res = await stack.request("GET", path, { token: admin });
      assert.deepEqual([res.status, res.json.code], [404, "not_found"], path);
    }
    const cases: [string, string, string][] = [
      ["POST", "/v1/settings", "GET, PUT"],
      ["DELETE", "/v1/users/alice", "GET"],
      ["PUT", "/v1/public/login-config", "GET"],
      ["GET", "/v1/users/alice/passkeys/cre-1", "DELETE"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await stack.request(method, path, { token: admin });
      assert.deepEqual([res.status, res.json.code], [405, "method_not_allowed"], `${method} ${path}`);
      assert.equal(res.headers.get("allow"), allow);
    }
  });

  it("marks every answer no-store except the public login config, and every answer carries its request id", async () => {
    for (const path of ["/v1/me", "/v1/settings", "/v1/nope", "/v1/adoption?granularity=x"]) {
      const res = await stack.request("GET", path, { token: admin });
      assert.equal(res.headers.get("cache-control"), "no-store", path);
      assert.match(res.headers.get("x-request-id") ?? "", /^[\w-]{8,}/);
    }
    const anonymous = await stack.request("GET", "/v1/settings");
    assert.equal(anonymous.headers.get("cache-control"), "no-store");
    const pub = await stack.request("GET", "/v1/public/login-config");
    assert.match(pub.headers.get("cache-control") ?? "", /^public, max-age=\d+$/);
  });

  it("never echoes what the caller typed: not in answers, not in log lines", async () => {
    const enc = encodeURIComponent(MARK);
    const answers = [
      await stack.request("GET", `/v1/users?emailPrefix=${enc}`, { token: admin }),
      await stack.request("GET", `/v1/users/${enc}`, { token: admin }),
      await stack.request("GET", `/v1/adoption?${enc}=1`, { token: admin }),
      await stack.request("GET", `/v1/audit?actor=${enc}&action=${enc}`, { token: admin }),
      await stack.request("PUT", "/v1/settings", {
        token: admin,
        body: { version: 1, [MARK]: MARK, killSwitch: MARK },
      }),
      await stack.request("PUT", "/v1/settings", { token: admin, body: `{"${MARK}` }),
      await stack.request("GET", `/v1/${enc}`, { token: admin }),
      await stack.request("GET", "/v1/me", { token: `${MARK}.a.b` }),
    ];
    for (const res of answers) assert.ok(!JSON.stringify(res.json).includes("mark-7f3a"), JSON.stringify(res.json));
    assert.ok(!stack.logs.join("\n").includes("mark-7f3a"));
  });

  it("keeps an odd but valid username out of the log lines (audit entries hold it in the table only)", async () => {
    stack.cognito.users.push({ Username: "o'brien<b>", email: "ob@example.com" });
    const res = await stack.request("GET", `/v1/users/${encodeURIComponent("o'brien<b>")}`, { token: admin });
    assert.equal(res.status, 200);
    assert.ok(!stack.logs.join("\n").includes("brien"));
    assert.ok((await auditItems(stack)).some((e) => e.target === "o'brien<b>"));
  });
});
