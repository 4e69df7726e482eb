import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { runDashboardSuite } from "./dashboard-suite";

const root = path.resolve(import.meta.dirname, "../..");

describe("the console's suite on a machine without Chromium", () => {
  it("counts as one skip with the reason on a laptop", async () => {
    const result = await runDashboardSuite(root, { kind: "skip", reason: "needs chromium: no Chromium found" });
    assert.deepEqual(result, {
      name: "dashboard",
      passed: 0,
      failed: 0,
      skipped: 1,
      exitCode: 0,
      skips: [{ test: "the console's Karma specs", reason: "needs chromium: no Chromium found" }],
    });
  });

  it("counts as a failure under CI=true, and says why", async () => {
    const message = "CI=true requires chromium: no Chromium found";
    const result = await runDashboardSuite(root, { kind: "fail", message });
    assert.equal(result?.failed, 1);
    assert.equal(result?.exitCode, 1);
    assert.equal(result?.skipped, 0);
    assert.equal(result?.note, `  not run: ${message}`);
  });
});
