import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { runAudit, type AuditReport, type PrincipalReport } from "./audit";
import { REPO_ROOT, REPORT_JSON, REPORT_MD } from "./iam-report";
import { EXAMPLE } from "./module-model";
import {
  CALLER_KMS_KEY_ARN,
  SCENARIOS,
  scenarioOf,
  synthesizeAuditedModule,
  type AuditedModule,
} from "./module-source";
import { collectPrincipals, collectResourcePolicies } from "./principals";
import { renderJson, renderMarkdown } from "./render";
import { accessMatrix, catalogue, trustMatrix, type AccessMatrix } from "./simulate";

const A = EXAMPLE.accountId;
const R = EXAMPLE.region;
const POOL = `arn:aws:cognito-idp:${R}:${A}:userpool/${EXAMPLE.userPoolId}`;
const NEIGHBOUR_POOL = `arn:aws:cognito-idp:${R}:${A}:userpool/${R}_Neighbor1`;
const SECRET = `arn:aws:ssm:${R}:${A}:parameter/corbado-passkeys/corbado-backend-api-secret`;
const SETTINGS = `arn:aws:ssm:${R}:${A}:parameter/corbado-passkeys/login-settings`;
const SMS_ROLE = `arn:aws:iam::${A}:role/service-role/existing-pool-sms`;
const STREAM = ":log-stream:2026/01/01/[$LATEST]0123456789abcdef";

/** One allowed request as `action | resource | context`. */
function rows(matrix: AccessMatrix): string[] {
  return matrix.allowed.map((a) => `${a.action} | ${a.resource} | ${a.context}`);
}

const pair = (action: string, arn: string, type: string, context = "") => [
  `${action} | ${arn} | ${context}`,
  `${action} | pattern (${type}): ${arn} | ${context}`,
];

function ownLogs(fn: string): string[] {
  const group = `arn:aws:logs:${R}:${A}:log-group:/aws/lambda/corbado-passkeys-${fn}`;
  return ["logs:CreateLogStream", "logs:PutLogEvents"].flatMap((action) => [
    `${action} | ${group}${STREAM} | `,
    `${action} | pattern (log-stream): ${group}:log-stream:* | `,
  ]);
}

/** AWS answers sts:GetCallerIdentity for anyone; the simulator knows. */
const CALLER_IDENTITY = ["sts:GetCallerIdentity | * | "];

/** The AWS-required wildcard ENI permissions of a function in a VPC (AWSLambdaVPCAccessExecutionRole). */
const VPC_ACCESS = [
  "ec2:AssignPrivateIpAddresses | pattern (network-interface): * | ",
  "ec2:CreateNetworkInterface | pattern (network-interface): * | ",
  "ec2:CreateNetworkInterface | pattern (security-group): * | ",
  "ec2:CreateNetworkInterface | pattern (subnet): * | ",
  "ec2:DeleteNetworkInterface | pattern (network-interface): * | ",
  "ec2:DescribeNetworkInterfaces | * | ",
  "ec2:DescribeSubnets | * | ",
  "ec2:UnassignPrivateIpAddresses | pattern (network-interface): * | ",
];

/** Decrypt through SSM for the Corbado secret only: never for another parameter under the same key. */
function decrypt(keyArn: string): string[] {
  return [`kms:Decrypt | ${keyArn} | via SSM for aws_ssm_parameter.corbado_secret`];
}

/** The actions role: look users up in the one pool; set an MFA preference only with mfa_after_passkey = sms. */
const ACTIONS_LOOKUP = [
  ...pair("cognito-idp:AdminGetUser", POOL, "userpool"),
  ...pair("cognito-idp:ListUsers", POOL, "userpool"),
  ...CALLER_IDENTITY,
];
const ACTIONS_MFA = pair("cognito-idp:AdminSetUserMFAPreference", POOL, "userpool");

