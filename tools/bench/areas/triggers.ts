/**
 * `npm run bench -- --only triggers`: bundle size and cold start of the four Cognito triggers, of a naive
 * verify-auth-challenge baseline (AWS SDK SSM client, no cache), of two variants of verify (without preconnect;
 * with both connections opened during import: tools/bench/variants/) and of four probes that make one POST (three
 * ways) or two in sequence and nothing else: all measured side by side, interleaved, in one run, once with the
 * stand-ins over plain HTTP and once over HTTPS.
 *
 * Cold start = inside a fresh `node` process (the Node running the bench), the time from starting to import the
 * bundle to the end of its first invocation; Node's own boot is excluded. For verify (and the baseline) the first
 * invocation does the real work: it reads the secret from a loopback SSM stand-in and asks a loopback Corbado
 * stand-in to verify a freshly minted signedPasskeyData, and must answer answerCorrect: true. define reads its
 * login-settings parameter from the same SSM stand-in; post-authentication counts the login into dynalite.
 *
 * Over HTTPS the stand-ins serve a self-signed certificate made for the run (openssl; without it that pass is
 * skipped), and every child trusts it through NODE_EXTRA_CA_CERTS, so each variant pays the TLS stack and the
 * handshakes as it would against AWS and Corbado. Every sample is written to dist/bench/triggers.json and
 * dist/bench/triggers-tls.json.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DEFINE_CONTRACT } from "../../../functions/define-auth-challenge/config";
import { COUNTERS_CONTRACT, DYNAMODB_CLIENT_CONTRACT } from "../../../functions/shared/adoption-counters";
import { writeConfig } from "../../../functions/shared/config-contract";
import { SSM_CLIENT_CONTRACT } from "../../../functions/shared/ssm";
import { VERIFY_CONTRACT } from "../../../functions/verify-auth-challenge/config";
import { startCorbadoStandin } from "../../local/corbado-standin";
import { startDynalite } from "../../local/dynalite";
import { startSsmStandin } from "../../local/ssm-standin";
import {
  DEFAULT_OUT_DIR,
  REPO_ROOT,
  buildFunctions,
  bundle,
  gzipSize,
  isBuildStale,
  listFunctions,
} from "../../build/build-functions";
import { measureColdStarts, type ColdStartTarget, type TargetMeasurement } from "../cold-start";
import type { AreaResult, Figure } from "../report";
import { selfSignedCertificate } from "../tls";

export const TRIGGERS = [
  "define-auth-challenge",
  "create-auth-challenge",
  "verify-auth-challenge",
  "post-authentication",
] as const;
export const BASELINE_ID = "verify-auth-challenge (baseline: SDK, no cache)";
const BENCH_ROOT = path.join(import.meta.dirname, "..");
const BASELINE_ENTRY = path.join(BENCH_ROOT, "baseline", "verify-sdk.ts");
/** verify as deployed but without opening the Corbado connection during the secret read (what preconnect gains). */
export const NO_PRECONNECT_ID = "verify-auth-challenge without preconnect (experiment)";
/** verify as deployed plus both connections opened during import (what that would gain). */
export const IMPORT_PRECONNECT_ID = "verify-auth-challenge, both connections opened during import (experiment)";
/** Variants of verify, never deployed: each reads the secret and asks Corbado like verify (tools/bench/variants/). */
export const VARIANTS = [
  { id: NO_PRECONNECT_ID, entry: path.join(BENCH_ROOT, "variants", "verify-no-preconnect.ts") },
  { id: IMPORT_PRECONNECT_ID, entry: path.join(BENCH_ROOT, "variants", "verify-import-preconnect.ts") },
] as const;
/** The floor of verify's cold start: one POST with the triggers' own transport and nothing else. */
export const FLOOR_PROBE_ID = "probe: first POST, shared/http.ts (createRequire)";
/** The floor of verify's shape: two POSTs in sequence (SSM's, then Corbado's), both connected at the start. */
export const SHAPE_PROBE_ID = "probe: two POSTs in sequence, both connected first (verify's shape)";
/** Probes, not functions: what the first outbound requests of a process cost. */
export const PROBES = [
  { id: FLOOR_PROBE_ID, entry: path.join(BENCH_ROOT, "probes", "first-post.ts") },
  { id: SHAPE_PROBE_ID, entry: path.join(BENCH_ROOT, "probes", "two-posts.ts") },
  {
    id: "probe: first POST, node:http(s) via ESM import()",
    entry: path.join(BENCH_ROOT, "probes", "first-esm-import.ts"),
  },
  { id: "probe: first fetch() POST", entry: path.join(BENCH_ROOT, "probes", "first-fetch.ts") },
] as const;
const BENCH_DIR = path.join(REPO_ROOT, "dist", "bench");
const resultFile = (tls: boolean) => path.join(BENCH_DIR, tls ? "triggers-tls.json" : "triggers.json");

