/**
 * `npm run audit:iam`: writes docs/iam-report.md and docs/iam-report.json from the synthesized module.
 * `npm run audit:iam -- --check` compares instead of writing and exits 1 when the committed report is stale.
 * `--module-json terraform/main.tf.json` audits the committed module file instead of synthesizing it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runAudit } from "./audit";
import { readModuleJson, synthesizeAuditedModule, type AuditedModule } from "./module-source";
import { renderJson, renderMarkdown } from "./render";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const REPORT_MD = path.join(REPO_ROOT, "docs/iam-report.md");
export const REPORT_JSON = path.join(REPO_ROOT, "docs/iam-report.json");

export interface GeneratedReport {
  markdown: string;
  json: string;
}

export async function generateReport(module: AuditedModule = synthesizeAuditedModule()): Promise<GeneratedReport> {
  const report = await runAudit(module);
  return { markdown: renderMarkdown(report), json: renderJson(report) };
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const moduleJsonIndex = argv.indexOf("--module-json");
  const module =
    moduleJsonIndex >= 0 ? readModuleJson(path.resolve(argv[moduleJsonIndex + 1] ?? "")) : synthesizeAuditedModule();
  const { markdown, json } = await generateReport(module);
  if (check) {
    const stale = [
      [REPORT_MD, markdown],
      [REPORT_JSON, json],
    ].filter(([file, fresh]) => read(file!) !== fresh);
    for (const [file] of stale) console.error(`${path.relative(REPO_ROOT, file!)} is stale: run npm run audit:iam`);
    return stale.length === 0 ? 0 : 1;
  }
  writeFileSync(REPORT_MD, markdown);
  writeFileSync(REPORT_JSON, json);
  console.log(`wrote ${path.relative(REPO_ROOT, REPORT_MD)} and ${path.relative(REPO_ROOT, REPORT_JSON)}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
