/**
 * SSM GetParameter over node:https (./http), signed with SigV4 by ./sigv4 (under 1 kB instead of the AWS SDK's
 * ~175 kB gzipped; its output is checked against aws4fetch and the SDK's signer in tests), plus a small TTL
 * cache for values read.
 *
 * Wire protocol (AWS JSON 1.1): POST / with `X-Amz-Target: AmazonSSM.GetParameter`,
 * `Content-Type: application/x-amz-json-1.1`, body `{"Name": ..., "WithDecryption": true}`.
 */
import { isObject } from "./cognito-events";
import { awsClientContract, awsEndpointFromEnv, callAwsJson } from "./aws-json";
import type { Env, IntVariable } from "./config-contract";
import { HttpError, httpPost, type Post } from "./http";

export type SsmErrorReason =
  | "ssm_config_missing"
  | "ssm_timeout"
  | "ssm_unreachable"
  | "ssm_not_found"
  | "ssm_access_denied"
  | "ssm_throttled"
  | "ssm_http_error"
  | "ssm_bad_response";

/** A failed SSM read. `message` is the reason alone: never the parameter's value. */
export class SsmError extends HttpError {
  declare readonly reason: SsmErrorReason;
  override readonly name = "SsmError";
  constructor(reason: SsmErrorReason) {
    super(reason);
  }
}

export interface SsmConfig {
  /** Endpoint base URL, e.g. https://ssm.eu-central-1.amazonaws.com or http://127.0.0.1:4583 */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Timeout for one GetParameter call (connect, headers and body), in milliseconds. */
  readonly timeoutMs: number;
}

/**
 * SSM_TIMEOUT_MS, one GetParameter call's budget. With CORBADO_TIMEOUT_MS <= 3000 and COUNTER_TIMEOUT_MS <= 250 a
 * verify invocation that pays all three in full still answers within 4.5 s, inside Cognito's 5 s budget.
 */
export const SSM_TIMEOUT_MS = {
  kind: "int",
  env: "SSM_TIMEOUT_MS",
  min: 50,
  max: 1250,
  default: 1000,
} as const satisfies IntVariable;

/**
 * The standard AWS variables the SSM client reads (Lambda sets region and credentials): the endpoint from
 * AWS_ENDPOINT_URL_SSM, else AWS_ENDPOINT_URL, else https://ssm.<AWS_REGION>.amazonaws.com.
 */
export const SSM_CLIENT_CONTRACT = /* @__PURE__ */ awsClientContract("SSM");

/** Largest SSM response body we read (an advanced parameter holds at most 8 KB). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * SSM client settings from SSM_CLIENT_CONTRACT (./aws-json.ts's awsEndpointFromEnv). Returns an SsmError when
 * something is missing or the endpoint is neither https nor http on loopback.
 */
export function ssmConfigFromEnv(env: Env, timeoutMs: number): SsmConfig | SsmError {
  const endpoint = awsEndpointFromEnv(env, "SSM", "ssm");
  return endpoint ? { ...endpoint, timeoutMs } : new SsmError("ssm_config_missing");
}

/** The reason of a failed SSM call (./aws-json.ts's HttpError: the transport's reason or AWS's error type). */
export function ssmErrorReason(error: unknown): SsmErrorReason {
  const { reason, status } = error instanceof HttpError ? error : { reason: "", status: 0 };
  if (status === undefined) return reason === "timeout" ? "ssm_timeout" : "ssm_unreachable";
  if (reason === "bad_response") return "ssm_bad_response";
  if (reason === "ParameterNotFound" || reason === "ParameterVersionNotFound") return "ssm_not_found";
  if (reason === "AccessDeniedException" || status === 403) return "ssm_access_denied";
  if (reason === "ThrottlingException" || status === 429) return "ssm_throttled";
  return "ssm_http_error";
}

/**
 * Reads one parameter (decrypted when it is a SecureString). Rejects with SsmError only.
 * `post` is for tests.
 */
export async function getParameter(name: string, config: SsmConfig, post: Post = httpPost): Promise<string> {
  let body: Record<string, unknown>;
  try {
    body = await callAwsJson(
      {
        endpoint: config,
        service: "ssm",
        target: "AmazonSSM.GetParameter",
        jsonVersion: "1.1",
        body: { Name: name, WithDecryption: true },
        timeoutMs: config.timeoutMs,
        maxBodyBytes: MAX_RESPONSE_BYTES,
      },
      post,
    );
  } catch (error) {
    throw new SsmError(ssmErrorReason(error));
  }
  const parameter = body.Parameter;
  const value = isObject(parameter) ? parameter.Value : undefined;
  if (typeof value !== "string") throw new SsmError("ssm_bad_response");
  return value;
}

/** Upper bound for any cache TTL: rotation of a secret or a settings change always takes effect within it. */
export const MAX_CACHE_TTL_MS = 60 * 60 * 1000;

export interface CacheOptions {
  /** How long a loaded value is served before the next get() loads again; clamped to [0, MAX_CACHE_TTL_MS]. */
  readonly ttlMs: number;
  /** Clock in milliseconds (injectable for tests). */
  readonly now?: () => number;
}

export interface Cached<T> {
  /** The cached value while fresh; otherwise loads it (concurrent callers share one in-flight load). */
  get(): Promise<T>;
  /** Forget the cached value (e.g. after the backend rejected the secret): the next get() loads again. */
  invalidate(): void;
}

/**
 * A value cached across Lambda invocations for a bounded time. A failed load is not cached: the error goes to
 * every caller waiting on that load and the next get() tries again.
 */
export function createCache<T>(load: () => Promise<T>, options: CacheOptions): Cached<T> {
  // NaN stays NaN: nothing is ever fresh, as with 0.
  const ttlMs = Math.min(MAX_CACHE_TTL_MS, Math.max(0, options.ttlMs));
  const now = options.now ?? Date.now;
  let entry: { value: T; loadedAt: number } | undefined;
  let inflight: Promise<T> | undefined;
  let generation = 0;

  return {
    get() {
      if (entry && now() - entry.loadedAt < ttlMs) return Promise.resolve(entry.value);
      if (!inflight) {
        const started = generation;
        // .then() callbacks always run asynchronously, so `promise` is assigned before they read it.
        const promise: Promise<T> = Promise.resolve()
          .then(load)
          .then((value) => {
            if (started === generation) entry = { value, loadedAt: now() };
            return value;
          })
          .finally(() => {
            if (inflight === promise) inflight = undefined;
          });
        inflight = promise;
      }
      return inflight;
    },
    invalidate() {
      generation++;
      entry = undefined;
      inflight = undefined;
    },
  };
}