/**
 * The budgets of this area. Sizes: gzipped bytes (1 kB = 1,000 bytes), the same limits as the build's spec
 * (tools/build/trigger-budget.test.ts), so a bench run shows what a failing build would say.
 */
export const TRIGGER_BUDGETS = {
  /** verify's cold start over TLS ÷ the floor probe's, same run (medians). */
  verifyTlsFloorRatio: 1.15,
  /**
   * verify's cold start over TLS ÷ the two-POST probe's, same run (medians): what verify's own code (import,
   * configuration, signing, checks, log line) and Corbado's real verification add to the shape it cannot avoid.
   */
  verifyTlsShapeRatio: 1.25,
  /** baseline ÷ verify, gzipped. */
  verifySizeRatio: 5,
  /** baseline ÷ verify, cold start median over HTTP. */
  verifyColdStartRatio: 3,
  gzipBytes: {
    "define-auth-challenge": 6000,
    "create-auth-challenge": 2000,
    "verify-auth-challenge": 6000,
    "post-authentication": 4250,
  } satisfies Record<(typeof TRIGGERS)[number], number>,
} as const;

const SECRET_PARAMETER = "/corbado-cognito/bench/corbado-api-secret";
const SETTINGS_PARAMETER = "/corbado-cognito/bench/login-settings";
const AGGREGATES_TABLE = "bench-aggregates";
const USERNAME = "3f1c9a52-6d0e-4c1b-9f65-bench0000001";
const USER_POOL_ID = "eu-central-1_BenchPool";

interface Sized {
  id: string;
  bundlePath: string;
  rawBytes: number;
  gzipBytes: number;
}

function baseEvent(triggerSource: string) {
  return {
    version: "1",
    region: "eu-central-1",
    userPoolId: USER_POOL_ID,
    userName: USERNAME,
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "benchclient0000000000000000" },
    triggerSource,
  };
}

const responseOf = (result: unknown): Record<string, unknown> => {
  const response = (result as { response?: unknown } | null)?.response;
  if (typeof response !== "object" || response === null) throw new Error("the handler returned no response");
  return response as Record<string, unknown>;
};

const ms = (v: number) => v.toFixed(1);
const x = (v: number) => `${v.toFixed(2)}x`;

/** Builds the functions when dist/functions is missing or stale (shared by the areas that load bundles). */
export async function ensureFunctionsBuilt(log: (line: string) => void): Promise<void> {
  const missing = TRIGGERS.filter((t) => !listFunctions().includes(t));
  if (missing.length > 0) throw new Error(`missing functions: ${missing.join(", ")} (functions/<name>/index.ts)`);
  if (isBuildStale()) {
    log("dist/functions is missing or stale: building (npm run build) ...");
    await buildFunctions({ outDir: DEFAULT_OUT_DIR });
  }
}

/** The baseline, the variants and the probes, bundled exactly like the functions (same esbuild options). */
interface Extras {
  baseline: Sized;
  variants: Sized[];
  probes: Sized[];
}

