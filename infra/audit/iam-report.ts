/**
 * `npm run audit:iam`: writes docs/iam-report.md and docs/iam-report.json from the synthesized module.
 * `npm run audit:iam -- --check` compares instead of writing and exits 1 when the committed report is stale.
 * `--module-json terraform/main.tf.json` audits the committed module file instead of synthesizing it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { commandLine, defineCommand } from "../../tools/cli";
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

export const AUDIT_COMMAND = defineCommand({
  name: "audit:iam",
  usage: `Usage: npm run audit:iam [-- [--check] [--module-json FILE]]

Simulates every IAM policy of the module and writes docs/iam-report.md and docs/iam-report.json.

Options:
  --check               compare with the committed report instead of writing; exit 1 when it is stale
  --module-json FILE    audit this module file (e.g. terraform/main.tf.json) instead of synthesizing it
  -h, --help            print this help`,
  options: { check: { type: "boolean", default: false }, "module-json": { type: "string" } },
});

async function main(argv: string[]): Promise<number> {
  const { values } = commandLine(AUDIT_COMMAND, argv);
  const check = values.check;
  const moduleJson = values["module-json"];
  const module = moduleJson !== undefined ? readModuleJson(path.resolve(moduleJson)) : synthesizeAuditedModule();
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
