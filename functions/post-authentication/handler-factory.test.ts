/** The post-authentication trigger: counts every successful login and never fails, nor delays past its bound, a sign-in. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startDynalite, type RunningDynalite } from "../../tools/local/dynalite";
import { captureConsole, parseLines, refusedUrl, startLoopbackServer } from "../../tools/local/testing";
import { ATTR, counterPk, type CounterTarget } from "../shared/adoption-counters";
import { createPostAuthenticationHandler, POST_AUTHENTICATION_TRIGGER_SOURCE } from "./handler-factory";

/** A post-authentication event as Cognito sends it (Amazon Cognito Developer Guide, "Post authentication"). */
const event = () => ({
  version: "1",
  region: "eu-central-1",
  userPoolId: "eu-central-1_AbC123",
  userName: "0f6c3e2a-1111-2222-3333-444455556666",
  callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "client" },
  triggerSource: POST_AUTHENTICATION_TRIGGER_SOURCE,
  request: { userAttributes: { sub: "0f6c3e2a", email: "alice@example.com" }, newDeviceUsed: false },
  response: {},
});

const target = (endpoint: string, timeoutMs: number): CounterTarget => ({
  table: "aggregates",
  endpoint: { endpoint, region: "us-east-1", accessKeyId: "local", secretAccessKey: "local" },
  shards: 1,
  timeoutMs,
});

describe("post-authentication", () => {
  let db: RunningDynalite;
  before(async () => {
    db = await startDynalite();
    await db.createTable("aggregates");
  });
  after(() => db.close());

  it("returns the event it got and counts the login in the day's logins", async () => {
    const handler = createPostAuthenticationHandler({ counters: target(db.url, 5000) });
    for (let i = 0; i < 2; i++) {
      const input = event();
      const { result, lines } = await captureConsole(() => handler(input, { awsRequestId: "req-1" }));
      assert.deepEqual(result, input);
      assert.deepEqual(
        parseLines(lines).map((e) => [e.event, e.outcome, e.requestId]),
        [["post_authentication", "counted", "req-1"]],
      );
      assert.ok(!lines.join().includes("alice") && !lines.join().includes("0f6c3e2a"), "no user data in logs");
    }
    const { Item } = (await db.call("GetItem", {
      TableName: "aggregates",
      Key: { pk: { S: counterPk(0) }, sk: { S: new Date().toISOString().slice(0, 10) } },
    })) as { Item?: Record<string, { N?: string }> };
    assert.equal(Item?.[ATTR.logins]?.N, "2");
  });

  it("still returns the event when DynamoDB is dead, and logs why it did not count", async () => {
    const handler = createPostAuthenticationHandler({ counters: target(await refusedUrl(), 250) });
    const input = event();
    const { result, lines } = await captureConsole(() => handler(input));
    assert.deepEqual(result, input);
    assert.deepEqual(
      parseLines(lines).map((e) => [e.level, e.outcome, e.reason]),
      [["warn", "not_counted", "adoption_unreachable"]],
    );
  });

  it("still returns the event when DynamoDB never answers, once the count's timeout has passed", async () => {
    const stalled = await startLoopbackServer(() => undefined);
    try {
      const handler = createPostAuthenticationHandler({ counters: target(stalled.url, 100) });
      const started = performance.now();
      const { result, lines } = await captureConsole(() => handler(event()));
      const elapsed = performance.now() - started;
      assert.deepEqual(result, event());
      assert.equal(parseLines(lines)[0]!.reason, "adoption_timeout");
      // Not a speed target: proof that the wait is bounded (Cognito fails the sign-in after 5 s).
      assert.ok(elapsed >= 90 && elapsed < 2000, `${Math.round(elapsed)} ms`);
    } finally {
      await stalled.close();
    }
  });

  it("counts nothing without a table, and nothing for an event that is not a post-authentication", async () => {
    let requests = 0;
    const server = await startLoopbackServer((_req, res) => void (requests++, res.end("{}")));
    try {
      const off = createPostAuthenticationHandler({ counters: { ...target(server.url, 1000), table: undefined } });
      const on = createPostAuthenticationHandler({ counters: target(server.url, 1000) });
      const other = { ...event(), triggerSource: "PostConfirmation_ConfirmSignUp" };
      const runs = [
        [off, event(), "disabled"],
        [on, other, "not_counted"],
        [on, "not an event", "not_counted"],
      ] as const;
      for (const [handler, input, outcome] of runs) {
        const { result, lines } = await captureConsole(() => handler(input));
        assert.deepEqual(result, typeof input === "string" ? { response: {} } : input);
        assert.equal(parseLines(lines)[0]!.outcome, outcome);
      }
      assert.equal(requests, 0);
      await captureConsole(() => on(event()));
      assert.equal(requests, 1, "control case: a post-authentication event is counted");
    } finally {
      await server.close();
    }
  });
});
