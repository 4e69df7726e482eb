/**
 * `npm run bench -- --only stack`: how long `npm start` takes until every service answers (the stack prints its
 * summary only then), from a clean state folder (which it seeds) and again from the seeded folder. The console's
 * production build is made first and not timed (the console area measures it; `npm start` reuses an up-to-date
 * build). Each start runs tools/start.ts in a fresh process on free ports and is stopped with SIGINT, as Ctrl-C does.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../build/build-functions";
import { ensureConsoleBuild } from "../../local/stack/console-build";
import { median } from "../cold-start";
import { MACHINE_CLASS, type AreaResult, type Figure } from "../report";
import type { AreaContext } from "../run";

export const STACK_BUDGETS = {
  /** npm start to every service healthy, from a clean state folder (s, on MACHINE_CLASS): includes the seed. */
  cleanSeconds: 20,
  /** The same from a seeded folder. */
  seededSeconds: 10,
} as const;

const START = path.join(REPO_ROOT, "tools", "start.ts");
const READY = "corbado-cognito local stack: ready in";

/** Starts the stack, resolves with the seconds until its summary, then stops it and waits for the exit. */
function timeStart(stateDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", START, "--state-dir", stateDir, "--port-base", "0"], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let readyAfter: number | undefined;
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      output += d;
      if (readyAfter === undefined && output.includes(READY)) {
        readyAfter = (performance.now() - started) / 1000;
        child.kill("SIGINT");
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (readyAfter === undefined) {
        reject(new Error(`npm start never got ready (exit ${code ?? signal}): ${output.slice(-1500)}`));
      } else resolve(readyAfter);
    });
  });
}

export async function benchStack(context: AreaContext): Promise<AreaResult> {
  const area = "stack";
  const runs = context.quick ? 1 : 3;
  context.log("stack: making sure the console's production build is up to date (not timed) ...");
  await ensureConsoleBuild(context.log);
  const clean: number[] = [];
  const seeded: number[] = [];
  for (let i = 0; i < runs; i++) {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "corbado-cognito-stack-"));
    try {
      context.log(`stack: start ${i + 1}/${runs} from a clean state folder, then again from the seeded one ...`);
      clean.push(await timeStart(stateDir));
      seeded.push(await timeStart(stateDir));
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
  const s = (v: number) => v.toFixed(1);
  const details = [
    `${runs} pair(s) of starts (clean, then seeded), fresh processes on free ports; seconds from spawning ` +
      "tools/start.ts to its summary (tsx's start-up included).",
    "",
    "| start | median (s) | each (s) |",
    "| --- | ---: | --- |",
    `| from a clean state folder (seeds it) | ${s(median(clean))} | ${clean.map(s).join(", ")} |`,
    `| from the seeded folder | ${s(median(seeded))} | ${seeded.map(s).join(", ")} |`,
  ];
  const figures: Figure[] = [
    {
      area,
      id: `${area}.clean-start`,
      label: "npm start from a clean state to every service healthy",
      value: median(clean),
      unit: "s",
      budget: { kind: "max", limit: STACK_BUDGETS.cleanSeconds, machineClass: MACHINE_CLASS },
    },
    {
      area,
      id: `${area}.seeded-start`,
      label: "npm start from a seeded state to every service healthy",
      value: median(seeded),
      unit: "s",
      budget: { kind: "max", limit: STACK_BUDGETS.seededSeconds, machineClass: MACHINE_CLASS },
    },
  ];
  return { area, details, figures };
}
