import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { auditItems, startAdminTestStack, type AdminTestStack } from "./admin-api-stack";
import { startAdminApi, type RunningAdminApi } from "./admin-api";

describe("the admin API's local adapter (the Lambda's app over HTTP on loopback)", () => {
  let stack: AdminTestStack;
  let api: RunningAdminApi;
  before(async () => {
    stack = await startAdminTestStack({ users: [{ Username: "alice", email: "alice@example.com" }] });
    api = await startAdminApi(stack.env, { logSink: () => undefined });
  });
  after(async () => {
    await api.close();
    await stack.close();
  });

  it("serves the public login config and the authenticated routes, configured by the same variables", async () => {
    const pub = await fetch(`${api.url}/v1/public/login-config`);
    assert.equal(pub.status, 200);
    assert.match(pub.headers.get("cache-control") ?? "", /^public/);
    const me = await fetch(`${api.url}/v1/me`, {
      headers: { authorization: `Bearer ${stack.token({ groups: ["auditors"] })}` },
    });
    assert.equal(((await me.json()) as { role: string }).role, "auditor");
  });

  it("records the socket's address as the source IP in the audit log", async () => {
    const res = await fetch(`${api.url}/v1/users/alice`, {
      headers: { authorization: `Bearer ${stack.token({ groups: ["auditors"] })}` },
    });
    assert.equal(res.status, 200);
    const id = res.headers.get("x-request-id");
    const entry = (await auditItems(stack)).find((e) => e.requestId === id);
    assert.equal(entry?.sourceIp, "127.0.0.1");
  });

  it("answers the console's CORS preflight", async () => {
    const res = await fetch(`${api.url}/v1/settings`, {
      method: "OPTIONS",
      headers: { origin: "https://console.example.com", "access-control-request-method": "PUT" },
    });
    assert.equal(res.headers.get("access-control-allow-origin"), "https://console.example.com");
  });

  it("listens on loopback only", async () => {
    await assert.rejects(startAdminApi(stack.env, { host: "0.0.0.0" }), /loopback only/);
  });
});
