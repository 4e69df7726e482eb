import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startDynalite, type RunningDynalite } from "../../tools/local/dynalite";
import {
  ATTR,
  counterPk,
  counterTargetFromEnv,
  countFirstPasskeyLogin,
  countLogin,
  countPasskeyAdded,
  countPasskeyLogin,
  countPasskeyLoginFailure,
  markerPk,
  MARKER_SK,
  TOTAL_SK,
  type CounterTarget,
} from "./adoption-counters";
import { httpPost, type Post } from "./http";
import { createLogger } from "./log";
import { refusedUrl, startLoopbackServer } from "../../tools/local/testing";

const DAY_MS = Date.UTC(2026, 10, 21, 23, 59, 59, 999);

describe("adoption counters against dynalite", () => {
  let db: RunningDynalite;
  let table: string;
  let tables = 0;
  let sent: string[];
  const countingPost: Post = (request) => {
    sent.push(String(request.headers["x-amz-target"]));
    return httpPost(request);
  };

  before(async () => {
    db = await startDynalite();
  });
  after(() => db.close());
  beforeEach(async () => {
    table = `aggregates-${++tables}`;
    await db.createTable(table);
    sent = [];
  });

  const target = (extra: Partial<CounterTarget> = {}): CounterTarget => ({
    table,
    endpoint: db.endpoint,
    shards: 4,
    timeoutMs: 5000, // roomy: these specs are about what is written, the timeout specs are below
    now: () => DAY_MS,
    post: countingPost,
    ...extra,
  });

  async function items(): Promise<Record<string, Record<string, { S?: string; N?: string }>>> {
    const { Items } = (await db.call("Scan", { TableName: table })) as {
      Items: Record<string, { S?: string; N?: string }>[];
    };
    return Object.fromEntries(Items.map((item) => [`${item.pk!.S} ${item.sk!.S}`, item]));
  }

  it("counts a passkey login with one UpdateItem on the UTC day's item of one shard", async () => {
    const outcome = await countPasskeyLogin(target({ random: () => 0.5 }));
    assert.equal(outcome, "counted");
    assert.deepEqual(sent, ["DynamoDB_20120810.UpdateItem"]);
    const all = await items();
    assert.deepEqual(Object.keys(all), [`${counterPk(2)} 2026-11-21`]);
    assert.equal(all[`${counterPk(2)} 2026-11-21`]![ATTR.passkeyLogins]!.N, "1");
  });

  it("counts failures per reason code, logins and passkeys added as their own attributes", async () => {
    const t = target({ random: () => 0 });
    await countPasskeyLoginFailure(t, "verification_failed:user_mismatch");
    await countPasskeyLoginFailure(t, "verification_failed:user_mismatch");
    await countPasskeyLoginFailure(t, "corbado_timeout");
    await countLogin(t);
    await countPasskeyAdded(t);
    const day = (await items())[`${counterPk(0)} 2026-11-21`]!;
    assert.equal(day["fail#verification_failed:user_mismatch"]!.N, "2");
    assert.equal(day["fail#corbado_timeout"]!.N, "1");
    assert.equal(day[ATTR.logins]!.N, "1");
    assert.equal(day[ATTR.passkeysAdded]!.N, "1");
    assert.equal(sent.length, 5, "one request per count");
  });

  it("never writes a reason that is not a code as an attribute name (it becomes fail#invalid_code)", async () => {
    await countPasskeyLoginFailure(target({ random: () => 0 }), 'x" OR 1=1 <alice@example.com>');
    const day = (await items())[`${counterPk(0)} 2026-11-21`]!;
    assert.deepEqual(Object.keys(day).sort(), ["fail#invalid_code", "pk", "sk"]);
  });

  it("counts a user's first passkey login once: a marker put, then one update of the day's and the cumulative users", async () => {
    const t = target({ random: () => 0.99 });
    assert.equal(await countFirstPasskeyLogin(t, "0f6c3e2a-1111-2222-3333-444455556666"), "counted");
    assert.deepEqual(sent, ["DynamoDB_20120810.PutItem", "DynamoDB_20120810.UpdateItem"]);
    sent.length = 0;
    assert.equal(await countFirstPasskeyLogin(t, "0f6c3e2a-1111-2222-3333-444455556666"), "not_first");
    assert.deepEqual(sent, ["DynamoDB_20120810.PutItem"], "a returning user costs one request");
    assert.equal(await countFirstPasskeyLogin(t, "bob"), "counted");
    const all = await items();
    const total = all[`${counterPk(3)} ${TOTAL_SK}`]!;
    assert.equal(total[ATTR.passkeyUsers]!.N, "2");
    assert.equal(total[`${ATTR.newUsersPrefix}2026-11-21`]!.N, "2");
    assert.ok(all[`${markerPk("bob")} ${MARKER_SK}`], "the marker is keyed by a hash of the username");
    assert.ok(!JSON.stringify(all).includes("bob"), "no username is stored");
  });

  it("keeps the sum exact under 300 concurrent increments spread over the shards", async () => {
    const t = target();
    const outcomes = await Promise.all(Array.from({ length: 300 }, () => countPasskeyLogin(t)));
    assert.ok(outcomes.every((o) => o === "counted"));
    const days = Object.values(await items());
    assert.ok(days.length > 1, "the writes went to more than one shard");
    assert.equal(
      days.reduce((sum, item) => sum + Number(item[ATTR.passkeyLogins]!.N), 0),
      300,
    );
  });

  it("sends nothing when no table is configured", async () => {
    const t = counterTargetFromEnv({ AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" });
    assert.equal(await countPasskeyLogin(t), "disabled");
    assert.equal(await countFirstPasskeyLogin(t, "alice"), "disabled");
  });

  it("reads the table, shards, timeout and endpoint from the environment", async () => {
    const t = counterTargetFromEnv({
      AGGREGATES_TABLE: table,
      COUNTER_SHARDS: "1",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_DYNAMODB: db.url,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    });
    assert.deepEqual([t.table, t.shards, t.timeoutMs, t.endpoint?.endpoint], [table, 1, 250, db.url]);
    assert.equal(await countPasskeyAdded({ ...t, timeoutMs: 5000 }), "counted");
    assert.ok((await items())[`${counterPk(0)} ${new Date().toISOString().slice(0, 10)}`]);
  });
});

describe("adoption counters when DynamoDB fails (never throw, never wait past the timeout)", () => {
  const lines: string[] = [];
  const log = createLogger("verify-auth-challenge", { sink: (line) => lines.push(line) });
  const base = { table: "aggregates", shards: 2, timeoutMs: 100 };
  const endpointAt = (url: string) => ({ endpoint: url, region: "us-east-1", accessKeyId: "a", secretAccessKey: "b" });
  beforeEach(() => void (lines.length = 0));

  it("returns adoption_unreachable from a dead endpoint and logs only the code", async () => {
    const t = { ...base, endpoint: endpointAt(await refusedUrl()) };
    assert.equal(await countFirstPasskeyLogin(t, "alice@example.com", log), "adoption_unreachable");
    assert.equal(await countPasskeyLogin(t, log), "adoption_unreachable");
    assert.equal(lines.length, 2);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(
      [entry.event, entry.outcome, entry.reason],
      ["adoption_count", "not_counted", "adoption_unreachable"],
    );
    assert.ok(!lines.join().includes("alice"));
  });

  it("returns adoption_timeout from an endpoint that never answers, within its timeout (plus slack)", async () => {
    const stalled = await startLoopbackServer(() => undefined);
    try {
      const t = { ...base, endpoint: endpointAt(stalled.url) };
      const started = performance.now();
      const outcomes = await Promise.all([countPasskeyLogin(t, log), countFirstPasskeyLogin(t, "alice", log)]);
      assert.deepEqual(outcomes, ["adoption_timeout", "adoption_timeout"]);
      // Not a speed target: proof that the call is bounded (without a timeout it would wait forever).
      assert.ok(performance.now() - started < 2000);
    } finally {
      await stalled.close();
    }
  });

  it("returns the AWS error type for a throttled or refused write, and the control case counts", async () => {
    let status = 400;
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
      res.end(
        status === 200
          ? "{}"
          : JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException" }),
      );
    });
    try {
      const t = { ...base, timeoutMs: 3000, endpoint: endpointAt(server.url) };
      assert.equal(await countPasskeyLogin(t, log), "adoption_provisioned_throughput_exceeded_exception");
      assert.equal(JSON.parse(lines.at(-1)!).reason, "adoption_provisioned_throughput_exceeded_exception", "a code");
      status = 200;
      assert.equal(await countPasskeyLogin(t, log), "counted");
    } finally {
      await server.close();
    }
  });

  it("returns adoption_config_missing without a request when the endpoint or credentials are missing", async () => {
    const t = counterTargetFromEnv({ AGGREGATES_TABLE: "aggregates" });
    assert.equal(await countPasskeyLogin(t, log), "adoption_config_missing");
  });

  it("never rejects even when the logger throws", async () => {
    const throwing = {
      info: () => {
        throw new Error("x");
      },
      warn: () => {
        throw new Error("x");
      },
      error: () => {
        throw new Error("x");
      },
    };
    assert.equal(
      await countPasskeyLogin({ ...base, endpoint: endpointAt(await refusedUrl()) }, throwing),
      "adoption_unreachable",
    );
  });
});
