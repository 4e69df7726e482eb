/**
 * The admin API's configuration: one declarative table of environment variables (name, kind, when required,
 * default, bounds), read once at cold start. docs/admin-api.md renders the same table; infra sets these variables.
 *
 * Unlike the triggers (which clamp), a value that is present but malformed or out of bounds is a problem: the
 * function then answers every request 500 config_invalid and logs each problem once, as a code naming the variable
 * (`client_ids_missing`, `request_deadline_ms_invalid`), never its value.
 */
import { awsEndpointFromEnv, type AwsEndpoint } from "../shared/aws-json";
import { isUserPoolId, regionOfUserPoolId } from "../shared/cognito-names";
import type { Env } from "../shared/config-contract";
import { isLoopbackHost } from "../shared/env";
import { MAX_CACHE_TTL_MS } from "../shared/ssm";
import { COUNTER_SHARDS } from "../shared/adoption-counters";
import { DEFINE_CONTRACT } from "../define-auth-challenge/config";

type Kind =
  | "bool"
  | "int"
  | "url"
  | "origin"
  | "origins"
  | "client_ids"
  | "user_pool_id"
  | "table_name"
  | "parameter_name"
  | "project_id";

export interface VariableSpec {
  readonly name: string;
  readonly kind: Kind;
  /** `always`; `console`: only when CONSOLE_ENABLED is on; `no`: has a default (or is optional). */
  readonly required: "always" | "console" | "no";
  readonly default?: string;
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

export const ADMIN_API_VARIABLES = [
  {
    name: "CONSOLE_ENABLED",
    kind: "bool",
    required: "no",
    default: "true",
    description: "Off: the API serves only GET /v1/public/login-config (the console's routes answer 404).",
  },
  {
    name: "LOGIN_SETTINGS_PARAMETER",
    kind: "parameter_name",
    required: "always",
    description: "The SSM String parameter holding {passkeyFirst, killSwitch} (the one define-auth-challenge reads).",
  },
  {
    name: "LOGIN_SETTINGS_CACHE_TTL_MS",
    kind: "int",
    required: "no",
    default: "30000",
    min: 0,
    max: MAX_CACHE_TTL_MS,
    description:
      "The triggers' settings cache (set it to define's value): the public route caches as long, and a settings change takes effect within it.",
  },
  {
    name: "LOGIN_SETTINGS_RETRY_MS",
    kind: "int",
    required: "no",
    default: String(DEFINE_CONTRACT.settingsRetryMs.default),
    min: DEFINE_CONTRACT.settingsRetryMs.min,
    max: DEFINE_CONTRACT.settingsRetryMs.max,
    description: "As for define: how long the public route reuses a failed settings read before it tries again.",
  },
  {
    name: "KILL_SWITCH_WHEN_UNREADABLE",
    kind: "bool",
    required: "no",
    default: "true",
    description: "As for define: the public route's kill switch when this instance has never read the parameter.",
  },
  {
    name: "PUBLIC_CONFIG_RATE_PER_SECOND",
    kind: "int",
    required: "no",
    default: "20",
    min: 1,
    max: 1000,
    description: "Requests per second one instance serves on the public route (burst: twice that); more get 429.",
  },
  {
    name: "LOGIN_PAGE_ORIGINS",
    kind: "origins",
    required: "no",
    default: "",
    description: "Comma-separated origins of the customer's login pages: CORS for the public route only.",
  },
  {
    name: "ISSUER",
    kind: "url",
    required: "console",
    description:
      "The `iss` of the console's tokens, e.g. https://cognito-idp.<region>.amazonaws.com/<console pool id>.",
  },
  {
    name: "JWKS_URI",
    kind: "url",
    required: "no",
    description: "Where the issuer's keys are (default ISSUER + /.well-known/jwks.json).",
  },
  {
    name: "CLIENT_IDS",
    kind: "client_ids",
    required: "console",
    description: "Comma-separated app client ids whose access tokens are accepted (the token's client_id).",
  },
  {
    name: "CONSOLE_ORIGIN",
    kind: "origin",
    required: "console",
    description: "The console's origin: CORS for every authenticated route.",
  },
  {
    name: "USER_POOL_ID",
    kind: "user_pool_id",
    required: "console",
    description: "The user pool whose users and passkeys the console manages (its region is the id's prefix).",
  },
  {
    name: "AGGREGATES_TABLE",
    kind: "table_name",
    required: "console",
    description: "DynamoDB table of adoption counters, rate-limit and settings-lock items.",
  },
  {
    name: "AUDIT_TABLE",
    kind: "table_name",
    required: "console",
    description: "DynamoDB table of audit entries and the settings history (append-only).",
  },
  {
    name: "COUNTER_SHARDS",
    kind: "int",
    required: "no",
    default: String(COUNTER_SHARDS.default),
    min: COUNTER_SHARDS.min,
    max: COUNTER_SHARDS.max,
    description: "Shards per day of the adoption counters: the same value as the writers' (raise it, never lower it).",
  },
  {
    name: "PASSWORD_LOGINS_COUNTED",
    kind: "bool",
    required: "no",
    default: "false",
    description: "On when the post-authentication trigger counts every login: without it password logins are unknown.",
  },
  {
    name: "AUDIT_RETENTION_DAYS",
    kind: "int",
    required: "no",
    default: "400",
    min: 1,
    max: 3650,
    description: "Audit entries expire (DynamoDB TTL) this many days after they are written.",
  },
  {
    name: "CORBADO_PROJECT_ID",
    kind: "project_id",
    required: "console",
    description: "Corbado project id (pro-…): the Frontend API's project header and default host.",
  },
  {
    name: "CORBADO_SECRET_PARAMETER",
    kind: "parameter_name",
    required: "console",
    description: "The SSM SecureString holding base64(projectId:apiSecret) for Corbado's Backend API.",
  },
  {
    name: "CORBADO_BACKEND_API_URL",
    kind: "url",
    required: "no",
    default: "https://backendapi.cloud.corbado.io",
    description: "Corbado Backend API base URL (connect tokens).",
  },
  {
    name: "CORBADO_FRONTEND_API_URL",
    kind: "url",
    required: "no",
    description: "Corbado Frontend API base URL (default https://<project id>.frontendapi.corbado.io).",
  },
  {
    name: "CONNECT_TOKEN_LIFETIME_SECONDS",
    kind: "int",
    required: "no",
    default: "60",
    min: 10,
    max: 600,
    description: "maxLifetimeInSeconds of the connect tokens the API mints (one per operation, used at once).",
  },
  {
    name: "SECRET_CACHE_TTL_MS",
    kind: "int",
    required: "no",
    default: "300000",
    min: 0,
    max: MAX_CACHE_TTL_MS,
    description: "How long the Corbado secret is cached (re-read at once after Corbado answers 401).",
  },
  {
    name: "DELETE_RATE_LIMIT",
    kind: "int",
    required: "no",
    default: "20",
    min: 1,
    max: 1000,
    description: "Passkey deletions one admin may make per window; beyond it 429 with Retry-After.",
  },
  {
    name: "DELETE_RATE_WINDOW_SECONDS",
    kind: "int",
    required: "no",
    default: "600",
    min: 60,
    max: 86_400,
    description: "The fixed window of DELETE_RATE_LIMIT.",
  },
  {
    name: "REQUEST_DEADLINE_MS",
    kind: "int",
    required: "no",
    default: "8000",
    min: 1000,
    max: 25_000,
    description: "Every request answers within this (504 past it); keep the Lambda timeout above it.",
  },
  {
    name: "UPSTREAM_TIMEOUT_MS",
    kind: "int",
    required: "no",
    default: "3000",
    min: 100,
    max: 10_000,
    description: "Timeout of one call to Cognito, SSM, DynamoDB, Corbado or the JWKS (never past the deadline).",
  },
] as const satisfies readonly VariableSpec[];

type VariableName = (typeof ADMIN_API_VARIABLES)[number]["name"];

export interface AdminApiConfig {
  readonly consoleEnabled: boolean;
  readonly loginSettingsParameter: string;
  readonly loginSettingsCacheTtlMs: number;
  readonly loginSettingsRetryMs: number;
  readonly killSwitchWhenUnreadable: boolean;
  readonly publicConfigRatePerSecond: number;
  readonly loginPageOrigins: readonly string[];
  readonly requestDeadlineMs: number;
  readonly upstreamTimeoutMs: number;
  readonly ssm: AwsEndpoint;
  /** Present when consoleEnabled. */
  readonly console?: ConsoleConfig;
}

export interface ConsoleConfig {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientIds: readonly string[];
  readonly consoleOrigin: string;
  readonly userPoolId: string;
  readonly aggregatesTable: string;
  readonly auditTable: string;
  readonly counterShards: number;
  readonly passwordLoginsCounted: boolean;
  readonly auditRetentionDays: number;
  readonly corbadoProjectId: string;
  readonly corbadoSecretParameter: string;
  readonly corbadoBackendApiUrl: string;
  readonly corbadoFrontendApiUrl: string;
  readonly connectTokenLifetimeSeconds: number;
  readonly secretCacheTtlMs: number;
  readonly deleteRateLimit: number;
  readonly deleteRateWindowSeconds: number;
  readonly cognito: AwsEndpoint;
  readonly dynamodb: AwsEndpoint;
}

export type ConfigResult =
  { readonly ok: true; readonly config: AdminApiConfig } | { readonly ok: false; readonly problems: readonly string[] };

const PATTERNS: Partial<Record<Kind, RegExp>> = {
  client_ids: /^[\w+-]{1,128}$/,
  table_name: /^[a-zA-Z0-9_.-]{3,255}$/,
  parameter_name: /^[a-zA-Z0-9_.\-/]{1,2048}$/,
  project_id: /^pro-[0-9]{1,32}$/,
};
const BOOLS: Record<string, boolean> = {
  true: true,
  "1": true,
  yes: true,
  on: true,
  false: false,
  "0": false,
  no: false,
  off: false,
};

/** A trimmed, non-blank value, else undefined (the admin API's table predates ../shared/config-contract.ts). */
function envString(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

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
function parse(spec: VariableSpec, raw: string): unknown {
  const list = () =>
    raw
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "");
  switch (spec.kind) {
    case "bool":
      return BOOLS[raw.toLowerCase()];
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
    default:
      return raw.length <= 2048 && PATTERNS[spec.kind]!.test(raw) ? raw : undefined;
  }
}

/** Reads and checks every variable; never throws. */
export function loadAdminApiConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const values = new Map<VariableName, unknown>();
  const consoleEnabled = BOOLS[(envString(env, "CONSOLE_ENABLED") ?? "true").toLowerCase()];
  for (const spec of ADMIN_API_VARIABLES as readonly VariableSpec[]) {
    const raw = envString(env, spec.name) ?? ("default" in spec ? spec.default : undefined);
    const needed = spec.required === "always" || (spec.required === "console" && consoleEnabled !== false);
    if (raw === undefined) {
      if (needed) problems.push(`${spec.name.toLowerCase()}_missing`);
      continue;
    }
    const value = parse(spec, raw);
    if (value === undefined) problems.push(`${spec.name.toLowerCase()}_invalid`);
    else values.set(spec.name as VariableName, value);
  }
  const get = <T>(name: VariableName) => values.get(name) as T;

