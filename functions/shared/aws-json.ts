/**
 * One signed call to an AWS JSON-protocol API (DynamoDB JSON 1.0; Cognito and SSM JSON 1.1): POST / with
 * `X-Amz-Target: <prefix>.<Operation>`, signed by ./sigv4 and sent by ./http within one deadline. No AWS SDK:
 * the triggers' adoption counters use it on the auth path (a few hundred bytes gzipped), the admin API for every
 * AWS call it makes, so one transport and one timeout rule cover both.
 */
import { isObject } from "./cognito-events";
import { requirePlainConfig, type Contract, type Env } from "./config-contract";
import { safeBaseUrl } from "./env";
import { HttpError, httpPost, type Post } from "./http";
import { signPost } from "./sigv4";

export interface AwsEndpoint {
  /** Base URL: https, or http on loopback (local stack and tests), without a trailing slash. */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The standard AWS variables an SDK-free client of one service reads (Lambda sets region and credentials). */
export function awsClientContract<S extends string>(serviceId: S) {
  return {
    region: { kind: "string", env: "AWS_REGION", fallback: "AWS_DEFAULT_REGION", optional: true },
    endpoint: { kind: "url", env: `AWS_ENDPOINT_URL_${serviceId}`, fallback: "AWS_ENDPOINT_URL", optional: true },
    accessKeyId: { kind: "string", env: "AWS_ACCESS_KEY_ID" },
    secretAccessKey: { kind: "string", env: "AWS_SECRET_ACCESS_KEY" },
    sessionToken: { kind: "string", env: "AWS_SESSION_TOKEN", optional: true },
  } as const satisfies Contract;
}

/**
 * The endpoint of one service from the standard AWS variables (awsClientContract): AWS_ENDPOINT_URL_<SERVICE_ID>
 * (the SDKs' convention, e.g. AWS_ENDPOINT_URL_DYNAMODB), else AWS_ENDPOINT_URL, else
 * https://<host>.<region>.amazonaws.com; credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
 * (set by Lambda). `region` overrides AWS_REGION (a user pool's region comes from its id); with an explicit endpoint
 * and no region, us-east-1 is signed. Undefined when something is missing or the endpoint is neither https nor http
 * on loopback.
 */
export function awsEndpointFromEnv(
  env: Env,
  serviceId: string,
  host: string,
  region?: string,
): AwsEndpoint | undefined {
  const read = requirePlainConfig(awsClientContract(serviceId), env);
  // A present but unacceptable endpoint is refused, never silently replaced by AWS's own.
  if (!read.ok) return undefined;
  const { config } = read;
  region ??= config.region;
  const endpoint = config.endpoint ?? safeBaseUrl(region && `https://${host}.${region}.amazonaws.com`);
  // sessionToken stays undefined without AWS_SESSION_TOKEN (long-lived keys: the local stack and tests).
  return endpoint ? { ...config, endpoint, region: region ?? "us-east-1" } : undefined;
}

export interface AwsJsonCall {
  readonly endpoint: AwsEndpoint;
  /** Signing name, e.g. `dynamodb`, `ssm`, `cognito-idp`. */
  readonly service: string;
  /** X-Amz-Target, e.g. `DynamoDB_20120810.UpdateItem`. */
  readonly target: string;
  /** `1.0` (DynamoDB) or `1.1` (Cognito, SSM). */
  readonly jsonVersion: "1.0" | "1.1";
  readonly body: unknown;
  /** One deadline for the whole call. */
  readonly timeoutMs: number;
  /** Largest response body read (default 1 MiB); a larger one is a `bad_response`. */
  readonly maxBodyBytes?: number;
}

const TYPE_RE = /^[A-Za-z]{1,64}$/;

/**
 * Sends the call and returns the parsed JSON object of a 2xx answer. Rejects with ./http.ts's HttpError only: the
 * transport's reason (`timeout`, `unreachable`), or for a non-2xx answer AWS's short error type (letters only, at
 * most 64, e.g. `ConditionalCheckFailedException`; else `http_error`) with the status; `bad_response` for a 2xx
 * answer that is not a JSON object.
 */
export async function callAwsJson(call: AwsJsonCall, post: Post = httpPost): Promise<Record<string, unknown>> {
  const url = `${call.endpoint.endpoint}/`;
  let status: number;
  let text: string | undefined;
  try {
    const body = JSON.stringify(call.body);
    const headers = signPost(
      {
        url,
        region: call.endpoint.region,
        service: call.service,
        headers: { "content-type": `application/x-amz-json-${call.jsonVersion}`, "x-amz-target": call.target },
        body,
      },
      call.endpoint,
    );
    const res = await post({
      url,
      headers,
      body,
      timeoutMs: call.timeoutMs,
      maxBodyBytes: call.maxBodyBytes ?? 1 << 20,
    });
    status = res.status;
    text = res.body;
  } catch (error) {
    throw error instanceof HttpError ? error : new HttpError("unreachable");
  }
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (status < 200 || status > 299) {
    const raw = isObject(parsed) && typeof parsed.__type === "string" ? parsed.__type : "";
    const type = raw.slice(raw.lastIndexOf("#") + 1);
    throw new HttpError(TYPE_RE.test(type) ? type : "http_error", status);
  }
  if (!isObject(parsed)) throw new HttpError("bad_response", status);
  return parsed;
}
