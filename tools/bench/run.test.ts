// The bench keeps working: the command CI runs, limited to the triggers (timings are printed, never asserted).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { REPO_ROOT } from "../build/build-functions";

const tmp = mkdtempSync(path.join(os.tmpdir(), "corbado-cognito-bench-"));

function npmRunBench(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "bench", "--", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("npm run bench", () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test("--quick --report-only --only triggers judges every figure, names the machine, and writes them to JSON", async () => {
    const json = path.join(tmp, "bench.json");
    const { code, out } = await npmRunBench(["--quick", "--report-only", "--only", "triggers", "--json", json]);
    assert.equal(code, 0, out.slice(-3000));
    assert.match(out, /^Machine: \d+ x .*absolute time budgets hold on 2 cores\. Load average [\d.]+ \/ /m);
    const lines = out.split("\n").filter((l) => l.startsWith("- "));
    assert.ok(lines.length >= 6, out.slice(-3000)); // 7 with openssl (the HTTPS pass), 6 without
    for (const line of lines) assert.match(line, /: (within budget|MISSED budget \(budget [≤≥] .+\))$/);
    const report = JSON.parse(readFileSync(json, "utf8")) as {
      git?: { commit: string };
      areas: { area: string; figures: { id: string; within: boolean; value: number }[] }[];
    };
    assert.deepEqual(
      report.areas.map((a) => a.area),
      ["triggers"],
    );
    const ids = report.areas[0]!.figures.map((f) => f.id);
    for (const id of [
      "triggers.verify-size-ratio",
      "triggers.post-authentication-gzip",
      "triggers.verify-cold-start-ratio",
    ]) {
      assert.ok(ids.includes(id), `${id} in ${ids.join(", ")}`);
    }
    assert.equal(lines.length, ids.length, "one line per figure in the JSON file");
    assert.match(report.git?.commit ?? "", /^[0-9a-f]{40}$/);
  });

  test("an unknown area is a usage error (exit 2), not an empty run", async () => {
    const { code, out } = await npmRunBench(["--only", "nothing-here"]);
    assert.equal(code, 2);
    assert.match(out, /bench: unknown area nothing-here/);
  });
});
