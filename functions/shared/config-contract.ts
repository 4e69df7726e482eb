/**
 * One typed configuration contract per function: every environment variable it reads, declared once (name,
 * kind, bounds, default or required) as plain data, and read only through readConfig. The same declarations
 * render the function's Lambda environment and the module's Terraform validations
 * (infra/constructs/environment.ts), the local stack's environment (writeConfig) and the docs' tables.
 *
 * Descriptions, units and who sets a variable are infra's and the docs' business: each function keeps them in
 * its config.docs.ts (./config-docs.ts), which no Lambda bundle imports, so they cost the triggers nothing.
 */
import { safeBaseUrl } from "./env";

export type Env = Readonly<Record<string, string | undefined>>;

interface Declared<K extends string, T> {
  readonly kind: K;
  /** The environment variable. */
  readonly env: string;
  /** Read when `env` is unset or blank (AWS_ENDPOINT_URL behind AWS_ENDPOINT_URL_<SERVICE>, as the AWS SDK does). */
  readonly fallback?: string;
  /** The value when unset. Without it the variable is required (unset: `<code>_missing`), unless `optional`. */
  readonly default?: T;
  /** Unset is fine and leaves the value undefined. */
  readonly optional?: true;
  /** Stem of the problem codes (`<code>_missing`, `<code>_invalid`). Default: `env` in lower case. */
  readonly code?: string;
}

/** A trimmed, non-blank string. Patterns are anchored and written in the common subset of JavaScript and RE2. */
export interface StringVariable extends Declared<"string", string> {
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A whole number in [min, max]. Out of range: clamped (and a problem); not a decimal integer: the default. */
export interface IntVariable extends Declared<"int", number> {
  readonly min: number;
  readonly max: number;
}

/** Exactly `true` or `false`; `loose` also takes 1/0, yes/no, on/off in any letter case. */
export interface BoolVariable extends Declared<"bool", boolean> {
  readonly loose?: true;
}

/** One of a few exact words. */
export interface EnumVariable<E extends string = string> extends Declared<"enum", E> {
  readonly values: readonly E[];
}

/** Comma-separated items, each trimmed (blank items dropped) and, with `item`, matching that pattern. */
export interface ListVariable extends Declared<"list", readonly string[]> {
  readonly item?: string;
}

/**
 * A base URL we send secrets or signed requests to, by ./env's safeBaseUrl rule: https, or plain http on
 * loopback only; no user info, query or fragment. The value has no trailing slash.
 */
export type UrlVariable = Declared<"url", string>;

export type Variable = StringVariable | IntVariable | BoolVariable | EnumVariable | ListVariable | UrlVariable;
export type Contract = Readonly<Record<string, Variable>>;

/** The type a variable's value has in the function. */
export type ValueOf<V> = V extends { readonly kind: "int" }
  ? number
  : V extends { readonly kind: "bool" }
    ? boolean
    : V extends { readonly kind: "enum"; readonly values: readonly (infer E)[] }
      ? E
      : V extends { readonly kind: "list" }
        ? readonly string[]
        : string;

/** What readConfig hands over: a variable without a default may be undefined (missing, or invalid). */
export type ConfigOf<C extends Contract> = {
  readonly [K in keyof C]: C[K] extends { readonly default: unknown } ? ValueOf<C[K]> : ValueOf<C[K]> | undefined;
};

/** What requireConfig hands over when nothing is wrong: only an optional variable may be undefined. */
export type CompleteConfigOf<C extends Contract> = {
  readonly [K in keyof C]: C[K] extends { readonly default: unknown }
    ? ValueOf<C[K]>
    : C[K] extends { readonly optional: true }
      ? ValueOf<C[K]> | undefined
      : ValueOf<C[K]>;
};

export interface ConfigRead<C extends Contract> {
  /** Every variable's value; a problem leaves the default (a clamped number), or undefined without one. */
  readonly config: ConfigOf<C>;
  /** Log-safe codes naming the variable, never its value: `<code>_missing`, `<code>_invalid`. Empty when all is well. */
  readonly problems: string[];
}

/** The problem codes of a configuration that was refused. */
export type ConfigResult<T> =
  { readonly ok: true; readonly config: T } | { readonly ok: false; readonly problems: readonly string[] };

const TRUE_WORDS = ["true", "1", "yes", "on"];
const FALSE_WORDS = ["false", "0", "no", "off"];

/** The variable's value from a trimmed, non-blank string, and whether the string was valid. */
function parse(v: Variable, raw: string): [value: unknown, valid: boolean] {
  switch (v.kind) {
    case "int": {
      if (!/^-?\d{1,15}$/.test(raw)) return [v.default, false];
      const n = Number(raw);
      const clamped = Math.min(v.max, Math.max(v.min, n));
      return [clamped, clamped === n];
    }
    case "bool": {
      const word = v.loose ? raw.toLowerCase() : raw;
      if (v.loose ? TRUE_WORDS.includes(word) : word === "true") return [true, true];
      if (v.loose ? FALSE_WORDS.includes(word) : word === "false") return [false, true];
      return [v.default, false];
    }
    case "enum":
      return v.values.includes(raw) ? [raw, true] : [v.default, false];
    case "url": {
      const url = safeBaseUrl(raw);
      return url === undefined ? [v.default, false] : [url, true];
    }
    case "list": {
      const items = raw
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      const valid = v.item === undefined || items.every((item) => new RegExp(v.item!).test(item));
      return valid ? [items, true] : [v.default, false];
    }
    case "string": {
      const valid =
        (v.pattern === undefined || new RegExp(v.pattern).test(raw)) &&
        raw.length >= (v.minLength ?? 1) &&
        raw.length <= (v.maxLength ?? raw.length);
      return valid ? [raw, true] : [v.default, false];
    }
  }
}

/** A variable's raw value: trimmed, blank counts as unset, the fallback variable read in its place. */
function rawValue(v: Variable, env: Env): string | undefined {
  return env[v.env]?.trim() || (v.fallback === undefined ? undefined : env[v.fallback]?.trim()) || undefined;
}

/** Reads every variable of the contract. Never throws: a problem is a code, and the value its fallback. */
export function readConfig<C extends Contract>(contract: C, env: Env): ConfigRead<C> {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, v] of Object.entries(contract)) {
    const raw = rawValue(v, env);
    const [value, valid] =
      raw === undefined ? [v.default, v.default !== undefined || v.optional === true] : parse(v, raw);
    const code = `${v.code ?? v.env.toLowerCase()}_${raw === undefined ? "missing" : "invalid"}`;
    if (!valid && !problems.includes(code)) problems.push(code);
    config[key] = value;
  }
  return { config: config as ConfigOf<C>, problems };
}

