import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  GetParameterCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { AwsClient } from "aws4fetch";
import { startSsmStandin, type SsmStandin } from "./ssm-standin";

const credentials = { accessKeyId: "AKIDLOCALSTANDIN", secretAccessKey: "local-secret-not-used" };

describe("SSM stand-in", () => {
  let ssm: SsmStandin;
  let client: SSMClient;
  let signer: AwsClient;

  before(async () => {
    ssm = await startSsmStandin();
    client = new SSMClient({ region: "eu-west-1", endpoint: ssm.url, credentials, maxAttempts: 1 });
    signer = new AwsClient({ ...credentials, service: "ssm", region: "eu-west-1", retries: 0 });
  });
  after(async () => {
    client.destroy();
    await ssm.close();
  });

  const get = (name: string, withDecryption = true) =>
    signer.fetch(ssm.url + "/", {
      method: "POST",
      headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM.GetParameter" },
      body: JSON.stringify({ Name: name, WithDecryption: withDecryption }),
    });

  test("the AWS SDK reads back a decrypted SecureString that was put into it", async () => {
    ssm.put("/demo/secret", "c2VjcmV0", "SecureString");
    const out = await client.send(new GetParameterCommand({ Name: "/demo/secret", WithDecryption: true }));
    assert.equal(out.Parameter?.Value, "c2VjcmV0");
    assert.equal(out.Parameter?.Type, "SecureString");
    assert.equal(out.Parameter?.Version, 1);
    assert.match(out.Parameter?.ARN ?? "", /^arn:aws:ssm:eu-west-1:\d{12}:parameter\/demo\/secret$/);
  });

  test("a SecureString read without decryption never reveals its plaintext", async () => {
    ssm.put("/demo/hidden", "plaintext-value");
    const out = await client.send(new GetParameterCommand({ Name: "/demo/hidden", WithDecryption: false }));
    assert.notEqual(out.Parameter?.Value, "plaintext-value");
  });

  test("an aws4fetch-signed GetParameter speaks the documented JSON 1.1 wire format", async () => {
    ssm.put("/demo/plain", "hello", "String");
    const res = await get("/demo/plain");
    assert.equal(res.status, 200);
    const body = (await res.json()) as { Parameter: { Name: string; Value: string } };
    assert.equal(body.Parameter.Name, "/demo/plain");
    assert.equal(body.Parameter.Value, "hello");
    const last = ssm.requests.at(-1);
    assert.equal(last?.target, "AmazonSSM.GetParameter");
    assert.deepEqual(last?.body, { Name: "/demo/plain", WithDecryption: true });
  });

  test("a missing parameter answers 400 ParameterNotFound, which the SDK maps to its exception", async () => {
    const res = await get("/does/not/exist");
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, "ParameterNotFound");
    await assert.rejects(client.send(new GetParameterCommand({ Name: "/does/not/exist" })), ParameterNotFound);
  });

  test("an unsigned request is refused, so a client that forgets SigV4 cannot pass locally", async () => {
    ssm.put("/demo/unsigned", "x");
    const res = await fetch(ssm.url + "/", {
      method: "POST",
      headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM.GetParameter" },
      body: JSON.stringify({ Name: "/demo/unsigned", WithDecryption: true }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, "MissingAuthenticationTokenException");
  });

  test("PutParameter creates version 1, refuses to overwrite silently, and bumps the version on Overwrite", async () => {
    const first = await client.send(new PutParameterCommand({ Name: "/demo/rotate", Value: "a", Type: "String" }));
    assert.equal(first.Version, 1);
    await assert.rejects(
      client.send(new PutParameterCommand({ Name: "/demo/rotate", Value: "b", Type: "String" })),
      ParameterAlreadyExists,
    );
    const second = await client.send(
      new PutParameterCommand({ Name: "/demo/rotate", Value: "b", Type: "String", Overwrite: true }),
    );
    assert.equal(second.Version, 2);
    const out = await client.send(new GetParameterCommand({ Name: "/demo/rotate" }));
    assert.equal(out.Parameter?.Value, "b");
    assert.equal(out.Parameter?.Version, 2);
  });

  test("injected faults answer with the chosen status, a garbage body or a delay, and can be cleared", async () => {
    ssm.put("/demo/fault", "v");
    ssm.setFault({ kind: "status", status: 500 });
    assert.equal((await get("/demo/fault")).status, 500);
    ssm.setFault({ kind: "garbage" });
    const garbage = await get("/demo/fault");
    assert.equal(garbage.status, 200);
    await assert.rejects(garbage.json());
    ssm.setFault({ kind: "delay", ms: 150 });
    const started = performance.now();
    assert.equal((await get("/demo/fault")).status, 200);
    assert.ok(performance.now() - started >= 140, "the delay fault holds the answer back");
    ssm.setFault();
    assert.equal((await get("/demo/fault")).status, 200);
  });

  test("it refuses to listen anywhere but loopback", async () => {
    await assert.rejects(startSsmStandin({ host: "0.0.0.0" }), /loopback only/);
  });
});
