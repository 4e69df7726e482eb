/**
 * `npm run bench`: what users of this product feel, one area after another, each figure judged against one
 * budget (tools/bench/report.ts). Areas (docs/performance.md says what each measures and why):
 *
 *   triggers    bundle size and cold start of the four Cognito triggers, beside an SDK baseline and the probes
 *   counters    what the adoption counters add to define and verify, warm (on, off, dead DynamoDB)
 *   logins      passkey logins per second through the CUSTOM_AUTH front on one core, and our share of it
 *   admin-api   admin API and self-service: cold start, bundle, GET /v1/adoption and /v1/users at pool sizes
 *   module      npm run build:module and the synth alone: wall time and peak RSS
 *   console     the console's production build (initial and lazy JS, gzipped), time to the first chart
 *   stack       npm start: time to every service healthy, from a clean state and from a seeded one
 *
 * Prints the machine, its load average and the commit, one table and the figure lines per area, and writes every
 * figure to a JSON file. Exits 1 when a budget is missed or an area fails, unless --report-only.
 */
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { commandLine, defineCommand, exitWithUsageError } from "../cli";
import { REPO_ROOT } from "../build/build-functions";
import { MACHINE_CLASS, exitCode, formatArea, judge, misses, type AreaResult } from "./report";

export interface AreaContext {
  quick: boolean;
  log: (line: string) => void;
}

/**
 * In the order they run: the cheap and self-contained first, the ones that build or start the stack last. Each is
 * imported when it runs, so --help and --only load only what they need.
 */
export const AREAS = {
  triggers: async (c: AreaContext) =>
    (await import("./areas/triggers")).benchTriggers({ runs: c.quick ? 5 : 30, warmup: 1, log: c.log }),
  counters: async (c: AreaContext) => (await import("./areas/logins")).benchCounters(c),
  logins: async (c: AreaContext) => (await import("./areas/logins")).benchLogins(c),
  "admin-api": async (c: AreaContext) => (await import("./areas/admin-api")).benchAdminApi(c),
  module: async (c: AreaContext) => (await import("./areas/module")).benchModule(c),
  console: async (c: AreaContext) => (await import("./areas/console")).benchConsole(c),
  stack: async (c: AreaContext) => (await import("./areas/stack")).benchStack(c),
} as const satisfies Record<string, (c: AreaContext) => Promise<AreaResult>>;
export type AreaName = keyof typeof AREAS;

export const DEFAULT_JSON = path.join(REPO_ROOT, "dist", "bench", "bench.json");

export const BENCH_COMMAND = defineCommand({
  name: "bench",
  usage: `Usage: npm run bench [-- [--quick] [--report-only] [--only <area>] [--json <file>]]

Measures the product area by area and judges every figure against its budget: each line ends "within budget" or
"MISSED budget (budget X)". Areas: ${Object.keys(AREAS).join(", ")}. Builds the functions first when
dist/functions is missing or stale. Run it on an otherwise idle machine: the report prints the load average.

Options:
  --quick          few iterations per figure (CI: a few minutes in all); budgets are judged all the same
  --report-only    print misses but exit 0 (shared machines are noisy)
  --only <area>    run one area (repeat the option for several)
  --json <file>    where to write every figure (default dist/bench/bench.json)
  -h, --help       print this help`,
  options: {
    quick: { type: "boolean", default: false },
    "report-only": { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    json: { type: "string" },
  },
});

/** The commit the run measured, and whether the sources had uncommitted changes then. */
function gitState(): { commit: string; uncommittedChanges: boolean } | undefined {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    return {
      commit: git("rev-parse", "HEAD"),
      uncommittedChanges: git("status", "--porcelain", "--", "functions", "tools", "infra", "dashboard").length > 0,
    };
  } catch {
    return undefined;
  }
}

function machineLine(): string {
  const cpus = os.cpus();
  const git = gitState();
  return (
    `Machine: ${cpus.length} x ${cpus[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `${os.platform()} ${os.release()}, Node ${process.version}; absolute time budgets hold on ${MACHINE_CLASS}. ` +
    `Load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")} (1 / 5 / 15 min). ` +
    (git ? `Commit ${git.commit.slice(0, 12)}${git.uncommittedChanges ? " + uncommitted changes" : ""}.` : "")
  );
}

async function main(): Promise<number> {
  const { values } = commandLine(BENCH_COMMAND);
  const only = values.only ?? [];
  const unknown = only.filter((a) => !(a in AREAS));
  if (unknown.length > 0) {
    exitWithUsageError("bench", `unknown area ${unknown.join(", ")} (areas: ${Object.keys(AREAS).join(", ")})`);
  }
  const names = (Object.keys(AREAS) as AreaName[]).filter((a) => only.length === 0 || only.includes(a));
  const context: AreaContext = { quick: values.quick, log: (line) => console.log(line) };
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg();
  const header = machineLine();
  console.log(`npm run bench${values.quick ? " --quick" : ""}: ${names.join(", ")}\n${header}\n`);

  const results: AreaResult[] = [];
  const failures: { area: string; error: string }[] = [];
  for (const name of names) {
    const started = performance.now();
    try {
      const result = await AREAS[name](context);
      results.push(result);
      console.log(`\n${formatArea(result)}\n(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ area: name, error: text });
      console.log(`\n## ${name}\n\nFAILED: ${text}\n`);
    }
  }

  const missed = misses(results);
  const file = values.json ? path.resolve(values.json) : DEFAULT_JSON;
  await mkdir(path.dirname(file), { recursive: true });
  const git = gitState();
  await writeFile(
    file,
    JSON.stringify(
      {
        command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
        startedAt,
        finishedAt: new Date().toISOString(),
        machine: {
          cpus: os.cpus().length,
          cpu: os.cpus()[0]?.model ?? "unknown",
          memoryGiB: Math.round(os.totalmem() / 2 ** 30),
          platform: `${os.platform()} ${os.arch()} ${os.release()}`,
          node: process.version,
          budgetsHoldOn: MACHINE_CLASS,
        },
        loadAverage: { before: loadBefore, after: os.loadavg() },
        git,
        quick: values.quick,
        areas: results.map((r) => ({
          area: r.area,
          ...(r.skipped ? { skipped: r.skipped } : {}),
          figures: r.figures.map(judge),
          ...(r.measurements ? { measurements: r.measurements } : {}),
        })),
        failures,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(
    `${machineLine()}\n${results.reduce((n, r) => n + r.figures.length, 0)} figures, ${missed.length} missed` +
      (failures.length > 0 ? `, ${failures.length} area(s) failed (${failures.map((f) => f.area).join(", ")})` : "") +
      `; wrote ${path.relative(process.cwd(), file)}`,
  );
  for (const m of missed) console.log(`MISSED: ${m.id} (${m.label})`);
  return exitCode(results, failures.length, values["report-only"]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
