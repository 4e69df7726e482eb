/** The self-service route's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { documented } from "../shared/config-docs";
import type { Contract } from "../shared/config-contract";
import { SSM_CLIENT_CONTRACT } from "../shared/ssm";
import { SSM_CLIENT_DOCS } from "../shared/ssm.docs";
import { SELF_SERVICE_CONTRACT } from "./config";

/** The two other AWS endpoints the route calls (tests and the local stack only; AWS's own by default). */
const OTHER_ENDPOINTS = {
  cognitoEndpoint: {
    kind: "url",
    env: "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    fallback: "AWS_ENDPOINT_URL",
    optional: true,
  },
  dynamodbEndpoint: { kind: "url", env: "AWS_ENDPOINT_URL_DYNAMODB", fallback: "AWS_ENDPOINT_URL", optional: true },
} as const satisfies Contract;

export const SELF_SERVICE_ENVIRONMENT = documented(
  { ...SELF_SERVICE_CONTRACT, ...SSM_CLIENT_CONTRACT, ...OTHER_ENDPOINTS },
  {
    userPoolId: {
      shape: "a user pool id",
      about:
        "the customer's pool (not the console pool): its users' tokens are accepted, AdminGetUser asks it; its region is Cognito's",
      setBy: "module",
    },
    clientIds: {
      shape: "comma-separated app client ids",
      about: "app clients whose tokens are accepted (an ID token's `aud`, an access token's `client_id`)",
      setBy: "module",
    },
    tokenUses: {
      shape: "`id`, `access` or both, comma-separated",
      about: "which of the pool's tokens are accepted (the token's `token_use`)",
      setBy: "module",
    },
    issuer: {
      about: "the tokens' `iss` instead of `https://cognito-idp.<region>.amazonaws.com/<USER_POOL_ID>`",
      setBy: "tests",
    },
    jwksUri: { about: "the pool's keys instead of `ISSUER` + `/.well-known/jwks.json`", setBy: "tests" },
    origins: {
      shape: "comma-separated origins (https, or http on loopback)",
      about: "origins of the customer's app pages: CORS allows these only",
      setBy: "module",
    },
    displayNameAttribute: {
      shape: "a Cognito attribute name (`email`, `custom:<name>`)",
      about: "the user attribute (from AdminGetUser) sent as an append token's `displayName`; the username without it",
      setBy: "module",
    },
    appendMaxAuthAgeSeconds: {
      about: "a `passkey-append` token only this soon after the user's last sign-in (`auth_time`)",
      unit: "seconds",
      setBy: "module",
    },
    connectTokenLifetimeSeconds: {
      about: "`maxLifetimeInSeconds` of every connect token minted",
      unit: "seconds",
      setBy: "module",
    },
    rateLimitTable: {
      shape: "a DynamoDB table name",
      about: "table (`pk`, `sk` strings; TTL on `expiresAt`) of the per-user rate-limit items",
      setBy: "module",
    },
    rateLimit: { about: "connect tokens one user may get per window", unit: "tokens", setBy: "module" },
    rateLimitWindowSeconds: { about: "the fixed window of `RATE_LIMIT`", unit: "seconds", setBy: "module" },
    corbadoSecretParameter: {
      shape: "an SSM parameter name",
      about: "SSM SecureString holding `base64(projectId:apiSecret)`",
      setBy: "module",
    },
    corbadoBackendApiUrl: { about: "Corbado's Backend API (connect tokens)", setBy: "module" },
    secretCacheTtlMs: {
      about: "how long the secret is reused; read again at once after Corbado answers 401",
      unit: "milliseconds",
      setBy: "default",
    },
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
    ...SSM_CLIENT_DOCS,
    region: { about: "region of the SSM and DynamoDB endpoints", shape: "an AWS region", setBy: "lambda" },
    cognitoEndpoint: {
      about: "Cognito endpoint instead of `https://cognito-idp.<pool region>.amazonaws.com`",
      setBy: "tests",
    },
    dynamodbEndpoint: {
      about: "DynamoDB endpoint instead of `https://dynamodb.<region>.amazonaws.com`",
      setBy: "tests",
    },
  },
);
