/**
 * `npm run build`: bundle every Lambda function in functions/ into one reproducible artifact.
 *
 * For each folder functions/<name>/ with an index.ts (shared/ excluded) this writes
 *   dist/functions/<name>/index.mjs       the ESM bundle (Lambda handler string "index.handler")
 *   dist/functions/<name>/index.mjs.map   its source map, kept beside the zip for debugging, never deployed
 *   dist/functions/<name>.zip             index.mjs (and the function's FUNCTION_ASSETS), fixed timestamps,
 *                                         byte-identical across builds
 * and dist/functions/manifest.json (sizes, sha256, inputs), which `npm run bench` uses to tell a stale build.
 *
 * Choices (see docs/performance.md):
 * - sourcemap "external": no sourceMappingURL comment in the bundle, since the map is not in the zip.
 * - sourcesContent included: the map is self-contained, so a CloudWatch stack trace can be mapped back with
 *   the artifact alone, without checking out the exact commit; it costs nothing at run time because the map
 *   never ships. `sources` are rewritten relative to the repository root so the map is the same wherever
 *   it is built.
 * - legalComments "eof": the bundle carries the license notices of what it inlines (aws4fetch is MIT, whose
 *   notice must travel with copies). "none" would drop them, "linked" would point at a file the zip does not
 *   hold. It costs about 100 bytes.
 * - A bundle made of this repository's code only (the triggers, whose bytes are budgeted in
 *   trigger-budget.test.ts) is compacted further: esbuild shortens the internal property names of OWN_PROPERTIES,
 *   then terser minifies it once more (names reused across scopes, which gzip rewards), with the source map carried
 *   through. About 10% gzipped; on the SDK bundles terser would take 8-19 s each for 3-5%, so they keep esbuild's.
 *   compact.test.ts proves the compacted triggers behave exactly as esbuild's plain bundles.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { minify } from "terser";
import { commandLine, defineCommand } from "../cli";
import { createZip } from "./zip";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const FUNCTIONS_DIR = path.join(REPO_ROOT, "functions");
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, "dist", "functions");
export const HANDLER = "index.handler";
const EXCLUDED = new Set(["shared"]);

/**
 * Prepended only to bundles that need `require` (CommonJS dependencies calling require on Node built-ins):
 * esbuild's ESM output otherwise throws "Dynamic require of ... is not supported" at run time.
 */
export const CREATE_REQUIRE_BANNER =
  'import{createRequire as __bundleCreateRequire}from"node:module";const require=__bundleCreateRequire(import.meta.url);';

/**
 * Property names that exist only inside this repository's code (configuration contracts and values, dependencies
 * passed to handler factories, internal results), which esbuild shortens in a compacted bundle. Listed one by one,
 * never by pattern: none of them is a key of a JSON body, a log line, a Cognito event or an answer from Corbado or
 * AWS, nor a property of an object of Node or JavaScript (compact.test.ts checks each one).
 */
export const OWN_PROPERTIES = [
  // configuration contracts (../../functions/shared/config-contract.ts)
  "kind",
  "optional",
  "fallback",
  "loose",
  "requiredWith",
  "minLength",
  "maxLength",
  "problems",
  // configuration values of the triggers (functions/<trigger>/config.ts, shared/ssm.ts, shared/adoption-counters.ts)
  "secretParameter",
  "backendApiUrl",
  "earlyReject",
  "ssmTimeoutMs",
  "secretCacheTtlMs",
  "settingsParameter",
  "settingsCacheTtlMs",
  "settingsRetryMs",
  "killSwitchWhenUnreadable",
  "aggregatesTable",
  "counterShards",
  "counterTimeoutMs",
  "counters",
  "shards",
  // AWS endpoints and calls (shared/aws-json.ts, shared/sigv4.ts, shared/http.ts)
  "accessKeyId",
  "secretAccessKey",
  "sessionToken",
  "region",
  "service",
  "endpoint",
  "jsonVersion",
  "datetime",
  "timeoutMs",
  "maxBodyBytes",
  // handler factories' dependencies and internal results
  "failResponse",
  "getSecret",
  "invalidateSecret",
  "getSettings",
  "readParameter",
  "preconnect",
  "counts",
  "issued",
  "refused",
  "answer",
  "deny",
  "correct",
  "loadedAt",
  "ttlMs",
  "retryMs",
  "sink",
  "invalidate",
  "header",
  "payload",
] as const;

