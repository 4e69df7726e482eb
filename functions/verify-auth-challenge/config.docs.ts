/** verify-auth-challenge's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { COUNTERS_CONTRACT, DYNAMODB_CLIENT_CONTRACT } from "../shared/adoption-counters";
import { COUNTERS_DOCS, DYNAMODB_ENDPOINT_DOC } from "../shared/adoption-counters.docs";
import { documented } from "../shared/config-docs";
import { SSM_CLIENT_CONTRACT } from "../shared/ssm";
import { SSM_CLIENT_DOCS, SSM_TIMEOUT_DOC } from "../shared/ssm.docs";
import { VERIFY_CONTRACT } from "./config";

export const VERIFY_ENVIRONMENT = documented(
  {
    ...VERIFY_CONTRACT,
    ...SSM_CLIENT_CONTRACT,
    ...COUNTERS_CONTRACT,
    dynamodbEndpoint: DYNAMODB_CLIENT_CONTRACT.endpoint,
  },
  {
    secretParameter: {
      shape: "an SSM parameter name",
      about: "SSM SecureString holding `base64(projectId:apiSecret)`; unset: every answer false (`secret_unavailable`)",
      setBy: "module",
    },
    backendApiUrl: {
      about:
        "Corbado's Backend API, e.g. `https://backendapi.cloud.corbado.io`; unset or invalid: every answer false (`config_invalid`)",
      setBy: "module",
    },
    timeoutMs: {
      about: "budget of the whole Corbado call (connect, headers, body)",
      unit: "milliseconds",
      setBy: "module",
    },
    earlyReject: {
      about: "reject non-JWT answers without calling Corbado; refuse `webauthnId` mismatches after the call",
      setBy: "default",
    },
    ssmTimeoutMs: SSM_TIMEOUT_DOC,
    secretCacheTtlMs: {
      about: "how long the secret is reused; a rotation takes effect within it (or at the next 401)",
      unit: "milliseconds",
      setBy: "default",
    },
    ...SSM_CLIENT_DOCS,
    ...COUNTERS_DOCS,
    dynamodbEndpoint: DYNAMODB_ENDPOINT_DOC,
  },
);
