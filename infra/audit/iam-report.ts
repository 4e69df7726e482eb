/**
 * `npm run audit:iam`: writes docs/iam-report.md, docs/iam-report.json, docs/controls.md and docs/iam-simulate/
 * from the shipped module file (terraform/main.tf.json). `--check` compares instead of writing and exits 1 when
 * anything committed is stale; `--module-json FILE` audits a module someone built themselves (the files beside
 * it are hashed); `--live` compares a deployed account with the report (live.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { commandLine, defineCommand } from "../../tools/cli";
import { runAudit } from "./audit";
import { simulatorFiles, SIMULATOR_DIR } from "./aws-simulator";
import { renderControls } from "./controls";
import { runLiveCheck } from "./live";
import { readModuleJson, type AuditedModule } from "./module-source";
import { assemble, GENERATED, renderJson, renderMarkdown } from "./render";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const REPORT_MD = path.join(REPO_ROOT, "docs/iam-report.md");
export const REPORT_JSON = path.join(REPO_ROOT, "docs/iam-report.json");
export const CONTROLS_MD = path.join(REPO_ROOT, "docs/controls.md");

/** Every generated file, by its path relative to the repository root. */
export type GeneratedReport = Map<string, string>;

export async function generateReport(module: AuditedModule = readModuleJson()): Promise<GeneratedReport> {
  const report = await runAudit(module);
  const doc = await assemble(report);
  const out: GeneratedReport = new Map([
    ["docs/iam-report.md", renderMarkdown(doc)],
    ["docs/iam-report.json", renderJson(doc)],
    ["docs/controls.md", renderControls(GENERATED)],
  ]);
  for (const [file, text] of simulatorFiles(report, doc.awsSimulator)) out.set(`${SIMULATOR_DIR}/${file}`, text);
  return out;
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** Generated files that are stale or missing, and files in the generated folder that are no longer generated. */
export function staleFiles(generated: GeneratedReport, root: string = REPO_ROOT): string[] {
  const stale = [...generated].filter(([file, text]) => read(path.join(root, file)) !== text).map(([file]) => file);
  const dir = path.join(root, SIMULATOR_DIR);
  const extra = existsSync(dir)
    ? readdirSync(dir)
        .map((f) => `${SIMULATOR_DIR}/${f}`)
        .filter((f) => !generated.has(f))
    : [];
  return [...stale, ...extra].sort();
}

export const AUDIT_COMMAND = defineCommand({
  name: "audit:iam",
  usage: `Usage: npm run audit:iam [-- [--check] [--module-json FILE] [--live [--var-file FILE] [--user-pool-id ID]]]

Simulates every IAM policy of the module and writes docs/iam-report.md, docs/iam-report.json,
docs/controls.md and docs/iam-simulate/.

Options:
  --check               compare with the committed files instead of writing; exit 1 when one is stale
  --module-json FILE    audit this module file (default terraform/main.tf.json); the files beside it are hashed
  --live                read the deployed account (credentials from the standard chain, read-only calls) and
                        compare its roles, key policy and Lambda resource policies with the module's; exit 1
                        on any difference
  --var-file FILE       with --live: the module's variables as deployed (JSON: {"pool_mode": "create", ...})
  --user-pool-id ID     with --live in create mode: the id of the pool the module created
  -h, --help            print this help`,
  options: {
    check: { type: "boolean", default: false },
    "module-json": { type: "string" },
    live: { type: "boolean", default: false },
    "var-file": { type: "string" },
    "user-pool-id": { type: "string" },
  },
});

async function main(argv: string[]): Promise<number> {
  const { values } = commandLine(AUDIT_COMMAND, argv);
  const moduleJson = values["module-json"];
  const module = readModuleJson(moduleJson === undefined ? undefined : path.resolve(moduleJson));
  if (values.live) {
    return runLiveCheck({
      module,
      varFile: values["var-file"] === undefined ? undefined : path.resolve(values["var-file"]),
      userPoolId: values["user-pool-id"],
      print: (line) => console.log(line),
    });
  }
  const generated = await generateReport(module);
  if (values.check) {
    const stale = staleFiles(generated);
    for (const file of stale) console.error(`${file} is stale: run npm run audit:iam`);
    return stale.length === 0 ? 0 : 1;
  }
  rmSync(path.join(REPO_ROOT, SIMULATOR_DIR), { recursive: true, force: true });
  for (const [file, text] of generated) {
    mkdirSync(path.dirname(path.join(REPO_ROOT, file)), { recursive: true });
    writeFileSync(path.join(REPO_ROOT, file), text, file.endsWith(".sh") ? { mode: 0o755 } : undefined);
  }
  console.log(
    `wrote ${generated.size} files: docs/iam-report.md, docs/iam-report.json, docs/controls.md, ${SIMULATOR_DIR}/`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
