import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { exitCode, figureLine, formatArea, judge, misses, type AreaResult, type Figure } from "./report";

const ratio = (value: number): Figure => ({
  area: "triggers",
  id: "triggers.verify-tls-floor-ratio",
  label: "verify cold start over TLS ÷ first-POST probe (median)",
  value,
  unit: "x",
  budget: { kind: "max", limit: 1.15 },
});
const throughput = (value: number): Figure => ({
  area: "logins",
  id: "logins.per-second",
  label: "passkey logins per second on one core",
  value,
  unit: "logins/s",
  budget: { kind: "min", limit: 100, machineClass: "2 cores" },
});

describe("bench budgets: each figure's line says whether it held", () => {
  test("a maximum holds at the limit and is missed just above it, with the budget printed", () => {
    assert.equal(judge(ratio(1.15)).within, true);
    assert.match(figureLine(ratio(1.15)), /: 1\.15x: within budget$/);
    assert.equal(judge(ratio(1.16)).within, false);
    assert.match(figureLine(ratio(1.32)), /: 1\.32x: MISSED budget \(budget ≤ 1\.15x\)$/);
  });

  test("a minimum is missed below it, and an absolute budget names its machine class", () => {
    assert.match(figureLine(throughput(240)), /240 logins\/s: within budget$/);
    assert.match(figureLine(throughput(99)), /MISSED budget \(budget ≥ 100 logins\/s on 2 cores\)$/);
  });

  test("a figure that could not be measured (NaN) is a miss, never within budget", () => {
    assert.equal(judge(ratio(Number.NaN)).within, false);
    assert.equal(judge(throughput(Number.NaN)).within, false);
  });

  test("the run fails on a miss unless --report-only; a skipped area is not a miss", () => {
    const good: AreaResult = { area: "triggers", details: [], figures: [ratio(1.1)] };
    const bad: AreaResult = { area: "triggers", details: [], figures: [ratio(1.1), ratio(1.4)] };
    const skipped: AreaResult = { area: "console", details: [], figures: [], skipped: "no Chromium" };
    assert.equal(exitCode([good, skipped], 0, false), 0);
    assert.equal(exitCode([bad], 0, false), 1);
    assert.equal(exitCode([bad], 0, true), 0);
    assert.equal(exitCode([good], 1, false), 1, "an area that threw fails the run");
    assert.equal(misses([bad]).length, 1);
    assert.match(formatArea(skipped), /skipped: no Chromium/);
    assert.match(formatArea(bad), /^## triggers\n\n- .*within budget\n- .*MISSED budget/);
  });
});
