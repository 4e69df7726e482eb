/** Docs of the adoption counters' variables (./adoption-counters.ts), for the functions that count. Never bundled. */
import type { COUNTERS_CONTRACT, DYNAMODB_CLIENT_CONTRACT } from "./adoption-counters";
import type { ContractDocs } from "./config-docs";

export const COUNTERS_DOCS = {
  aggregatesTable: {
    about: "DynamoDB table of the adoption counters (docs/admin-api.md); unset: nothing is counted",
    setBy: "module",
  },
  counterShards: {
    about:
      "shards per day of the adoption counters (`counter_shards`, the admin API sums as many): raise it, never lower it",
    unit: "shards",
    setBy: "module",
  },
  counterTimeoutMs: {
    about: "budget of one invocation's counter writes; a count that does not fit is dropped, never waited for",
    unit: "milliseconds",
    setBy: "default",
  },
} as const satisfies ContractDocs<typeof COUNTERS_CONTRACT>;

/** The DynamoDB client's variables (the counters' target; ./aws-json.ts's awsClientContract). */
export const DYNAMODB_CLIENT_DOCS = {
  region: { about: "region of the DynamoDB endpoint", shape: "an AWS region", setBy: "lambda" },
  endpoint: { about: "DynamoDB endpoint instead of `https://dynamodb.<region>.amazonaws.com`", setBy: "tests" },
  accessKeyId: { about: "credentials of the function's role", setBy: "lambda" },
  secretAccessKey: { about: "credentials of the function's role", setBy: "lambda" },
  sessionToken: { about: "credentials of the function's role", setBy: "lambda" },
} as const satisfies ContractDocs<typeof DYNAMODB_CLIENT_CONTRACT>;

/** The DynamoDB endpoint override beside another client's region and credentials (define: SSM's). */
export const DYNAMODB_ENDPOINT_DOC = DYNAMODB_CLIENT_DOCS.endpoint;
