/**
 * The HTTP APIs' environment variables: kinds and their parsing, shared by functions/admin-api/config.ts and
 * functions/self-service/config.ts, whose declarative tables (name, kind, when required, default, bounds) are read
 * once at cold start. Unlike the triggers (which clamp), a value that is present but malformed or out of bounds is
 * a problem: the API then answers every request 500 config_invalid and logs each problem once, as a code naming
 * the variable, never its value.
 */
import { isUserPoolId } from "../shared/cognito-names";
import type { Env } from "../shared/config-contract";
import { isLoopbackHost } from "../shared/env";

export type Kind =
  | "bool"
  | "int"
  | "url"
  | "origin"
  | "origins"
  | "client_ids"
  | "user_pool_id"
  | "table_name"
  | "parameter_name"
  | "project_id"
  | "attribute_name"
  | "token_uses";

export interface VariableSpec<Required extends string = string> {
  readonly name: string;
  readonly kind: Kind;
  /** When the variable must be set (`always`, `no`: has a default or is optional, or a condition of the API's). */
  readonly required: Required;
  readonly default?: string;
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

const PATTERNS: Partial<Record<Kind, RegExp>> = {
  client_ids: /^[\w+-]{1,128}$/,
  table_name: /^[a-zA-Z0-9_.-]{3,255}$/,
  parameter_name: /^[a-zA-Z0-9_.\-/]{1,2048}$/,
  project_id: /^pro-[0-9]{1,32}$/,
  // Cognito's attribute names: standard ones (`email`, `preferred_username`) and `custom:<name>`.
  attribute_name: /^(custom:)?[A-Za-z0-9_-]{1,32}$/,
};

export const BOOL_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  "1": true,
  yes: true,
  on: true,
  false: false,
  "0": false,
  no: false,
  off: false,
};

/** A trimmed, non-blank value, else undefined (the APIs' tables predate ../shared/config-contract.ts). */
export function envString(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/** The `token_use` values a token may carry. */
export const TOKEN_USES = ["id", "access"] as const;

/** https, or plain http on a loopback host (local stack, tests). */
function httpsOrLoopback(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    if (url.username || url.password || url.hash) return undefined;
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Parses one value of a kind; undefined when it is malformed or out of bounds. */
export function parseVariable(spec: VariableSpec, raw: string): unknown {
  const list = () =>
    raw
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "");
  switch (spec.kind) {
    case "bool":
      return BOOL_WORDS[raw.toLowerCase()];
    case "int": {
      if (!/^\d{1,15}$/.test(raw)) return undefined;
      const value = Number(raw);
      return value < (spec.min ?? 0) || value > (spec.max ?? Number.MAX_SAFE_INTEGER) ? undefined : value;
    }
    case "url": {
      const url = httpsOrLoopback(raw);
      return url && !url.search ? raw.replace(/\/+$/, "") : undefined;
    }
    case "origin":
      return httpsOrLoopback(raw)?.origin === raw ? raw : undefined;
    case "origins": {
      const origins = list();
      return origins.every((origin) => httpsOrLoopback(origin)?.origin === origin) ? origins : undefined;
    }
    case "user_pool_id":
      return isUserPoolId(raw) ? raw : undefined;
    case "client_ids": {
      const ids = list();
      return ids.length > 0 && ids.every((id) => PATTERNS.client_ids!.test(id)) ? ids : undefined;
    }
    case "token_uses": {
      const uses = list();
      return uses.length > 0 && uses.every((use) => (TOKEN_USES as readonly string[]).includes(use))
        ? [...new Set(uses)]
        : undefined;
    }
    default:
      return raw.length <= 2048 && PATTERNS[spec.kind]!.test(raw) ? raw : undefined;
  }
}
