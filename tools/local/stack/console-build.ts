// The console as the local stack serves it: a production build (`ng build`, dist/dashboard/browser), made again only
// when its inputs changed. The inputs' hash (every file under dashboard/, angular.json, package-lock.json) is stamped
// beside the build; a build whose stamp matches is reused, so only a fresh clone or a change pays for `ng build`.
// Two processes that need it at once (the test runner runs two stack tests side by side) build it once: a lock
// folder beside the build serialises them, and the second finds the first one's stamp.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "./state";

export const CONSOLE_DIST = path.join(REPO_ROOT, "dist", "dashboard");
export const CONSOLE_BROWSER_DIR = path.join(CONSOLE_DIST, "browser");
const STAMP = path.join(CONSOLE_DIST, ".inputs-sha256");
const LOCK = path.join(REPO_ROOT, "dist", ".dashboard-build.lock");
const LOCK_WAIT_MS = 10 * 60_000;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** The hash of what the build reads: names and contents, in a stable order. */
export async function consoleInputsHash(root = REPO_ROOT): Promise<string> {
  const files = [
    ...(await filesUnder(path.join(root, "dashboard"))),
    path.join(root, "angular.json"),
    path.join(root, "package-lock.json"),
  ].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash
      .update(path.relative(root, file))
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  }
  return hash.digest("hex");
}

export interface ConsoleBuild {
  dir: string;
  /** Whether this start built it (false: an up-to-date build was reused). */
  built: boolean;
  ms: number;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A lock nobody holds any more: its process is gone, or it never wrote its pid and is older than 30 s. */
async function staleLock(): Promise<boolean> {
  const pid = Number((await readFile(path.join(LOCK, "pid"), "utf8").catch(() => "")).trim());
  if (pid > 0) return !alive(pid);
  const made = await stat(LOCK).catch(() => undefined);
  return made !== undefined && Date.now() - made.mtimeMs > 30_000;
}

/** Runs `build` while holding the build lock (mkdir is atomic: one process wins). */
async function withBuildLock<T>(build: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await staleLock()) await rm(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`another console build held ${LOCK} for 10 minutes`, { cause: error });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await writeFile(path.join(LOCK, "pid"), String(process.pid));
    return await build();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

async function upToDate(hash: string): Promise<boolean> {
  const stamp = existsSync(STAMP) ? (await readFile(STAMP, "utf8")).trim() : "";
  return stamp === hash && existsSync(path.join(CONSOLE_BROWSER_DIR, "index.html"));
}

/** Builds the console unless the build on disk was made from the same inputs. */
export async function ensureConsoleBuild(log: (line: string) => void = () => undefined): Promise<ConsoleBuild> {
  const started = Date.now();
  const hash = await consoleInputsHash();
  if (await upToDate(hash)) return { dir: CONSOLE_BROWSER_DIR, built: false, ms: Date.now() - started };
  return withBuildLock(async () => {
    // Whoever held the lock before may have built these very inputs.
    if (await upToDate(hash)) return { dir: CONSOLE_BROWSER_DIR, built: false, ms: Date.now() - started };
    return build(hash, started, log);
  });
}

async function build(hash: string, started: number, log: (line: string) => void): Promise<ConsoleBuild> {
  log("building the console (ng build, production) ...");
  const ng = path.join(REPO_ROOT, "node_modules", "@angular", "cli", "bin", "ng.js");
  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [ng, "build"], {
      cwd: REPO_ROOT,
      env: { ...process.env, NG_CLI_ANALYTICS: "false", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (c: Buffer) => output.push(c.toString()));
    child.stderr.on("data", (c: Buffer) => output.push(c.toString()));
    child.once("error", reject);
    child.once("exit", (exit) => resolve(exit ?? 1));
  });
  if (code !== 0) throw new Error(`ng build failed:\n${output.join("").slice(-3000)}`);
  await writeFile(STAMP, hash + "\n");
  return { dir: CONSOLE_BROWSER_DIR, built: true, ms: Date.now() - started };
}
