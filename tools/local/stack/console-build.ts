// The console as the local stack serves it: a production build (`ng build`, dist/dashboard/browser), made again only
// when its inputs changed. The inputs' hash (every file under dashboard/, angular.json, package-lock.json) is stamped
// beside the build; a build whose stamp matches is reused, so only a fresh clone or a change pays for `ng build`.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "./state";

export const CONSOLE_DIST = path.join(REPO_ROOT, "dist", "dashboard");
export const CONSOLE_BROWSER_DIR = path.join(CONSOLE_DIST, "browser");
const STAMP = path.join(CONSOLE_DIST, ".inputs-sha256");

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

/** Builds the console unless the build on disk was made from the same inputs. */
export async function ensureConsoleBuild(log: (line: string) => void = () => undefined): Promise<ConsoleBuild> {
  const started = Date.now();
  const hash = await consoleInputsHash();
  const stamp = existsSync(STAMP) ? (await readFile(STAMP, "utf8")).trim() : "";
  if (stamp === hash && existsSync(path.join(CONSOLE_BROWSER_DIR, "index.html"))) {
    return { dir: CONSOLE_BROWSER_DIR, built: false, ms: Date.now() - started };
  }
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