/** True when every input of a bundle is this repository's own source (no node_modules). */
export const ownCodeOnly = (inputs: readonly string[]): boolean =>
  inputs.every((i) => !i.split("/").includes("node_modules"));

export interface BundleResult {
  code: Buffer;
  map: Buffer;
  /** Repository-relative POSIX paths of every input file, sorted. */
  inputs: string[];
  /** Modules the bundle imports at run time instead of inlining them (node:crypto, ...), sorted. */
  externals: string[];
  usesCreateRequire: boolean;
  /** Compacted (own code only): OWN_PROPERTIES shortened and a terser pass. */
  compacted: boolean;
}

export interface FunctionArtifact {
  name: string;
  handler: string;
  bundlePath: string;
  mapPath: string;
  zipPath: string;
  rawBytes: number;
  gzipBytes: number;
  zipBytes: number;
  zipSha256: string;
  usesCreateRequire: boolean;
}

export interface BuildManifest {
  builder: string;
  functions: Array<{
    name: string;
    handler: string;
    zip: string;
    zipSha256: string;
    rawBytes: number;
    gzipBytes: number;
    zipBytes: number;
    inputs: Record<string, string>;
  }>;
}

const toPosix = (p: string): string => p.split(path.sep).join("/");
const sha256 = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");
export const gzipSize = (data: Uint8Array): number => gzipSync(data, { level: 9 }).length;

/** Folders of `functionsDir` that hold an index.ts, shared/ excluded, sorted by name. */
export function listFunctions(functionsDir: string = FUNCTIONS_DIR): string[] {
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !EXCLUDED.has(d.name) && existsSync(path.join(functionsDir, d.name, "index.ts")))
    .map((d) => d.name)
    .sort();
}

/** The esbuild options every Lambda bundle shares (the bench bundles its SDK baseline with the same ones). */
export function lambdaBuildOptions(entry: string, rootDir: string = REPO_ROOT): BuildOptions {
  return {
    absWorkingDir: rootDir,
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node24",
    // Prefer the ES module builds of dependencies (the AWS SDK ships both): they tree-shake, CJS does not.
    mainFields: ["module", "main"],
    minify: true,
    treeShaking: true,
    sourcemap: "external",
    sourcesContent: true,
    legalComments: "eof",
    charset: "utf8",
    // A virtual output location: nothing is written by esbuild, the caller writes the bytes.
    outfile: path.join(rootDir, "index.mjs"),
    write: false,
    metafile: true,
    logLevel: "silent",
  };
}

/** The terser pass of a compacted bundle; the source map maps through to the original sources. */
async function terse(code: Buffer, map: Buffer): Promise<{ code: Buffer<ArrayBuffer>; map: Buffer<ArrayBuffer> }> {
  const out = await minify(code.toString("utf8"), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    // The license notices esbuild kept (legalComments), as it marks them.
    format: { comments: /@license|@preserve|^!/ },
    sourceMap: { content: map.toString("utf8"), includeSources: true },
  });
  if (out.code === undefined || typeof out.map !== "string") throw new Error("terser produced no bundle");
  return { code: Buffer.from(out.code, "utf8"), map: Buffer.from(out.map, "utf8") };
}

/**
 * Bundles one entry file (ESM, minified, tree-shaken) and returns the code and a relocatable source map. A bundle
 * of this repository's code only is compacted (see the top of this file) unless `compact` is false.
 */