async function bundleExtras(): Promise<Extras> {
  const bundleInto = async (entry: string, dirName: string, id: string): Promise<Sized> => {
    const dir = path.join(BENCH_DIR, dirName);
    await mkdir(dir, { recursive: true });
    const out = await bundle(entry);
    const bundlePath = path.join(dir, "index.mjs");
    await writeFile(bundlePath, out.code);
    await writeFile(path.join(dir, "index.mjs.map"), out.map);
    return { id, bundlePath, rawBytes: out.code.length, gzipBytes: gzipSize(out.code) };
  };
  return {
    baseline: await bundleInto(BASELINE_ENTRY, "baseline-verify-sdk", BASELINE_ID),
    variants: await Promise.all(VARIANTS.map((v) => bundleInto(v.entry, path.basename(v.entry, ".ts"), v.id))),
    probes: await Promise.all(PROBES.map((p) => bundleInto(p.entry, path.basename(p.entry, ".ts"), p.id))),
  };
}

export interface TriggersOptions {
  runs: number;
  warmup: number;
  log: (line: string) => void;
}

/** Both passes (HTTP, then HTTPS when openssl is there), the figures judged against TRIGGER_BUDGETS. */
export async function benchTriggers(options: TriggersOptions): Promise<AreaResult> {
  await ensureFunctionsBuilt(options.log);
  const extras = await bundleExtras();
  const sized: Sized[] = TRIGGERS.map((name) => {
    const bundlePath = path.join(DEFAULT_OUT_DIR, name, "index.mjs");
    const code = readFileSync(bundlePath);
    return { id: name, bundlePath, rawBytes: code.length, gzipBytes: gzipSize(code) };
  });
  sized.push(extras.baseline, ...extras.variants, ...extras.probes);

  const http = (await measurePass(sized, extras, options, false))!;
  const https = await measurePass(sized, extras, options, true);
  const get = (report: TriggersReport, id: string) => report.results.find((r) => r.id === id)!;
  const size = (id: string) => sized.find((s) => s.id === id)!.gzipBytes;

  const figures: Figure[] = [];
  const area = "triggers";
  if (https) {
    const verify = get(https, "verify-auth-challenge").coldStart.median;
    const floor = get(https, FLOOR_PROBE_ID).coldStart.median;
    figures.push({
      area,
      id: "triggers.verify-tls-floor-ratio",
      label: "verify cold start over TLS ÷ the first-POST probe's (medians, same run)",
      value: verify / floor,
      unit: "x",
      note: `${ms(verify)} vs ${ms(floor)} ms`,
      budget: { kind: "max", limit: TRIGGER_BUDGETS.verifyTlsFloorRatio },
    });
    const shape = get(https, SHAPE_PROBE_ID).coldStart.median;
    figures.push({
      area,
      id: "triggers.verify-tls-shape-ratio",
      label: "verify cold start over TLS ÷ the two-POST probe's (medians, same run)",
      value: verify / shape,
      unit: "x",
      note: `${ms(verify)} vs ${ms(shape)} ms; the two-POST probe itself is ${x(shape / floor)} the first-POST probe`,
      budget: { kind: "max", limit: TRIGGER_BUDGETS.verifyTlsShapeRatio },
    });
  }
  figures.push(
    {
      area,
      id: "triggers.verify-size-ratio",
      label: "SDK baseline ÷ verify, gzipped",
      value: size(BASELINE_ID) / size("verify-auth-challenge"),
      unit: "x",
      budget: { kind: "min", limit: TRIGGER_BUDGETS.verifySizeRatio },
    },
    {
      area,
      id: "triggers.verify-cold-start-ratio",
      label: "SDK baseline ÷ verify, cold start over HTTP (medians, same run)",
      value: get(http, BASELINE_ID).coldStart.median / get(http, "verify-auth-challenge").coldStart.median,
      unit: "x",
      budget: { kind: "min", limit: TRIGGER_BUDGETS.verifyColdStartRatio },
    },
    ...TRIGGERS.map((id): Figure => ({
      area,
      id: `triggers.${id}-gzip`,
      label: `${id} gzipped`,
      value: size(id) / 1000,
      unit: "kB",
      budget: { kind: "max", limit: TRIGGER_BUDGETS.gzipBytes[id] / 1000 },
    })),
  );
  const details = [formatPass(http)];
  if (https) details.push("", formatPass(https));
  else details.push("", "HTTPS pass skipped: openssl is not installed (no certificate for the stand-ins).");
  return { area, details, figures };
}

