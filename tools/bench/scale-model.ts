/**
 * What these machines cannot run, on paper: a pool of 10M users at a peak of 2,000 logins per second. The inputs
 * are figures `npm run bench` measures (our own warm time per trigger invocation, requests per adoption page load),
 * the module's defaults (read from the functions' contracts, so the model follows them), AWS's documented limits
 * and a few latencies AWS and Corbado add that no local run can measure (stated as assumptions). The output says,
 * per resource, how much of its limit the peak uses; every default must keep each one below 50 %.
 *
 *   npx tsx tools/bench/scale-model.ts [--logins-per-second 2000] [--bench dist/bench/bench.json]
 *
 * With --bench, the measured inputs come from that `npm run bench` JSON file (its `measurements`); without it, from
 * MEASURED below (the run docs/performance.md reports). Pure arithmetic (tools/bench/scale-model.test.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFINE_CONTRACT } from "../../functions/define-auth-challenge/config";
import { COUNTER_SHARDS } from "../../functions/shared/adoption-counters";
import { VERIFY_CONTRACT } from "../../functions/verify-auth-challenge/config";
import { DEFAULTS } from "../../infra/constructs/props";
import { commandLine, defineCommand, exitWithUsageError } from "../cli";

/**
 * Our own warm time per invocation (ms, p50, counts on) and GET /v1/adoption's warm median: the run of
 * `npm run bench` docs/performance.md reports (2026-12-02, its `measurements`).
 */
export const MEASURED = {
  ownMs: { define: 0.09, defineCounting: 1.41, create: 0.04, verify: 4.32, postAuthentication: 1.15 },
  adoptionPageMs: 15.1,
} as const;

/** Not measurable here: what AWS and Corbado add in a region (assumptions, stated in docs/performance.md). */
export const ASSUMED = {
  /** Corbado's verifySignedData round trip from Lambda. */
  corbadoVerifyMs: 150,
  /** One DynamoDB UpdateItem from Lambda in the same region. */
  dynamodbWriteMs: 8,
  /** What Lambda and Cognito add to each invocation around the handler (runtime, invoke). */
  invokeOverheadMs: 3,
  /** From no traffic to the peak: how fast the instances are created (Lambda: at most 1,000 per 10 s per function). */
  rampSeconds: 60,
} as const;

/** AWS's documented limits (per account and region unless said otherwise). */
export const LIMITS = {
  /** Lambda concurrent executions, default quota. */
  lambdaConcurrency: 1000,
  /** SSM Parameter Store GetParameter(s) transactions per second, shared by the account: default and higher. */
  ssmDefaultTps: 40,
  ssmHigherThroughputTps: 10_000,
  /** Writes per second one DynamoDB partition key takes (1 KB items: one write unit each). */
  partitionKeyWritesPerSecond: 1000,
} as const;

/** us-east-1 list prices (USD) at the time of writing; the model's only use of them is the admin API's page cost. */
export const PRICES = {
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecond: 0.0000166667,
  httpApiPerRequest: 1.0 / 1e6,
  /** On-demand; an eventually consistent read of up to 4 KB is half a read unit. */
  dynamodbPerReadUnit: 0.125 / 1e6,
} as const;

export interface Settings {
  /** define's login settings cache (LOGIN_SETTINGS_CACHE_TTL_MS). */
  settingsCacheTtlMs: number;
  /** verify's secret cache (SECRET_CACHE_TTL_MS). */
  secretCacheTtlMs: number;
  counterShards: number;
  /** The account's SSM higher-throughput setting. */
  ssmHigherThroughput: boolean;
  /** The optional post-authentication trigger counts every login: one more write per login (on: the worst case). */
  countAllLogins: boolean;
  lambdaMemoryMb: number;
}

/** The module's defaults, read from the contracts the functions use. */
export const DEFAULT_SETTINGS: Settings = {
  settingsCacheTtlMs: DEFINE_CONTRACT.settingsCacheTtlMs.default,
  secretCacheTtlMs: VERIFY_CONTRACT.secretCacheTtlMs.default,
  counterShards: COUNTER_SHARDS.default,
  ssmHigherThroughput: false,
  countAllLogins: true,
  lambdaMemoryMb: DEFAULTS.lambdaMemorySize,
};

export interface ScaleInputs {
  users: number;
  peakLoginsPerSecond: number;
  measured: { ownMs: Record<keyof typeof MEASURED.ownMs, number>; adoptionPageMs: number };
  settings: Settings;
}

