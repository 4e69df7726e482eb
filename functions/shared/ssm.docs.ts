/** Docs of the SSM client's variables (./ssm.ts), for the functions that read SSM. Never imported by a bundle. */
import type { ContractDocs } from "./config-docs";
import type { SSM_CLIENT_CONTRACT, SSM_TIMEOUT_MS } from "./ssm";

export const SSM_CLIENT_DOCS = {
  region: { about: "region of the SSM endpoint", shape: "an AWS region", setBy: "lambda" },
  endpoint: { about: "SSM endpoint instead of `https://ssm.<region>.amazonaws.com`", setBy: "tests" },
  accessKeyId: { about: "credentials of the function's role", setBy: "lambda" },
  secretAccessKey: { about: "credentials of the function's role", setBy: "lambda" },
  sessionToken: { about: "credentials of the function's role", setBy: "lambda" },
} as const satisfies ContractDocs<typeof SSM_CLIENT_CONTRACT>;

export const SSM_TIMEOUT_DOC = {
  about: "timeout of one SSM call",
  unit: "milliseconds",
  setBy: "default",
} as const satisfies ContractDocs<{ t: typeof SSM_TIMEOUT_MS }>["t"];