async function measurePass(
  sized: Sized[],
  extras: Extras,
  options: TriggersOptions,
  tls: boolean,
): Promise<TriggersReport | undefined> {
  const { runs, warmup } = options;
  const certificate = tls ? selfSignedCertificate() : undefined;
  if (tls && !certificate) return undefined;
  // Every child trusts the run's certificate (our transport, fetch() and the SDK alike read this variable).
  const trust: Record<string, string> = certificate ? { NODE_EXTRA_CA_CERTS: certificate.certPath } : {};
  const listen = certificate ? { tls: { key: certificate.key, cert: certificate.cert } } : {};
  const ssm = await startSsmStandin(listen);
  const corbado = await startCorbadoStandin(listen);
  // DynamoDB stays plain HTTP: post-authentication's TLS cost is the same signed POST as the others'.
  const db = await startDynalite();
  try {
    await db.createTable(AGGREGATES_TABLE);
    ssm.put(SECRET_PARAMETER, corbado.basicSecret, "SecureString");
    ssm.put(SETTINGS_PARAMETER, JSON.stringify({ passkeyFirst: true, killSwitch: false }), "String");
    const credentials = {
      region: "eu-central-1",
      accessKeyId: "AKIDBENCHEXAMPLE0000",
      secretAccessKey: "bench-secret-access-key-not-real",
      sessionToken: "bench-session-token",
    };
    const awsEnv = {
      // What Lambda sets, by the SSM client's contract (the SDK baseline reads the same standard variables).
      ...writeConfig(SSM_CLIENT_CONTRACT, { ...credentials, endpoint: ssm.url }),
      // Keep the SDK baseline from probing instance metadata or reading ~/.aws: nothing leaves loopback.
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      NODE_ENV: "production",
      ...trust,
    };
    // The variables the module sets that the measured code paths need; the rest keep the functions' defaults.
    const defineEnv = { ...awsEnv, ...writeConfig(DEFINE_CONTRACT, { settingsParameter: SETTINGS_PARAMETER }) };
    const verifyEnv = {
      ...awsEnv,
      ...writeConfig(VERIFY_CONTRACT, { secretParameter: SECRET_PARAMETER, backendApiUrl: corbado.url }),
    };
    const postAuthenticationEnv = {
      ...writeConfig(DYNAMODB_CLIENT_CONTRACT, { ...credentials, endpoint: db.url }),
      ...writeConfig(COUNTERS_CONTRACT, { aggregatesTable: AGGREGATES_TABLE }),
      NODE_ENV: "production",
    };
    const verifyEvent = () => ({
      ...baseEvent("VerifyAuthChallengeResponse_Authentication"),
      request: {
        userAttributes: { sub: USERNAME, email: "ada@example.com" },
        privateChallengeParameters: { username: USERNAME },
        challengeAnswer: corbado.mintSignedPasskeyData({ username: USERNAME }),
      },
      response: {},
    });
    const mustAccept = (result: unknown) => {
      if (responseOf(result).answerCorrect !== true) {
        throw new Error(`first invocation did not verify (answerCorrect ${String(responseOf(result).answerCorrect)})`);
      }
    };
    const byId = new Map(sized.map((s) => [s.id, s]));
    const targets: ColdStartTarget[] = [
      {
        id: "define-auth-challenge",
        bundlePath: byId.get("define-auth-challenge")!.bundlePath,
        env: defineEnv,
        makeEvent: () => ({
          ...baseEvent("DefineAuthChallenge_Authentication"),
          request: { userAttributes: { sub: USERNAME }, session: [] },
          response: {},
        }),
        checkResult: (result) => {
          if (responseOf(result).challengeName !== "CUSTOM_CHALLENGE") throw new Error("define chose no challenge");
        },
      },
      {
        id: "create-auth-challenge",
        bundlePath: byId.get("create-auth-challenge")!.bundlePath,
        env: { NODE_ENV: "production", ...trust },
        makeEvent: () => ({
          ...baseEvent("CreateAuthChallenge_Authentication"),
          request: { userAttributes: { sub: USERNAME }, challengeName: "CUSTOM_CHALLENGE", session: [] },
          response: {},
        }),
        checkResult: (result) => {
          const priv = responseOf(result).privateChallengeParameters as Record<string, unknown> | undefined;
          if (priv?.username !== USERNAME) throw new Error("create did not put the username into the challenge");
        },
      },
      {
        id: "verify-auth-challenge",
        bundlePath: byId.get("verify-auth-challenge")!.bundlePath,
        env: verifyEnv,
        makeEvent: verifyEvent,
        checkResult: mustAccept,
      },
      {
        id: "post-authentication",
        bundlePath: byId.get("post-authentication")!.bundlePath,
        env: postAuthenticationEnv,
        makeEvent: () => ({
          ...baseEvent("PostAuthentication_Authentication"),
          request: { userAttributes: { sub: USERNAME }, newDeviceUsed: false },
          response: {},
        }),
      },
      {
        id: BASELINE_ID,
        bundlePath: extras.baseline.bundlePath,
        env: verifyEnv,
        makeEvent: verifyEvent,
        checkResult: mustAccept,
      },
      ...extras.variants.map((v) => ({
        id: v.id,
        bundlePath: v.bundlePath,
        env: verifyEnv,
        makeEvent: verifyEvent,
        checkResult: mustAccept,
      })),
      // The probes POST to the Corbado stand-in's verify path without credentials (a quick 401); the two-POST
      // probe first to the SSM stand-in, unsigned (a quick 400).
      ...extras.probes.map((p) => ({
        id: p.id,
        bundlePath: p.bundlePath,
        env: { NODE_ENV: "production", ...trust },
        makeEvent: () => ({ url: `${corbado.url}/v2/passkey/verifySignedData`, first: ssm.url }),
        checkResult: (result: unknown) => {
          if ((result as { status?: unknown } | null)?.status !== 401) throw new Error("the probe got no answer");
        },
      })),
    ];

    options.log(
      `triggers: ${targets.length} bundles x ${runs} fresh processes (+${warmup} warm-up each), interleaved, ` +
        `stand-ins over ${tls ? "https (self-signed, trusted via NODE_EXTRA_CA_CERTS)" : "http"} ...`,
    );
    const loadBefore = os.loadavg();
    const started = performance.now();
    const measured = await measureColdStarts(targets, { runs, warmup });
    const elapsedS = (performance.now() - started) / 1000;

    // Proof that the first invocations did the real work: one secret read + one Corbado call per verify
    // process (verify, the baseline, the variants), one settings read per define process, one
    // counted login per post-authentication process.
    const processes = runs + warmup;
    const gets = ssm.requests.filter((r) => r.target === "AmazonSSM.GetParameter");
    const named = (n: string) => gets.filter((r) => (r.body as { Name?: unknown } | null)?.Name === n).length;
    const corbadoVerifies = corbado.requests.filter(
      (r) => r.path === "/v2/passkey/verifySignedData" && r.status === 200,
    ).length;
    const checks = {
      secretReads: named(SECRET_PARAMETER),
      settingsReads: named(SETTINGS_PARAMETER),
      corbadoVerifications: corbadoVerifies,
      countedLogins: await countedLogins(db.call),
      expectedSecretReads: (2 + extras.variants.length) * processes,
      expectedSettingsReads: processes,
      expectedCorbadoVerifications: (2 + extras.variants.length) * processes,
      expectedCountedLogins: processes,
    };
    if (
      checks.secretReads !== checks.expectedSecretReads ||
      checks.settingsReads !== checks.expectedSettingsReads ||
      checks.corbadoVerifications !== checks.expectedCorbadoVerifications ||
      checks.countedLogins !== checks.expectedCountedLogins
    ) {
      throw new Error(`the stand-ins did not see the expected calls: ${JSON.stringify(checks)}`);
    }

    const loadAverage = { before: loadBefore, after: os.loadavg() };
    const report = buildReport(sized, measured, { runs, warmup, elapsedS, checks, loadAverage, tls });
    await mkdir(BENCH_DIR, { recursive: true });
    await writeFile(resultFile(tls), JSON.stringify(report, null, 2) + "\n");
    return report;
  } finally {
    await Promise.all([ssm.close(), corbado.close(), db.close()]);
    certificate?.remove();
  }
}

