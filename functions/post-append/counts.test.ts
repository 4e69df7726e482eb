/**
 * post-append counts the passkeys added: one UpdateItem in the pool's region, signed with the actions role's
 * credentials (STS mocked), while the MFA preference is decided, within the action's deadline, never changing the
 * answer.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { mockClient } from "aws-sdk-client-mock";
import { startDynalite, type RunningDynalite } from "../../tools/local/dynalite";
import { startLoopbackServer, type LoopbackServer } from "../../tools/local/testing";
import { ATTR, counterPk } from "../shared/adoption-counters";
import { createPostAppendHandlerFromEnv } from "./handler-factory";
import { passkeyAddedCounter } from "./counts";

const ROLE = {
  USER_POOL_ID: "eu-west-1_TestPool1",
  ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:role/corbado-actions",
  ASSUME_ROLE_EXTERNAL_ID: "ext-id-42",
};
const CREDENTIALS = {
  AccessKeyId: "ASIAROLEKEY",
  SecretAccessKey: "role-secret",
  SessionToken: "role-session-token",
  Expiration: new Date(Date.now() + 3_600_000),
};
const UNCHANGED = { statusCode: 200, body: { mfaPreference: "unchanged" } };

const mockSts = () => {
  const mock = mockClient(STSClient);
  mock.on(AssumeRoleCommand).resolves({ Credentials: CREDENTIALS });
  return mock;
};
let sts: ReturnType<typeof mockSts>;
beforeEach(() => {
  sts = mockSts();
});
afterEach(() => sts.restore());

describe("post-append counts the passkeys added", () => {
  let db: RunningDynalite;
  let recorder: LoopbackServer;
  before(async () => {
    db = await startDynalite();
    await db.createTable("aggregates");
    recorder = await startLoopbackServer((_req, res) => void res.end("{}"));
  });
  after(async () => {
    await recorder.close();
    await db.close();
  });

  const handlerFor = (env: Record<string, string>, logs: string[] = []) =>
    createPostAppendHandlerFromEnv({ ...ROLE, COUNTER_SHARDS: "1", ...env }, (line) => logs.push(line));

  it("adds the passkey to the day's passkeysAdded, whatever the MFA setting, and answers as before", async () => {
    const handler = handlerFor({ AGGREGATES_TABLE: "aggregates", AWS_ENDPOINT_URL_DYNAMODB: db.url });
    for (let i = 0; i < 2; i++) assert.deepEqual(await handler({ username: "alice" }), UNCHANGED);
    const { Item } = (await db.call("GetItem", {
      TableName: "aggregates",
      Key: { pk: { S: counterPk(0) }, sk: { S: new Date().toISOString().slice(0, 10) } },
    })) as { Item?: Record<string, { N?: string }> };
    assert.equal(Item?.[ATTR.passkeysAdded]?.N, "2");
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 1, "one AssumeRole for the session, not one per count");
  });

  it("signs the write with the role's credentials, for the pool's region", async () => {
    const handler = handlerFor({ AGGREGATES_TABLE: "aggregates", AWS_ENDPOINT_URL_DYNAMODB: recorder.url });
    await handler({ username: "alice" });
    const { headers } = recorder.requests.at(-1)!;
    assert.equal(headers["x-amz-target"], "DynamoDB_20120810.UpdateItem");
    assert.equal(headers["x-amz-security-token"], CREDENTIALS.SessionToken);
    assert.match(String(headers.authorization), /Credential=ASIAROLEKEY\/\d{8}\/eu-west-1\/dynamodb\/aws4_request/);
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input, {
      RoleArn: ROLE.ASSUME_ROLE_ARN,
      ExternalId: ROLE.ASSUME_ROLE_EXTERNAL_ID,
      RoleSessionName: "corbado-post-append",
      DurationSeconds: 3600,
    });
  });

  it("counts nothing for an event without a valid username, and nothing without a table (no AssumeRole)", async () => {
    const before = recorder.requests.length;
    const counting = handlerFor({ AGGREGATES_TABLE: "aggregates", AWS_ENDPOINT_URL_DYNAMODB: recorder.url });
    for (const event of [{}, { username: "" }, "x"]) await counting(event);
    await handlerFor({ AWS_ENDPOINT_URL_DYNAMODB: recorder.url })({ username: "alice" });
    assert.equal(recorder.requests.length, before);
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 0);
  });

  it("answers as before, and logs a code, when the role cannot be assumed", async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("not authorized for alice"), { name: "AccessDenied" }));
    const logs: string[] = [];
    const handler = handlerFor({ AGGREGATES_TABLE: "aggregates", AWS_ENDPOINT_URL_DYNAMODB: recorder.url }, logs);
    assert.deepEqual(await handler({ username: "alice" }), UNCHANGED);
    const entry = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.event === "adoption_count");
    assert.deepEqual([entry?.reason, entry?.cause], ["adoption_credentials_unavailable", "access_denied"]);
    assert.ok(!logs.join().includes("alice"));
  });

  it("answers within the action's deadline when DynamoDB never answers", async () => {
    const stalled = await startLoopbackServer(() => undefined);
    try {
      const logs: string[] = [];
      const handler = handlerFor({ AGGREGATES_TABLE: "aggregates", AWS_ENDPOINT_URL_DYNAMODB: stalled.url }, logs);
      const started = performance.now();
      assert.deepEqual(await handler({ username: "alice" }), UNCHANGED);
      // Not a speed target: the count is bounded (one attempt's timeout, within the action's deadline).
      assert.ok(performance.now() - started < 3000 + 1500);
      assert.match(logs.join("\n"), /"reason":"adoption_timeout"/);
    } finally {
      await stalled.close();
    }
  });

  it("is built only with a table (control case for the spec above)", () => {
    const credentials = async () => ({ accessKeyId: "a", secretAccessKey: "b" });
    const base = { region: "eu-west-1", counterShards: 1, dynamodbEndpoint: undefined };
    assert.equal(passkeyAddedCounter({ ...base, aggregatesTable: undefined }, credentials), undefined);
    assert.equal(typeof passkeyAddedCounter({ ...base, aggregatesTable: "t" }, credentials), "function");
  });
});
