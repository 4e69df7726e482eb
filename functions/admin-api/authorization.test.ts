/**
 * The authorization matrix: every route x (no token, forged, expired, wrong client, no group, auditor, admin),
 * against the stand-ins. 401 for every token problem, 403 (audited) for a valid token without the group, success
 * otherwise.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ROUTES, type RouteName } from "./routes";
import { auditItems, startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

type Caller = "none" | "forged" | "expired" | "wrong_client" | "no_group" | "auditor" | "admin";
const CALLERS: Caller[] = ["none", "forged", "expired", "wrong_client", "no_group", "auditor", "admin"];

describe("authorization matrix: every route x every kind of caller", () => {
  let stack: AdminTestStack;
  const subs: Record<Caller, string> = {} as Record<Caller, string>;

  before(async () => {
    stack = await startAdminTestStack({ users: [{ Username: "alice", email: "alice@example.com" }] });
    for (const caller of CALLERS) subs[caller] = `sub-${caller}`;
  });
  after(() => stack.close());

  function tokenFor(caller: Caller): string | undefined {
    const sub = subs[caller];
    switch (caller) {
      case "none":
        return undefined;
      case "forged":
        return stack.token({ sub, groups: ["admins"], forged: true });
      case "expired":
        return stack.token({ sub, groups: ["admins"], expiresIn: -60 });
      case "wrong_client":
        return stack.token({ sub, groups: ["admins"], clientId: "another-app" });
      case "no_group":
        return stack.token({ sub, groups: [] });
      case "auditor":
        return stack.token({ sub, groups: ["auditors"] });
      case "admin":
        return stack.token({ sub, groups: ["admins"] });
    }
  }

  /** A request that succeeds for a caller who may use the route (fresh state for the admin actions). */
  async function requestFor(name: RouteName): Promise<{ method: string; path: string; body?: unknown }> {
    switch (name) {
      case "user":
        return { method: "GET", path: "/v1/users/alice" };
      case "passkeys":
        return { method: "GET", path: "/v1/users/alice/passkeys" };
      case "deletePasskey":
        return { method: "DELETE", path: `/v1/users/alice/passkeys/${stack.corbado.manage.addPasskey("alice").id}` };
      case "updateSettings": {
        const current = await stack.request("GET", "/v1/settings", { token: stack.token({ groups: ["auditors"] }) });
        return {
          method: "PUT",
          path: "/v1/settings",
          body: { version: current.json.version, passkeyFirst: true, killSwitch: false },
        };
      }
      default:
        return { method: ROUTES[name].method.toUpperCase(), path: ROUTES[name].path };
    }
  }

  function expected(name: RouteName, caller: Caller): { status: number; code?: string } {
    const access = ROUTES[name].access;
    if (access === "public") return { status: 200 };
    if (caller === "none") return { status: 401, code: "token_missing" };
    if (caller === "expired") return { status: 401, code: "token_expired" };
    if (caller === "forged" || caller === "wrong_client") return { status: 401, code: "token_invalid" };
    if (access === "any") return { status: 200 };
    if (caller === "admin") return { status: 200 };
    if (caller === "auditor" && access === "auditor") return { status: 200 };
    return { status: 403, code: "forbidden" };
  }

  for (const name of Object.keys(ROUTES) as RouteName[]) {
    it(`${ROUTES[name].method.toUpperCase()} ${ROUTES[name].path}: ${CALLERS.join(", ")}`, async () => {
      for (const caller of CALLERS) {
        const req = await requestFor(name);
        const token = tokenFor(caller);
        const res = await stack.request(req.method, req.path, { ...(token ? { token } : {}), body: req.body });
        const want = expected(name, caller);
        assert.equal(res.status, want.status, `${caller}: ${JSON.stringify(res.json)}`);
        if (want.code) assert.equal(res.json.code, want.code, caller);
        if (want.status === 401) assert.equal(res.headers.get("www-authenticate") !== null, caller === "none", caller);
      }
    });
  }

  it("audits every 403: an attempt and a result entry with the action, the actor and the target", async () => {
    const sub = "sub-curious-auditor";
    const res = await stack.request("DELETE", "/v1/users/alice/passkeys/cre-123", {
      token: stack.token({ sub, username: "curious", groups: ["auditors"] }),
      headers: { "user-agent": "console-test/1.0" },
    });
    assert.equal(res.status, 403);
    const entries = (await auditItems(stack)).filter((e) => e.actorSub === sub);
    assert.deepEqual(
      entries.map((e) => [e.phase, e.action, e.target, e.result ?? null, e.errorCode ?? null]),
      [
        ["attempt", "passkey_delete", "alice", null, null],
        ["result", "passkey_delete", "alice", "forbidden", "forbidden"],
      ],
    );
    assert.equal(entries[0]!.actorUsername, "curious");
    assert.equal(entries[0]!.actorGroups, '["auditors"]');
    assert.equal(entries[0]!.userAgent, "console-test/1.0");
    assert.equal(entries[0]!.requestId, res.json.requestId);
  });

  it("writes nothing to the audit log for a 401 (there is no identity to record)", async () => {
    const before = (await auditItems(stack)).length;
    await stack.request("GET", "/v1/users/alice", { token: stack.token({ forged: true, groups: ["admins"] }) });
    await stack.request("GET", "/v1/users/alice");
    assert.equal((await auditItems(stack)).length, before);
  });

  it("checks the token before anything else: a 401 reaches neither Cognito nor Corbado", async () => {
    const before = stack.outbound.length;
    await stack.request("DELETE", "/v1/users/alice/passkeys/cre-1", {
      token: stack.token({ expiresIn: -5, groups: ["admins"] }),
    });
    await stack.request("GET", "/v1/users?emailPrefix=a", { token: stack.token({ forged: true, groups: ["admins"] }) });
    assert.deepEqual(stack.outbound.slice(before), []);
  });
});
