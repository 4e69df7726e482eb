/**
 * `npm run bench -- --only counters` and `--only logins`: the passkey login path, warm, in processes of
 * tools/bench/scenarios/logins.ts (the real trigger handlers behind the CUSTOM_AUTH harness, with the stand-ins).
 *
 * counters: define, create, verify and post-authentication warm, Corbado answering after a fixed delay, with the
 *   adoption counts off, on (a DynamoDB answering at once) and pointed at a dead DynamoDB (accepts, never answers);
 *   the three run in separate processes, interleaved round by round. Our own time per invocation is the harness's
 *   measure of the handler, minus Corbado's fixed delay for verify.
 * logins: passkey logins per second through the Cognito front over HTTP, everything in one Node process (one
 *   core), counted against the CPU time that process used (so other work on the machine does not lower it), and
 *   the share of that CPU time spent in functions/ (V8's sampling profiler, second pass).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { COUNTER_TIMEOUT_MS } from "../../../functions/shared/adoption-counters";
import { median, percentile } from "../cold-start";
import { MACHINE_CLASS, type AreaResult, type Figure } from "../report";
import type { AreaContext } from "../run";

const SCENARIO = path.join(import.meta.dirname, "..", "scenarios", "logins.ts");
const MARKER = "@@bench@@";

export const LOGIN_BUDGETS = {
  /** What the counts may add to a counting invocation's p99 when DynamoDB answers (ms). */
  counterAddsP99Ms: 5,
  /** Passkey logins per CPU-second of the one process (front, handlers and stand-ins together). */
  loginsPerCoreSecond: 100,
  /** The share of that CPU time spent in functions/ (%). */
  ourSharePercent: 25,
} as const;

/** Corbado's fixed answer delay (ms) and the counts' timeout for these runs (the module's default is 250 ms). */
export const CORBADO_DELAY_MS = 20;
export const BENCH_COUNTER_TIMEOUT_MS = 50;

const ms = (v: number) => v.toFixed(2);

function runScenario<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCENARIO, ...args], {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith(MARKER));
      if (!line) return reject(new Error(`scenario ${args.join(" ")} failed (exit ${code}): ${stderr.slice(-800)}`));
      resolve(JSON.parse(line.slice(MARKER.length)) as T);
    });
  });
}

interface CountersRun {
  mode: "off" | "on" | "dead";
  writes: number;
  byInvocation: Record<string, number[]>;
}

const DEFINE_COUNTING = "define (issues the tokens: counts the login)";
const POST_AUTHENTICATION = "postAuthentication";
/** The invocations that count: define's passkey login, verify's first-login marker, post-authentication's login. */
const COUNTING = [DEFINE_COUNTING, "verify", POST_AUTHENTICATION];
/** DynamoDB requests per measured login with the counts on: one from each of COUNTING (the user is returning). */
const REQUESTS_PER_LOGIN = COUNTING.length;

