/**
 * `npm run bench -- --only module`: the Terraform module's build. Two figures, each in fresh processes:
 * - what `npm run build:module` does (the functions' build, the synth, the rendering of every file), written to a
 *   temporary folder so terraform/ is left alone: wall time of the process, and its peak RSS;
 * - the CDKTF synth alone (infra/module/build-module.ts's synthesizeModule): peak RSS of a plain `node` process
 *   running it (tools/bench/scenarios/module.ts, bundled by esbuild with the packages it imports, esbuild itself
 *   left external: a TypeScript loader would add its own ~45 MiB to the figure).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { REPO_ROOT } from "../../build/build-functions";
import { median } from "../cold-start";
import { MACHINE_CLASS, type AreaResult, type Figure } from "../report";
import type { AreaContext } from "../run";

export const MODULE_BUDGETS = {
  /** Peak RSS of the synth (MiB): deep imports of @cdktf/provider-aws keep it low (docs/performance.md). */
  synthMaxRssMiB: 150,
  /** npm run build:module, wall (s, on MACHINE_CLASS). */
  buildSeconds: 30,
} as const;

const SCENARIO = path.join(import.meta.dirname, "..", "scenarios", "module.ts");
const BUNDLE = path.join(REPO_ROOT, "dist", "bench", "module", "module.mjs");

/** Each file keeps its own import.meta.dirname and url once bundled (the module's code finds its files by them). */
const keepFileLocation: Plugin = {
  name: "keep-file-location",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const contents = (await readFile(args.path, "utf8"))
        .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)))
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: "ts" };
    });
  },
};

async function bundleScenario(): Promise<void> {
  await build({
    entryPoints: [SCENARIO],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    outfile: BUNDLE,
    external: ["esbuild"],
    logLevel: "error",
    plugins: [keepFileLocation],
    // CommonJS dependencies require Node's modules; and no bundled script may take the process's argv as its own.
    banner: {
      js: 'import { createRequire as __benchRequire } from "node:module"; const require = __benchRequire(import.meta.url); process.argv.length = 1;',
    },
  });
}

function runOnce(env: Record<string, string>): Promise<{ wallMs: number; ms: number; maxRssMiB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BUNDLE], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const line = stdout.split("\n").find((l) => l.startsWith("@@bench@@"));
      if (code !== 0 || !line) return reject(new Error(`module scenario failed (exit ${code}): ${stderr.slice(-800)}`));
      resolve({ wallMs, ...(JSON.parse(line.slice("@@bench@@".length)) as { ms: number; maxRssMiB: number }) });
    });
  });
}

export async function benchModule(context: AreaContext): Promise<AreaResult> {
  const area = "module";
  const runs = context.quick ? 1 : 3;
  context.log(`module: bundling the scenario, then ${runs} build(s) and ${runs} synth(s), interleaved ...`);
  await bundleScenario();
  const builds: Awaited<ReturnType<typeof runOnce>>[] = [];
  const synths: Awaited<ReturnType<typeof runOnce>>[] = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(path.join(os.tmpdir(), "corbado-cognito-module-"));
    try {
      builds.push(await runOnce({ BENCH_MODULE: "build", BENCH_MODULE_OUT: out }));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    synths.push(await runOnce({ BENCH_MODULE: "synth" }));
  }
  const f = (v: number) => v.toFixed(1);
  const details = [
    `${runs} run(s) each, fresh processes (plain node, the scenario bundled); medians.`,
    "",
    "| what | process wall (s) | the work alone (s) | peak RSS (MiB) |",
    "| --- | ---: | ---: | ---: |",
    `| npm run build:module (functions' build, synth, every file) | ${f(median(builds.map((b) => b.wallMs)) / 1000)} | ` +
      `${f(median(builds.map((b) => b.ms)) / 1000)} | ${f(median(builds.map((b) => b.maxRssMiB)))} |`,
    `| synth alone | ${f(median(synths.map((b) => b.wallMs)) / 1000)} | ${f(median(synths.map((b) => b.ms)) / 1000)} | ` +
      `${f(median(synths.map((b) => b.maxRssMiB)))} |`,
  ];
  const figures: Figure[] = [
    {
      area,
      id: `${area}.synth-peak-rss`,
      label: "CDKTF synth, peak RSS of the process",
      value: Math.max(...synths.map((s) => s.maxRssMiB)),
      unit: "MiB",
      note: `highest of ${runs}`,
      budget: { kind: "max", limit: MODULE_BUDGETS.synthMaxRssMiB },
    },
    {
      area,
      id: `${area}.build-wall`,
      label: "the module build (what npm run build:module does; without tsx's start-up), wall time",
      value: median(builds.map((b) => b.wallMs)) / 1000,
      unit: "s",
      note: `peak RSS ${f(Math.max(...builds.map((b) => b.maxRssMiB)))} MiB`,
      budget: { kind: "max", limit: MODULE_BUDGETS.buildSeconds, machineClass: MACHINE_CLASS },
    },
  ];
  return { area, details, figures };
}
