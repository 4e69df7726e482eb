/**
 * The adoption counters are written from define and verify, whose bundles must stay under 6 kB gzipped
 * (tools/build/trigger-budget.test.ts). This bundles each trigger with the counts it is meant to make
 * (docs/admin-api.md, "Writers") and checks the total, so the writers leave the triggers their budget.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { bundle, gzipSize, REPO_ROOT } from "../../tools/build/build-functions";

/** TRIGGER_BUDGETS of define and verify in tools/build/trigger-budget.test.ts. */
const BUDGET = 6000;

const scratchRoot = path.join(REPO_ROOT, ".tmp");
mkdirSync(scratchRoot, { recursive: true });
const scratch = mkdtempSync(path.join(scratchRoot, "counter-budget-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function gzippedWith(trigger: string, counts: string): Promise<number> {
  const entry = path.join(scratch, `${trigger}.ts`);
  const rel = (p: string) => path.relative(scratch, path.join(REPO_ROOT, p)).split(path.sep).join("/");
  writeFileSync(
    entry,
    `export { handler } from "${rel(`functions/${trigger}/index`)}";
import * as counters from "${rel("functions/shared/adoption-counters")}";
const target = counters.counterTargetFromEnv(process.env);
${counts}
`,
  );
  return gzipSize((await bundle(entry)).code);
}

describe("the adoption counters within the triggers' budget", () => {
  it("verify with its passkey login and failure counts stays under 6 kB gzipped", async (t) => {
    const size = await gzippedWith(
      "verify-auth-challenge",
      `export const ok = () => counters.countPasskeyLogin(target);
export const failed = (reason: string) => counters.countPasskeyLoginFailure(target, reason);`,
    );
    t.diagnostic(`${size} bytes gzipped`);
    assert.ok(size < BUDGET, `${size} bytes gzipped`);
  });

  it("define with its first-login and failure counts stays under 6 kB gzipped", async (t) => {
    const size = await gzippedWith(
      "define-auth-challenge",
      `export const first = (username: string) => counters.countFirstPasskeyLogin(target, username);
export const failed = (reason: string) => counters.countPasskeyLoginFailure(target, reason);`,
    );
    t.diagnostic(`${size} bytes gzipped`);
    assert.ok(size < BUDGET, `${size} bytes gzipped`);
  });
});
