/**
 * The audit log against dynalite: entry shape, append-only writes, newest-first listing across months with filters
 * and pagination, the TTL attribute, and the SIEM line.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { manualClock } from "../../tools/local/testing";
import { createAuditLog } from "./audit";
import { createAwsCall } from "../api-shared/aws";
import { createDeadline } from "../api-shared/deadline";
import { ApiError } from "./errors";
import {
  auditItems,
  entriesOf,
  requestApp,
  startAdminTestStack,
  type AdminTestStack,
} from "../../tools/local/admin-api-stack";

describe("the audit log", () => {
  let stack: AdminTestStack;
  let auditor: string;
  const clock = manualClock(Date.parse("2026-10-30T10:00:00Z"));

  before(async () => {
    stack = await startAdminTestStack({
      users: [
        { Username: "alice", email: "alice@example.com" },
        { Username: "bob", email: "bob@example.com" },
      ],
      env: { AUDIT_RETENTION_DAYS: "90" },
    });
    auditor = stack.token({ sub: "sub-auditor", username: "auditor1", groups: ["auditors"] });
    // Views spread over three months, from an instance whose clock we move.
    const app = stack.appWith({}, clock.now);
    const admin = stack.token({ sub: "sub-admin", username: "admin1", groups: ["admins"] });
    for (const [advanceDays, token, user] of [
      [0, auditor, "alice"],
      [5, admin, "bob"],
      [1, auditor, "bob"],
      [30, admin, "alice"],
      [1, auditor, "alice"],
    ] as const) {
      clock.advance(advanceDays * 86_400_000);
      assert.equal(
        (await requestApp(app, "GET", `/v1/users/${user}`, { token, headers: { "user-agent": "ua/1" } })).status,
        200,
      );
    }
  });
  after(() => stack.close());

  const list = async (query: string) => {
    const res = await stack.request("GET", `/v1/audit?${query}`, { token: auditor });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return res.json as { entries: Record<string, unknown>[]; next: string | null };
  };

  it("stores who did what to whom, when, from where, with the result, and an expiry (TTL) from AUDIT_RETENTION_DAYS", async () => {
    const first = (await auditItems(stack))[0]!;
    assert.deepEqual(
      { ...first, requestId: "-", sk: "-" },
      {
        pk: "audit#2026-10",
        sk: "-",
        time: "2026-10-30T10:00:00.000Z",
        phase: "attempt",
        action: "user_view",
        actorSub: "sub-auditor",
        actorUsername: "auditor1",
        actorGroups: '["auditors"]',
        requestId: "-",
        sourceIp: "",
        userAgent: "ua/1",
        target: "alice",
        expiresAt: String(Date.parse("2026-10-30T10:00:00Z") / 1000 + 90 * 86_400),
      },
    );
  });

  it("lists newest first across months, in pages, without losing or repeating an entry", async () => {
    const all = await list("from=2026-10-01&to=2026-12-31&limit=100");
    assert.equal(all.entries.length, 10);
    assert.equal(all.next, null);
    const times = all.entries.map((e) => e.time as string);
    assert.deepEqual(times, [...times].sort().reverse());
    const paged: unknown[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const page = await list(`from=2026-10-01&to=2026-12-31&limit=3${next ? `&next=${next}` : ""}`);
      assert.ok(page.entries.length <= 3);
      paged.push(...page.entries.map((e) => e.id));
      next = page.next;
      pages++;
    } while (next && pages < 10);
    assert.deepEqual(
      paged,
      all.entries.map((e) => e.id),
    );
  });

  it("filters by actor (sub or username) and action, within the time range", async () => {
    const byAdmin = await list("from=2026-10-01&to=2026-12-31&actor=admin1");
    assert.equal(byAdmin.entries.length, 4);
    assert.ok(byAdmin.entries.every((e) => (e.actor as { sub: string }).sub === "sub-admin"));
    assert.equal((await list("from=2026-10-01&to=2026-12-31&actor=sub-admin")).entries.length, 4);
    assert.equal((await list("from=2026-10-01&to=2026-12-31&action=passkey_delete")).entries.length, 0);
    const november = await list("from=2026-11-01&to=2026-11-30");
    assert.deepEqual(november.entries.map((e) => e.target as string).sort(), ["bob", "bob", "bob", "bob"]);
  });

  it("pages through a sparse filter without scanning: small pages hand back `next`", async () => {
    const first = await list("from=2026-10-01&to=2026-12-31&actor=admin1&limit=1");
    assert.equal(first.entries.length, 1);
    assert.ok(first.next);
  });

  it("refuses a `next` issued for another range", async () => {
    const page = await list("from=2026-10-01&to=2026-12-31&limit=2");
    const res = await stack.request("GET", `/v1/audit?from=2026-10-01&to=2026-11-30&next=${page.next}`, {
      token: auditor,
    });
    assert.deepEqual([res.status, res.json.code], [400, "invalid_request"]);
  });

  it("is append-only: an entry is never overwritten (PutItem with attribute_not_exists)", async () => {
    const aws = createAwsCall({ dynamodb: stack.db.endpoint });
    const fixed = manualClock(Date.parse("2026-06-01T00:00:00Z"));
    const sink: string[] = [];
    const log = createAuditLog({
      aws,
      table: stack.tables.audit,
      retentionDays: 1,
      now: fixed.now,
      sink: (l) => sink.push(l),
    });
    const actor = { sub: "s", username: "u", groups: [], clientId: "c" };
    const meta = { requestId: "req-fixed", sourceIp: "203.0.113.9", userAgent: "" };
    await log.write("attempt", actor, meta, { action: "user_view", target: "x" }, createDeadline(5000, 5000));
    await assert.rejects(
      log.write("attempt", actor, meta, { action: "settings_update", target: "y" }, createDeadline(5000, 5000)),
      (e: unknown) => e instanceof ApiError && e.code === "audit_unavailable",
    );
    const kept = (await auditItems(stack)).find((e) => e.requestId === "req-fixed")!;
    assert.equal(kept.action, "user_view");
    assert.equal(JSON.parse(sink[0]!).sourceIp, "203.0.113.9");
  });

  it("only ever adds to or queries the audit table (no update, no delete), over every kind of request", async () => {
    const admin = stack.token({ groups: ["admins"] });
    const version = (await stack.request("GET", "/v1/settings", { token: admin })).json.version;
    const passkey = stack.corbado.manage.addPasskey("alice");
    const before = stack.outbound.length;
    await stack.request("PUT", "/v1/settings", {
      token: admin,
      body: { version, passkeyFirst: true, killSwitch: false },
    });
    await stack.request("DELETE", `/v1/users/alice/passkeys/${passkey.id}`, { token: admin });
    await stack.request("GET", "/v1/users/alice/passkeys", { token: admin });
    await stack.request("PUT", "/v1/settings", {
      token: auditor,
      body: { version, passkeyFirst: true, killSwitch: false },
    });
    await stack.request("GET", "/v1/audit", { token: auditor });
    const onAudit = stack.outbound
      .slice(before)
      .filter((o) => o.body.includes(`"TableName":"${stack.tables.audit}"`))
      .map((o) => ({ target: o.target, body: JSON.parse(o.body) as Record<string, unknown> }));
    assert.ok(onAudit.length >= 8);
    for (const call of onAudit) {
      assert.ok(["DynamoDB_20120810.PutItem", "DynamoDB_20120810.Query"].includes(call.target!), call.target);
      if (call.target === "DynamoDB_20120810.PutItem")
        assert.equal(call.body.ConditionExpression, "attribute_not_exists(pk)");
    }
  });

  it("emits each entry as a SIEM line with ids and codes only (no username, user agent or settings values)", async () => {
    const res = await stack.request("GET", "/v1/users/bob", {
      token: stack.token({ sub: "sub-siem", username: "siem.user@example.com", groups: ["auditors"] }),
      headers: { "user-agent": "Mozilla/5.0 secret-ua" },
    });
    const [attempt] = await entriesOf(stack, res);
    const lines = stack.logs
      .filter((l) => l.includes(attempt!.sk!))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    assert.deepEqual(Object.keys(lines[0]!).sort(), [
      "action",
      "actorSub",
      "auditId",
      "event",
      "fn",
      "level",
      "phase",
      "requestId",
      "time",
    ]);
    assert.ok(!stack.logs.join("\n").includes("siem.user") && !stack.logs.join("\n").includes("secret-ua"));
  });
});
