/**
 * Minimal AWS Signature Version 4 for the one request shape the functions send: a POST of a JSON body to the
 * root path of an AWS JSON-protocol endpoint (SSM). Uses node:crypto, adds ~0.6 kB gzipped to a bundle (the
 * general-purpose aws4fetch is ~3 kB, the AWS SDK SSM client ~175 kB); sigv4.test.ts checks that it produces
 * exactly the headers aws4fetch's AwsClient produces for the same input.
 */
import { builtin } from "./builtins";

/** node:crypto through require (./builtins: an ES module import would also load WebCrypto). */
const crypto = () => builtin<typeof import("node:crypto")>("node:crypto");

export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignInput {
  /** Endpoint URL; only its host and path are signed (no query string). */
  readonly url: string;
  readonly region: string;
  readonly service: string;
  /** Headers to sign besides host and x-amz-date (lower-case names), e.g. x-amz-target. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** ISO basic format, e.g. 20261121T171200Z; defaults to now. */
  readonly datetime?: string;
}

const hmac = (key: string | Buffer, data: string): Buffer =>
  crypto().createHmac("sha256", key).update(data, "utf8").digest();
export const sha256Hex = (data: string): string => crypto().createHash("sha256").update(data, "utf8").digest("hex");

/** Returns the headers to send: the given ones plus x-amz-date, x-amz-security-token and authorization. */
export function signPost(input: SignInput, credentials: SigV4Credentials): Record<string, string> {
  const url = new URL(input.url);
  const datetime = input.datetime ?? new Date().toISOString().replace(/[:-]|\.\d{3}/g, "");
  const date = datetime.slice(0, 8);
  const headers: Record<string, string> = { ...input.headers, "x-amz-date": datetime };
  if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
  // content-type is not signed (as in aws4fetch and the AWS SDKs' default for this protocol).
  const signed: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(headers)) {
    if (name !== "content-type") signed[name.toLowerCase()] = value.trim().replace(/\s+/g, " ");
  }
  const names = Object.keys(signed).sort();
  const signedHeaders = names.join(";");
  const path = encodeURIComponent(url.pathname.replace(/\/+/g, "/"))
    .replace(/%2F/g, "/")
    .replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const canonical = [
    "POST",
    path,
    "",
    names.map((n) => `${n}:${signed[n]}`).join("\n") + "\n",
    signedHeaders,
    sha256Hex(input.body),
  ].join("\n");
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", datetime, scope, sha256Hex(canonical)].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), input.region), input.service),
    "aws4_request",
  );
  const signature = hmac(key, stringToSign).toString("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
