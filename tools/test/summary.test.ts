import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatSkips, parseKarmaSummary, parseTapSkips, parseTapSummary } from "./summary";

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

  it("lists each skipped or todo test of the TAP stream with its reason, nested or not, # unescaped", () => {
    const tap = [
      "# Subtest: outer \\# hash",
      "    ok 1 - plans the example # SKIP needs terraform: terraform is not on PATH",
      "    ok 2 - no reason # SKIP",
      "    ok 3 - later # TODO write it",
      "    ok 4 - passes",
      "ok 1 - outer \\# hash",
      "ok 2 - top \\# level # SKIP needs x: a \\# b",
      "not ok 3 - fails",
    ];
    assert.deepEqual(parseTapSkips(tap.join("\n")), [
      { test: "plans the example", reason: "needs terraform: terraform is not on PATH" },
      { test: "no reason", reason: "no reason given" },
      { test: "later", reason: "todo: write it" },
      { test: "top # level", reason: "needs x: a # b" },
    ]);
  });

  it("prints one line per skip reason with its count, then which tests it skipped", () => {
    const skips = ["a", "b", "c", "d"].map((test) => ({ test, reason: "needs terraform: not on PATH" }));
    assert.deepEqual(formatSkips([...skips, { test: "e", reason: "needs openssl: not on PATH" }]), [
      "  4 skipped, needs terraform: not on PATH",
      '      "a", "b", "c", and 1 more',
      "  1 skipped, needs openssl: not on PATH",
      '      "e"',
    ]);
    assert.deepEqual(formatSkips([]), []);
  });
});