export async function bundle(
  entry: string,
  rootDir: string = REPO_ROOT,
  { compact = true }: { compact?: boolean } = {},
): Promise<BundleResult> {
  const run = async (banner?: string, mangle?: boolean) => {
    const result = await build({
      ...lambdaBuildOptions(entry, rootDir),
      ...(banner ? { banner: { js: banner } } : {}),
      ...(mangle ? { mangleProps: new RegExp(`^(${OWN_PROPERTIES.join("|")})$`), mangleQuoted: false } : {}),
    });
    const code = result.outputFiles?.find((f) => f.path.endsWith(".mjs"));
    const map = result.outputFiles?.find((f) => f.path.endsWith(".mjs.map"));
    if (!code || !map) throw new Error(`esbuild produced no bundle for ${entry}`);
    return { code: Buffer.from(code.contents), map: Buffer.from(map.contents), metafile: result.metafile as Metafile };
  };
  let out = await run();
  let usesCreateRequire = false;
  if (out.code.includes('Dynamic require of "')) {
    out = await run(CREATE_REQUIRE_BANNER);
    usesCreateRequire = true;
  }
  const compacted = compact && ownCodeOnly(Object.keys(out.metafile.inputs).map(toPosix));
  if (compacted) {
    const mangled = await run(usesCreateRequire ? CREATE_REQUIRE_BANNER : undefined, true);
    out = { metafile: mangled.metafile, ...(await terse(mangled.code, mangled.map)) };
  }
  // esbuild writes `sources` relative to the (virtual) output file, which sits in rootDir: they are already
  // root-relative. Normalise them to POSIX paths and refuse anything that would leak an absolute path.
  const map = JSON.parse(out.map.toString("utf8")) as { sources: string[] };
  map.sources = map.sources.map((s) => {
    const rel = toPosix(path.relative(rootDir, path.resolve(rootDir, s)));
    if (path.isAbsolute(rel) || rel.startsWith("../")) throw new Error(`source outside the repository: ${s}`);
    return rel;
  });
  const inputs = Object.keys(out.metafile.inputs)
    .map((p) => toPosix(p))
    .sort();
  const imports = Object.values(out.metafile.outputs).flatMap((o) => o.imports);
  const externals = [...new Set(imports.filter((i) => i.external).map((i) => i.path))].sort();
  return { code: out.code, map: Buffer.from(JSON.stringify(map)), inputs, externals, usesCreateRequire, compacted };
}

function builderHash(): string {
  const dir = import.meta.dirname;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  const h = createHash("sha256");
  for (const f of files)
    h.update(f)
      .update("\0")
      .update(readFileSync(path.join(dir, f)))
      .update("\0");
  const lock = path.join(REPO_ROOT, "package-lock.json");
  if (existsSync(lock)) h.update(readFileSync(lock));
  return h.digest("hex");
}

export interface BuildOptionsIn {
  /** Where to write <name>/index.mjs, <name>/index.mjs.map, <name>.zip and manifest.json. */
  outDir?: string;
  /** Only these functions (default: every function listFunctions finds). */
  functions?: string[];
  /** Where the function folders live (default: functions/ of this repository). */
  functionsDir?: string;
  /** Root the source map paths are relative to (default: this repository). */
  rootDir?: string;
}

/**
 * Files a function reads at run time instead of importing them, put beside its index.mjs (in the zip and in
 * dist/functions/<name>/), JSON minified: the admin API's IAM report, read on its one route
 * (functions/admin-api/iam-report.ts). Their sources count as the function's inputs.
 */
export const FUNCTION_ASSETS: Readonly<
  Record<string, ReadonlyArray<{ readonly from: string; readonly name: string }>>
> = {
  "admin-api": [{ from: "docs/iam-report.json", name: "iam-report.json" }],
};

async function readAsset(rootDir: string, from: string): Promise<Buffer> {
  const raw = await readFile(path.join(rootDir, from));
  return from.endsWith(".json") ? Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8")))) : raw;
}

