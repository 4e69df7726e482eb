// `npm test`: runs every suite and ends with one line "N passed, N failed, N skipped" summing them all.
// Suites: the Node test runner over functions/, infra/, tools/ (*.test.ts), and the dashboard's Karma specs
// when the dashboard has any. Each suite's line is followed by what it skipped and why. Exit code is non-zero
// when any suite fails or reports nothing. Under CI=true a test whose tool is missing fails (requirements.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { commandLine, defineCommand } from "../cli";
import { runDashboardSuite } from "./dashboard-suite";
import { parseTapSkips, parseTapSummary, summarize, type SuiteResult } from "./summary";

const root = path.resolve(import.meta.dirname, "../..");
const NODE_TEST_GLOBS = ["functions/**/*.test.ts", "infra/**/*.test.ts", "tools/**/*.test.ts"];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function runNodeSuite(filter: string[]): Promise<SuiteResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "cc-test-"));
  const tapFile = path.join(dir, "node.tap");
  try {
    const globs = filter.length > 0 ? filter : NODE_TEST_GLOBS;
    const code = await run(process.execPath, [
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=2",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tapFile}`,
      ...globs,
    ]);
    const tap = readFileSync(tapFile, "utf8");
    return { name: "node", ...parseTapSummary(tap), exitCode: code, skips: parseTapSkips(tap) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TEST_COMMAND = defineCommand({
  name: "test",
  usage: `Usage: npm test [-- "<glob>" ...]

Runs the Node test runner over every *.test.ts under functions/, infra/ and tools/, then the console's Karma
specs in headless Chromium, and ends with one line "N passed, N failed, N skipped". With globs, runs only the
matching Node test files (quote them so the shell does not expand them). Under CI=true a test whose tool is
missing (terraform, the provider mirror, Corbado's specs, Chromium, ...) fails instead of skipping, unless
tools/test/ci-allowed-missing.ts allows it (docs/development.md).

Options:
  -h, --help    print this help`,
  options: {},
  allowPositionals: true,
});

async function main(): Promise<void> {
  const filter = commandLine(TEST_COMMAND).positionals;
  const results: SuiteResult[] = [await runNodeSuite(filter)];
  if (filter.length === 0) {
    const dashboard = await runDashboardSuite(root);
    if (dashboard) results.push(dashboard);
  }
  const { lines, exitCode } = summarize(results);
  for (const line of lines) console.log(line);
  process.exitCode = exitCode;
}

await main();
