/**
 * The measurement harness of `npm run bench`: cold starts of Lambda bundles, one fresh Node process each.
 *
 * A sample is the time, inside a new `node` process (process.execPath, so the Node running the bench),
 * from just before `await import(bundle)` to the end of the first `await handler(event)`. Node's own
 * boot is excluded (the probe reads performance.now() before the import). Samples of all targets are
 * interleaved (A B C A B C ...) so drift on the machine hits every target alike, and run one at a time.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const CHILD = path.join(import.meta.dirname, "child.mjs");
const MARKER = "@@bench@@";

export interface ChildReport {
  importMs: number;
  invokeMs: number;
  totalMs: number;
  /** CPU time (user + system, all threads) of the child over the same span as totalMs. */
  cpuMs: number;
  bootMs: number;
  result: unknown;
}

export interface ColdStartTarget {
  id: string;
  bundlePath: string;
  /** Called once per sample (e.g. to mint a fresh single-use token). */
  makeEvent: () => unknown;
  /** The child's whole environment besides PATH: nothing else is inherited from the bench. */
  env?: Record<string, string>;
  /** Throws when a result shows the invocation did not do the work being measured. */
  checkResult?: (result: unknown) => void;
}

export interface Stats {
  n: number;
  min: number;
  median: number;
  p90: number;
  max: number;
  mean: number;
}

export interface TargetMeasurement {
  id: string;
  total: Stats;
  import: Stats;
  invoke: Stats;
  cpu: Stats;
  samples: Array<{ importMs: number; invokeMs: number; totalMs: number; cpuMs: number }>;
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function stats(values: readonly number[]): Stats {
  return {
    n: values.length,
    min: Math.min(...values),
    median: median(values),
    p90: percentile(values, 90),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}

/** Runs the probe once in a fresh process and returns what it measured. Rejects when the child failed. */
export function runChild(target: ColdStartTarget, timeoutMs = 30_000): Promise<ChildReport> {
  const event = target.makeEvent();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CHILD, pathToFileURL(path.resolve(target.bundlePath)).href, JSON.stringify(event ?? null)],
      {
        env: { PATH: process.env.PATH ?? "", ...target.env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(MARKER));
      if (!line) {
        reject(new Error(`${target.id}: probe printed no result (exit ${code ?? signal}): ${stderr.slice(-500)}`));
        return;
      }
      const report = JSON.parse(line.slice(MARKER.length)) as
        ({ ok: true } & ChildReport) | { ok: false; error: string };
      if (!report.ok) {
        reject(new Error(`${target.id}: ${report.error}`));
        return;
      }
      try {
        target.checkResult?.(report.result);
      } catch (err) {
        reject(new Error(`${target.id}: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      resolve(report);
    });
  });
}

export interface MeasureOptions {
  runs: number;
  /** Untimed runs per target first (page cache, JIT of the parent's own code): default 1. */
  warmup?: number;
  onSample?: (id: string, index: number, report: ChildReport) => void;
}

export async function measureColdStarts(
  targets: readonly ColdStartTarget[],
  options: MeasureOptions,
): Promise<TargetMeasurement[]> {
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error("runs must be a positive integer");
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    for (const target of targets) await runChild(target);
  }
  const samples = new Map(targets.map((t) => [t.id, [] as ChildReport[]]));
  for (let i = 0; i < options.runs; i++) {
    for (const target of targets) {
      const report = await runChild(target);
      samples.get(target.id)!.push(report);
      options.onSample?.(target.id, i, report);
    }
  }
  return targets.map((t) => {
    const s = samples.get(t.id)!;
    return {
      id: t.id,
      total: stats(s.map((r) => r.totalMs)),
      import: stats(s.map((r) => r.importMs)),
      invoke: stats(s.map((r) => r.invokeMs)),
      cpu: stats(s.map((r) => r.cpuMs)),
      samples: s.map((r) => ({ importMs: r.importMs, invokeMs: r.invokeMs, totalMs: r.totalMs, cpuMs: r.cpuMs })),
    };
  });
}
