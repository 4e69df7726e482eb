/**
 * `npm run bench -- --only console`: the console as people get it.
 * - Transfer size of its production build (`ng build`, as `npm start` serves it; made again only when its inputs
 *   changed, tools/local/stack/console-build.ts), gzipped at level 9: the initial JS (the scripts index.html loads
 *   and everything they import statically) and each lazily loaded chunk (a page, or what pages share).
 * - Time from navigation to the adoption page's first chart (uPlot's canvas), in headless Chromium against the
 *   local stack, signed in as the seeded admin: median of 5 (tools/bench/scenarios/console.ts, its own process).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { REPO_ROOT } from "../../build/build-functions";
import { ensureConsoleBuild } from "../../local/stack/console-build";
import { findChromium } from "../../test/requirements";
import { median } from "../cold-start";
import { MACHINE_CLASS, type AreaResult, type Figure } from "../report";
import type { AreaContext } from "../run";

export const CONSOLE_BUDGETS = {
  /** Gzipped kB (1 kB = 1,000 bytes): what a browser transfers (docs/console.md, "Size"). */
  initialJsKb: 150,
  lazyChunkKb: 120,
  /** Navigation to the adoption page's first chart, median (ms, on MACHINE_CLASS). */
  firstChartMs: 1500,
} as const;

const SCENARIO = path.join(import.meta.dirname, "..", "scenarios", "console.ts");
const FIRST_CHART_RUNS = 5;

/** The .js files a build's index.html loads and their static imports (not `import()`), transitively. */
export function initialScripts(indexHtml: string, read: (file: string) => string): Set<string> {
  const initial = new Set<string>();
  const queue = [...indexHtml.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)].map((m) => m[1]!);
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (initial.has(file)) continue;
    initial.add(file);
    // esbuild's minified static imports: `from"./chunk-X.js"` and bare `import"./chunk-X.js"`.
    for (const m of read(file).matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) queue.push(m[1]!);
  }
  return initial;
}

const gzipKb = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length / 1000;

function firstChart(chromium: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCENARIO, chromium, String(FIRST_CHART_RUNS)], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith("@@bench@@"));
      if (!line) return reject(new Error(`the console scenario failed (exit ${code}): ${stderr.slice(-1500)}`));
      resolve((JSON.parse(line.slice("@@bench@@".length)) as { samplesMs: number[] }).samplesMs);
    });
  });
}

export async function benchConsole(context: AreaContext): Promise<AreaResult> {
  const area = "console";
  context.log("console: the production build (ng build unless it is up to date) ...");
  const build = await ensureConsoleBuild(context.log);
  const files = readdirSync(build.dir).filter((f) => f.endsWith(".js"));
  const read = (f: string) => readFileSync(path.join(build.dir, f), "utf8");
  const initial = initialScripts(read("index.html"), read);
  const size = new Map(files.map((f) => [f, gzipKb(readFileSync(path.join(build.dir, f)))]));
  const initialKb = [...initial].reduce((n, f) => n + (size.get(f) ?? 0), 0);
  const lazy = files.filter((f) => !initial.has(f)).sort((a, b) => size.get(b)! - size.get(a)!);
  const kb = (v: number) => `${v.toFixed(1)} kB`;
  const details = [
    `Production build (${build.built ? `built now in ${(build.ms / 1000).toFixed(0)} s` : "up to date, reused"}), ` +
      "gzipped at level 9:",
    "",
    "| file | loaded | gzipped |",
    "| --- | --- | ---: |",
    ...[...initial].map((f) => `| ${f} | initially | ${kb(size.get(f)!)} |`),
    ...lazy.map((f) => `| ${f} | lazily | ${kb(size.get(f)!)} |`),
  ];
  const figures: Figure[] = [
    {
      area,
      id: `${area}.initial-js`,
      label: `initial JS gzipped (${initial.size} files)`,
      value: initialKb,
      unit: "kB",
      budget: { kind: "max", limit: CONSOLE_BUDGETS.initialJsKb },
    },
    {
      area,
      id: `${area}.largest-lazy-chunk`,
      label: `largest lazily loaded chunk gzipped (of ${lazy.length}; ${lazy[0] ?? "none"})`,
      value: lazy.length > 0 ? size.get(lazy[0]!)! : 0,
      unit: "kB",
      budget: { kind: "max", limit: CONSOLE_BUDGETS.lazyChunkKb },
    },
  ];

  const chromium = findChromium();
  if (!chromium) {
    details.push("", "Time to the first chart: skipped, no Chromium here (CHROME_BIN or Debian's chromium).");
    return { area, details, figures };
  }
  context.log(`console: the local stack and headless Chromium, ${FIRST_CHART_RUNS} loads of the adoption page ...`);
  const samples = await firstChart(chromium);
  details.push(
    "",
    `Navigation to the adoption page's first chart, signed in, local stack: ${samples.map((s) => s.toFixed(0)).join(", ")} ms.`,
  );
  figures.push({
    area,
    id: `${area}.first-chart`,
    label: `navigation to the adoption page's first chart, headless Chromium (median of ${FIRST_CHART_RUNS})`,
    value: median(samples),
    unit: "ms",
    budget: { kind: "max", limit: CONSOLE_BUDGETS.firstChartMs, machineClass: MACHINE_CLASS },
  });
  return { area, details, figures };
}
