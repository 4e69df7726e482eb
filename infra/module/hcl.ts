/**
 * A small HCL writer for the module's variables.tf, outputs.tf and versions.tf. CDKTF 0.21's own HCL output has
 * bugs (extra `terraform` block attributes come out as invalid HCL), and these files are read by people and
 * tools, so they are written here, in the layout `terraform fmt` produces (a test runs `terraform fmt -check`
 * where terraform is installed).
 */
import type { VariableSpec } from "./variables";

export interface HclOutput {
  name: string;
  description: string;
  /** The value as CDKTF synthesized it: JSON whose strings may hold `${...}` interpolations. */
  value: unknown;
  sensitive?: boolean;
}

/** Position just after the `}` closing the interpolation opened at `start` (which points at `${`). */
function interpolationEnd(text: string, start: number): number {
  let i = start + 2;
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
      continue;
    }
    if (c === "{") depth++;
    if (c === "}") {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  throw new Error(`unterminated interpolation in ${text}`);
}

/** Position just after the `"` closing the string literal opened at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "$" && text[i + 1] === "{") {
      i = interpolationEnd(text, i);
      continue;
    }
    if (c === '"') return i + 1;
    i++;
  }
  throw new Error(`unterminated string in ${text}`);
}

function escapeLiteral(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, "%%{");
}

/** A plain string as an HCL string literal (no interpolation). */
export function hclString(text: string): string {
  return `"${escapeLiteral(text)}"`;
}

/** A synthesized string (a template that may hold `${...}`) as an HCL expression. */
export function templateToHcl(text: string): string {
  if (text.startsWith("${") && interpolationEnd(text, 0) === text.length) return text.slice(2, -1);
  let out = "";
  let i = 0;
  while (i < text.length) {
    const next = text.indexOf("${", i);
    if (next === -1) {
      out += escapeLiteral(text.slice(i));
      break;
    }
    out += escapeLiteral(text.slice(i, next));
    const end = interpolationEnd(text, next);
    out += text.slice(next, end);
    i = end;
  }
  return `"${out}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A literal value (a variable default) as HCL. */
export function literalToHcl(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literalToHcl(v, indent)).join(", ")}]`;
  return objectToHcl(value as Record<string, unknown>, indent, (v, i) => literalToHcl(v, i));
}

/** A synthesized value (an output's value) as HCL. */
export function expressionToHcl(value: unknown, indent = ""): string {
  if (typeof value === "string") return templateToHcl(value);
  if (Array.isArray(value)) return `[${value.map((v) => expressionToHcl(v, indent)).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return objectToHcl(value as Record<string, unknown>, indent, (v, i) => expressionToHcl(v, i));
  }
  return literalToHcl(value, indent);
}

function objectToHcl(
  value: Record<string, unknown>,
  indent: string,
  render: (value: unknown, indent: string) => string,
): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  const keys = entries.map(([k]) => (IDENTIFIER.test(k) ? k : hclString(k)));
  const lines = entries.map(([, v], i) => [keys[i]!, render(v, inner)] as const);
  return `{\n${alignAttributes(lines, inner).join("\n")}\n${indent}}`;
}

/**
 * `name = value` lines aligned the way `terraform fmt` aligns them: a run of consecutive single-line
 * attributes shares one column for `=`; an attribute with a multi-line value stands alone.
 */
function alignAttributes(lines: ReadonlyArray<readonly [string, string]>, indent: string): string[] {
  const out: string[] = [];
  let run: Array<readonly [string, string]> = [];
  const flush = () => {
    const width = Math.max(...run.map(([k]) => k.length));
    for (const [k, v] of run) out.push(`${indent}${k.padEnd(width)} = ${v}`);
    run = [];
  };
  for (const line of lines) {
    if (line[1].includes("\n")) {
      if (run.length > 0) flush();
      out.push(`${indent}${line[0]} = ${line[1]}`);
      continue;
    }
    run.push(line);
  }
  if (run.length > 0) flush();
  return out;
}

function block(header: string, attributes: ReadonlyArray<readonly [string, string]>, nested: string[] = []): string {
  const parts = [`${header} {`];
  if (attributes.length > 0) parts.push(...alignAttributes(attributes, "  "));
  for (const child of nested) {
    if (parts.length > 1) parts.push("");
    parts.push(...child.split("\n").map((l) => (l ? `  ${l}` : l)));
  }
  parts.push("}");
  return parts.join("\n");
}

export function renderVariables(specs: readonly VariableSpec[], header: string): string {
  const blocks = specs.map((spec) => {
    const attributes: Array<readonly [string, string]> = [
      ["description", hclString(spec.description)],
      ["type", spec.type],
    ];
    if (spec.default !== undefined) attributes.push(["default", literalToHcl(spec.default, "  ")]);
    if (spec.sensitive) attributes.push(["sensitive", "true"]);
    if (spec.ephemeral) attributes.push(["ephemeral", "true"]);
    const validations = (spec.validation ?? []).map((v) =>
      block("validation", [
        ["condition", v.condition],
        ["error_message", hclString(v.errorMessage)],
      ]),
    );
    return block(`variable ${hclString(spec.name)}`, attributes, validations);
  });
  return `${header}\n${blocks.join("\n\n")}\n`;
}

export function renderOutputs(outputs: readonly HclOutput[], header: string): string {
  const blocks = outputs.map((output) => {
    const attributes: Array<readonly [string, string]> = [
      ["description", hclString(output.description)],
      ["value", expressionToHcl(output.value, "  ")],
    ];
    if (output.sensitive) attributes.push(["sensitive", "true"]);
    return block(`output ${hclString(output.name)}`, attributes);
  });
  return `${header}\n${blocks.join("\n\n")}\n`;
}

export interface VersionsInput {
  requiredVersion: string;
  providers: Record<string, { source: string; version: string }>;
}

export function renderVersions(input: VersionsInput, header: string): string {
  const providers = Object.entries(input.providers).map(
    ([name, p]) => [name, objectToHcl({ source: p.source, version: p.version }, "  ", (v) => literalToHcl(v))] as const,
  );
  const requiredProviders = block("required_providers", providers);
  return `${header}\n${block("terraform", [["required_version", hclString(input.requiredVersion)]], [requiredProviders])}\n`;
}