/** Exactly what each principal may do. A change that widens (or narrows) a permission fails here. */
function expectedAllowed(keyArn: string): Record<string, string[]> {
  return {
    "aws_iam_role.corbado_actions [create, external]": ACTIONS_LOOKUP,
    "aws_iam_role.corbado_actions [attach, create-sms]": [...ACTIONS_LOOKUP, ...ACTIONS_MFA],
    // SMS to phone numbers: the simulator reads the "*" as any topic; the neighbour topic shows the Deny at work.
    "aws_iam_role.cognito_sms [create-sms]": ["sns:Publish | pattern (topic): * | ", ...CALLER_IDENTITY],
    "aws_iam_role.create_auth_challenge [create, external, create-sms]": [
      ...ownLogs("create-auth-challenge"),
      ...CALLER_IDENTITY,
    ],
    "aws_iam_role.define_auth_challenge [create, external, create-sms]": [
      ...ownLogs("define-auth-challenge"),
      ...pair("ssm:GetParameter", SETTINGS, "parameter"),
      ...CALLER_IDENTITY,
    ],
    "aws_iam_role.verify_auth_challenge [create, create-sms]": [
      ...decrypt(keyArn),
      ...ownLogs("verify-auth-challenge"),
      ...pair("ssm:GetParameter", SECRET, "parameter"),
      ...CALLER_IDENTITY,
    ],
    // The caller's key (default key policy): IAM alone decides, and the encryption context binds it to the secret.
    "aws_iam_role.verify_auth_challenge [external]": [
      `kms:Decrypt | ${CALLER_KMS_KEY_ARN} | via SSM for aws_ssm_parameter.corbado_secret`,
      ...ownLogs("verify-auth-challenge"),
      ...pair("ssm:GetParameter", SECRET, "parameter"),
      ...CALLER_IDENTITY,
    ],
    "aws_iam_role.create_auth_challenge [attach]": [
      ...VPC_ACCESS,
      ...ownLogs("create-auth-challenge"),
      ...CALLER_IDENTITY,
    ],
    "aws_iam_role.define_auth_challenge [attach]": [
      ...VPC_ACCESS,
      ...ownLogs("define-auth-challenge"),
      ...pair("ssm:GetParameter", SETTINGS, "parameter"),
      ...CALLER_IDENTITY,
    ],
    "aws_iam_role.pool_attach [attach]": [
      ...pair("cognito-idp:DescribeUserPool", POOL, "userpool"),
      ...pair("cognito-idp:GetUserPoolMfaConfig", POOL, "userpool"),
      ...pair("cognito-idp:UpdateUserPool", POOL, "userpool"),
      ...pair("iam:PassRole", SMS_ROLE, "role", "passed to cognito-idp.amazonaws.com"),
      ...ownLogs("pool-attach"),
      ...CALLER_IDENTITY,
    ],
    "aws_iam_role.verify_auth_challenge [attach]": [
      ...VPC_ACCESS,
      ...decrypt(keyArn),
      ...ownLogs("verify-auth-challenge"),
      ...pair("ssm:GetParameter", SECRET, "parameter"),
      ...CALLER_IDENTITY,
    ],
  };
}

