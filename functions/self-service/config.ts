/**
 * The self-service route's configuration contract (../shared/config-contract.ts), read once per container.
 * Descriptions: config.docs.ts (docs/login-page.md's table is generated from both by `npm run docs:config`).
 *
 * Unlike the triggers, which fall back to defaults, the route refuses a configuration with any problem: it then
 * answers every request 500 config_invalid and logs each problem once, as a code naming the variable
 * (`client_ids_missing`, `append_max_auth_age_seconds_invalid`), never its value.
 */
import { awsEndpointFromEnv, type AwsEndpoint } from "../shared/aws-json";
import { MAX_USER_POOL_ID_LENGTH, regionOfUserPoolId, USER_POOL_ID_PATTERN } from "../shared/cognito-names";
import { requireConfig, type CompleteConfigOf, type Contract, type Env } from "../shared/config-contract";
import { MAX_CACHE_TTL_MS } from "../shared/ssm";

/** The `token_use` values a token may carry. */
export const TOKEN_USES = ["id", "access"] as const;
export type TokenUse = (typeof TOKEN_USES)[number];

/** An origin: https, or plain http on a loopback host; no path, no trailing slash. */
export const ORIGIN_PATTERN =
  "^(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?)$";

export const SELF_SERVICE_CONTRACT = {
  userPoolId: {
    kind: "string",
    env: "USER_POOL_ID",
    pattern: USER_POOL_ID_PATTERN,
    maxLength: MAX_USER_POOL_ID_LENGTH,
  },
  clientIds: { kind: "list", env: "CLIENT_IDS", item: "^[\\w+-]{1,128}$" },
  tokenUses: { kind: "list", env: "TOKEN_USES", item: "^(id|access)$", default: ["id", "access"] },
  issuer: { kind: "url", env: "ISSUER", optional: true },
  jwksUri: { kind: "url", env: "JWKS_URI", optional: true },
  // Unset: no origin may read the answers in a browser.
  origins: { kind: "list", env: "SELF_SERVICE_ORIGINS", item: ORIGIN_PATTERN, optional: true },
  // Cognito's attribute names: standard ones (`email`, `preferred_username`) and `custom:<name>`.
  displayNameAttribute: {
    kind: "string",
    env: "DISPLAY_NAME_ATTRIBUTE",
    pattern: "^(custom:)?[A-Za-z0-9_-]{1,32}$",
    default: "email",
  },
  appendMaxAuthAgeSeconds: { kind: "int", env: "APPEND_MAX_AUTH_AGE_SECONDS", min: 30, max: 3600, default: 300 },
  connectTokenLifetimeSeconds: {
    kind: "int",
    env: "CONNECT_TOKEN_LIFETIME_SECONDS",
    min: 10,
    max: 600,
    default: 60,
  },
  rateLimitTable: { kind: "string", env: "RATE_LIMIT_TABLE", pattern: "^[a-zA-Z0-9_.-]{3,255}$" },
  rateLimit: { kind: "int", env: "RATE_LIMIT", min: 1, max: 1000, default: 20 },
  rateLimitWindowSeconds: { kind: "int", env: "RATE_LIMIT_WINDOW_SECONDS", min: 60, max: 86_400, default: 600 },
  corbadoSecretParameter: {
    kind: "string",
    env: "CORBADO_SECRET_PARAMETER",
    pattern: "^[a-zA-Z0-9_.\\-/]{1,2048}$",
  },
  corbadoBackendApiUrl: { kind: "url", env: "CORBADO_BACKEND_API_URL", default: "https://backendapi.cloud.corbado.io" },
  secretCacheTtlMs: { kind: "int", env: "SECRET_CACHE_TTL_MS", min: 0, max: MAX_CACHE_TTL_MS, default: 300_000 },
  requestDeadlineMs: { kind: "int", env: "REQUEST_DEADLINE_MS", min: 1000, max: 25_000, default: 8000 },
  upstreamTimeoutMs: { kind: "int", env: "UPSTREAM_TIMEOUT_MS", min: 100, max: 10_000, default: 3000 },
} as const satisfies Contract;

export type SelfServiceConfig = Omit<
  CompleteConfigOf<typeof SELF_SERVICE_CONTRACT>,
  "tokenUses" | "issuer" | "jwksUri" | "origins"
> & {
  readonly tokenUses: readonly TokenUse[];
  /** The app's origins CORS allows (none when SELF_SERVICE_ORIGINS is unset). */
  readonly origins: readonly string[];
  /** ISSUER, else https://cognito-idp.<region>.amazonaws.com/<USER_POOL_ID>. */
  readonly issuer: string;
  /** JWKS_URI, else ISSUER + /.well-known/jwks.json. */
  readonly jwksUri: string;
  readonly cognito: AwsEndpoint;
  readonly ssm: AwsEndpoint;
  readonly dynamodb: AwsEndpoint;
};

export type ConfigResult =
  | { readonly ok: true; readonly config: SelfServiceConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Reads the contract and the AWS endpoints; never throws. */
export function loadSelfServiceConfig(env: Env): ConfigResult {
  const read = requireConfig(SELF_SERVICE_CONTRACT, env);
  const problems = read.ok ? [] : [...read.problems];
  if (read.ok && read.config.clientIds.length === 0) problems.push("client_ids_invalid");
  if (read.ok && read.config.tokenUses.length === 0) problems.push("token_uses_invalid");
  const userPoolId = read.ok ? read.config.userPoolId : undefined;
  const cognito = awsEndpointFromEnv(
    env,
    "COGNITO_IDENTITY_PROVIDER",
    "cognito-idp",
    userPoolId ? regionOfUserPoolId(userPoolId) : undefined,
  );
  const ssm = awsEndpointFromEnv(env, "SSM", "ssm");
  const dynamodb = awsEndpointFromEnv(env, "DYNAMODB", "dynamodb");
  if (!cognito) problems.push("aws_cognito_endpoint_invalid");
  if (!ssm) problems.push("aws_ssm_endpoint_invalid");
  if (!dynamodb) problems.push("aws_dynamodb_endpoint_invalid");
  if (!read.ok || problems.length > 0 || !cognito || !ssm || !dynamodb) return { ok: false, problems };
  const c = read.config;
  const issuer = c.issuer ?? `https://cognito-idp.${regionOfUserPoolId(c.userPoolId)}.amazonaws.com/${c.userPoolId}`;
  return {
    ok: true,
    config: {
      ...c,
      tokenUses: [...new Set(c.tokenUses)] as TokenUse[],
      origins: c.origins ?? [],
      issuer,
      jwksUri: c.jwksUri ?? `${issuer}/.well-known/jwks.json`,
      cognito,
      ssm,
      dynamodb,
    },
  };
}