  const ssm = awsEndpointFromEnv(env, "SSM", "ssm");
  if (!ssm) problems.push("aws_ssm_endpoint_invalid");
  let consoleConfig: ConsoleConfig | undefined;
  if (consoleEnabled !== false) {
    const userPoolId = get<string | undefined>("USER_POOL_ID");
    const poolRegion = userPoolId ? regionOfUserPoolId(userPoolId) : undefined;
    const cognito = awsEndpointFromEnv(env, "COGNITO_IDENTITY_PROVIDER", "cognito-idp", poolRegion);
    const dynamodb = awsEndpointFromEnv(env, "DYNAMODB", "dynamodb");
    if (!cognito) problems.push("aws_cognito_endpoint_invalid");
    if (!dynamodb) problems.push("aws_dynamodb_endpoint_invalid");
    const issuer = get<string | undefined>("ISSUER");
    const projectId = get<string | undefined>("CORBADO_PROJECT_ID");
    if (problems.length === 0 && cognito && dynamodb && issuer && projectId) {
      consoleConfig = {
        issuer,
        jwksUri: get<string | undefined>("JWKS_URI") ?? `${issuer}/.well-known/jwks.json`,
        clientIds: get("CLIENT_IDS"),
        consoleOrigin: get("CONSOLE_ORIGIN"),
        userPoolId: userPoolId!,
        aggregatesTable: get("AGGREGATES_TABLE"),
        auditTable: get("AUDIT_TABLE"),
        counterShards: get("COUNTER_SHARDS"),
        passwordLoginsCounted: get("PASSWORD_LOGINS_COUNTED"),
        auditRetentionDays: get("AUDIT_RETENTION_DAYS"),
        corbadoProjectId: projectId,
        corbadoSecretParameter: get("CORBADO_SECRET_PARAMETER"),
        corbadoBackendApiUrl: get("CORBADO_BACKEND_API_URL"),
        corbadoFrontendApiUrl:
          get<string | undefined>("CORBADO_FRONTEND_API_URL") ?? `https://${projectId}.frontendapi.corbado.io`,
        connectTokenLifetimeSeconds: get("CONNECT_TOKEN_LIFETIME_SECONDS"),
        secretCacheTtlMs: get("SECRET_CACHE_TTL_MS"),
        deleteRateLimit: get("DELETE_RATE_LIMIT"),
        deleteRateWindowSeconds: get("DELETE_RATE_WINDOW_SECONDS"),
        cognito,
        dynamodb,
      };
    }
  }
  if (problems.length > 0 || !ssm) return { ok: false, problems };
  return {
    ok: true,
    config: {
      consoleEnabled: consoleEnabled !== false,
      loginSettingsParameter: get("LOGIN_SETTINGS_PARAMETER"),
      loginSettingsCacheTtlMs: get("LOGIN_SETTINGS_CACHE_TTL_MS"),
      loginSettingsRetryMs: get("LOGIN_SETTINGS_RETRY_MS"),
      killSwitchWhenUnreadable: get("KILL_SWITCH_WHEN_UNREADABLE"),
      publicConfigRatePerSecond: get("PUBLIC_CONFIG_RATE_PER_SECOND"),
      loginPageOrigins: get("LOGIN_PAGE_ORIGINS"),
      requestDeadlineMs: get("REQUEST_DEADLINE_MS"),
      upstreamTimeoutMs: get("UPSTREAM_TIMEOUT_MS"),
      ssm,
      ...(consoleConfig ? { console: consoleConfig } : {}),
    },
  };
}
