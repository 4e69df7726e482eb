// Runs the console's Karma specs in headless Debian Chromium and reads their counts.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { decisionFor, findChromium, type Decision } from "./requirements";
import { parseKarmaSummary, type SuiteResult } from "./summary";

function hasSpecs(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).some((f) => f.endsWith(".spec.ts"));
}

export async function runDashboardSuite(
  root: string,
  decision: Decision = decisionFor("chromium"),
): Promise<SuiteResult | undefined> {
  if (!hasSpecs(path.join(root, "dashboard/src"))) return undefined;
  const chrome = findChromium();
  if (decision.kind === "skip") {
    const skips = [{ test: "the console's Karma specs", reason: decision.reason }];
    return { name: "dashboard", passed: 0, failed: 0, skipped: 1, exitCode: 0, skips };
  }
  if (decision.kind === "fail" || !chrome) {
    // Under CI=true a missing Chromium is a failure of the suite, not a skip.
    const note = `  not run: ${decision.kind === "fail" ? decision.message : "no Chromium"}`;
    return { name: "dashboard", passed: 0, failed: 1, skipped: 0, exitCode: 1, skips: [], note };
  }
  const ng = path.join(root, "node_modules/@angular/cli/bin/ng.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ng, "test", "--watch=false", "--progress=false"], {
      cwd: root,
      env: { ...process.env, CHROME_BIN: chrome, NG_CLI_ANALYTICS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer, sink: NodeJS.WriteStream) => {
      output += chunk.toString();
      sink.write(chunk);
    };
    child.stdout.on("data", (c: Buffer) => collect(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => collect(c, process.stderr));
    child.on("error", reject);
    child.on("exit", (code) =>
      resolve({ name: "dashboard", ...parseKarmaSummary(output), exitCode: code ?? 1, skips: [] }),
    );
  });
}
