/**
 * `npm run bench:admin-api`: the admin API's bundle size and cold start, one fresh Node process per sample (the
 * harness of `npm run bench`, tools/bench/cold-start.ts). A sample is the import of dist/functions/admin-api/
 * index.mjs with a complete console configuration, then its first invocation: GET /v1/public/login-config, which
 * reads the settings from an SSM stand-in in this process. Run it on an idle machine; --runs (default 20).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildFunctions, DEFAULT_OUT_DIR, gzipSize, isBuildStale } from "../build/build-functions";
import { commandLine, defineCommand, exitWithUsageError } from "../cli";
import { startSsmStandin } from "../local/ssm-standin";
import { measureColdStarts } from "./cold-start";

const BENCH_ADMIN_API_COMMAND = defineCommand({
  name: "bench:admin-api",
  usage: `Usage: npm run bench:admin-api [-- [--runs N]]

Measures the admin API's bundle size and cold start: import of dist/functions/admin-api/index.mjs with a
complete configuration, then its first request, in a fresh Node process per sample (builds first when
dist/functions is stale). Run it on an idle machine.

Options:
  --runs N      samples (default 20, at least 5)
  -h, --help    print this help`,
  options: { runs: { type: "string", default: "20" } },
});

const { values } = commandLine(BENCH_ADMIN_API_COMMAND);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 5) exitWithUsageError("bench:admin-api", "--runs must be an integer >= 5");

if (isBuildStale()) {
  console.log("dist/functions is missing or stale: building (npm run build) ...");
  await buildFunctions({ outDir: DEFAULT_OUT_DIR });
}
const bundlePath = path.join(DEFAULT_OUT_DIR, "admin-api", "index.mjs");
const code = readFileSync(bundlePath);

const ssm = await startSsmStandin();
ssm.put("/bench/login-settings", '{"passkeyFirst":true,"killSwitch":false}', "String");
const loopback = "http://127.0.0.1:9";
const env = {
  AWS_REGION: "eu-central-1",
  AWS_ACCESS_KEY_ID: "AKIDBENCH",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_ENDPOINT_URL_SSM: ssm.url,
  AWS_ENDPOINT_URL_DYNAMODB: loopback,
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: loopback,
  LOGIN_SETTINGS_PARAMETER: "/bench/login-settings",
  ISSUER: loopback,
  CLIENT_IDS: "bench-client",
  CONSOLE_ORIGIN: "https://console.example.com",
  USER_POOL_ID: "eu-central-1_Bench1",
  AGGREGATES_TABLE: "bench-aggregates",
  AUDIT_TABLE: "bench-audit",
  CORBADO_PROJECT_ID: "pro-1",
  CORBADO_SECRET_PARAMETER: "/bench/corbado-secret",
  CORBADO_BACKEND_API_URL: loopback,
  CORBADO_FRONTEND_API_URL: loopback,
};
const event = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/v1/public/login-config",
  rawQueryString: "",
  headers: { host: "api.example.com" },
  requestContext: {
    http: { method: "GET", path: "/v1/public/login-config", sourceIp: "203.0.113.1" },
    requestId: "bench",
  },
  isBase64Encoded: false,
};

try {
  const [m] = await measureColdStarts(
    [
      {
        id: "admin-api",
        bundlePath,
        env,
        makeEvent: () => event,
        checkResult: (result) => {
          if ((result as { statusCode?: number }).statusCode !== 200)
            throw new Error(`answered ${JSON.stringify(result)}`);
        },
      },
    ],
    { runs },
  );
  const ms = (v: number) => v.toFixed(1);
  console.log(`admin-api bundle: ${code.length} bytes, ${gzipSize(code)} bytes gzipped`);
  console.log(
    `cold start over ${runs} runs (median, p90): import ${ms(m!.import.median)} ms, ${ms(m!.import.p90)} ms; ` +
      `first request ${ms(m!.invoke.median)} ms, ${ms(m!.invoke.p90)} ms; CPU ${ms(m!.cpu.median)} ms`,
  );
} finally {
  await ssm.close();
}
