import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  FUNCTION_ASSETS,
  REPO_ROOT,
  buildFunctions,
  formatTable,
  isBuildStale,
  listFunctions,
  type FunctionArtifact,
} from "./build-functions";
import { readZip } from "./zip";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "functions");

describe("npm run build (on fixture functions)", () => {
  // Inside the repository (dist/ is ignored) so that copied fixtures still resolve node_modules.
  mkdirSync(path.join(REPO_ROOT, "dist"), { recursive: true });
  const tmp = mkdtempSync(path.join(REPO_ROOT, "dist", "build-test-"));
  const outA = path.join(tmp, "a");
  const outB = path.join(tmp, "b", "elsewhere");
  let first: FunctionArtifact[] = [];
  let second: FunctionArtifact[] = [];

  before(async () => {
    first = await buildFunctions({ outDir: outA, functionsDir: FIXTURES });
    second = await buildFunctions({ outDir: outB, functionsDir: FIXTURES });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test("every folder with an index.ts is a function, except shared/", () => {
    assert.deepEqual(listFunctions(FIXTURES), ["hello", "legacy-cjs"]);
    assert.deepEqual(
      first.map((a) => a.name),
      ["hello", "legacy-cjs"],
    );
  });

  test("two builds, even into different folders, produce byte-identical zips, bundles and maps", () => {
    for (const [i, a] of first.entries()) {
      const b = second[i]!;
      assert.equal(a.zipSha256, b.zipSha256, a.name);
      assert.deepEqual(readFileSync(a.zipPath), readFileSync(b.zipPath), a.name);
      assert.deepEqual(readFileSync(a.bundlePath), readFileSync(b.bundlePath), a.name);
      assert.deepEqual(readFileSync(a.mapPath), readFileSync(b.mapPath), a.name);
    }
  });

  test("each zip holds only index.mjs, identical to the bundle beside it", () => {
    for (const a of first) {
      const entries = readZip(readFileSync(a.zipPath));
      assert.deepEqual(
        entries.map((e) => e.name),
        ["index.mjs"],
      );
      assert.deepEqual(entries[0]!.data, readFileSync(a.bundlePath));
    }
  });

  test("the bundle and its source map carry no absolute path of the build machine", () => {
    for (const a of first) {
      const code = readFileSync(a.bundlePath, "utf8");
      const mapText = readFileSync(a.mapPath, "utf8");
      assert.ok(!code.includes(REPO_ROOT), `${a.name}: bundle mentions ${REPO_ROOT}`);
      assert.ok(!mapText.includes(REPO_ROOT), `${a.name}: map mentions ${REPO_ROOT}`);
      const map = JSON.parse(mapText) as { sources: string[]; sourcesContent?: string[] };
      assert.ok(map.sources.length > 0);
      for (const source of map.sources) {
        assert.ok(!path.isAbsolute(source) && !source.startsWith(".."), `${a.name}: source ${source}`);
        // Relative to the repository root, so each one names a real file of this checkout.
        assert.ok(readFileSync(path.join(REPO_ROOT, source)).length > 0, source);
      }
      assert.equal(map.sourcesContent?.length, map.sources.length, "the map is self-contained");
    }
  });

  test("the bundle is minified ESM, tree-shaken, without a sourceMappingURL pointing outside the zip", () => {
    const hello = first.find((a) => a.name === "hello")!;
    const code = readFileSync(hello.bundlePath, "utf8");
    assert.match(code, /export\{\w+ as handler\}/);
    assert.ok(!code.includes("UNUSED_HELPER_MARKER"), "an unused export of shared/ was bundled");
    assert.ok(!code.includes("sourceMappingURL"));
    assert.ok(code.includes("@license MIT"), "the inlined dependency's license notice is kept");
    assert.ok(hello.gzipBytes < hello.rawBytes);
  });

  test("importing a bundle gives a working handler export (ESM, .mjs)", async () => {
    const hello = first.find((a) => a.name === "hello")!;
    const mod = (await import(pathToFileURL(hello.bundlePath).href)) as { handler: (e: unknown) => Promise<unknown> };
    assert.equal(typeof mod.handler, "function");
    assert.deepEqual(await mod.handler({ name: "ada" }), { message: "hello, ada", signer: "function" });
  });

  test("a bundle with a CommonJS dependency that calls require gets a createRequire banner and runs", async () => {
    const legacy = first.find((a) => a.name === "legacy-cjs")!;
    const hello = first.find((a) => a.name === "hello")!;
    assert.equal(legacy.usesCreateRequire, true);
    assert.equal(hello.usesCreateRequire, false, "bundles that do not need require stay without the banner");
    const mod = (await import(pathToFileURL(legacy.bundlePath).href)) as { handler: () => Promise<unknown> };
    assert.equal(typeof ((await mod.handler()) as { lineEnding: unknown }).lineEnding, "string");
  });

  test("the printed table lists each function with its sizes and zip hash", () => {
    const table = formatTable(first);
    for (const a of first) {
      assert.match(table, new RegExp(`${a.name}\\s+${a.rawBytes}\\s+${a.gzipBytes}\\s+${a.zipSha256}`));
    }
  });

  test("a build is stale once a bundled source changes, and fresh again after rebuilding", async () => {
    const functionsDir = path.join(tmp, "src", "functions");
    cpSync(FIXTURES, functionsDir, { recursive: true });
    const outDir = path.join(tmp, "stale-check");
    const opts = { outDir, functionsDir };
    assert.equal(isBuildStale(opts), true, "no build yet");
    await buildFunctions(opts);
    assert.equal(isBuildStale(opts), false);
    const greeting = path.join(functionsDir, "shared", "greeting.ts");
    writeFileSync(greeting, readFileSync(greeting, "utf8").replace("hello, ", "hi, "));
    assert.equal(isBuildStale(opts), true, "a changed shared file makes the build stale");
    await buildFunctions(opts);
    assert.equal(isBuildStale(opts), false);
  });

  test("asking for a function that does not exist fails loudly", async () => {
    await assert.rejects(
      buildFunctions({ outDir: path.join(tmp, "x"), functionsDir: FIXTURES, functions: ["shared"] }),
      /no function "shared"/,
    );
  });
});

describe("npm run build (on the real functions)", () => {
  mkdirSync(path.join(REPO_ROOT, "dist"), { recursive: true });
  const tmp = mkdtempSync(path.join(REPO_ROOT, "dist", "build-real-test-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test("every function's bundle loads as an ES module in plain Node and exports a handler function", async () => {
    const names = listFunctions();
    assert.ok(names.includes("verify-auth-challenge"), "the real functions are found");
    const artifacts = await buildFunctions({ outDir: tmp });
    assert.deepEqual(
      artifacts.map((a) => a.name),
      names,
    );
    for (const a of artifacts) {
      // A separate Node process without the TypeScript loader, as Lambda loads it. Import only: invoking the
      // actions would try to reach AWS.
      const out = execFileSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(pathToFileURL(a.bundlePath).href)}); ` +
            'process.stdout.write("\\n@@handler@@" + (m.handler?.constructor?.name ?? typeof m.handler));',
        ],
        { env: { PATH: process.env.PATH ?? "", AWS_REGION: "eu-central-1" }, encoding: "utf8" },
      );
      // Modules may log at import (e.g. a missing setting): only the marked last line is ours.
      const kind = out.slice(out.lastIndexOf("@@handler@@") + "@@handler@@".length);
      assert.match(kind, /^(AsyncFunction|Function)$/, `${a.name}: handler is ${kind}`);
      const entries = readZip(readFileSync(a.zipPath));
      const assets = FUNCTION_ASSETS[a.name] ?? [];
      assert.deepEqual(
        entries.map((e) => e.name),
        ["index.mjs", ...assets.map((x) => x.name)].sort(),
      );
      for (const asset of assets) {
        const inZip = entries.find((e) => e.name === asset.name)!.data;
        assert.deepEqual(inZip, readFileSync(path.join(path.dirname(a.bundlePath), asset.name)), "the same beside it");
        const source = readFileSync(path.join(REPO_ROOT, asset.from), "utf8");
        assert.deepEqual(JSON.parse(inZip.toString("utf8")), JSON.parse(source), `${asset.name} is ${asset.from}`);
        assert.ok(inZip.length < source.length, `${asset.name} is minified`);
      }
    }
    // The admin API reads its IAM report beside the bundle: the bundle itself does not carry it.
    const admin = readFileSync(artifacts.find((a) => a.name === "admin-api")!.bundlePath, "utf8");
    assert.ok(!admin.includes("separationOfDuties"), "the admin API's bundle does not inline docs/iam-report.json");
  });
});
