import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lambdaJsonLogEvent, matchesJsonFilter, parseJsonFilterPattern } from "./metric-filter";

const event = JSON.stringify({
  level: "WARN",
  message: { event: "verify_auth_challenge", reason: "corbado_http_401", status: 401, killSwitch: true },
});

describe("CloudWatch JSON filter patterns (the subset the module writes)", () => {
  it("matches a nested string field exactly, and only that value", () => {
    assert.equal(matchesJsonFilter('{ $.message.reason = "corbado_http_401" }', event), true);
    assert.equal(matchesJsonFilter('{ $.message.reason = "corbado_http_40" }', event), false);
    assert.equal(matchesJsonFilter('{ $.reason = "corbado_http_401" }', event), false, "not at the top level");
  });

  it("reads * as any run of characters, anywhere in the value", () => {
    assert.equal(matchesJsonFilter('{ $.message.reason = "corbado_http_*" }', event), true);
    assert.equal(matchesJsonFilter('{ $.message.reason = "*_401" }', event), true);
    assert.equal(matchesJsonFilter('{ $.message.reason = "corbado_timeout*" }', event), false);
  });

  it("requires every term of &&, and reads IS TRUE and IS FALSE as booleans only", () => {
    const both = '{ $.message.event = "verify_auth_challenge" && $.message.killSwitch IS TRUE }';
    assert.equal(matchesJsonFilter(both, event), true);
    assert.equal(matchesJsonFilter('{ $.message.event = "x" && $.message.killSwitch IS TRUE }', event), false);
    assert.equal(matchesJsonFilter("{ $.message.killSwitch IS FALSE }", event), false);
    const text = JSON.stringify({ message: { killSwitch: "true" } });
    assert.equal(matchesJsonFilter("{ $.message.killSwitch IS TRUE }", text), false);
  });

  it("matches nothing in a missing field, a number compared with text, or an event that is not JSON", () => {
    assert.equal(matchesJsonFilter('{ $.message.cause = "*" }', event), false);
    assert.equal(matchesJsonFilter('{ $.message.status = "401" }', event), false);
    const prefixed = `2026-01-01T00:00:00.000Z\treq\tINFO\t${JSON.stringify({ event: "x" })}`;
    assert.equal(matchesJsonFilter('{ $.event = "x" }', prefixed), false);
  });

  it("refuses what it does not implement instead of guessing", () => {
    for (const pattern of [
      '{ $.a = "x" || $.b = "y" }',
      '{ ($.a = "x") }',
      "{ $.a = x }",
      "{ $.a > 1 }",
      '{ $.a != "x" }',
      "ERROR",
    ])
      assert.throws(() => parseJsonFilterPattern(pattern), /not supported|unsupported|not a JSON filter/, pattern);
  });

  it("writes a console call the way Lambda's JSON format does: the argument under message, as it is", () => {
    const object = JSON.parse(lambdaJsonLogEvent("WARN", "req-1", { event: "e" })) as Record<string, unknown>;
    assert.deepEqual(Object.keys(object), ["timestamp", "level", "requestId", "message"]);
    assert.deepEqual(object.message, { event: "e" });
    const string = JSON.parse(lambdaJsonLogEvent("INFO", "req-1", '{"event":"e"}')) as Record<string, unknown>;
    assert.equal(string.message, '{"event":"e"}');
    assert.equal(matchesJsonFilter('{ $.message.event = "e" }', JSON.stringify(string)), false);
  });
});
