import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ADMIN_API_VARIABLES } from "./config";
import { ERRORS } from "./errors";
import { ROUTES } from "./routes";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/admin-api.md"), "utf8");
/** The table row whose first cell is `cell`. */
const row = (cell: string) => doc.split("\n").find((line) => new RegExp(`^\\| +${cell} +\\|`).test(line));

describe("docs/admin-api.md", () => {
  it("lists every error code with its status", () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      const line = doc.split("\n").find((l) => new RegExp(`^\\| ${status} +\\| \`${code}\` +\\|`).test(l));
      assert.ok(line, `${code} (${status})`);
    }
  });

  it("lists every configuration variable with its default and bounds", () => {
    for (const spec of ADMIN_API_VARIABLES) {
      const line = row(`\`${spec.name}\``);
      assert.ok(line, spec.name);
      if ("default" in spec && spec.default !== "")
        assert.ok(line.includes(`\`${spec.default}\``), `${spec.name} default`);
      if ("min" in spec) assert.ok(line.includes(`${spec.min}..${spec.max}`), `${spec.name} bounds`);
    }
  });

  it("lists every route", () => {
    for (const route of Object.values(ROUTES)) {
      const path = route.path.replace("{passkeyId}", "{id}");
      assert.ok(doc.includes(`\`${route.method.toUpperCase()} ${path}`), route.path);
    }
  });
});
