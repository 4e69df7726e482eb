import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EXAMPLE } from "./module-model";
import type { ModulePrincipal, PolicyDoc } from "./principals";
import { accessMatrix, resourceMatchesType, sessionArn } from "./simulate";

const { accountId: A, region: R } = EXAMPLE;
const GROUP = `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/corbado-passkeys-verify-auth-challenge`;
const STREAM = `${GROUP}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`;
const KEY = `arn:aws:kms:${R}:${A}:key/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0`;

function role(name: string, path: string): ModulePrincipal {
  return {
    address: `aws_iam_role.${name}`,
    logicalName: name,
    roleName: name,
    arn: `arn:aws:iam::${A}:role${path}${name}`,
    path,
    maxSessionDuration: null,
    permissionsBoundary: null,
    trustPolicy: { Version: "2012-10-17", Statement: [] },
    policies: [],
    pinned: { inline: null, attachments: null },
  };
}

function keyPolicyNaming(roleArn: string): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "RoleDecrypts", Effect: "Allow", Principal: { AWS: roleArn }, Action: "kms:Decrypt", Resource: "*" },
    ],
  };
}

async function mayDecrypt(principal: ModulePrincipal, keyPolicy: PolicyDoc): Promise<boolean> {
  const matrix = await accessMatrix(
    principal,
    [{ arn: KEY, label: "a key", kind: "module" }],
    new Map([[KEY, keyPolicy]]),
    ["kms"],
  );
  return matrix.allowed.some((a) => a.action === "kms:Decrypt" && a.resource === KEY);
}

describe("IAM audit: which resources an action is simulated against", () => {
  it("takes a qualified Lambda ARN (a function name, then :version) for a function, as IAM does", async () => {
    assert.equal(await resourceMatchesType("lambda", "function", `arn:aws:lambda:${R}:${A}:function:verify`), true);
    assert.equal(await resourceMatchesType("lambda", "function", `arn:aws:lambda:${R}:${A}:function:verify:7`), true);
  });

  it("takes a log stream for a resource of its log group's type too, as the simulator does", async () => {
    assert.equal(await resourceMatchesType("logs", "log-group", GROUP), true);
    assert.equal(await resourceMatchesType("logs", "log-group", STREAM), true);
    assert.equal(await resourceMatchesType("logs", "log-stream", STREAM), true);
  });

  it("does not take a resource of another type or service (control)", async () => {
    assert.equal(await resourceMatchesType("logs", "log-stream", GROUP), false);
    assert.equal(await resourceMatchesType("lambda", "function", `arn:aws:lambda:${R}:${A}:layer:shared:3`), false);
    assert.equal(await resourceMatchesType("ssm", "parameter", GROUP), false);
  });
});

describe("IAM audit: the session a principal calls from", () => {
  it("is a session of the role, named without the role's path as STS names it", () => {
    assert.equal(sessionArn(role("verify", "/")), `arn:aws:sts::${A}:assumed-role/verify/audit-session`);
    assert.equal(sessionArn(role("verify", "/passkeys/")), `arn:aws:sts::${A}:assumed-role/verify/audit-session`);
  });

  it("is recognised by a key policy naming its role's ARN, path included", async () => {
    const withPath = role("verify", "/passkeys/");
    assert.equal(await mayDecrypt(withPath, keyPolicyNaming(withPath.arn)), true);
  });

  it("is refused by a key policy naming another role (control)", async () => {
    const withPath = role("verify", "/passkeys/");
    assert.equal(await mayDecrypt(withPath, keyPolicyNaming(`arn:aws:iam::${A}:role/passkeys/other`)), false);
  });
});