export interface Utilisation {
  resource: string;
  value: number;
  limit: number;
  unit: string;
  /** value / limit */
  share: number;
}

export interface ScaleResult {
  instances: Record<"define" | "create" | "verify" | "postAuthentication", number>;
  ssmCallsPerSecond: { steady: number; ramp: number };
  writesPerShardPerSecond: number;
  adminApiPageLoad: { requests: Record<string, number>; usd: number };
  utilisation: Utilisation[];
}

/**
 * Little's law per function: instances = invocations per second x seconds per invocation. A passkey login is
 * define (start), create, verify, define (tokens, counts the login), then post-authentication when on.
 */
export function scaleModel(inputs: ScaleInputs): ScaleResult {
  const { peakLoginsPerSecond: rate, measured, settings } = inputs;
  const overhead = ASSUMED.invokeOverheadMs;
  const seconds = (ms: number) => (ms + overhead) / 1000;
  const instances = {
    define: rate * (seconds(measured.ownMs.define) + seconds(measured.ownMs.defineCounting + ASSUMED.dynamodbWriteMs)),
    create: rate * seconds(measured.ownMs.create),
    verify: rate * seconds(measured.ownMs.verify + ASSUMED.corbadoVerifyMs),
    postAuthentication: settings.countAllLogins
      ? rate * seconds(measured.ownMs.postAuthentication + ASSUMED.dynamodbWriteMs)
      : 0,
  };
  const total = Object.values(instances).reduce((a, b) => a + b, 0);

  // Each warm instance reloads its cached value once per TTL; each new instance reads once at its first call.
  const steady =
    instances.define / (settings.settingsCacheTtlMs / 1000) + instances.verify / (settings.secretCacheTtlMs / 1000);
  const ramp = steady + Math.min(100, (instances.define + instances.verify) / ASSUMED.rampSeconds);
  const ssmLimit = settings.ssmHigherThroughput ? LIMITS.ssmHigherThroughputTps : LIMITS.ssmDefaultTps;

  // Every login writes the day item of one random shard once in define, and once more in post-authentication.
  const writesPerLogin = 1 + (settings.countAllLogins ? 1 : 0);
  const writesPerShardPerSecond = (rate * writesPerLogin) / settings.counterShards;

  // An adoption page load: GET /v1/me + GET /v1/adoption, each one HTTP API request and one Lambda invocation;
  // DynamoDB: one Query per shard (30 day items, under 4 KB: half a unit) and one BatchGetItem of the totals.
  const requests = {
    httpApi: 2,
    lambda: 2,
    dynamodbQuery: settings.counterShards,
    dynamodbBatchGet: 1,
    cognitoDescribeUserPool: 1,
  };
  const readUnits = settings.counterShards * 0.5 + settings.counterShards * 0.5;
  const usd =
    requests.httpApi * PRICES.httpApiPerRequest +
    requests.lambda * PRICES.lambdaPerRequest +
    (measured.adoptionPageMs / 1000) * (settings.lambdaMemoryMb / 1024) * PRICES.lambdaPerGbSecond +
    readUnits * PRICES.dynamodbPerReadUnit;

  const use = (resource: string, value: number, limit: number, unit: string): Utilisation => ({
    resource,
    value,
    limit,
    unit,
    share: value / limit,
  });
  return {
    instances,
    ssmCallsPerSecond: { steady, ramp },
    writesPerShardPerSecond,
    adminApiPageLoad: { requests, usd },
    utilisation: [
      use("Lambda concurrent executions (all four triggers)", total, LIMITS.lambdaConcurrency, "instances"),
      use(
        `SSM GetParameter while instances are created (${settings.ssmHigherThroughput ? "higher" : "default"} throughput)`,
        ramp,
        ssmLimit,
        "calls/s",
      ),
      use(
        "DynamoDB writes to one counter shard's day item",
        writesPerShardPerSecond,
        LIMITS.partitionKeyWritesPerSecond,
        "writes/s",
      ),
    ],
  };
}

/** The fewest counter shards that keep each shard's writes below half of a partition key's limit. */
export function shardsNeeded(peakLoginsPerSecond: number, countAllLogins: boolean): number {
  const writes = peakLoginsPerSecond * (1 + (countAllLogins ? 1 : 0));
  return Math.floor(writes / (LIMITS.partitionKeyWritesPerSecond / 2)) + 1;
}

