/**
 * The admin API's configuration contract (../shared/config-contract.ts), read once at cold start. infra, the docs
 * and the local stack read the same declarations (descriptions: config.docs.ts).
 *
 * Unlike the triggers (which clamp), the API refuses a configuration with any problem: a value that is present but
 * malformed or out of bounds, or a missing required one (the console's settings are required only while
 * CONSOLE_ENABLED is on). It then answers every request 500 config_invalid and logs each problem once, as a code
 * naming the variable (`client_ids_missing`, `request_deadline_ms_invalid`), never its value.
 */
import { COUNTER_SHARDS } from "../shared/adoption-counters";
import { awsEndpointFromEnv, type AwsEndpoint } from "../shared/aws-json";
import { MAX_USER_POOL_ID_LENGTH, regionOfUserPoolId, USER_POOL_ID_PATTERN } from "../shared/cognito-names";
import { readConfig, type ConfigResult, type Contract, type Env } from "../shared/config-contract";
import { MAX_CACHE_TTL_MS } from "../shared/ssm";
import { DEFINE_CONTRACT } from "../define-auth-challenge/config";

export type { ConfigResult } from "../shared/config-contract";

/** SSM parameter names and DynamoDB table names, as their APIs accept them. */
export const PARAMETER_NAME_PATTERN = "^[a-zA-Z0-9_./-]{1,2048}$";
export const TABLE_NAME_PATTERN = "^[a-zA-Z0-9_.-]{3,255}$";

/** The console's settings: required while CONSOLE_ENABLED is on. */
const WITH_CONSOLE = { requiredWith: "consoleEnabled" } as const;

export const ADMIN_API_CONTRACT = {
  /** Off: the API serves only GET /v1/public/login-config (and needs only the settings parameter and SSM). */
  consoleEnabled: { kind: "bool", env: "CONSOLE_ENABLED", default: true, loose: true },
  loginSettingsParameter: { kind: "string", env: "LOGIN_SETTINGS_PARAMETER", pattern: PARAMETER_NAME_PATTERN },
  loginSettingsCacheTtlMs: {
    kind: "int",
    env: "LOGIN_SETTINGS_CACHE_TTL_MS",
    min: 0,
    max: MAX_CACHE_TTL_MS,
    default: 30_000,
  },
  // The public route reads the settings with define's own reader, so by define's rules.
  loginSettingsRetryMs: DEFINE_CONTRACT.settingsRetryMs,
  killSwitchWhenUnreadable: DEFINE_CONTRACT.killSwitchWhenUnreadable,
  publicConfigRatePerSecond: { kind: "int", env: "PUBLIC_CONFIG_RATE_PER_SECOND", min: 1, max: 1000, default: 20 },
  loginPageOrigins: { kind: "list", env: "LOGIN_PAGE_ORIGINS", origin: true, default: [] },
  issuer: { kind: "url", env: "ISSUER", ...WITH_CONSOLE },
  /** Default: ISSUER + /.well-known/jwks.json. */
  jwksUri: { kind: "url", env: "JWKS_URI", optional: true },
  clientIds: { kind: "list", env: "CLIENT_IDS", item: "^[\\w+-]{1,128}$", ...WITH_CONSOLE },
  consoleOrigin: { kind: "url", env: "CONSOLE_ORIGIN", origin: true, ...WITH_CONSOLE },
  userPoolId: {
    kind: "string",
    env: "USER_POOL_ID",
    pattern: USER_POOL_ID_PATTERN,
    maxLength: MAX_USER_POOL_ID_LENGTH,
    ...WITH_CONSOLE,
  },
  aggregatesTable: { kind: "string", env: "AGGREGATES_TABLE", pattern: TABLE_NAME_PATTERN, ...WITH_CONSOLE },
  auditTable: { kind: "string", env: "AUDIT_TABLE", pattern: TABLE_NAME_PATTERN, ...WITH_CONSOLE },
  counterShards: COUNTER_SHARDS,
  passwordLoginsCounted: { kind: "bool", env: "PASSWORD_LOGINS_COUNTED", default: false, loose: true },
  auditRetentionDays: { kind: "int", env: "AUDIT_RETENTION_DAYS", min: 1, max: 3650, default: 400 },
  corbadoProjectId: { kind: "string", env: "CORBADO_PROJECT_ID", pattern: "^pro-[0-9]{1,32}$", ...WITH_CONSOLE },
  corbadoSecretParameter: {
    kind: "string",
    env: "CORBADO_SECRET_PARAMETER",
    pattern: PARAMETER_NAME_PATTERN,
    ...WITH_CONSOLE,
  },
  corbadoBackendApiUrl: { kind: "url", env: "CORBADO_BACKEND_API_URL", default: "https://backendapi.cloud.corbado.io" },
  /** Default: https://<project id>.frontendapi.corbado.io. */
  corbadoFrontendApiUrl: { kind: "url", env: "CORBADO_FRONTEND_API_URL", optional: true },
  connectTokenLifetimeSeconds: {
    kind: "int",
    env: "CONNECT_TOKEN_LIFETIME_SECONDS",
    min: 10,
    max: 600,
    default: 60,
  },
  secretCacheTtlMs: { kind: "int", env: "SECRET_CACHE_TTL_MS", min: 0, max: MAX_CACHE_TTL_MS, default: 300_000 },
  deleteRateLimit: { kind: "int", env: "DELETE_RATE_LIMIT", min: 1, max: 1000, default: 20 },
  deleteRateWindowSeconds: { kind: "int", env: "DELETE_RATE_WINDOW_SECONDS", min: 60, max: 86_400, default: 600 },
  requestDeadlineMs: { kind: "int", env: "REQUEST_DEADLINE_MS", min: 1000, max: 25_000, default: 8000 },
  upstreamTimeoutMs: { kind: "int", env: "UPSTREAM_TIMEOUT_MS", min: 100, max: 10_000, default: 3000 },
} as const satisfies Contract;

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

