/**
 * `npm run docs:config`: the functions' configuration tables in docs/, generated from their contracts
 * (functions/<fn>/config.ts, described in config.docs.ts) between markers, so the docs list exactly what
 * each function reads. `--check` changes nothing and exits 1 when a table is stale (a spec runs the same).
 *
 *   <!-- config-table: define-auth-challenge -->
 *   ...generated...
 *   <!-- /config-table -->
 */
import { commandLine, defineCommand } from "../cli";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format, resolveConfig } from "prettier";
import { ADMIN_API_ENVIRONMENT } from "../../functions/admin-api/config.docs";
import { DEFINE_ENVIRONMENT } from "../../functions/define-auth-challenge/config.docs";
import { POOL_ATTACH_ENVIRONMENT } from "../../functions/pool-attach/config.docs";
import { POST_APPEND_ENVIRONMENT } from "../../functions/post-append/config.docs";
import { POST_AUTHENTICATION_ENVIRONMENT } from "../../functions/post-authentication/config.docs";
import { PRE_LOGIN_ENVIRONMENT } from "../../functions/pre-login/config.docs";
import { SELF_SERVICE_ENVIRONMENT } from "../../functions/self-service/config.docs";
import type { Variable } from "../../functions/shared/config-contract";
import type { DocumentedContract, SetBy, VariableDoc } from "../../functions/shared/config-docs";
import { VERIFY_ENVIRONMENT } from "../../functions/verify-auth-challenge/config.docs";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

type Documented = Variable & VariableDoc;

/** 3 600 000: grouped like the rest of the docs once a number has five digits. */
const number = (n: number) => (n >= 10_000 ? n.toLocaleString("en-US").replaceAll(",", " ") : String(n));
const code = (text: string | number | boolean) => `\`${text}\``;

const SET_BY: Record<SetBy, string> = {
  module: "module",
  default: "the function's default",
  lambda: "Lambda",
  tests: "tests, local stack",
};

/** A valid value, in words. */
function values(v: Documented): string {
  switch (v.kind) {
    case "int":
      return `${number(v.min)}–${number(v.max)} ${v.unit}`;
    case "bool":
      return v.loose ? "`true` / `false` (also 1/0, yes/no, on/off, any case)" : "exactly `true` / `false`";
    case "enum":
      return v.values.map(code).join(" / ");
    case "url":
      return v.origin
        ? "an origin as browsers send it: https (plain http on loopback only), lower-case host, no path"
        : "https URL (plain http on loopback only), without query or fragment";
    case "list":
      return v.origin
        ? "comma-separated origins, each as browsers send it: https (plain http on loopback only), no path"
        : (v.shape ?? "comma-separated list");
    case "string":
      return v.shape ?? "text";
  }
}

/** The default, or whether the variable must be set (in `contract`: the switch a requirement depends on). */
function presence(v: Documented, contract: DocumentedContract): string {
  if (v.default !== undefined) {
    const text = Array.isArray(v.default) ? v.default.join(",") : String(v.default);
    return text === "" ? "none" : code(text);
  }
  if (v.requiredWith) return `required if ${code(contract[v.requiredWith]!.env)}`;
  return v.optional ? "unset" : "required";
}

/** The variable's name, with the one read in its place when it is unset. */
const name = (v: Documented) => (v.fallback ? `${code(v.env)} (or ${code(v.fallback)})` : code(v.env));

