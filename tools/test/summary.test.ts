import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatSkips, parseKarmaSummary, parseTapSkips, parseTapSummary, summarize, type SuiteResult } from "./summary";

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

describe("npm test's closing lines and exit code", () => {
  const suite = (r: Partial<SuiteResult>): SuiteResult => ({
    name: "node",
    passed: 0,
    failed: 0,
    skipped: 0,
    exitCode: 0,
    skips: [],
    ...r,
  });
  const terraform = { test: "plans external mode", reason: "needs terraform: terraform is not on PATH" };

  it("sums the suites, lists each suite's skips with their reason, and passes", () => {
    const { lines, exitCode } = summarize([
      suite({ passed: 10, skipped: 1, skips: [terraform] }),
      suite({ name: "dashboard", passed: 3, skipped: 1 }),
    ]);
    assert.deepEqual(lines, [
      "suite node: 10 passed, 0 failed, 1 skipped (exit 0)",
      "  1 skipped, needs terraform: terraform is not on PATH",
      '      "plans external mode"',
      "suite dashboard: 3 passed, 0 failed, 1 skipped (exit 0)",
      "  1 skipped, no reason given by the suite's reporter",
      "13 passed, 0 failed, 2 skipped",
    ]);
    assert.equal(exitCode, 0);
  });

  it("passes a run where everything skipped (a laptop without the tools), fails one that reported nothing", () => {
    assert.equal(summarize([suite({ skipped: 1, skips: [terraform] })]).exitCode, 0);
    assert.equal(summarize([suite({})]).exitCode, 1);
  });

  it("fails on a failed test, and counts a suite that crashed without reporting one as a failure", () => {
    assert.equal(summarize([suite({ passed: 5, failed: 1, exitCode: 1 })]).exitCode, 1);
    const crashed = summarize([suite({ passed: 5 }), suite({ name: "dashboard", exitCode: 1, note: "  not run: x" })]);
    assert.equal(crashed.exitCode, 1);
    assert.deepEqual(crashed.lines.slice(-3), [
      "suite dashboard: 0 passed, 0 failed, 0 skipped (exit 1)",
      "  not run: x",
      "5 passed, 1 failed, 0 skipped",
    ]);
  });
});
