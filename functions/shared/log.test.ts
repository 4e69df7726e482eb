import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { createLogger, jsonLogFormat, safeCode, safeId } from "./log";

function collect() {
  const lines: string[] = [];
  return { lines, sink: (l: string) => void lines.push(l) };
}

describe("structured logger", () => {
  it("writes exactly one JSON object per event with level, fn, event, outcome, reason and the request id", () => {
    const { lines, sink } = collect();
    const log = createLogger("verify-auth-challenge", { requestId: "5f1b2c3d-aaaa-bbbb-cccc-0123456789ab", sink });
    log.warn({ event: "verify_auth_challenge", outcome: "rejected", reason: "verification_failed:user_mismatch" });
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes("\n"));
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.level, "warn");
    assert.equal(entry.fn, "verify-auth-challenge");
    assert.equal(entry.event, "verify_auth_challenge");
    assert.equal(entry.outcome, "rejected");
    assert.equal(entry.reason, "verification_failed:user_mismatch");
    assert.equal(entry.requestId, "5f1b2c3d-aaaa-bbbb-cccc-0123456789ab");
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT/);
  });

  it("refuses to write a JWT, a base64 secret or an e-mail address where a code is expected", () => {
    const { lines, sink } = collect();
    const log = createLogger("x", { sink });
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJ3ZWJhdXRobklkIjoiYWxpY2UifQ.c2ln";
    const secret = "cHJvLTEyMzQ1Njc4OmNvcmJhZG8xX3NlY3JldA==";
    log.info({ event: jwt, outcome: secret, reason: "alice@example.com", cause: "x".repeat(81) });
    const text = lines.join("\n");
    assert.ok(!text.includes("eyJ") && !text.includes("cHJv") && !text.includes("alice"));
    const entry = JSON.parse(lines[0]!);
    assert.deepEqual([entry.event, entry.outcome, entry.reason, entry.cause], Array(4).fill("invalid_code"));
  });

  it("keeps only numbers, booleans and null in metrics, and never lets them override the base fields", () => {
    const { lines, sink } = collect();
    const log = createLogger("x", { sink, requestId: "req-1" });
    const metrics = { durationMs: 12, ok: true, none: null, level: 5, requestId: 7, nan: Number.NaN, "bad key": 1 };
    const sneaky = { ...metrics, answer: "eyJhbGciOi.secret.value" } as unknown as Record<string, number>;
    log.info({ event: "e", metrics: sneaky });
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.durationMs, 12);
    assert.equal(entry.ok, true);
    assert.equal(entry.none, null);
    assert.equal(entry.level, "info");
    assert.equal(entry.requestId, "req-1");
    assert.ok(!("nan" in entry) && !("bad key" in entry) && !("answer" in entry));
  });

  it("drops a correlation id that does not look like an AWS identifier", () => {
    assert.equal(safeId("eu-central-1_AbC123"), "eu-central-1_AbC123");
    assert.equal(safeId("a b"), undefined);
    assert.equal(safeId("x".repeat(101)), undefined);
    assert.equal(safeId(42), undefined);
    assert.equal(safeCode("corbado_http_500"), "corbado_http_500");
    assert.equal(safeCode("Corbado"), "invalid_code");
  });

  it("never throws when the sink throws", () => {
    const log = createLogger("x", {
      sink: () => {
        throw new Error("disk full");
      },
    });
    assert.doesNotThrow(() => log.error({ event: "e" }));
  });

  it("in Lambda's JSON log format, hands the console the record as an object at its level, so it lands as an object", (t: TestContext) => {
    const calls: Array<[string, unknown[]]> = [];
    for (const method of ["log", "info", "warn", "error"] as const)
      t.mock.method(console, method, (...args: unknown[]) => void calls.push([method, args]));
    const format = process.env.AWS_LAMBDA_LOG_FORMAT;
    t.after(() => {
      if (format === undefined) delete process.env.AWS_LAMBDA_LOG_FORMAT;
      else process.env.AWS_LAMBDA_LOG_FORMAT = format;
    });

    process.env.AWS_LAMBDA_LOG_FORMAT = "JSON";
    const json = createLogger("verify-auth-challenge", { requestId: "req-1" });
    json.info({ event: "verify_auth_challenge", outcome: "accepted", reason: "verified" });
    json.warn({
      event: "verify_auth_challenge",
      outcome: "rejected",
      reason: "corbado_timeout",
      metrics: { status: 0 },
    });
    assert.deepEqual(
      calls.map(([method, args]) => [method, args.length, typeof args[0]]),
      [
        ["info", 1, "object"],
        ["warn", 1, "object"],
      ],
    );
    const record = calls[1]![1][0] as Record<string, unknown>;
    assert.equal(record.reason, "corbado_timeout");
    assert.equal(record.requestId, "req-1");
    assert.equal(record.status, 0);

    // Text format (Lambda's default), and outside Lambda: one line of JSON text, as before.
    calls.length = 0;
    process.env.AWS_LAMBDA_LOG_FORMAT = "Text";
    createLogger("x").warn({ event: "e", reason: "r" });
    delete process.env.AWS_LAMBDA_LOG_FORMAT;
    createLogger("x").info({ event: "e" });
    assert.deepEqual(
      calls.map(([method, args]) => [method, typeof args[0]]),
      [
        ["log", "string"],
        ["log", "string"],
      ],
    );
    assert.equal(JSON.parse(calls[0]![1][0] as string).reason, "r");
  });

  it("reads Lambda's log format from AWS_LAMBDA_LOG_FORMAT, in any case, and only JSON counts", () => {
    assert.equal(jsonLogFormat({ AWS_LAMBDA_LOG_FORMAT: "JSON" }), true);
    assert.equal(jsonLogFormat({ AWS_LAMBDA_LOG_FORMAT: "json" }), true);
    assert.equal(jsonLogFormat({ AWS_LAMBDA_LOG_FORMAT: "Text" }), false);
    assert.equal(jsonLogFormat({}), false);
  });
});
