/**
 * The self-service route's configuration: one declarative table of environment variables (name, kind, when
 * required, default, bounds; kinds parsed by ../api-shared/variables.ts, as for the admin API), read once at cold
 * start. docs/login-page.md renders the same table; infra sets these variables.
 *
 * A value that is present but malformed or out of bounds is a problem: the function then answers every request
 * 500 config_invalid and logs each problem once, as a code naming the variable (`client_ids_missing`), never its
 * value.
 */
import { awsEndpointFromEnv, type AwsEndpoint } from "../shared/aws-json";
import { regionOfUserPoolId } from "../shared/cognito-names";
import type { Env } from "../shared/config-contract";
import { MAX_CACHE_TTL_MS } from "../shared/ssm";
import {
  envString,
  parseVariable,
  type TOKEN_USES,
  type VariableSpec as SharedVariableSpec,
} from "../api-shared/variables";

type VariableSpec = SharedVariableSpec<"always" | "no">;

export const SELF_SERVICE_VARIABLES = [
  {
    name: "USER_POOL_ID",
    kind: "user_pool_id",
    required: "always",
    description:
      "The customer's user pool (not the console pool): its users' tokens are accepted, AdminGetUser asks it.",
  },
  {
    name: "CLIENT_IDS",
    kind: "client_ids",
    required: "always",
    description:
      "Comma-separated app client ids of the pool whose tokens are accepted (an ID token's aud, an access token's client_id).",
  },
  {
    name: "TOKEN_USES",
    kind: "token_uses",
    required: "no",
    default: "id,access",
    description: "Which tokens are accepted: `id`, `access` or both (the token's token_use).",
  },
  {
    name: "ISSUER",
    kind: "url",
    required: "no",
    description: "The tokens' `iss` (default https://cognito-idp.<region>.amazonaws.com/<USER_POOL_ID>).",
  },
  {
    name: "JWKS_URI",
    kind: "url",
    required: "no",
    description: "Where the pool's keys are (default ISSUER + /.well-known/jwks.json).",
  },
  {
    name: "SELF_SERVICE_ORIGINS",
    kind: "origins",
    required: "no",
    default: "",
    description: "Comma-separated origins of the customer's app pages: CORS allows these only (none by default).",
  },
  {
    name: "DISPLAY_NAME_ATTRIBUTE",
    kind: "attribute_name",
    required: "no",
    default: "email",
    description:
      "The user attribute (from AdminGetUser) sent as displayName of a passkey-append token; the username without it.",
  },
  {
    name: "APPEND_MAX_AUTH_AGE_SECONDS",
    kind: "int",
    required: "no",
    default: "300",
    min: 30,
    max: 3600,
    description:
      "A passkey-append token only when the token's auth_time is at most this old (401 reauthentication_required).",
  },
  {
    name: "CONNECT_TOKEN_LIFETIME_SECONDS",
    kind: "int",
    required: "no",
    default: "60",
    min: 10,
    max: 600,
    description: "maxLifetimeInSeconds of every connect token minted (the page uses it at once).",
  },
  {
    name: "RATE_LIMIT_TABLE",
    kind: "table_name",
    required: "always",
    description: "DynamoDB table (pk/sk strings, TTL on expiresAt) holding the per-user rate-limit items.",
  },
  {
    name: "RATE_LIMIT",
    kind: "int",
    required: "no",
    default: "20",
    min: 1,
    max: 1000,
    description: "Connect tokens one user may get per window; beyond it 429 with Retry-After.",
  },
  {
    name: "RATE_LIMIT_WINDOW_SECONDS",
    kind: "int",
    required: "no",
    default: "600",
    min: 60,
    max: 86_400,
    description: "The fixed window of RATE_LIMIT.",
  },
  {
    name: "CORBADO_SECRET_PARAMETER",
    kind: "parameter_name",
    required: "always",
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
    name: "SECRET_CACHE_TTL_MS",
    kind: "int",
    required: "no",
    default: "300000",
    min: 0,
    max: MAX_CACHE_TTL_MS,
    description: "How long the Corbado secret is cached (re-read at once after Corbado answers 401).",
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

type VariableName = (typeof SELF_SERVICE_VARIABLES)[number]["name"];
export type TokenUse = (typeof TOKEN_USES)[number];

export interface SelfServiceConfig {
  readonly userPoolId: string;
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientIds: readonly string[];
  readonly tokenUses: readonly TokenUse[];
  readonly origins: readonly string[];
  readonly displayNameAttribute: string;
  readonly appendMaxAuthAgeSeconds: number;
  readonly connectTokenLifetimeSeconds: number;
  readonly rateLimitTable: string;
  readonly rateLimit: number;
  readonly rateLimitWindowSeconds: number;
  readonly corbadoSecretParameter: string;
  readonly corbadoBackendApiUrl: string;
  readonly secretCacheTtlMs: number;
  readonly requestDeadlineMs: number;
  readonly upstreamTimeoutMs: number;
  readonly cognito: AwsEndpoint;
  readonly ssm: AwsEndpoint;
  readonly dynamodb: AwsEndpoint;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: SelfServiceConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Reads and checks every variable; never throws. */
export function loadSelfServiceConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const values = new Map<VariableName, unknown>();
  for (const spec of SELF_SERVICE_VARIABLES as readonly VariableSpec[]) {
    const raw = envString(env, spec.name) ?? ("default" in spec ? spec.default : undefined);
    if (raw === undefined) {
      if (spec.required === "always") problems.push(`${spec.name.toLowerCase()}_missing`);
      continue;
    }
    const value = parseVariable(spec, raw);
    if (value === undefined) problems.push(`${spec.name.toLowerCase()}_invalid`);
    else values.set(spec.name as VariableName, value);
  }
  const get = <T>(name: VariableName) => values.get(name) as T;

  const userPoolId = get<string | undefined>("USER_POOL_ID");
  const poolRegion = userPoolId ? regionOfUserPoolId(userPoolId) : undefined;
  const cognito = awsEndpointFromEnv(env, "COGNITO_IDENTITY_PROVIDER", "cognito-idp", poolRegion);
  const ssm = awsEndpointFromEnv(env, "SSM", "ssm");
  const dynamodb = awsEndpointFromEnv(env, "DYNAMODB", "dynamodb");
  if (!cognito) problems.push("aws_cognito_endpoint_invalid");
  if (!ssm) problems.push("aws_ssm_endpoint_invalid");
  if (!dynamodb) problems.push("aws_dynamodb_endpoint_invalid");
  if (problems.length > 0 || !userPoolId || !poolRegion || !cognito || !ssm || !dynamodb) {
    return { ok: false, problems: problems.length > 0 ? problems : ["user_pool_id_invalid"] };
  }
  const issuer = get<string | undefined>("ISSUER") ?? `https://cognito-idp.${poolRegion}.amazonaws.com/${userPoolId}`;
  return {
    ok: true,
    config: {
      userPoolId,
      issuer,
      jwksUri: get<string | undefined>("JWKS_URI") ?? `${issuer}/.well-known/jwks.json`,
      clientIds: get("CLIENT_IDS"),
      tokenUses: get("TOKEN_USES"),
      origins: get("SELF_SERVICE_ORIGINS"),
      displayNameAttribute: get("DISPLAY_NAME_ATTRIBUTE"),
      appendMaxAuthAgeSeconds: get("APPEND_MAX_AUTH_AGE_SECONDS"),
      connectTokenLifetimeSeconds: get("CONNECT_TOKEN_LIFETIME_SECONDS"),
      rateLimitTable: get("RATE_LIMIT_TABLE"),
      rateLimit: get("RATE_LIMIT"),
      rateLimitWindowSeconds: get("RATE_LIMIT_WINDOW_SECONDS"),
      corbadoSecretParameter: get("CORBADO_SECRET_PARAMETER"),
      corbadoBackendApiUrl: get("CORBADO_BACKEND_API_URL"),
      secretCacheTtlMs: get("SECRET_CACHE_TTL_MS"),
      requestDeadlineMs: get("REQUEST_DEADLINE_MS"),
      upstreamTimeoutMs: get("UPSTREAM_TIMEOUT_MS"),
      cognito,
      ssm,
      dynamodb,
    },
  };
}