export async function benchCounters(context: AreaContext): Promise<AreaResult> {
  const area = "counters";
  const rounds = context.quick ? 1 : 3;
  const logins = context.quick ? 30 : 100;
  const modes = ["off", "on", "dead"] as const;
  const samples = new Map<string, Map<string, number[]>>(modes.map((m) => [m, new Map()]));
  let writes = 0;
  for (let r = 0; r < rounds; r++) {
    for (const mode of modes) {
      context.log(`counters: round ${r + 1}/${rounds}, counts ${mode}, ${logins} logins ...`);
      const run = await runScenario<CountersRun>([
        "counters",
        mode,
        String(logins),
        String(CORBADO_DELAY_MS),
        String(BENCH_COUNTER_TIMEOUT_MS),
      ]);
      if (mode === "on") writes += run.writes;
      for (const [label, values] of Object.entries(run.byInvocation)) {
        const into = samples.get(mode)!;
        into.set(label, [...(into.get(label) ?? []), ...values]);
      }
    }
  }
  if (writes !== REQUESTS_PER_LOGIN * rounds * logins) {
    throw new Error(
      `DynamoDB saw ${writes} requests, expected ${REQUESTS_PER_LOGIN} per login (define's count, verify's ` +
        "first-login marker, post-authentication's count)",
    );
  }
  const labels = [...samples.get("off")!.keys()];
  const stat = (mode: string, label: string) => samples.get(mode)!.get(label) ?? [];
  const details = [
    `Warm invocations, our own time (ms; verify minus Corbado's fixed ${CORBADO_DELAY_MS} ms), ${rounds} round(s) x ` +
      `${logins} logins per configuration, one process each, interleaved; counts' timeout ${BENCH_COUNTER_TIMEOUT_MS} ms ` +
      `(module default ${COUNTER_TIMEOUT_MS.default} ms).`,
    "",
    "| invocation | counts off p50 | p99 | on p50 | p99 | dead DynamoDB p50 | p99 |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...labels.map(
      (label) =>
        `| ${label} | ` +
        modes.map((m) => `${ms(median(stat(m, label)))} | ${ms(percentile(stat(m, label), 99))}`).join(" | ") +
        " |",
    ),
  ];
  const figures: Figure[] = [];
  for (const label of COUNTING) {
    const off = percentile(stat("off", label), 99);
    figures.push(
      {
        area,
        id: `${area}.${label.split(" ")[0]}-adds-p99`,
        label: `counting adds to ${label}, p99 (DynamoDB answering)`,
        value: percentile(stat("on", label), 99) - off,
        unit: "ms",
        note: `p50 +${ms(median(stat("on", label)) - median(stat("off", label)))} ms`,
        budget: { kind: "max", limit: LOGIN_BUDGETS.counterAddsP99Ms, machineClass: MACHINE_CLASS },
      },
      {
        area,
        id: `${area}.${label.split(" ")[0]}-dead-p99`,
        label: `a dead DynamoDB adds to ${label}, p99`,
        value: percentile(stat("dead", label), 99) - off,
        unit: "ms",
        note: `its configured timeout: ${BENCH_COUNTER_TIMEOUT_MS} ms`,
        // The timeout, plus what the counts' own work may take anyway (signing, sending) before the deadline bites.
        budget: {
          kind: "max",
          limit: BENCH_COUNTER_TIMEOUT_MS + LOGIN_BUDGETS.counterAddsP99Ms,
          machineClass: MACHINE_CLASS,
        },
      },
    );
  }
  // The scale model's inputs (tools/bench/scale-model.ts): our own warm time per invocation, counts on, medians.
  const own = (label: string) => median(stat("on", label));
  const measurements = {
    "counters.own-ms.define": own("define (starts the challenge)"),
    "counters.own-ms.define-counting": own(DEFINE_COUNTING),
    "counters.own-ms.create": own("create"),
    "counters.own-ms.verify": own("verify"),
    "counters.own-ms.post-authentication": own(POST_AUTHENTICATION),
  };
  return { area, details, figures, measurements };
}

interface ThroughputRun {
  logins: number;
  seconds: number;
  cpuSeconds: number;
  profiled: { logins: number; cpuMsByOwner: Record<string, number> };
}

export async function benchLogins(context: AreaContext): Promise<AreaResult> {
  const area = "logins";
  const seconds = context.quick ? 3 : 15;
  const concurrency = 8;
  context.log(`logins: ${seconds} s of passkey logins through the Cognito front, ${concurrency} at a time ...`);
  const run = await runScenario<ThroughputRun>(["throughput", String(seconds), String(concurrency)]);
  const perCoreSecond = run.logins / run.cpuSeconds;
  const owners = Object.entries(run.profiled.cpuMsByOwner).sort(([, a], [, b]) => b - a);
  const busy = owners.filter(([o]) => o !== "idle").reduce((n, [, v]) => n + v, 0);
  const ours = run.profiled.cpuMsByOwner["ours (functions/)"] ?? 0;
  const details = [
    `${run.logins} passkey logins in ${run.seconds.toFixed(1)} s wall (${(run.logins / run.seconds).toFixed(0)}/s on this ` +
      `machine as loaded), ${run.cpuSeconds.toFixed(2)} CPU-seconds; ${concurrency} logins at a time, each ` +
      "InitiateAuth + RespondToAuthChallenge over HTTP to the front (define, create, verify, define).",
    "",
    `CPU time by owner, profiled pass (${run.profiled.logins} logins; a sample belongs to the nearest repository frame on its stack):`,
    "",
    "| owner | CPU ms | per login (ms) | share of busy time |",
    "| --- | ---: | ---: | ---: |",
    ...owners.map(
      ([o, v]) =>
        `| ${o} | ${v.toFixed(0)} | ${(v / run.profiled.logins).toFixed(2)} | ${o === "idle" ? "" : `${((100 * v) / busy).toFixed(1)} %`} |`,
    ),
  ];
  const figures: Figure[] = [
    {
      area,
      id: `${area}.per-core-second`,
      label: "passkey logins per second on one core (front, triggers and stand-ins in one process)",
      value: perCoreSecond,
      unit: "logins/s",
      note: `${run.logins} logins per ${run.cpuSeconds.toFixed(2)} CPU-seconds`,
      budget: { kind: "min", limit: LOGIN_BUDGETS.loginsPerCoreSecond, machineClass: MACHINE_CLASS },
    },
    {
      area,
      id: `${area}.our-share`,
      label: "share of that CPU time spent in our code (functions/)",
      value: (100 * ours) / busy,
      unit: "%",
      note: `${(ours / run.profiled.logins).toFixed(2)} ms per login`,
      budget: { kind: "max", limit: LOGIN_BUDGETS.ourSharePercent },
    },
  ];
  return { area, details, figures };
}
