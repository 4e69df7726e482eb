import assert from "node:assert/strict";
import { test } from "node:test";
import { AwsClient } from "aws4fetch";
import { signSsmRequest } from "./verify-node-http";

test("the experiment's node:crypto SigV4 signs an SSM call exactly as aws4fetch does", async () => {
  const now = new Date("2026-11-21T12:34:56.789Z");
  const common = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
  const body = JSON.stringify({ Name: "/p/secret", WithDecryption: true });
  for (const sessionToken of [undefined, "session-token-example"]) {
    const mine = signSsmRequest({
      endpoint: "https://ssm.eu-central-1.amazonaws.com",
      region: "eu-central-1",
      target: "AmazonSSM.GetParameter",
      body,
      now,
      ...common,
      ...(sessionToken ? { sessionToken } : {}),
    });
    const client = new AwsClient({
      ...common,
      ...(sessionToken ? { sessionToken } : {}),
      service: "ssm",
      region: "eu-central-1",
    });
    const theirs = await client.sign("https://ssm.eu-central-1.amazonaws.com/", {
      method: "POST",
      headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM.GetParameter" },
      body,
      aws: { datetime: "20261121T123456Z", allHeaders: true },
    });
    assert.equal(mine.authorization, theirs.headers.get("authorization"));
    assert.equal(mine["x-amz-date"], theirs.headers.get("x-amz-date"));
  }
});