function key(p: PrincipalReport): string {
  return `${p.address} [${p.scenarios.join(", ")}]`;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface LocalStatement {
  Sid: string;
  Action: string[];
  Resource?: string[];
  Condition?: unknown;
}

/** The statements of a policy the module keeps in a local (render.ts: `${jsonencode(local.<name>)}`). */
function localStatements(module: AuditedModule, local: string): LocalStatement[] {
  const document = module.blocks.locals?.[local] as { Statement: LocalStatement[] } | undefined;
  assert.ok(document, `local.${local} holds a policy`);
  return document.Statement;
}

/** Simulates one principal of the `create` scenario of a (possibly tampered) module, Cognito actions only. */
async function matrixOf(module: AuditedModule, address: string): Promise<AccessMatrix> {
  const scenario = await scenarioOf(module, SCENARIOS[0]!);
  const principals = collectPrincipals(scenario);
  const principal = principals.find((p) => p.address === address);
  assert.ok(principal, `${address} in the create scenario`);
  return accessMatrix(principal, catalogue(scenario, principals), collectResourcePolicies(scenario, principals), [
    "cognito-idp",
  ]);
}

describe("IAM report: least privilege, simulated", () => {
  let module: AuditedModule;
  let report: AuditReport;
  let keyArn: string;

  before(async () => {
    module = synthesizeAuditedModule();
    report = await runAudit(module);
    const key = report.resources.find((r) => r.label === "aws_kms_key.corbado_secret");
    assert.ok(key, "the module's KMS key is in the resource table");
    keyArn = key.arn;
  });

  it("covers every principal the module deploys, in each scenario where its policies differ", () => {
    assert.deepEqual(report.principals.map(key).sort(), Object.keys(expectedAllowed(keyArn)).sort());
  });

  it("allows each principal exactly the expected requests and nothing more", () => {
    const expected = expectedAllowed(keyArn);
    for (const p of report.principals) {
      assert.deepEqual(rows(p.matrix), [...(expected[key(p)] ?? [])].sort(), key(p));
    }
  });

  it("simulates every action of cognito-idp, kms, logs, ssm and sts for every principal, and denies all but the allowed", () => {
    for (const p of report.principals) {
      for (const service of ["cognito-idp", "kms", "logs", "ssm", "sts"]) {
        const count = p.matrix.counts.find((c) => c.service === service);
        assert.ok(count, `${key(p)} simulated ${service}`);
        assert.ok(count.actions > 10, `${service} has its full action list (${count.actions})`);
        assert.ok(count.simulated >= count.actions, `${key(p)} simulated every ${service} action`);
        assert.equal(count.allowed + count.implicitlyDenied + count.explicitlyDenied, count.simulated);
      }
      const allowed = p.matrix.counts.reduce((n, c) => n + c.allowed, 0);
      assert.equal(allowed, p.matrix.allowed.length);
    }
  });

  it("never lets a principal reach a neighbour: another pool, parameter, key, log group or role", () => {
    const neighbours = report.resources.filter((r) => r.kind === "neighbour").map((r) => r.arn);
    for (const p of report.principals) {
      for (const a of p.matrix.allowed) {
        assert.ok(!neighbours.includes(a.resource), `${key(p)} may ${a.action} on neighbour ${a.resource}`);
      }
    }
  });

  it("lets verify's role decrypt through SSM only for the Corbado secret, never another parameter under the same key", () => {
    const verify = report.principals.filter((p) => p.address === "aws_iam_role.verify_auth_challenge");
    assert.ok(verify.length >= 2, "verify in every scenario");
    for (const p of verify) {
      const decrypts = p.matrix.allowed.filter((a) => a.action === "kms:Decrypt").map((a) => a.context);
      assert.deepEqual(decrypts, ["via SSM for aws_ssm_parameter.corbado_secret"], key(p));
    }
  });

  it("lets only Corbado's principal with the right external id assume the actions role", () => {
    const role = report.principals.find((p) => p.address === "aws_iam_role.corbado_actions");
    assert.ok(role);
    assert.equal(role.maxSessionDuration, 3600);
    assert.deepEqual(
      role.trust.map((t) => `${t.case}: ${t.result}`),
      [
        "another AWS service: ImplicitlyDenied",
        "the trusted principal with the right external id: Allowed",
        "the trusted principal with a wrong external id: ImplicitlyDenied",
        "the trusted principal without an external id: ImplicitlyDenied",
        "another role in the trusted principal's account, right external id: ImplicitlyDenied",
        "a role in a third account, right external id: ImplicitlyDenied",
        "another role in the customer's own account, right external id: ImplicitlyDenied",
      ],
    );
    const allowed = role.trust.find((t) => t.result === "Allowed");
    assert.equal(allowed?.principal, EXAMPLE.corbadoActionsPrincipalArn);
    assert.equal(allowed?.externalId, EXAMPLE.corbadoExternalId);
  });

  it("lets only Cognito, for a pool of this account and with the pool's external id, assume the SMS role", () => {
    const role = report.principals.find((p) => p.address === "aws_iam_role.cognito_sms");
    assert.ok(role, "the create-sms scenario deploys the SMS role");
    assert.deepEqual(
      role.trust.map((t) => `${t.case}: ${t.result}`),
      [
        "the trusted service cognito-idp.amazonaws.com for the module's pool, right external id: Allowed",
        "the trusted service cognito-idp.amazonaws.com for the module's pool, wrong external id: ImplicitlyDenied",
        "the trusted service cognito-idp.amazonaws.com for the module's pool, no external id: ImplicitlyDenied",
        "the trusted service cognito-idp.amazonaws.com for a pool in a third account, right external id: ImplicitlyDenied",
        "another AWS service: ImplicitlyDenied",
        "a role in a third account, right external id: ImplicitlyDenied",
        "another role in the customer's own account, right external id: ImplicitlyDenied",
      ],
    );
    assert.equal(role.trust[0]?.externalId, "corbado-passkeys-cognito-sms");
  });

  it("lets the SMS role publish to no SNS topic (explicit Deny), only to phone numbers", () => {
    const role = report.principals.find((p) => p.address === "aws_iam_role.cognito_sms");
    assert.ok(role);
    const sns = role.matrix.counts.find((c) => c.service === "sns");
    assert.ok(sns, "sns simulated");
    assert.equal(sns.explicitlyDenied, 1, "publishing to the neighbour topic is explicitly denied");
    assert.ok(!rows(role.matrix).some((r) => r.includes(":sns:")), "no topic ARN is allowed");
  });

  it("lets only the Lambda service assume the function roles", () => {
    const notLambda = ["aws_iam_role.corbado_actions", "aws_iam_role.cognito_sms"];
    for (const p of report.principals.filter((x) => !notLambda.includes(x.address))) {
      assert.deepEqual(
        p.trust.filter((t) => t.result === "Allowed").map((t) => t.principal),
        ["lambda.amazonaws.com"],
        key(p),
      );
      assert.ok(p.trust.length >= 4, `${key(p)}: the trust policy is tried by other callers too`);
    }
  });

  it("gives every principal a purpose and every statement a reason", () => {
    for (const p of report.principals) {
      assert.ok(p.purpose.length > 20, key(p));
      assert.ok(p.statements.length > 0, key(p));
      for (const s of p.statements) assert.ok(s.reason.length > 20, `${key(p)} ${s.sid}`);
    }
  });

  it("reads each policy from the local its resource encodes, and the verify trigger's Decrypt from its key's policy", () => {
    assert.equal(
      module.blocks.resource!.aws_iam_role_policy!.corbado_actions!.policy,
      "${jsonencode(local.corbado_actions_policy)}",
    );
    const verify = report.principals.find((p) => key(p) === "aws_iam_role.verify_auth_challenge [create, create-sms]");
    assert.ok(verify);
    assert.deepEqual(
      verify.statements.map((s) => `${s.policy} ${s.sid}`),
      [
        "aws_iam_role_policy.verify_auth_challenge WriteOwnLogGroup",
        "aws_iam_role_policy.verify_auth_challenge ReadCorbadoSecret",
        "aws_kms_key.corbado_secret (key policy) VerifyTriggerDecryptsViaSsm",
      ],
    );
    const decrypt = verify.matrix.allowed.find((a) => a.action === "kms:Decrypt");
    assert.match(decrypt?.grantedBy.join() ?? "", /^key policy, by itself/);
    const external = report.principals.find((p) => key(p) === "aws_iam_role.verify_auth_challenge [external]");
    assert.match(
      external?.matrix.allowed.find((a) => a.action === "kms:Decrypt")?.grantedBy.join() ?? "",
      /^identity policy, with the key policy's account statement/,
    );
  });

  it("detects a key policy that lets verify's role decrypt for any parameter (the key policy alone decides)", async () => {
    /** verify's KMS requests in the create scenario, with a second SecureString in the catalogue. */
    const kmsRows = async (audited: AuditedModule) => {
      const scenario = await scenarioOf(audited, SCENARIOS[0]!);
      const principals = collectPrincipals(scenario);
      const verify = principals.find((p) => p.address === "aws_iam_role.verify_auth_challenge");
      assert.ok(verify);
      const other = { arn: `arn:aws:ssm:${R}:${A}:parameter/other-app/api-secret`, label: "another secret" };
      const resources = [...catalogue(scenario, principals), { ...other, kind: "neighbour" as const }];
      return rows(await accessMatrix(verify, resources, collectResourcePolicies(scenario, principals), ["kms"]));
    };
    const viaOther = `kms:Decrypt | ${keyArn} | via SSM for another secret`;
    assert.ok(!(await kmsRows(module)).includes(viaOther), "the module's key policy binds Decrypt to the secret");
    const widened = clone(module);
    const statement = localStatements(widened, "corbado_secret_key_policy").find(
      (s) => s.Sid === "VerifyTriggerDecryptsViaSsm",
    );
    assert.ok(statement);
    delete (statement.Condition as { StringEquals: Record<string, string> }).StringEquals[
      "kms:EncryptionContext:PARAMETER_ARN"
    ];
    assert.ok((await kmsRows(widened)).includes(viaOther), "the tampered key policy lets SSM decrypt another secret");
  });

  it("detects a policy widened to every pool (the simulation can fail)", async () => {
    const widened = clone(module);
    const statement = localStatements(widened, "corbado_actions_policy")[0]!;
    assert.deepEqual(statement.Resource, ["${local.user_pool_arn}"], "fixture as expected");
    statement.Resource = ["arn:aws:cognito-idp:*:*:userpool/*"];
    const matrix = await matrixOf(widened, "aws_iam_role.corbado_actions");
    assert.notDeepEqual(
      rows(matrix),
      expectedAllowed(keyArn)["aws_iam_role.corbado_actions [create, external]"]!.sort(),
    );
    assert.ok(rows(matrix).includes(`cognito-idp:AdminGetUser | ${NEIGHBOUR_POOL} | `));
  });

  it("detects a policy widened by an action wildcard", async () => {
    const widened = clone(module);
    const statement = localStatements(widened, "corbado_actions_policy")[0]!;
    statement.Action = statement.Action.map((a) => (a === "cognito-idp:AdminGetUser" ? "cognito-idp:Admin*" : a));
    const matrix = await matrixOf(widened, "aws_iam_role.corbado_actions");
    assert.ok(rows(matrix).includes(`cognito-idp:AdminDeleteUser | ${POOL} | `));
  });

  it("detects a trust policy that no longer requires the external id", async () => {
    const widened = clone(module);
    delete localStatements(widened, "corbado_actions_trust_policy")[0]!.Condition;
    const principal = collectPrincipals(await scenarioOf(widened, SCENARIOS[0]!)).find(
      (p) => p.address === "aws_iam_role.corbado_actions",
    );
    assert.ok(principal);
    const cases = await trustMatrix(principal);
    const withoutId = cases.find((t) => t.principal === EXAMPLE.corbadoActionsPrincipalArn && t.externalId === null);
    assert.equal(withoutId?.result, "Allowed");
  });

  it("fails loudly on a reference it cannot resolve to an example ARN", async () => {
    const broken = clone(module);
    localStatements(broken, "create_auth_challenge_policy")[0]!.Resource = ["${aws_s3_bucket.logs.arn}"];
    const scenario = await scenarioOf(broken, SCENARIOS[0]!);
    assert.throws(() => collectPrincipals(scenario), /aws_s3_bucket\.logs, which the module does not declare/);
  });

  it("refuses a statement that comes without a reason", async () => {
    const unexplained = clone(module);
    localStatements(unexplained, "create_auth_challenge_policy")[0]!.Sid = "SomethingNew";
    await assert.rejects(runAudit(unexplained, [SCENARIOS[0]!]), /"SomethingNew" has no reason/);
  });

  it("matches the committed docs/iam-report.md and docs/iam-report.json (regenerate with npm run audit:iam)", () => {
    const read = (file: string) => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return "(missing)";
      }
    };
    // assert.ok, not assert.equal: a stale report should say so, not print two 50 kB strings.
    assert.ok(read(REPORT_MD) === renderMarkdown(report), "docs/iam-report.md is stale: run npm run audit:iam");
    assert.ok(read(REPORT_JSON) === renderJson(report), "docs/iam-report.json is stale: run npm run audit:iam");
  });

  it("keeps the AGPL simulator a development dependency that no Lambda function imports", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    for (const name of ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-expand", "@cloud-copilot/iam-utils"]) {
      assert.ok(pkg.devDependencies?.[name], `${name} is a devDependency`);
      assert.equal(pkg.dependencies?.[name], undefined, `${name} is not a runtime dependency`);
    }
    const sources = readdirSync(path.join(REPO_ROOT, "functions"), { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    );
    assert.ok(sources.length > 10, "found the functions' sources");
    for (const file of sources) {
      assert.doesNotMatch(readFileSync(path.join(REPO_ROOT, "functions", file), "utf8"), /@cloud-copilot\//, file);
    }
  });

  it("carries no generation timestamp, so CI can regenerate and compare", () => {
    assert.doesNotMatch(renderMarkdown(report), /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});
