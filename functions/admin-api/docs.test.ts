import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ERRORS } from "./errors";
import { ROUTES } from "./routes";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/admin-api.md"), "utf8");

describe("docs/admin-api.md", () => {
  it("lists every error code with its status", () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      const line = doc.split("\n").find((l) => new RegExp(`^\\| ${status} +\\| \`${code}\` +\\|`).test(l));
      assert.ok(line, `${code} (${status})`);
    }
  });

  it("lists every route", () => {
    for (const route of Object.values(ROUTES)) {
      const path = route.path.replace("{passkeyId}", "{id}");
      assert.ok(doc.includes(`\`${route.method.toUpperCase()} ${path}`), route.path);
    }
  });
});
