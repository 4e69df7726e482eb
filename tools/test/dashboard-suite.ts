// Runs the console's Karma specs in headless Debian Chromium and reads their counts.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseKarmaSummary, type SuiteResult } from "./summary";

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function hasSpecs(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).some((f) => f.endsWith(".spec.ts"));
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROME_BIN && existsSync(env.CHROME_BIN)) return env.CHROME_BIN;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export async function runDashboardSuite(root: string): Promise<SuiteResult | undefined> {
  if (!hasSpecs(path.join(root, "dashboard/src"))) return undefined;
  const chrome = findChromium();
  if (!chrome) {
    console.log("suite dashboard: skipped: no Chromium found (set CHROME_BIN or `apt-get install -y chromium`)");
    return { name: "dashboard", passed: 0, failed: 0, skipped: 1, exitCode: 0 };
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
    child.on("exit", (code) => resolve({ name: "dashboard", ...parseKarmaSummary(output), exitCode: code ?? 1 }));
  });
}
