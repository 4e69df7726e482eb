/** The admin API's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { awsClientContract } from "../shared/aws-json";
import { documented } from "../shared/config-docs";
import { ADMIN_API_CONTRACT } from "./config";

const { endpoint: ssmEndpoint, ...aws } = awsClientContract("SSM");

/** The contract and the standard AWS variables the API's SDK-free clients read (SSM, Cognito, DynamoDB). */
export const ADMIN_API_READS = {
  ...ADMIN_API_CONTRACT,
  ...aws,
  ssmEndpoint,
  cognitoEndpoint: awsClientContract("COGNITO_IDENTITY_PROVIDER").endpoint,
  dynamodbEndpoint: awsClientContract("DYNAMODB").endpoint,
} as const;

const credentials = { about: "credentials of the function's role", setBy: "lambda" } as const;

export const ADMIN_API_ENVIRONMENT = documented(ADMIN_API_READS, {
  consoleEnabled: {
    about: "off: the API serves only `GET /v1/public/login-config` (the console's routes answer 404)",
    setBy: "module",
  },
  loginSettingsParameter: {
    about: "the SSM String parameter holding `{passkeyFirst, killSwitch}` (the one define-auth-challenge reads)",
    shape: "an SSM parameter name",
    setBy: "module",
  },
  loginSettingsCacheTtlMs: {
    about:
      "the triggers' settings cache (set it to define's value): the public route caches as long, and a settings change takes effect within it",
    unit: "milliseconds",
    setBy: "module",
  },
  loginSettingsRetryMs: {
    about: "as for define: how long the public route reuses a failed settings read before it tries again",
    unit: "milliseconds",
    setBy: "default",
  },
  killSwitchWhenUnreadable: {
    about: "as for define: the public route's kill switch when this instance has never read the parameter",
    setBy: "module",
  },
  publicConfigRatePerSecond: {
    about: "requests per second one instance serves on the public route (burst: twice that); more get 429",
    unit: "requests per second",
    setBy: "default",
  },
  loginPageOrigins: {
    about: "origins of the customer's login pages: CORS for the public route only",
    setBy: "module",
  },
  issuer: {
    about: "the `iss` of the console's tokens, e.g. `https://cognito-idp.<region>.amazonaws.com/<console pool id>`",
    setBy: "module",
  },
  jwksUri: { about: "where the issuer's keys are; unset: `ISSUER` + `/.well-known/jwks.json`", setBy: "tests" },
  clientIds: {
    about: "app client ids whose access tokens are accepted (the token's `client_id`)",
    shape: "comma-separated app client ids",
    setBy: "module",
  },
  consoleOrigin: { about: "the console's origin: CORS for every authenticated route", setBy: "module" },
  userPoolId: {
    about: "the user pool whose users and passkeys the console manages (Cognito is called in its region)",
    shape: "a user pool id such as `eu-central-1_AbC123`",
    setBy: "module",
  },
  aggregatesTable: {
    about: "DynamoDB table of adoption counters, rate-limit and settings-lock items",
    shape: "a DynamoDB table name",
    setBy: "module",
  },
  auditTable: {
    about: "DynamoDB table of audit entries and the settings history (append-only)",
    shape: "a DynamoDB table name",
    setBy: "module",
  },
  counterShards: {
    about: "shards per day of the adoption counters: the writers' value (raise it, never lower it)",
    unit: "shards",
    setBy: "module",
  },
  passwordLoginsCounted: {
    about: "on when the post-authentication trigger counts every login: without it password logins are unknown",
    setBy: "module",
  },
  auditRetentionDays: {
    about: "audit entries expire (DynamoDB TTL) this many days after they are written",
    unit: "days",
    setBy: "module",
  },
  corbadoProjectId: {
    about: "Corbado project id: the Frontend API's project header and default host",
    shape: "`pro-` and digits",
    setBy: "module",
  },
  corbadoSecretParameter: {
    about: "the SSM SecureString holding `base64(projectId:apiSecret)` for Corbado's Backend API",
    shape: "an SSM parameter name",
    setBy: "module",
  },
  corbadoBackendApiUrl: { about: "Corbado Backend API base URL (connect tokens)", setBy: "module" },
  corbadoFrontendApiUrl: {
    about: "Corbado Frontend API base URL; unset: `https://<project id>.frontendapi.corbado.io`",
    setBy: "tests",
  },
  connectTokenLifetimeSeconds: {
    about: "`maxLifetimeInSeconds` of the connect tokens the API mints (one per operation, used at once)",
    unit: "seconds",
    setBy: "default",
  },
  secretCacheTtlMs: {
    about: "how long the Corbado secret is cached (read again at once after Corbado answers 401)",
    unit: "milliseconds",
    setBy: "default",
  },
  deleteRateLimit: {
    about: "passkey deletions one admin may make per window; beyond it 429 with `Retry-After`",
    unit: "deletions",
    setBy: "default",
  },
  deleteRateWindowSeconds: { about: "the fixed window of `DELETE_RATE_LIMIT`", unit: "seconds", setBy: "default" },
  requestDeadlineMs: {
    about: "every request answers within this (504 past it); keep the Lambda timeout above it",
    unit: "milliseconds",
    setBy: "default",
  },
  upstreamTimeoutMs: {
    about: "timeout of one call to Cognito, SSM, DynamoDB, Corbado or the JWKS (never past the deadline)",
    unit: "milliseconds",
    setBy: "default",
  },
  region: {
    about: "region of SSM and DynamoDB (Cognito's comes from `USER_POOL_ID`)",
    shape: "an AWS region",
    setBy: "lambda",
  },
  accessKeyId: credentials,
  secretAccessKey: credentials,
  sessionToken: credentials,
  ssmEndpoint: { about: "SSM endpoint instead of `https://ssm.<region>.amazonaws.com`", setBy: "tests" },
  cognitoEndpoint: {
    about: "Cognito endpoint instead of `https://cognito-idp.<pool's region>.amazonaws.com`",
    setBy: "tests",
  },
  dynamodbEndpoint: { about: "DynamoDB endpoint instead of `https://dynamodb.<region>.amazonaws.com`", setBy: "tests" },
});
