import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { ensureArtifacts, MODULE_DIR, renderModuleFiles } from "./module/build-module";

const scratch = mkdtempSync(path.join(tmpdir(), "passkeys-fresh-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function committedFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === ".terraform" ? [] : committedFiles(path.join(dir, entry.name), rel);
    return entry.name === ".terraform.lock.hcl" ? [] : [rel];
  });
}

describe("terraform/ in the repository", () => {
  it("is exactly what `npm run build:module` produces from the current sources (run it and commit when this fails)", async () => {
    const expected = await renderModuleFiles(await ensureArtifacts(path.join(scratch, "dist")));
    const actual = committedFiles(MODULE_DIR).sort();
    assert.deepEqual(actual, [...expected.keys()].sort(), "same file list");
    const stale = actual.filter((name) => !readFileSync(path.join(MODULE_DIR, name)).equals(expected.get(name)!));
    assert.deepEqual(stale, [], "files that differ from a fresh build");
  });
});
