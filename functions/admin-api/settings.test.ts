/**
 * Login settings through the API, against the SSM stand-in and dynalite: the value stays exactly
 * {passkeyFirst, killSwitch}, a stale version is 409, and concurrent changes from the same version are serialised
 * through the DynamoDB claim (exactly one wins).
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { manualClock } from "../../tools/local/testing";
import {
  entriesOf,
  requestApp,
  SETTINGS_PARAMETER,
  startAdminTestStack,
  type AdminTestStack,
} from "../../tools/local/admin-api-stack";

describe("login settings: read, change, serialise", () => {
  let stack: AdminTestStack;
  let admin: string;
  let auditor: string;

  before(async () => {
    stack = await startAdminTestStack();
    admin = stack.token({ sub: "sub-admin", username: "admin1", groups: ["admins"] });
    auditor = stack.token({ groups: ["auditors"] });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.intercept = undefined;
  });

  const read = async () => (await stack.request("GET", "/v1/settings", { token: auditor })).json;
  const parameter = () => {
    const puts = stack.ssm.requests.filter((r) => r.target === "AmazonSSM.PutParameter");
    return puts.at(-1)?.body as { Name: string; Value: string; Type: string; Overwrite: boolean } | undefined;
  };
  const putCount = () => stack.ssm.requests.filter((r) => r.target === "AmazonSSM.PutParameter").length;

  it("reads the parameter define reads, with SSM's version, and says a change made outside the console is by no one", async () => {
    const settings = await read();
    assert.equal(settings.passkeyFirst, false);
    assert.equal(settings.killSwitch, false);
    assert.equal(settings.valid, true);
    assert.equal(typeof settings.version, "number");
    assert.equal(settings.changedBy, null);
    assert.equal(settings.takesEffectWithinSeconds, 30);
  });

  it("changes the settings from the version read: the parameter holds exactly {passkeyFirst, killSwitch}", async () => {
    const { version } = await read();
    const started = Date.now();
    const res = await stack.request("PUT", "/v1/settings", {
      token: admin,
      body: { version, passkeyFirst: true, killSwitch: true },
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.version, (version as number) + 1);
    assert.deepEqual(res.json.changedBy, { sub: "sub-admin", username: "admin1" });
    const effectiveBy = Date.parse(res.json.effectiveBy as string);
    assert.ok(effectiveBy >= started + 30_000 && effectiveBy <= Date.now() + 30_000, "within the triggers' cache TTL");
    assert.deepEqual(parameter(), {
      Name: SETTINGS_PARAMETER,
      Value: '{"passkeyFirst":true,"killSwitch":true}',
      Type: "String",
      Overwrite: true,
    });
    const after = await read();
    assert.equal(after.version, res.json.version);
    assert.deepEqual(after.changedBy, { sub: "sub-admin", username: "admin1" });
    assert.equal(after.changedAt, res.json.changedAt);
  });

  it("audits a change: the attempt with the new values, the result with the old values and the new version", async () => {
    const { version } = await read();
    const res = await stack.request("PUT", "/v1/settings", {
      token: admin,
      body: { version, passkeyFirst: false, killSwitch: false },
    });
    const entries = await entriesOf(stack, res);
    assert.deepEqual(
      entries.map((e) => e.phase),
      ["attempt", "result"],
    );
    assert.deepEqual(JSON.parse(entries[0]!.details!), {
      expectedVersion: version,
      new: { passkeyFirst: false, killSwitch: false },
    });
    const result = JSON.parse(entries[1]!.details!) as Record<string, unknown>;
    assert.deepEqual(result.old, { passkeyFirst: true, killSwitch: true, valid: true });
    assert.equal(result.version, res.json.version);
    assert.equal(entries[1]!.result, "ok");
  });

  it("answers 409 to a stale version and writes nothing", async () => {
    const { version } = await read();
    const before = putCount();
    const res = await stack.request("PUT", "/v1/settings", {
      token: admin,
      body: { version: (version as number) - 1, passkeyFirst: true, killSwitch: false },
    });
    assert.deepEqual([res.status, res.json.code], [409, "settings_version_conflict"]);
    assert.equal(putCount(), before);
    const [, result] = await entriesOf(stack, res);
    assert.deepEqual(
      [result!.phase, result!.result, result!.errorCode],
      ["result", "conflict", "settings_version_conflict"],
    );
  });

  for (const writers of [2, 5]) {
    it(`lets exactly one of ${writers} concurrent changes from the same version through; the others get 409`, async () => {
      const { version } = await read();
      const before = putCount();
      // The worst interleaving: every writer has checked the version before the first one writes. Without the
      // DynamoDB claim they would all write (SSM has no compare-and-set); the re-read alone cannot stop that.
      stack.intercept = async (request) => {
        if (request.headers["x-amz-target"] === "AmazonSSM.PutParameter") {
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        return undefined;
      };
      const answers = await Promise.all(
        Array.from({ length: writers }, (_, i) =>
          stack.request("PUT", "/v1/settings", {
            token: admin,
            body: { version, passkeyFirst: i % 2 === 0, killSwitch: false },
          }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [200, ...Array<number>(writers - 1).fill(409)]);
      assert.equal(putCount() - before, 1, "SSM was written once");
      const winner = answers.find((a) => a.status === 200)!;
      assert.equal((await read()).passkeyFirst, winner.json.passkeyFirst);
    });
  }

  it("answers 409 when the parameter changed outside the console between the read and the claim", async () => {
    const { version } = await read();
    stack.intercept = (request) => {
      // Right after our claim, someone changes the parameter elsewhere (e.g. terraform apply).
      if (
        request.headers["x-amz-target"] === "DynamoDB_20120810.UpdateItem" &&
        request.body.includes("settings-lock")
      ) {
        stack.intercept = undefined;
        stack.ssm.put(SETTINGS_PARAMETER, '{"passkeyFirst":false,"killSwitch":true}', "String");
      }
      return undefined;
    };
    const before = putCount();
    const res = await stack.request("PUT", "/v1/settings", {
      token: admin,
      body: { version, passkeyFirst: true, killSwitch: false },
    });
    assert.deepEqual([res.status, res.json.code], [409, "settings_version_conflict"]);
    assert.equal(putCount(), before, "the outside change is not overwritten");
    const now = await read();
    assert.deepEqual([now.killSwitch, now.changedBy], [true, null]);
  });

  it("keeps a version claimed by a writer that failed until its lease ends, then lets another writer through", async () => {
    const clock = manualClock(Date.now());
    const app = stack.appWith({}, clock.now);
    const { version } = await read();
    stack.intercept = (request) =>
      request.headers["x-amz-target"] === "AmazonSSM.PutParameter"
        ? { status: 500, body: '{"__type":"InternalServerError"}' }
        : undefined;
    const failed = await requestApp(app, "PUT", "/v1/settings", {
      token: admin,
      body: { version, passkeyFirst: true, killSwitch: true },
    });
    assert.deepEqual([failed.status, failed.json.code], [502, "ssm_error"]);
    stack.intercept = undefined;
    const blocked = await requestApp(app, "PUT", "/v1/settings", {
      token: admin,
      body: { version, passkeyFirst: true, killSwitch: true },
    });
    assert.equal(blocked.status, 409, "the claim still holds");
    clock.advance(8000 + 2001); // REQUEST_DEADLINE_MS + 2 s
    const retried = await requestApp(app, "PUT", "/v1/settings", {
      token: admin,
      body: { version, passkeyFirst: true, killSwitch: true },
    });
    assert.equal(retried.status, 200, JSON.stringify(retried.json));
  });

  it("shows an invalid parameter as a kill switch that is on, and lets an admin repair it", async () => {
    stack.ssm.put(SETTINGS_PARAMETER, '{"killSwitch":"off"}', "String");
    const broken = await read();
    assert.deepEqual([broken.valid, broken.killSwitch, broken.passkeyFirst], [false, true, false]);
    const res = await stack.request("PUT", "/v1/settings", {
      token: admin,
      body: { version: broken.version, passkeyFirst: false, killSwitch: false },
    });
    assert.equal(res.status, 200);
    assert.equal((await read()).valid, true);
  });

  it("answers 502/504 when SSM fails or stalls, and the audit result records it", async () => {
    const { version } = await read();
    stack.ssm.setFault({ kind: "status", status: 500 });
    let res;
    try {
      res = await stack.request("PUT", "/v1/settings", {
        token: admin,
        body: { version, passkeyFirst: true, killSwitch: false },
      });
      assert.deepEqual([res.status, res.json.code], [502, "ssm_error"]);
      assert.deepEqual((await stack.request("GET", "/v1/settings", { token: auditor })).json.code, "ssm_error");
    } finally {
      stack.ssm.setFault();
    }
    const [, result] = await entriesOf(stack, res);
    assert.deepEqual([result!.action, result!.result, result!.errorCode], ["settings_update", "failed", "ssm_error"]);
  });
});