/** Reads the contract and refuses the configuration when anything is missing or invalid. */
export function requireConfig<C extends Contract>(contract: C, env: Env): ConfigResult<CompleteConfigOf<C>> {
  const { config, problems } = readConfig(contract, env);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: config as CompleteConfigOf<C> };
}

/** Values to configure a function with, by the contract's keys (unset keys stay unset). */
export type ConfigValues<C extends Contract> = { readonly [K in keyof C]?: ValueOf<C[K]> };

/** The string a variable holds for a value: what readConfig reads back as that value. */
export function formatValue(value: string | number | boolean | readonly string[]): string {
  return typeof value === "object" ? value.join(",") : String(value);
}

/**
 * The environment that configures a function with `values` (the local stack, the bench and tests): readConfig
 * reads it back as those values. Throws on a value the function would refuse, naming the problem.
 */
export function writeConfig<C extends Contract>(contract: C, values: ConfigValues<C>): Record<string, string> {
  const env: Record<string, string> = {};
  const written: Record<string, Variable> = {};
  for (const [key, value] of Object.entries(values)) {
    const v = contract[key];
    if (!v) throw new Error(`${key} is not a variable of this contract`);
    if (value === undefined) continue;
    env[v.env] = formatValue(value as string | number | boolean | readonly string[]);
    written[key] = v;
  }
  const { problems } = readConfig(written, env);
  if (problems.length > 0) throw new Error(`the function would refuse this configuration: ${problems.join(", ")}`);
  return env;
}