/** The `logins` counters summed over every shard and day: one per post-authentication process. */
async function countedLogins(call: (op: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>) {
  const { Items } = (await call("Scan", { TableName: AGGREGATES_TABLE })) as {
    Items: Record<string, { N?: string }>[];
  };
  return Items.reduce((sum, item) => sum + Number(item.logins?.N ?? 0), 0);
}

export interface TriggersReport {
  /** How the stand-ins were reached: plain http on loopback, or https with the run's self-signed certificate. */
  transport: "http" | "https";
  date: string;
  runs: number;
  warmup: number;
  elapsedSeconds: number;
  /** os.loadavg() before and after the measurement: other work on the machine skews every figure. */
  loadAverage: { before: number[]; after: number[] };
  unit: { size: "bytes"; time: "ms" };
  results: Array<
    Sized & {
      coldStart: TargetMeasurement["total"];
      import: TargetMeasurement["import"];
      firstInvocation: TargetMeasurement["invoke"];
      cpu: TargetMeasurement["cpu"];
      samplesMs: number[];
    }
  >;
  checks: Record<string, number>;
}

function buildReport(
  sized: Sized[],
  measured: TargetMeasurement[],
  meta: {
    runs: number;
    warmup: number;
    elapsedS: number;
    checks: Record<string, number>;
    loadAverage: TriggersReport["loadAverage"];
    tls: boolean;
  },
): TriggersReport {
  const results = sized.map((s) => {
    const m = measured.find((t) => t.id === s.id)!;
    return {
      id: s.id,
      bundlePath: path.relative(REPO_ROOT, s.bundlePath).split(path.sep).join("/"),
      rawBytes: s.rawBytes,
      gzipBytes: s.gzipBytes,
      coldStart: m.total,
      import: m.import,
      firstInvocation: m.invoke,
      cpu: m.cpu,
      samplesMs: m.samples.map((v) => Math.round(v.totalMs * 1000) / 1000),
    };
  });
  return {
    transport: meta.tls ? "https" : "http",
    date: new Date().toISOString(),
    runs: meta.runs,
    warmup: meta.warmup,
    elapsedSeconds: Math.round(meta.elapsedS * 10) / 10,
    loadAverage: meta.loadAverage,
    unit: { size: "bytes", time: "ms" },
    results,
    checks: meta.checks,
  };
}

export function formatPass(report: TriggersReport): string {
  const base = report.results.find((r) => r.id === BASELINE_ID)!;
  const lines = [
    `Stand-ins over ${report.transport}: ${report.runs} fresh processes per bundle, import + first invocation, ` +
      `Node boot excluded; load average ${report.loadAverage.before[0]?.toFixed(1)} before / ` +
      `${report.loadAverage.after[0]?.toFixed(1)} after.`,
    "",
    "| bundle | raw | gzipped | cold start median (ms) | p90 (ms) | import median (ms) | first invocation median (ms) | CPU median (ms) | baseline ÷ (median) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.results.map(
      (r) =>
        `| ${r.id} | ${r.rawBytes} B | ${r.gzipBytes} B | ${ms(r.coldStart.median)} | ${ms(r.coldStart.p90)} | ` +
        `${ms(r.import.median)} | ${ms(r.firstInvocation.median)} | ${ms(r.cpu.median)} | ` +
        `${x(base.coldStart.median / r.coldStart.median)} |`,
    ),
  ];
  return lines.join("\n");
}
