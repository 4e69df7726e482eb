import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AwsClient } from "aws4fetch";
import { signPost } from "./sigv4";

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

  it("changes the signature when the body changes (the body hash is signed)", () => {
    const sign = (body: string) =>
      signPost(
        { url: "https://ssm.us-east-1.amazonaws.com/", region: "us-east-1", service: "ssm", headers: {}, body },
        { accessKeyId: "A", secretAccessKey: "S" },
      ).authorization;
    assert.notEqual(sign('{"Name":"a"}'), sign('{"Name":"b"}'));
  });
});
