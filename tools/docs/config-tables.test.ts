import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT, renderDoc, staleDocs } from "./config-tables";

describe("the configuration tables in docs/", () => {
  it("are what the functions' contracts generate (npm run docs:config)", async () => {
    const stale = await staleDocs();
    assert.deepEqual([...stale.keys()], [], "run npm run docs:config and commit the result");
  });

  it("would be regenerated from an edited table, and refuse a doc that lost its markers (control cases)", async () => {
    const doc = "docs/triggers.md";
    const current = readFileSync(path.join(REPO_ROOT, doc), "utf8");
    const edited = current.replace("| `MAX_CHALLENGE_ATTEMPTS` ", "| `MAX_CHALLENGE_ATTEMPTS` (edited) ");
    assert.notEqual(edited, current);
    assert.equal(await renderDoc(doc, edited), current);
    await assert.rejects(renderDoc(doc, current.replaceAll("<!-- /config-table -->", "")), /no <!-- config-table/);
  });
});
