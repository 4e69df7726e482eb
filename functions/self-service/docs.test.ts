import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { CONNECT_TOKENS_PATH } from "./app";
import { ERRORS } from "./errors";

const docs = path.resolve(import.meta.dirname, "../../docs");
const doc = readFileSync(path.join(docs, "login-page.md"), "utf8");
const source = readFileSync(path.join(docs, "login-page/passkeys.js"), "utf8");

describe("docs/login-page.md", () => {
  it("lists every error code with its status", () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      const line = doc.split("\n").find((l) => new RegExp(`^\\| ${status} +\\| \`${code}\` +\\|`).test(l));
      assert.ok(line, `${code} (${status})`);
    }
  });

  it("shows each snippet exactly as docs/login-page/passkeys.js has it, and every region of the file", () => {
    const regions = new Map(
      [...source.matchAll(/\/\/ #region ([\w-]+)\n([\s\S]*?)\/\/ #endregion/g)].map((m) => [m[1]!, m[2]!.trimEnd()]),
    );
    const shown = [...doc.matchAll(/<!-- snippet: ([\w-]+) -->\n\n```js\n([\s\S]*?)\n```/g)];
    assert.deepEqual(shown.map((m) => m[1]).sort(), [...regions.keys()].sort());
    for (const [, name, code] of shown) assert.equal(code, regions.get(name!), `snippet ${name} differs from the file`);
  });

  it("names the route", () => {
    assert.ok(doc.includes(`POST ${CONNECT_TOKENS_PATH}`));
  });
});