const row = (cells: string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;

function table(header: string[], rows: string[][]): string {
  return [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
}

/** One function's variables: name, default, values, who sets it, meaning. */
function functionTable(contract: DocumentedContract): string {
  return table(
    ["variable", "default", "values", "set by", "meaning"],
    Object.values(contract).map((v) => [name(v), presence(v, contract), values(v), SET_BY[v.setBy], v.about]),
  );
}

/** Several functions sharing one environment (the Corbado actions): which reads what, then as above. */
function sharedTable(contracts: Record<string, DocumentedContract>): string {
  const byEnv = new Map<string, Documented>();
  for (const contract of Object.values(contracts)) for (const v of Object.values(contract)) byEnv.set(v.env, v);
  const fns = Object.keys(contracts);
  return table(
    ["variable", ...fns, "values", "set by", "meaning"],
    [...byEnv.values()].map((v) => [
      name(v),
      ...fns.map((fn) =>
        Object.values(contracts[fn]!).some((w) => w.env === v.env) ? presence(v, contracts[fn]!) : "-",
      ),
      values(v),
      v.setBy === "module" ? "module output" : SET_BY[v.setBy],
      v.about,
    ]),
  );
}

/** Every generated table: its marker's name, the doc it lives in, and its text. */
export const TABLES: ReadonlyArray<{ name: string; doc: string; text: () => string }> = [
  { name: "define-auth-challenge", doc: "docs/triggers.md", text: () => functionTable(DEFINE_ENVIRONMENT) },
  { name: "verify-auth-challenge", doc: "docs/triggers.md", text: () => functionTable(VERIFY_ENVIRONMENT) },
  { name: "pool-attach", doc: "docs/attach-mode.md", text: () => functionTable(POOL_ATTACH_ENVIRONMENT) },
  { name: "admin-api", doc: "docs/admin-api.md", text: () => functionTable(ADMIN_API_ENVIRONMENT) },
  {
    name: "post-authentication",
    doc: "docs/admin-api.md",
    text: () => functionTable(POST_AUTHENTICATION_ENVIRONMENT),
  },
  { name: "self-service", doc: "docs/login-page.md", text: () => functionTable(SELF_SERVICE_ENVIRONMENT) },
  {
    name: "corbado-actions",
    doc: "docs/corbado-actions.md",
    text: () => sharedTable({ "pre-login": PRE_LOGIN_ENVIRONMENT, "post-append": POST_APPEND_ENVIRONMENT }),
  },
];

const START = (table: string) => `<!-- config-table: ${table} -->`;
const END = "<!-- /config-table -->";

/** A doc with its tables regenerated, formatted as `npm run format` would. */
export async function renderDoc(doc: string, current: string, root: string = REPO_ROOT): Promise<string> {
  let text = current;
  for (const t of TABLES.filter((t) => t.doc === doc)) {
    const start = text.indexOf(START(t.name));
    const end = text.indexOf(END, start);
    if (start < 0 || end < 0) throw new Error(`${doc} has no ${START(t.name)} ... ${END} block`);
    // A table inside a list item takes the marker's indentation.
    const indent = text.slice(text.lastIndexOf("\n", start) + 1, start);
    const block = t.text().replaceAll("\n", `\n${indent}`);
    text = `${text.slice(0, start)}${START(t.name)}\n\n${indent}${block}\n\n${indent}${text.slice(end)}`;
  }
  const filepath = path.join(root, doc);
  return format(text, { ...(await resolveConfig(filepath)), filepath });
}

/** The docs whose generated tables differ from the contracts, with their regenerated text. */
export async function staleDocs(root: string = REPO_ROOT): Promise<Map<string, string>> {
  const stale = new Map<string, string>();
  for (const doc of new Set(TABLES.map((t) => t.doc))) {
    const current = readFileSync(path.join(root, doc), "utf8");
    const rendered = await renderDoc(doc, current, root);
    if (rendered !== current) stale.set(doc, rendered);
  }
  return stale;
}

export const CONFIG_TABLES_COMMAND = defineCommand({
  name: "docs:config",
  usage: `Usage: npm run docs:config [-- --check]

Writes the functions' configuration tables in docs/ from their contracts (between config-table markers).

Options:
  --check       compare instead of writing; exit 1 when a table is stale
  -h, --help    print this help`,
  options: { check: { type: "boolean", default: false } },
});

async function main(): Promise<void> {
  const { check } = commandLine(CONFIG_TABLES_COMMAND, process.argv.slice(2)).values;
  const stale = await staleDocs();
  for (const [doc, text] of stale) {
    if (check) console.error(`${doc}: configuration tables are stale (run npm run docs:config)`);
    else writeFileSync(path.join(REPO_ROOT, doc), text);
  }
  if (!check)
    console.log(stale.size === 0 ? "configuration tables up to date" : `rewrote ${[...stale.keys()].join(", ")}`);
  if (check && stale.size > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
