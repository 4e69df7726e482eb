import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseKarmaSummary, parseTapSummary } from "./summary";

describe("test summary parsing", () => {
  it("sums the closing counts of Node's TAP reporter, treating cancelled tests as failures", () => {
    const tap = [
      "TAP version 13",
      "ok 1 - a",
      "# tests 7",
      "# pass 4",
      "# fail 1",
      "# cancelled 1",
      "# skipped 1",
      "# todo 0",
    ];
    assert.deepEqual(parseTapSummary(tap.join("\n")), { passed: 4, failed: 2, skipped: 1 });
  });

  it("reports zero passed when the TAP stream never reached its summary", () => {
    assert.deepEqual(parseTapSummary("TAP version 13\nok 1 - a\n"), { passed: 0, failed: 0, skipped: 0 });
  });

  it("reads Karma's last progress line including failures and skips", () => {
    const out = "Executed 3 of 12 SUCCESS\nExecuted 12 of 12 (2 FAILED) (skipped 1) ERROR (0.5 secs)";
    assert.deepEqual(parseKarmaSummary(out), { passed: 10, failed: 2, skipped: 1 });
  });

  it("still counts Karma failures when the progress line is coloured", () => {
    const out = "Executed 2 of 2\u001b[31m (1 FAILED)\u001b[39m ERROR (0.1 secs / 0.05 secs)";
    assert.deepEqual(parseKarmaSummary(out), { passed: 1, failed: 1, skipped: 0 });
  });
});
