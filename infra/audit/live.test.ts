/**
 * The live drift check against a mocked account (aws-sdk-client-mock): an account that holds exactly what the
 * module deploys, in the shapes AWS returns (URL-encoded IAM documents, one-element lists as strings, other key
 * order and condition-key case), passes; each kind of drift is reported and makes the check exit 1; a check that
 * cannot run exits 2.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, afterEach, beforeEach, describe, it } from "node:test";
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { evidenceReaderPolicy } from "../policies/people";
import type { Value } from "./hcl-eval";
import { documentDifferences, expectedScenario, runLiveCheck, type LiveClients } from "./live";
import { readModuleJson } from "./module-source";
import { collectPrincipals, collectResourcePolicies, type PolicyDoc } from "./principals";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const POOL_ID = "eu-west-1_LiveP00l";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const VARIABLES: Record<string, Value> = {
  pool_mode: "create",
  name_prefix: "acme-passkeys",
  corbado_actions_principal_arn: "arn:aws:iam::444455556666:role/corbado-connect-actions",
  corbado_actions_external_id: "acme-external-id-1",
};

const module = readModuleJson();
const scratch = mkdtempSync(path.join(tmpdir(), "audit-live-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A document as AWS hands it back: statements' keys in another order, one-element lists as plain strings. */
function asAwsReturnsIt(document: PolicyDoc): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: document.Statement.map((s) => {
      const single = (v: unknown) => (Array.isArray(v) && v.length === 1 ? (v[0] as string) : v);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(s).reverse()) out[key] = single((s as unknown as Record<string, unknown>)[key]);
      if (s.Condition)
        out.Condition = Object.fromEntries(
          Object.entries(s.Condition).map(([op, keys]) => [
            op,
            Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.replace(/^AWS:/, "aws:"), single(v)])),
          ]),
        );
      return out as unknown as PolicyDoc["Statement"][number];
    }),
  };
}

let mocks: ReturnType<typeof mockAll>;

function mockAll() {
  return {
    iam: mockClient(IAMClient),
    kms: mockClient(KMSClient),
    lambda: mockClient(LambdaClient),
    sts: mockClient(STSClient),
  };
}

function clients(): LiveClients {
  const config = { region: REGION, credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "example" } };
  return {
    iam: new IAMClient(config),
    kms: new KMSClient(config),
    lambda: new LambdaClient(config),
    sts: new STSClient(config),
  };
}

/** Mocks an account that holds exactly what the module deploys with VARIABLES. */
async function cleanAccount() {
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  mocks.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_ID, AWSAccountId: ACCOUNT } });
  const scenario = await expectedScenario(module, { variables: VARIABLES, userPoolId: POOL_ID }, clients());
  const principals = collectPrincipals(scenario);
  const resourcePolicies = collectResourcePolicies(scenario, principals);
  for (const p of principals) {
    mocks.iam.on(GetRoleCommand, { RoleName: p.roleName }).resolves({
      Role: {
        RoleName: p.roleName,
        RoleId: "AROAEXAMPLE",
        Arn: p.arn,
        Path: p.path,
        CreateDate: new Date(0),
        MaxSessionDuration: p.maxSessionDuration ?? 3600,
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(asAwsReturnsIt(p.trustPolicy))),
      },
    });
    mocks.iam
      .on(ListRolePoliciesCommand, { RoleName: p.roleName })
      .resolves({ PolicyNames: p.policies.map((x) => x.name) });
    mocks.iam.on(ListAttachedRolePoliciesCommand, { RoleName: p.roleName }).resolves({ AttachedPolicies: [] });
    for (const policy of p.policies)
      mocks.iam.on(GetRolePolicyCommand, { RoleName: p.roleName, PolicyName: policy.name }).resolves({
        RoleName: p.roleName,
        PolicyName: policy.name,
        PolicyDocument: encodeURIComponent(JSON.stringify(asAwsReturnsIt(policy.document))),
      });
  }
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
  mocks.kms.on(GetKeyPolicyCommand).resolves({ Policy: JSON.stringify(resourcePolicies.get(keyArn), null, 2) });
  for (const name of scenario.existing("aws_lambda_function")) {
    const arn = scenario.attributeString("aws_lambda_function", name, "arn");
    const functionName = scenario.attributeString("aws_lambda_function", name, "function_name");
    const policy = resourcePolicies.get(arn);
    if (policy)
      mocks.lambda
        .on(GetPolicyCommand, { FunctionName: functionName })
        .resolves({ Policy: JSON.stringify({ ...asAwsReturnsIt(policy), Id: "default" }) });
  }
  return { principals, keyArn };
}