export function formatScale(inputs: ScaleInputs, result: ScaleResult): string {
  const n = (v: number, d = 1) => v.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  const s = inputs.settings;
  return [
    `${n(inputs.users, 0)} users, ${n(inputs.peakLoginsPerSecond, 0)} passkey logins/s at the peak; settings: ` +
      `settings cache ${s.settingsCacheTtlMs / 1000} s, secret cache ${s.secretCacheTtlMs / 1000} s, ` +
      `${s.counterShards} counter shards, count_all_logins ${s.countAllLogins}, SSM higher throughput ${s.ssmHigherThroughput}.`,
    "",
    "| function | instances at the peak |",
    "| --- | ---: |",
    ...Object.entries(result.instances).map(([f, v]) => `| ${f} | ${n(v)} |`),
    "",
    `SSM GetParameter: ${n(result.ssmCallsPerSecond.steady, 2)} calls/s steady, ${n(result.ssmCallsPerSecond.ramp, 2)} ` +
      `while the instances are created (0 to the peak in ${ASSUMED.rampSeconds} s).`,
    `Adoption page load: ${Object.entries(result.adminApiPageLoad.requests)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}; about $${result.adminApiPageLoad.usd.toExponential(2)} (us-east-1 list prices).`,
    "",
    "| resource | at the peak | limit | share | below 50 % |",
    "| --- | ---: | ---: | ---: | --- |",
    ...result.utilisation.map(
      (u) =>
        `| ${u.resource} | ${n(u.value)} ${u.unit} | ${n(u.limit, 0)} | ${n(100 * u.share)} % | ${u.share < 0.5 ? "yes" : "**no**"} |`,
    ),
  ].join("\n");
}

const SCALE_COMMAND = defineCommand({
  name: "scale-model",
  usage: `Usage: npx tsx tools/bench/scale-model.ts [--logins-per-second N] [--users N] [--bench <bench.json>]

The login path at scale on paper: Lambda instances per trigger, SSM GetParameter calls per second, DynamoDB writes
per counter shard and the admin API's cost per page load, each against its limit, with the module's defaults.

Options:
  --logins-per-second N   peak passkey logins per second (default 2000)
  --users N               users in the pool (default 10000000; the login path does not depend on it)
  --bench <file>          take the measured inputs from an npm run bench JSON file
  -h, --help              print this help`,
  options: {
    "logins-per-second": { type: "string", default: "2000" },
    users: { type: "string", default: "10000000" },
    bench: { type: "string" },
  },
});

/** The measured inputs an `npm run bench` JSON file holds (the counters and admin-api areas' measurements). */
export function measuredFromBench(json: unknown): ScaleInputs["measured"] {
  const m = Object.assign(
    {},
    ...((json as { areas?: { measurements?: Record<string, number> }[] }).areas ?? []).map((a) => a.measurements ?? {}),
  ) as Record<string, number>;
  const pick = (key: string, fallback: number) => (Number.isFinite(m[key]) ? m[key]! : fallback);
  return {
    ownMs: {
      define: pick("counters.own-ms.define", MEASURED.ownMs.define),
      defineCounting: pick("counters.own-ms.define-counting", MEASURED.ownMs.defineCounting),
      create: pick("counters.own-ms.create", MEASURED.ownMs.create),
      verify: pick("counters.own-ms.verify", MEASURED.ownMs.verify),
      postAuthentication: pick("counters.own-ms.post-authentication", MEASURED.ownMs.postAuthentication),
    },
    adoptionPageMs: pick("admin-api.adoption-page-ms", MEASURED.adoptionPageMs),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = commandLine(SCALE_COMMAND);
  const rate = Number(values["logins-per-second"]);
  const users = Number(values.users);
  if (!(rate > 0) || !(users > 0)) exitWithUsageError("scale-model", "--logins-per-second and --users must be > 0");
  const measured = values.bench ? measuredFromBench(JSON.parse(readFileSync(values.bench, "utf8"))) : MEASURED;
  const inputs: ScaleInputs = { users, peakLoginsPerSecond: rate, measured, settings: DEFAULT_SETTINGS };
  console.log(formatScale(inputs, scaleModel(inputs)));
  console.log(
    `\nCounter shards needed below 50 %: ${shardsNeeded(rate, true)} with count_all_logins, ` +
      `${shardsNeeded(rate, false)} without (the default: ${COUNTER_SHARDS.default}).`,
  );
}