export async function buildFunctions(options: BuildOptionsIn = {}): Promise<FunctionArtifact[]> {
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const functionsDir = path.resolve(options.functionsDir ?? FUNCTIONS_DIR);
  const rootDir = path.resolve(options.rootDir ?? REPO_ROOT);
  const available = listFunctions(functionsDir);
  const names = [...(options.functions ?? available)].sort();
  for (const name of names) {
    if (!available.includes(name)) throw new Error(`no function "${name}" in ${functionsDir}`);
  }
  await mkdir(outDir, { recursive: true });

  const artifacts: FunctionArtifact[] = [];
  const manifest: BuildManifest = { builder: builderHash(), functions: [] };
  for (const name of names) {
    const result = await bundle(path.join(functionsDir, name, "index.ts"), rootDir);
    const dir = path.join(outDir, name);
    await mkdir(dir, { recursive: true });
    const bundlePath = path.join(dir, "index.mjs");
    const mapPath = path.join(dir, "index.mjs.map");
    const zipPath = path.join(outDir, `${name}.zip`);
    const assets = FUNCTION_ASSETS[name] ?? [];
    const assetFiles = await Promise.all(
      assets.map(async (a) => ({ name: a.name, data: await readAsset(rootDir, a.from) })),
    );
    const zip = createZip([{ name: "index.mjs", data: result.code }, ...assetFiles]);
    await writeFile(bundlePath, result.code);
    await writeFile(mapPath, result.map);
    for (const asset of assetFiles) await writeFile(path.join(dir, asset.name), asset.data);
    await writeFile(zipPath, zip);
    const artifact: FunctionArtifact = {
      name,
      handler: HANDLER,
      bundlePath,
      mapPath,
      zipPath,
      rawBytes: result.code.length,
      gzipBytes: gzipSize(result.code),
      zipBytes: zip.length,
      zipSha256: sha256(zip),
      usesCreateRequire: result.usesCreateRequire,
    };
    artifacts.push(artifact);
    const inputs: Record<string, string> = {};
    for (const input of [...result.inputs, ...assets.map((a) => a.from)]) {
      inputs[input] = sha256(await readFile(path.join(rootDir, input)));
    }
    manifest.functions.push({
      name,
      handler: HANDLER,
      zip: `${name}.zip`,
      zipSha256: artifact.zipSha256,
      rawBytes: artifact.rawBytes,
      gzipBytes: artifact.gzipBytes,
      zipBytes: artifact.zipBytes,
      inputs,
    });
  }

  if (!options.functions) {
    // A full build owns outDir: drop artifacts of functions that no longer exist.
    for (const entry of readdirSync(outDir, { withFileTypes: true })) {
      const stem = entry.name.replace(/\.zip$/, "");
      if (names.includes(stem)) continue;
      if (entry.isFile() && entry.name.endsWith(".zip")) rmSync(path.join(outDir, entry.name));
      else if (entry.isDirectory() && existsSync(path.join(outDir, entry.name, "index.mjs"))) {
        rmSync(path.join(outDir, entry.name), { recursive: true });
      }
    }
    await writeFile(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  }
  return artifacts;
}

/**
 * True when `outDir` holds no full build, or one made from other inputs: a function added or removed, any
 * bundled file changed (by content), the build script changed, or package-lock.json changed.
 */
export function isBuildStale(options: Pick<BuildOptionsIn, "outDir" | "functionsDir" | "rootDir"> = {}): boolean {
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const rootDir = path.resolve(options.rootDir ?? REPO_ROOT);
  const manifestPath = path.join(outDir, "manifest.json");
  if (!existsSync(manifestPath)) return true;
  let manifest: BuildManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BuildManifest;
  } catch {
    return true;
  }
  if (manifest.builder !== builderHash()) return true;
  const names = listFunctions(options.functionsDir ?? FUNCTIONS_DIR);
  if (names.join("\n") !== manifest.functions.map((f) => f.name).join("\n")) return true;
  for (const fn of manifest.functions) {
    const zipPath = path.join(outDir, fn.zip);
    if (!existsSync(zipPath) || sha256(readFileSync(zipPath)) !== fn.zipSha256) return true;
    if (!existsSync(path.join(outDir, fn.name, "index.mjs"))) return true;
    for (const [input, hash] of Object.entries(fn.inputs)) {
      const file = path.join(rootDir, input);
      if (!existsSync(file) || !statSync(file).isFile() || sha256(readFileSync(file)) !== hash) return true;
    }
  }
  return false;
}

export function formatTable(artifacts: readonly FunctionArtifact[]): string {
  const rows = [
    ["function", "raw bytes", "gzipped bytes", "zip sha256"],
    ...artifacts.map((a) => [a.name, String(a.rawBytes), String(a.gzipBytes), a.zipSha256]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export const BUILD_COMMAND = defineCommand({
  name: "build",
  usage: `Usage: npm run build

Bundles every Lambda function in functions/ (one folder with an index.ts each) into
dist/functions/<name>/index.mjs (+ its source map) and a reproducible dist/functions/<name>.zip, writes
dist/functions/manifest.json and prints each function's raw and gzipped size. Takes no options.

Options:
  -h, --help    print this help`,
  options: {},
});

async function main(): Promise<void> {
  commandLine(BUILD_COMMAND);
  const names = listFunctions();
  if (names.length === 0) {
    console.log("no functions to build (no functions/<name>/index.ts)");
    return;
  }
  const started = performance.now();
  const artifacts = await buildFunctions({ outDir: DEFAULT_OUT_DIR });
  console.log(formatTable(artifacts));
  console.log(
    `\n${artifacts.length} function(s) -> ${toPosix(path.relative(process.cwd(), DEFAULT_OUT_DIR)) || "."} ` +
      `in ${Math.round(performance.now() - started)} ms (handler "${HANDLER}")`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