async function check(extra: { userPoolId?: string; variables?: Record<string, Value> } = {}) {
  const varFile = path.join(scratch, "deployed.tfvars.json");
  writeFileSync(varFile, JSON.stringify(extra.variables ?? VARIABLES));
  const lines: string[] = [];
  const code = await runLiveCheck({
    module,
    varFile,
    userPoolId: "userPoolId" in extra ? extra.userPoolId : POOL_ID,
    print: (line) => lines.push(line),
    clients: clients(),
  });
  return { code, lines, drift: lines.filter((l) => l.startsWith("DRIFT ")) };
}

beforeEach(() => {
  mocks = mockAll();
});
afterEach(() => {
  for (const m of Object.values(mocks)) m.restore();
});

describe("audit:iam --live", () => {
  it("finds no drift in an account that holds what the module deploys, as AWS spells it", async () => {
    await cleanAccount();
    const { code, lines, drift } = await check();
    assert.deepEqual(drift, []);
    assert.equal(code, 0);
    assert.match(lines.at(-1)!, /^no drift: \d+ checked \(aws_iam_role\.admin_api, aws_iam_role\.corbado_actions, /);
    assert.match(lines[0]!, /terraform\/main\.tf\.json of the module [\d.]+ \(sha256 [0-9a-f]{64}\)/);
    // Every role, the key policy and each trigger's resource policy were read.
    assert.equal(
      mocks.iam.commandCalls(GetRolePolicyCommand).length,
      6,
      "one inline policy for each of the six roles (the three triggers', post-authentication's, the actions role's and the admin API's without the console)",
    );
    assert.equal(
      mocks.kms.commandCalls(GetKeyPolicyCommand)[0]?.args[0].input.KeyId,
      `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`,
    );
    // The three triggers', post-authentication's and the admin API's (API Gateway for the module's API).
    assert.equal(mocks.lambda.commandCalls(GetPolicyCommand).length, 5);
  });

  it("reports a policy attached by hand, an inline policy added by hand and a widened statement, and exits non-zero", async () => {
    const { principals } = await cleanAccount();
    const verify = principals.find((p) => p.address === "aws_iam_role.verify_auth_challenge")!;
    const actions = principals.find((p) => p.address === "aws_iam_role.corbado_actions")!;
    mocks.iam.on(ListAttachedRolePoliciesCommand, { RoleName: verify.roleName }).resolves({
      AttachedPolicies: [
        { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      ],
    });
    mocks.iam
      .on(ListRolePoliciesCommand, { RoleName: verify.roleName })
      .resolves({ PolicyNames: [...verify.policies.map((x) => x.name), "debug-access"] });
    const widened = structuredClone(actions.policies[0]!.document);
    widened.Statement[0]!.Resource = ["*"];
    mocks.iam
      .on(GetRolePolicyCommand, { RoleName: actions.roleName, PolicyName: actions.policies[0]!.name })
      .resolves({ PolicyDocument: encodeURIComponent(JSON.stringify(widened)) });
    const { code, drift } = await check();
    assert.equal(code, 1);
    assert.deepEqual(drift.sort(), [
      "DRIFT aws_iam_role.verify_auth_challenge: inline policy debug-access was added outside Terraform",
      "DRIFT aws_iam_role.verify_auth_challenge: managed policy arn:aws:iam::aws:policy/AdministratorAccess was attached outside Terraform",
      `DRIFT aws_iam_role_policy.corbado_actions (corbado-actions-look-up-users): statement CorbadoActionsLookUpUsers differs: expected {"Action":["cognito-idp:admingetuser","cognito-idp:listusers"],"Effect":"Allow","Resource":["arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${POOL_ID}"],"Sid":"CorbadoActionsLookUpUsers"}, found {"Action":["cognito-idp:admingetuser","cognito-idp:listusers"],"Effect":"Allow","Resource":["*"],"Sid":"CorbadoActionsLookUpUsers"}`,
    ]);
  });

  it("reports a trust policy, key policy and Lambda resource policy changed by hand, and a role that is gone", async () => {
    const { principals } = await cleanAccount();
    const actions = principals.find((p) => p.address === "aws_iam_role.corbado_actions")!;
    const trust = structuredClone(actions.trustPolicy);
    delete (trust.Statement[0]!.Condition as Record<string, Record<string, unknown>>).StringEquals![
      "sts:RoleSessionName"
    ];
    mocks.iam.on(GetRoleCommand, { RoleName: actions.roleName }).resolves({
      Role: {
        RoleName: actions.roleName,
        RoleId: "AROAEXAMPLE",
        Arn: actions.arn,
        Path: "/",
        CreateDate: new Date(0),
        MaxSessionDuration: 43200,
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      },
    });
    const create = principals.find((p) => p.address === "aws_iam_role.create_auth_challenge")!;
    mocks.iam
      .on(GetRoleCommand, { RoleName: create.roleName })
      .rejects(Object.assign(new Error("not found"), { name: "NoSuchEntityException" }));
    mocks.kms.on(GetKeyPolicyCommand).resolves({
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          },
        ],
      }),
    });
    mocks.lambda
      .on(GetPolicyCommand, { FunctionName: "acme-passkeys-define-auth-challenge" })
      .rejects(Object.assign(new Error("none"), { name: "ResourceNotFoundException" }));
    const { code, drift } = await check();
    assert.equal(code, 1);
    assert.deepEqual(drift.map((d) => d.replace(/: expected .*/, "")).sort(), [
      "DRIFT aws_iam_role.corbado_actions (trust policy): statement CorbadoActionsAssumeRoleWithExternalId differs",
      "DRIFT aws_iam_role.corbado_actions: maximum session is 43200 s, expected 3600 s",
      "DRIFT aws_iam_role.create_auth_challenge: role acme-passkeys-create-auth-challenge does not exist",
      "DRIFT aws_kms_key.corbado_secret (key policy): statement ApiFunctionsDecryptViaSsm is missing",
      "DRIFT aws_kms_key.corbado_secret (key policy): statement ModuleRolesUseKeyForTablesViaDynamoDb is missing",
      "DRIFT aws_kms_key.corbado_secret (key policy): statement VerifyTriggerDecryptsViaSsm is missing",
      "DRIFT aws_lambda_function.define_auth_challenge (resource policy): the function has no resource policy (or no longer exists)",
    ]);
  });

  it("says it cannot check, and exits 2, without the created pool's id or when AWS refuses a call", async () => {
    await cleanAccount();
    const noPool = await check({ userPoolId: undefined });
    assert.equal(noPool.code, 2);
    assert.match(
      noPool.lines.at(-1)!,
      /could not check: pool_mode = create: give the created pool's id with --user-pool-id/,
    );
    mocks.iam.on(ListRolePoliciesCommand).rejects(Object.assign(new Error("no"), { name: "AccessDenied" }));
    const refused = await check();
    assert.equal(refused.code, 2);
    assert.match(refused.lines.at(-1)!, /could not check: iam:ListRolePolicies .*: AccessDenied/);
  });

  it("lets the evidence reader's policy make every call the check makes", async () => {
    await cleanAccount();
    assert.equal((await check()).code, 0);
    const called = new Set<string>();
    const record = (service: string, calls: { args: [{ constructor: { name: string } }] }[]) => {
      for (const c of calls) called.add(`${service}:${c.args[0].constructor.name.replace(/Command$/, "")}`);
    };
    record("iam", mocks.iam.calls() as never);
    record("kms", mocks.kms.calls() as never);
    record("lambda", mocks.lambda.calls() as never);
    record("sts", mocks.sts.calls() as never);
    assert.deepEqual([...called].sort(), [
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies",
      "kms:DescribeKey",
      "kms:GetKeyPolicy",
      "lambda:GetPolicy",
      "sts:GetCallerIdentity",
    ]);
    const allowed = evidenceReaderPolicy({
      partition: "aws",
      region: REGION,
      accountId: ACCOUNT,
      namePrefix: "acme-passkeys",
      iamPath: "/",
    }).Statement.flatMap((s) => s.Action);
    // sts:GetCallerIdentity needs no permission.
    for (const action of [...called].filter((a) => a !== "sts:GetCallerIdentity"))
      assert.ok(allowed.includes(action), `${action} is in the evidence reader's policy`);
    assert.ok(!allowed.some((a) => /^(kms:Decrypt|ssm:GetParameter$|iam:(Put|Attach|Update|Delete))/.test(a)));
  });

  it("compares documents as IAM means them: order, one-element lists and condition-key case do not matter (control: a value does)", () => {
    const document: PolicyDoc = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "A",
          Effect: "Allow",
          Action: ["ssm:GetParameter", "kms:Decrypt"],
          Resource: ["arn:aws:ssm:eu-west-1:123456789012:parameter/x"],
          Condition: { StringEquals: { "AWS:SourceAccount": "123456789012" } },
        },
      ],
    };
    assert.deepEqual(documentDifferences(document, asAwsReturnsIt(document)), []);
    const other = structuredClone(document);
    (other.Statement[0]!.Condition as Record<string, Record<string, string>>).StringEquals!["AWS:SourceAccount"] =
      "999999999999";
    assert.equal(documentDifferences(document, other).length, 1);
  });
});
