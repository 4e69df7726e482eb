import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { AwsClient } from "aws4fetch";
import { requires } from "../../tools/test/requirements";
import { signPost } from "./sigv4";

const toBytes = (v: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof v === "string"
    ? v
    : ArrayBuffer.isView(v)
      ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
      : new Uint8Array(v);

async function referenceHeaders(url: string, body: string, sessionToken?: string) {
  const client = new AwsClient({
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ...(sessionToken ? { sessionToken } : {}),
    service: "ssm",
    region: "eu-central-1",
    retries: 0,
  });
  const req = await client.sign(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM.GetParameter" },
    body,
    aws: { datetime: "20261121T171200Z" },
  });
  return Object.fromEntries(req.headers.entries());
}

describe("SigV4 signing of SSM requests", () => {
  for (const [label, url, token] of [
    ["the regional AWS endpoint", "https://ssm.eu-central-1.amazonaws.com/", undefined],
    ["a loopback endpoint with a port and Lambda session credentials", "http://127.0.0.1:4583/", "FQoGZXIvYXdzEXAMPLE"],
  ] as const) {
    it(`produces exactly the headers aws4fetch produces for ${label}`, async () => {
      const body = JSON.stringify({ Name: "/corbado/secret", WithDecryption: true });
      const ours = signPost(
        {
          url,
          region: "eu-central-1",
          service: "ssm",
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameter" },
          body,
          datetime: "20261121T171200Z",
        },
        {
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
          ...(token ? { sessionToken: token } : {}),
        },
      );
      assert.deepEqual(ours, await referenceHeaders(url, body, token));
    });
  }

  it("produces the same Authorization header as the AWS SDK's own signer (@smithy/signature-v4)", async (t) => {
    if (requires("aws-sdk-signer").skip(t)) return;
    const { SignatureV4 } = await import("@smithy/signature-v4");
    class Sha256 {
      private readonly h: Hash | Hmac;
      constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.h = secret ? createHmac("sha256", toBytes(secret)) : createHash("sha256");
      }
      update(data: string | ArrayBuffer | ArrayBufferView) {
        this.h.update(toBytes(data));
      }
      async digest() {
        return new Uint8Array(this.h.digest());
      }
    }
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret/key+", sessionToken: "TOKEN" };
    const body = JSON.stringify({ Name: "/passkeys/login-settings", WithDecryption: true });
    const headers = { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameter" };
    const ours = signPost(
      {
        url: "https://ssm.eu-central-1.amazonaws.com/",
        region: "eu-central-1",
        service: "ssm",
        headers,
        body,
        datetime: "20261121T171200Z",
      },
      credentials,
    );
    const signer = new SignatureV4({
      credentials,
      region: "eu-central-1",
      service: "ssm",
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = (await signer.sign(
      {
        method: "POST",
        protocol: "https:",
        hostname: "ssm.eu-central-1.amazonaws.com",
        path: "/",
        query: {},
        headers: { host: "ssm.eu-central-1.amazonaws.com", ...headers },
        body,
      },
      { signingDate: new Date("2026-11-21T17:12:00Z"), unsignableHeaders: new Set(["content-type"]) },
    )) as { headers: Record<string, string> };
    assert.equal(ours.authorization, signed.headers.authorization);
  });

  it("changes the signature when the body changes (the body hash is signed)", () => {
    const sign = (body: string) =>
      signPost(
        { url: "https://ssm.us-east-1.amazonaws.com/", region: "us-east-1", service: "ssm", headers: {}, body },
        { accessKeyId: "A", secretAccessKey: "S" },
      ).authorization;
    assert.notEqual(sign('{"Name":"a"}'), sign('{"Name":"b"}'));
  });
});
