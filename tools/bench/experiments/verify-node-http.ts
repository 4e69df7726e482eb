/**
 * BENCH EXPERIMENT, NOT SHIPPED: verify-auth-challenge as index.ts builds it (same handler factory, same
 * secret cache), but both outbound calls go through node:http(s) instead of fetch(), and the SSM call is signed
 * with node:crypto instead of aws4fetch (whose signer builds fetch Headers/Request objects). Nothing in the
 * process then touches Node's lazily loaded undici. `npm run bench` measures it beside the real bundle to show
 * what that change would buy; see docs/performance.md. It has only the checks a measurement needs.
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { envInt, envString } from "../../../functions/shared/env";
import { createCache } from "../../../functions/shared/ssm";
import {
  createVerifyAuthChallengeHandler,
  verifyConfigFromEnv,
} from "../../../functions/verify-auth-challenge/handler-factory";

interface MiniResponse {
  status: number;
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };
}

/** The subset of fetch() the verify handler uses (status, streamed body, AbortSignal), on node:http(s). */
async function httpFetch(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) {
  const target = new URL(url);
  // Loaded on first use, and only the one the URL needs (as fetch() loads TLS only for https URLs).
  const { request: send } = await (target.protocol === "https:" ? import("node:https") : import("node:http"));
  return new Promise<MiniResponse>((resolve, reject) => {
    const req = send(
      target,
      { method: init.method ?? "GET", headers: init.headers, signal: init.signal },
      (res: IncomingMessage) => {
        const chunks = res[Symbol.asyncIterator]();
        resolve({
          status: res.statusCode ?? 0,
          body: {
            getReader: () => ({
              read: async () => {
                const next = await chunks.next();
                return next.done ? { done: true } : { done: false, value: next.value as Uint8Array };
              },
              cancel: async () => void res.destroy(),
            }),
          },
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

const sha256Hex = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** SigV4 for one JSON 1.1 POST to the SSM endpoint root (the only request this experiment signs). */
export function signSsmRequest(opts: {
  endpoint: string;
  region: string;
  target: string;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  now?: Date;
}): Record<string, string> {
  const amzDate = (opts.now ?? new Date()).toISOString().replace(/[:-]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.1",
    host: new URL(opts.endpoint).host,
    "x-amz-date": amzDate,
    ...(opts.sessionToken ? { "x-amz-security-token": opts.sessionToken } : {}),
    "x-amz-target": opts.target,
  };
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(";");
  const canonical = [
    "POST",
    "/",
    "",
    ...names.map((n) => `${n}:${headers[n]}`),
    "",
    signedHeaders,
    sha256Hex(opts.body),
  ];
  const scope = `${day}/${opts.region}/ssm/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical.join("\n"))].join("\n");
  let key = hmac(`AWS4${opts.secretAccessKey}`, day);
  for (const part of [opts.region, "ssm", "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  const { host: _host, ...rest } = headers;
  return {
    ...rest,
    authorization: `AWS4-HMAC-SHA256 Credential=${opts.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

const env = process.env;
const region = envString(env, "AWS_REGION") ?? "us-east-1";
const endpoint = envString(env, "AWS_ENDPOINT_URL_SSM") ?? `https://ssm.${region}.amazonaws.com`;

const secret = createCache(
  async () => {
    const body = JSON.stringify({ Name: envString(env, "CORBADO_SECRET_PARAMETER"), WithDecryption: true });
    const headers = signSsmRequest({
      endpoint,
      region,
      target: "AmazonSSM.GetParameter",
      body,
      accessKeyId: envString(env, "AWS_ACCESS_KEY_ID") ?? "",
      secretAccessKey: envString(env, "AWS_SECRET_ACCESS_KEY") ?? "",
      sessionToken: envString(env, "AWS_SESSION_TOKEN"),
    });
    const res = await httpFetch(`${endpoint}/`, { method: "POST", headers, body, signal: AbortSignal.timeout(1000) });
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value!);
    if (res.status !== 200) throw new Error(`SSM answered ${res.status}`);
    const value = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Parameter?: { Value?: unknown } }).Parameter
      ?.Value;
    if (typeof value !== "string") throw new Error("SSM answered no value");
    return value;
  },
  { ttlMs: envInt(env, "SECRET_CACHE_TTL_MS", { default: 300_000, min: 0, max: 3_600_000 }) },
);

export const handler = createVerifyAuthChallengeHandler({
  getSecret: () => secret.get(),
  invalidateSecret: () => secret.invalidate(),
  config: verifyConfigFromEnv(env),
  fetch: httpFetch as unknown as typeof fetch,
});
