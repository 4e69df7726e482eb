/** The STS stand-in against the AWS SDK's own STS client: a session only for the one role, with its external id. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { startStsStandin, type StsStandin } from "./sts-standin";

const ROLE = "arn:aws:iam::111122223333:role/corbado-passkeys-corbado-actions";
const EXTERNAL_ID = "local-external-id-0001";

let sts: StsStandin;
let client: STSClient;

before(async () => {
  sts = await startStsStandin({ roleArn: ROLE, externalId: EXTERNAL_ID });
  client = new STSClient({
    region: "us-east-1",
    endpoint: sts.url,
    credentials: { accessKeyId: "AKIDCORBADO", secretAccessKey: "unused" },
    maxAttempts: 1,
  });
});
after(async () => {
  client.destroy();
  await sts.close();
});

const assume = (over: { RoleArn?: string; ExternalId?: string; DurationSeconds?: number } = {}) =>
  client.send(
    new AssumeRoleCommand({
      RoleArn: ROLE,
      ExternalId: EXTERNAL_ID,
      RoleSessionName: "corbado-pre-login",
      DurationSeconds: 3600,
      ...over,
    }),
  );

describe("STS stand-in", () => {
  it("grants a one-hour session for the role with its external id, as the SDK reads it", async () => {
    const out = await assume();
    assert.match(out.Credentials?.AccessKeyId ?? "", /^ASIA[0-9A-F]{16}$/);
    assert.ok(out.Credentials?.SessionToken);
    const lifetime = (out.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    assert.ok(lifetime > 3590_000 && lifetime <= 3600_000, `lifetime ${lifetime}`);
    assert.equal(
      out.AssumedRoleUser?.Arn,
      "arn:aws:sts::111122223333:assumed-role/corbado-passkeys-corbado-actions/corbado-pre-login",
    );
    assert.equal(sts.sessions.at(-1)?.accessKeyId, out.Credentials?.AccessKeyId);
  });

  it("refuses a wrong or missing external id, another role, and a session longer than the role allows", async () => {
    for (const [over, code] of [
      [{ ExternalId: "guessed-external-id" }, "AccessDenied"],
      [{ ExternalId: undefined }, "AccessDenied"],
      [{ RoleArn: "arn:aws:iam::111122223333:role/admin" }, "AccessDenied"],
      [{ DurationSeconds: 7200 }, "ValidationError"],
    ] as const) {
      const sessions = sts.sessions.length;
      await assert.rejects(assume(over), (err: Error) => err.name === code, JSON.stringify(over));
      assert.equal(sts.sessions.length, sessions);
    }
  });

  it("refuses an unsigned request", async () => {
    const res = await fetch(sts.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        Action: "AssumeRole",
        Version: "2011-06-15",
        RoleArn: ROLE,
        ExternalId: EXTERNAL_ID,
        RoleSessionName: "x1",
      }).toString(),
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /MissingAuthenticationToken/);
  });
});
