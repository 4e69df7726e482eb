/**
 * The IAM report the admin API serves: read on first use, beside the bundle in a deployed zip or the repository's
 * from the sources, parsed once, and a failed read not kept.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, bundle } from "../../tools/build/build-functions";
import { iamReportReader } from "./iam-report";

describe("the admin API's IAM report reader", () => {
  mkdirSync(path.join(REPO_ROOT, "dist"), { recursive: true });
  const tmp = mkdtempSync(path.join(REPO_ROOT, "dist", "iam-report-test-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  /** A folder standing for an unpacked zip: index.mjs's URL is the reader's base. */
  const folder = (name: string) => {
    const dir = path.join(tmp, name);
    mkdirSync(dir, { recursive: true });
    return { dir, base: pathToFileURL(path.join(dir, "index.mjs")), file: path.join(dir, "iam-report.json") };
  };

  it("from the sources, serves the repository's docs/iam-report.json", async () => {
    const expected = JSON.parse(readFileSync(path.join(REPO_ROOT, "docs", "iam-report.json"), "utf8")) as unknown;
    assert.deepEqual(await iamReportReader()(), expected);
  });

  it("reads the file beside the bundle once, and keeps serving what it parsed", async () => {
    const { base, file } = folder("once");
    writeFileSync(file, JSON.stringify({ generated: "beside" }));
    const read = iamReportReader(base);
    assert.deepEqual(await read(), { generated: "beside" });
    unlinkSync(file);
    assert.deepEqual(await read(), { generated: "beside" }, "not read again");
  });

  it("does not keep a failed read: missing, then malformed, then present", async () => {
    const { base, file } = folder("retry");
    const read = iamReportReader(base);
    await assert.rejects(read(), /iam_report_missing/);
    writeFileSync(file, "{ not json");
    await assert.rejects(read(), SyntaxError);
    writeFileSync(file, JSON.stringify({ generated: "later" }));
    assert.deepEqual(await read(), { generated: "later" });
  });

  it("bundled like the admin API, finds the report beside index.mjs (plain Node, no TypeScript loader)", async () => {
    const { dir, file } = folder("bundle");
    const out = await bundle(path.join(import.meta.dirname, "iam-report.ts"));
    writeFileSync(path.join(dir, "index.mjs"), out.code);
    writeFileSync(file, JSON.stringify({ generated: "in the zip" }));
    const script =
      `const { iamReportReader } = await import(${JSON.stringify(pathToFileURL(path.join(dir, "index.mjs")).href)});` +
      "process.stdout.write(JSON.stringify(await iamReportReader()()));";
    const printed = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.deepEqual(JSON.parse(printed), { generated: "in the zip" });
  });
});