/**
 * Reads the contract and the AWS endpoints (SSM; with the console also Cognito, in the user pool's region, and
 * DynamoDB: ../shared/aws-json.ts's awsClientContract); refuses the configuration on any problem. Never throws.
 */
export function loadAdminApiConfig(env: Env): ConfigResult<AdminApiConfig> {
  const { config: c, problems } = readConfig(ADMIN_API_CONTRACT, env);
  const ssm = awsEndpointFromEnv(env, "SSM", "ssm");
  if (!ssm) problems.push("aws_ssm_endpoint_invalid");
  let consoleConfig: ConsoleConfig | undefined;
  if (c.consoleEnabled) {
    const poolRegion = c.userPoolId && regionOfUserPoolId(c.userPoolId);
    const cognito = awsEndpointFromEnv(env, "COGNITO_IDENTITY_PROVIDER", "cognito-idp", poolRegion);
    const dynamodb = awsEndpointFromEnv(env, "DYNAMODB", "dynamodb");
    if (!cognito) problems.push("aws_cognito_endpoint_invalid");
    if (!dynamodb) problems.push("aws_dynamodb_endpoint_invalid");
    // Without a problem, every setting required with the console is there.
    if (problems.length === 0) {
      const issuer = c.issuer!;
      const projectId = c.corbadoProjectId!;
      consoleConfig = {
        issuer,
        jwksUri: c.jwksUri ?? `${issuer}/.well-known/jwks.json`,
        clientIds: c.clientIds!,
        consoleOrigin: c.consoleOrigin!,
        userPoolId: c.userPoolId!,
        aggregatesTable: c.aggregatesTable!,
        auditTable: c.auditTable!,
        counterShards: c.counterShards,
        passwordLoginsCounted: c.passwordLoginsCounted,
        auditRetentionDays: c.auditRetentionDays,
        corbadoProjectId: projectId,
        corbadoSecretParameter: c.corbadoSecretParameter!,
        corbadoBackendApiUrl: c.corbadoBackendApiUrl,
        corbadoFrontendApiUrl: c.corbadoFrontendApiUrl ?? `https://${projectId}.frontendapi.corbado.io`,
        connectTokenLifetimeSeconds: c.connectTokenLifetimeSeconds,
        secretCacheTtlMs: c.secretCacheTtlMs,
        deleteRateLimit: c.deleteRateLimit,
        deleteRateWindowSeconds: c.deleteRateWindowSeconds,
        cognito: cognito!,
        dynamodb: dynamodb!,
      };
    }
  }
  if (problems.length > 0 || !ssm) return { ok: false, problems };
  return {
    ok: true,
    config: {
      consoleEnabled: c.consoleEnabled,
      loginSettingsParameter: c.loginSettingsParameter!,
      loginSettingsCacheTtlMs: c.loginSettingsCacheTtlMs,
      loginSettingsRetryMs: c.loginSettingsRetryMs,
      killSwitchWhenUnreadable: c.killSwitchWhenUnreadable,
      publicConfigRatePerSecond: c.publicConfigRatePerSecond,
      loginPageOrigins: c.loginPageOrigins,
      requestDeadlineMs: c.requestDeadlineMs,
      upstreamTimeoutMs: c.upstreamTimeoutMs,
      ssm,
      ...(consoleConfig ? { console: consoleConfig } : {}),
    },
  };
}
