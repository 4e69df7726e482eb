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
  /**
   * Required only while the boolean variable under this key, declared before this one in the same contract, is
   * true (the admin API's console settings: `consoleEnabled`); otherwise unset is fine, as with `optional`.
   */
  readonly requiredWith?: string;
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

/**
 * Comma-separated items, each trimmed (blank items dropped), at least one, each matching `item` if given, and an
 * origin (as a `url` with `origin`) if `origin` is set.
 */
export interface ListVariable extends Declared<"list", readonly string[]> {
  readonly item?: string;
  readonly origin?: true;
}

/**
 * A base URL we send secrets or signed requests to, by ./env's safeBaseUrl rule: https, or plain http on
 * loopback only; no user info, query or fragment. The value has no trailing slash. With `origin`, exactly an
 * origin as browsers send it in an Origin header (lower-case host, no default port, no path): CORS compares it as is.
 */
export interface UrlVariable extends Declared<"url", string> {
  readonly origin?: true;
}

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
    : C[K] extends { readonly optional: true } | { readonly requiredWith: string }
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

/** A loose boolean's spellings, in lower case. */
const LOOSE_BOOLEANS = new Map([
  ["true", true],
  ["1", true],
  ["yes", true],
  ["on", true],
  ["false", false],
  ["0", false],
  ["no", false],
  ["off", false],
]);

const matches = (pattern: string | undefined, text: string) => pattern === undefined || new RegExp(pattern).test(text);

/** `raw` when it is exactly an origin by the `url` kind's rule, else undefined. */
const exactOrigin = (raw: string) => {
  const url = safeBaseUrl(raw);
  return url && new URL(url).origin === raw ? raw : undefined;
};

/**
 * A variable of a plain kind: string, int, bool, or a url that is not an `origin`. The triggers' contracts are
 * plain and are read with readPlainConfig, so their bundles carry no parser of lists, enums or origins (they are
 * budgeted by the byte: tools/build/trigger-budget.test.ts).
 */
export type PlainVariable = StringVariable | IntVariable | BoolVariable | (UrlVariable & { readonly origin?: never });
export type PlainContract = Readonly<Record<string, PlainVariable>>;

type Parse = (v: Variable, raw: string) => [value: unknown, valid: boolean];

const result = (v: Variable, value: unknown): [unknown, boolean] =>
  value === undefined ? [v.default, false] : [value, true];

/** A plain variable's value from a trimmed, non-blank string, and whether the string was valid. */
const parsePlain: Parse = (v, raw) => {
  let value: unknown;
  switch (v.kind) {
    case "int": {
      if (!/^-?\d{1,15}$/.test(raw)) break;
      const n = Number(raw);
      const clamped = Math.min(v.max, Math.max(v.min, n));
      return [clamped, clamped === n];
    }
    case "bool":
      value = v.loose ? LOOSE_BOOLEANS.get(raw.toLowerCase()) : raw === "true" || (raw === "false" ? false : undefined);
      break;
    case "url":
      value = safeBaseUrl(raw);
      break;
    case "string":
      if (matches(v.pattern, raw) && raw.length >= (v.minLength ?? 1) && raw.length <= (v.maxLength ?? raw.length))
        value = raw;
  }
  return result(v, value);
};

/** Any variable's value: lists, enums and origins here, the plain kinds by parsePlain. */
const parseAny: Parse = (v, raw) => {
  let value: unknown;
  switch (v.kind) {
    case "enum":
      if (v.values.includes(raw)) value = raw;
      break;
    case "list": {
      const items = raw
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length > 0 && items.every((item) => matches(v.item, item) && (!v.origin || exactOrigin(item)))) {
        value = items;
      }
      break;
    }
    case "url":
      if (!v.origin) return parsePlain(v, raw);
      value = exactOrigin(raw);
      break;
    default:
      return parsePlain(v, raw);
  }
  return result(v, value);
};

/** A variable's raw value: trimmed, blank counts as unset, the fallback variable read in its place. */
function rawValue(v: Variable, env: Env): string | undefined {
  return env[v.env]?.trim() || (v.fallback === undefined ? undefined : env[v.fallback]?.trim()) || undefined;
}

function read<C extends Contract>(contract: C, env: Env, parse: Parse): ConfigRead<C> {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, v] of Object.entries(contract)) {
    const raw = rawValue(v, env);
    const required = v.default === undefined && !v.optional && (!v.requiredWith || config[v.requiredWith] === true);
    const [value, valid] = raw === undefined ? [v.default, !required] : parse(v, raw);
    const code = `${v.code ?? v.env.toLowerCase()}_${raw === undefined ? "missing" : "invalid"}`;
    if (!valid && !problems.includes(code)) problems.push(code);
    config[key] = value;
  }
  return { config: config as ConfigOf<C>, problems };
}

const refuse = <C extends Contract>({ config, problems }: ConfigRead<C>): ConfigResult<CompleteConfigOf<C>> =>
  problems.length > 0 ? { ok: false, problems } : { ok: true, config: config as CompleteConfigOf<C> };

/** Reads every variable of the contract. Never throws: a problem is a code, and the value its fallback. */
export function readConfig<C extends Contract>(contract: C, env: Env): ConfigRead<C> {
  return read(contract, env, parseAny);
}

/** readConfig of a plain contract (PlainVariable), without the parsers of the other kinds. */
export function readPlainConfig<C extends PlainContract>(contract: C, env: Env): ConfigRead<C> {
  return read(contract, env, parsePlain);
}

/** Reads the contract and refuses the configuration when anything is missing or invalid. */
export function requireConfig<C extends Contract>(contract: C, env: Env): ConfigResult<CompleteConfigOf<C>> {
  return refuse(readConfig(contract, env));
}

/** requireConfig of a plain contract (PlainVariable), without the parsers of the other kinds. */
export function requirePlainConfig<C extends PlainContract>(contract: C, env: Env): ConfigResult<CompleteConfigOf<C>> {
  return refuse(readPlainConfig(contract, env));
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
