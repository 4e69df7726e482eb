import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { DEPLOYER_STATEMENTS_BY_RESOURCE_TYPE } from "../policies/people";
import { runAudit, type AuditReport, type PrincipalReport } from "./audit";
import { findings } from "./findings";
import { generateReport, REPO_ROOT, staleFiles } from "./iam-report";
import { EXAMPLE } from "./module-model";
import {
  CALLER_KMS_KEY_ARN,
  MODULE_JSON,
  readModuleJson,
  SCENARIOS,
  scenarioOf,
  type AuditedModule,
} from "./module-source";
import { PEOPLE } from "./people";
import { collectPrincipals, collectResourcePolicies, type PolicyDoc } from "./principals";
import { assemble, renderMarkdown, type ReportDocument } from "./render";
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

/** X-Ray trace writes (tracing_mode set, the attach scenario): no resource-level permissions in X-Ray. */
const XRAY = ["xray:PutTelemetryRecords | * | ", "xray:PutTraceSegments | * | "];

/** post-append counts a passkey added (counter items only). */
function COUNT_PASSKEYS_ADDED(): string[] {
  return pair(
    "dynamodb:UpdateItem",
    `arn:aws:dynamodb:${R}:${A}:table/corbado-passkeys-aggregates`,
    "table",
    "counter item (pk counters#0)",
  );
}

/** The actions role: look users up in the one pool; set an MFA preference only with mfa_after_passkey = sms. */
const ACTIONS_LOOKUP = [
  ...COUNT_PASSKEYS_ADDED(),
  ...pair("cognito-idp:AdminGetUser", POOL, "userpool"),
  ...pair("cognito-idp:ListUsers", POOL, "userpool"),
  ...CALLER_IDENTITY,
];
const ACTIONS_MFA = pair("cognito-idp:AdminSetUserMFAPreference", POOL, "userpool");

const TABLE_ARN = (name: string) => `arn:aws:dynamodb:${R}:${A}:table/corbado-passkeys-${name}`;
/** A table action the API may take on the items it writes (one simulated key each); never without a key. */
const onItems = (action: string, name: string, ...contexts: string[]) =>
  contexts.flatMap((context) => pair(action, TABLE_ARN(name), "table", context));
const COUNTER_ITEM = "counter item (pk counters#0)";
const AUDIT_ITEMS = ["audit entry (pk audit#<month>)", "settings history (pk settings-history)"];

/** The admin API without the console: its logs and the login settings (GET /v1/public/login-config). */
const ADMIN_BASE = [...ownLogs("admin-api"), ...pair("ssm:GetParameter", SETTINGS, "parameter"), ...CALLER_IDENTITY];

/** With the console: the customer pool's users, the settings written, the secret, exactly its table actions. */
function adminConsole(keyArn: string): string[] {
  return [
    ...pair("cognito-idp:AdminGetUser", POOL, "userpool"),
    ...pair("cognito-idp:DescribeUserPool", POOL, "userpool"),
    ...pair("cognito-idp:ListUsers", POOL, "userpool"),
    ...onItems("dynamodb:BatchGetItem", "aggregates", COUNTER_ITEM),
    ...onItems("dynamodb:PutItem", "audit", ...AUDIT_ITEMS),
    ...onItems("dynamodb:Query", "aggregates", COUNTER_ITEM),
    ...onItems("dynamodb:Query", "audit", ...AUDIT_ITEMS),
    // Its own rate-limit and lock items only: a counter item, or the self-service route's, is denied.
    ...onItems(
      "dynamodb:UpdateItem",
      "aggregates",
      "passkey-delete rate limit (pk ratelimit#passkey-delete#<admin>)",
      "settings lock (pk settings-lock)",
    ),
    ...decrypt(keyArn),
    ...ownLogs("admin-api"),
    `ssm:GetParameter | ${SECRET} | `,
    `ssm:GetParameter | ${SETTINGS} | `,
    `ssm:GetParameter | pattern (parameter): ${SECRET} | `,
    `ssm:GetParameter | pattern (parameter): ${SETTINGS} | `,
    ...pair("ssm:PutParameter", SETTINGS, "parameter"),
    ...CALLER_IDENTITY,
  ];
}

/** The self-service route: one user of the customer pool, the secret, its rate-limit items. */
function selfService(keyArn: string): string[] {
  return [
    ...pair("cognito-idp:AdminGetUser", POOL, "userpool"),
    // Its own rate-limit items only: a counter item, or the admin API's, is denied.
    ...onItems("dynamodb:UpdateItem", "aggregates", "self-service rate limit (pk ratelimit#self-service#<user>)"),
    ...decrypt(keyArn),
    ...ownLogs("self-service"),
    ...pair("ssm:GetParameter", SECRET, "parameter"),
    ...CALLER_IDENTITY,
  ];
}
/** The adoption writers: add to counter items of the aggregates table; verify also puts first-login markers. */
const AGGREGATES = `arn:aws:dynamodb:${R}:${A}:table/corbado-passkeys-aggregates`;
const COUNT = pair("dynamodb:UpdateItem", AGGREGATES, "table", "counter item (pk counters#0)");
const MARK = pair("dynamodb:PutItem", AGGREGATES, "table", "first-login marker (pk passkey-user#<sha256>)");

/**
 * Exactly what each role of the module may do, per set of scenarios in which it differs. A change that widens (or
 * narrows) a permission fails here. The example boundary (boundary scenario) allows all of this, so the boundary
 * variants allow exactly what create-sms's do; root-principal changes only who may assume the actions role.
 */
function expectedAllowed(keyArn: string): Record<string, string[]> {
  const verify = [
    ...decrypt(keyArn),
    ...COUNT,
    ...MARK,
    ...ownLogs("verify-auth-challenge"),
    ...pair("ssm:GetParameter", SECRET, "parameter"),
    ...CALLER_IDENTITY,
  ];
  const define = [
    ...COUNT,
    ...ownLogs("define-auth-challenge"),
    ...pair("ssm:GetParameter", SETTINGS, "parameter"),
    ...CALLER_IDENTITY,
  ];
  const postAuthentication = [...COUNT, ...ownLogs("post-authentication"), ...CALLER_IDENTITY];
  const create = [...ownLogs("create-auth-challenge"), ...CALLER_IDENTITY];
  // SMS to phone numbers: a request on "*"; the probe shows every topic ARN explicitly denied.
  const sms = ["sns:Publish | pattern (topic): * | ", ...CALLER_IDENTITY];
  return {
    "aws_iam_role.corbado_actions [create, console]": ACTIONS_LOOKUP,
    "aws_iam_role.corbado_actions [external, console-external]": ACTIONS_LOOKUP,
    "aws_iam_role.corbado_actions [attach, create-sms]": [...ACTIONS_LOOKUP, ...ACTIONS_MFA],
    "aws_iam_role.corbado_actions [root-principal]": ACTIONS_LOOKUP,
    "aws_iam_role.corbado_actions [boundary]": [...ACTIONS_LOOKUP, ...ACTIONS_MFA],
    "aws_iam_role.verify_auth_challenge [create, create-sms, root-principal, console]": verify,
    // The caller's key (default key policy): IAM alone decides, and the encryption context binds it to the secret.
    "aws_iam_role.verify_auth_challenge [external, console-external]": [
      `kms:Decrypt | ${CALLER_KMS_KEY_ARN} | via SSM for aws_ssm_parameter.corbado_secret`,
      ...COUNT,
      ...MARK,
      ...ownLogs("verify-auth-challenge"),
      ...pair("ssm:GetParameter", SECRET, "parameter"),
      ...CALLER_IDENTITY,
    ],
    "aws_iam_role.verify_auth_challenge [attach]": [...VPC_ACCESS, ...verify, ...XRAY],
    "aws_iam_role.verify_auth_challenge [boundary]": verify,
    "aws_iam_role.pool_attach [attach]": [
      ...pair("cognito-idp:DescribeUserPool", POOL, "userpool"),
      ...pair("cognito-idp:GetUserPoolMfaConfig", POOL, "userpool"),
      ...pair("cognito-idp:UpdateUserPool", POOL, "userpool"),
      ...pair("iam:PassRole", SMS_ROLE, "role", "passed to cognito-idp.amazonaws.com"),
      ...ownLogs("pool-attach"),
      ...CALLER_IDENTITY,
      ...XRAY,
    ],
    "aws_iam_role.define_auth_challenge [create, create-sms, root-principal, console]": define,
    "aws_iam_role.define_auth_challenge [external, console-external]": define,
    "aws_iam_role.define_auth_challenge [attach]": [...VPC_ACCESS, ...define, ...XRAY],
    "aws_iam_role.define_auth_challenge [boundary]": define,
    "aws_iam_role.post_authentication [create, create-sms, root-principal, console]": postAuthentication,
    "aws_iam_role.post_authentication [attach]": [...VPC_ACCESS, ...postAuthentication, ...XRAY],
    "aws_iam_role.post_authentication [boundary]": postAuthentication,
    "aws_iam_role.create_auth_challenge [create, external, create-sms, root-principal, console, console-external]":
      create,
    "aws_iam_role.create_auth_challenge [attach]": [...VPC_ACCESS, ...create, ...XRAY],
    "aws_iam_role.create_auth_challenge [boundary]": create,
    "aws_iam_role.cognito_sms [create-sms]": sms,
    // The admin API reads the secret, and anything of the tables, only with the console.
    "aws_iam_role.admin_api [create, external, create-sms, root-principal]": ADMIN_BASE,
    "aws_iam_role.admin_api [attach]": [...ADMIN_BASE, ...XRAY],
    "aws_iam_role.admin_api [boundary]": ADMIN_BASE,
    "aws_iam_role.admin_api [console]": adminConsole(keyArn),
    "aws_iam_role.admin_api [console-external]": adminConsole(CALLER_KMS_KEY_ARN),
    "aws_iam_role.self_service [console]": selfService(keyArn),
    "aws_iam_role.self_service [console-external]": selfService(CALLER_KMS_KEY_ARN),
    "aws_iam_role.cognito_sms [boundary]": sms,
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
async function matrixOf(module: AuditedModule, address: string, boundary?: PolicyDoc): Promise<AccessMatrix> {
  const scenario = await scenarioOf(module, SCENARIOS[0]!);
  const principals = collectPrincipals(scenario);
  const principal = principals.find((p) => p.address === address);
  assert.ok(principal, `${address} in the create scenario`);
  return accessMatrix(
    principal,
    catalogue(scenario, principals),
    collectResourcePolicies(scenario, principals),
    ["cognito-idp"],
    boundary,
  );
}

const modulePrincipals = (report: AuditReport) => report.principals.filter((p) => p.kind === "module");
const variantsOf = (report: AuditReport, address: string) => report.principals.filter((p) => p.address === address);

describe("IAM report: least privilege, simulated", () => {
  let module: AuditedModule;
  let report: AuditReport;
  let doc: ReportDocument;
  let keyArn: string;

  before(async () => {
    module = readModuleJson();
    report = await runAudit(module);
    doc = await assemble(report);
    const key = report.resources.find((r) => r.label === "aws_kms_key.corbado_secret");
    assert.ok(key, "the module's KMS key is in the resource table");
    keyArn = key.arn;
  });

  it("covers every role the module deploys, once per set of scenarios in which it may do something different", () => {
    assert.deepEqual(modulePrincipals(report).map(key).sort(), Object.keys(expectedAllowed(keyArn)).sort());
  });

  it("allows each principal exactly the expected requests and nothing more", () => {
    const expected = expectedAllowed(keyArn);
    for (const p of modulePrincipals(report)) {
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

  it("lets no principal make a DynamoDB item request without a partition key, though each reaches its own items", () => {
    const items = modulePrincipals(report).filter((p) =>
      p.matrix.allowed.some((a) => a.action.startsWith("dynamodb:")),
    );
    assert.deepEqual(
      [...new Set(items.map((p) => p.address))].sort(),
      [
        "aws_iam_role.admin_api",
        "aws_iam_role.corbado_actions",
        "aws_iam_role.define_auth_challenge",
        "aws_iam_role.post_authentication",
        "aws_iam_role.self_service",
        "aws_iam_role.verify_auth_challenge",
      ],
      "control: every role with table access is simulated with keys",
    );
    for (const p of report.principals)
      for (const a of p.matrix.allowed)
        assert.notEqual(a.context, "no partition key", `${key(p)} may ${a.action} on ${a.resource} without a key`);
  });

  it("never lets a principal reach a neighbour: another pool, parameter, key, log group, role or function", () => {
    const neighbours = report.resources.filter((r) => r.kind === "neighbour").map((r) => r.arn);
    for (const p of modulePrincipals(report)) {
      for (const a of p.matrix.allowed) {
        assert.ok(!neighbours.includes(a.resource), `${key(p)} may ${a.action} on neighbour ${a.resource}`);
      }
    }
  });

  it("lets verify's role decrypt through SSM only for the Corbado secret, never another parameter under the same key", () => {
    const verify = variantsOf(report, "aws_iam_role.verify_auth_challenge");
    assert.ok(verify.length >= 2, "verify in every scenario");
    for (const p of verify) {
      const decrypts = p.matrix.allowed.filter((a) => a.action === "kms:Decrypt").map((a) => a.context);
      assert.deepEqual(decrypts, ["via SSM for aws_ssm_parameter.corbado_secret"], key(p));
    }
  });

  it("lets only Corbado's principal with the right external id and an action's session name assume the actions role", () => {
    const role = variantsOf(report, "aws_iam_role.corbado_actions").find((p) => p.scenarios.includes("create"));
    assert.ok(role);
    assert.equal(role.maxSessionDuration, 3600);
    assert.deepEqual(
      role.trust.map((t) => `${t.case}: ${t.result}`),
      [
        "another AWS service: ImplicitlyDenied",
        "the trusted principal with the right external id: Allowed",
        "the trusted principal with a wrong external id: ImplicitlyDenied",
        "the trusted principal without an external id: ImplicitlyDenied",
        "the trusted principal, right external id, under a session name no action uses: ImplicitlyDenied",
        "another role in the trusted principal's account, right external id: ImplicitlyDenied",
        "a role in a third account, right external id: ImplicitlyDenied",
        "another role in the customer's own account, right external id: ImplicitlyDenied",
      ],
    );
    const allowed = role.trust.find((t) => t.result === "Allowed");
    assert.equal(allowed?.principal, EXAMPLE.corbadoActionsPrincipalArn);
    assert.equal(allowed?.externalId, EXAMPLE.corbadoExternalId);
    assert.equal(allowed?.sessionName, "corbado-pre-login");
  });

  it("shows that allow_account_root_principal trusts every role of Corbado's account, and says so on the first page", () => {
    const rooted = variantsOf(report, "aws_iam_role.corbado_actions").find((p) =>
      p.scenarios.includes("root-principal"),
    );
    assert.ok(rooted);
    assert.deepEqual(rooted.scenarios, ["root-principal"]);
    assert.equal(
      rooted.trust.find((t) => t.case.startsWith("another role in the trusted principal's account"))?.result,
      "Allowed",
    );
    assert.equal(rooted.trust.find((t) => t.case.includes("without an external id"))?.result, "ImplicitlyDenied");
    const finding = doc.findings.find((f) => f.id === "vendor-account-root");
    assert.equal(finding?.severity, "high");
    assert.equal(finding?.evidence, `#${rooted.id}`);
  });

  it("lets Cognito assume the SMS role for the module's pool, and shows (and reports) that another pool of the account could too", () => {
    const role = variantsOf(report, "aws_iam_role.cognito_sms").find((p) => p.scenarios.includes("create-sms"));
    assert.ok(role, "the create-sms scenario deploys the SMS role");
    assert.deepEqual(
      role.trust.map((t) => `${t.case}: ${t.result}`),
      [
        "the trusted service cognito-idp.amazonaws.com for the module's pool, right external id: Allowed",
        "the trusted service cognito-idp.amazonaws.com for the module's pool, wrong external id: ImplicitlyDenied",
        "the trusted service cognito-idp.amazonaws.com for the module's pool, no external id: ImplicitlyDenied",
        "the trusted service cognito-idp.amazonaws.com for another pool in this account, right external id: Allowed",
        "the trusted service cognito-idp.amazonaws.com for a pool in a third account, right external id: ImplicitlyDenied",
        "another AWS service: ImplicitlyDenied",
        "a role in a third account, right external id: ImplicitlyDenied",
        "another role in the customer's own account, right external id: ImplicitlyDenied",
      ],
    );
    assert.equal(role.trust[0]?.externalId, "corbado-passkeys-cognito-sms");
    assert.ok(doc.findings.some((f) => f.id === "sms-role-any-pool-of-account" && f.severity === "warning"));
  });

  it("resolves the SMS role's sns:Publish pattern with a probe: only a request without a topic, every topic explicitly denied", () => {
    const role = variantsOf(report, "aws_iam_role.cognito_sms")[0]!;
    const sns = role.matrix.counts.find((c) => c.service === "sns");
    assert.ok(sns, "sns simulated");
    assert.equal(sns.explicitlyDenied, 1, "publishing to the neighbour topic is explicitly denied");
    const publish = role.matrix.allowed.find((a) => a.action === "sns:Publish");
    assert.deepEqual(publish?.probe, { arn: `arn:aws:sns:${R}:${A}:audit-probe`, result: "ExplicitlyDenied" });
    assert.match(publish?.resourceLabel ?? "", /^only a request without a topic ARN .*explicitly denied$/);
    assert.ok(!rows(role.matrix).some((r) => r.includes(":sns:")), "no topic ARN is allowed");
  });

  it("keeps a pattern that reaches real resources as such: the probe of a log group's streams is allowed", () => {
    const create = variantsOf(report, "aws_iam_role.create_auth_challenge")[0]!;
    const stream = create.matrix.allowed.find(
      (a) => a.action === "logs:PutLogEvents" && a.resource.startsWith("pattern"),
    );
    assert.equal(stream?.probe?.result, "Allowed");
    assert.deepEqual(create.summary.actions.find((a) => a.action === "logs:PutLogEvents")?.on, [
      "any log-stream of aws_cloudwatch_log_group.create_auth_challenge",
    ]);
  });

  it("lets only the Lambda service assume the function roles", () => {
    const notLambda = ["aws_iam_role.corbado_actions", "aws_iam_role.cognito_sms"];
    for (const p of modulePrincipals(report).filter((x) => !notLambda.includes(x.address))) {
      assert.deepEqual(
        p.trust.filter((t) => t.result === "Allowed").map((t) => t.principal),
        ["lambda.amazonaws.com"],
        key(p),
      );
      assert.ok(p.trust.length >= 4, `${key(p)}: the trust policy is tried by other callers too`);
    }
  });

  it("simulates the boundary scenario under the example boundary, and a boundary can only take away", async () => {
    for (const p of report.principals.filter((x) => x.scenarios.includes("boundary") && x.kind === "module"))
      assert.match(p.permissionsBoundary ?? "", /example-workload-boundary$/, key(p));
    const denyListUsers: PolicyDoc = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "All", Effect: "Allow", Action: "*", Resource: "*" },
        { Sid: "NoListing", Effect: "Deny", Action: "cognito-idp:ListUsers", Resource: "*" },
      ],
    };
    const without = rows(await matrixOf(module, "aws_iam_role.corbado_actions"));
    const bounded = rows(await matrixOf(module, "aws_iam_role.corbado_actions", denyListUsers));
    assert.ok(without.includes(`cognito-idp:ListUsers | ${POOL} | `), "control: ListUsers without the boundary");
    assert.deepEqual(
      bounded,
      without.filter((r) => !r.startsWith("cognito-idp:ListUsers")),
      "the boundary removes ListUsers and nothing else",
    );
  });

  it("simulates the Lambda resource policies: Cognito only for the module's pool, the account's principals by their own policies", () => {
    const all = report.resourcePolicies.filter((r) => r.kind === "Lambda resource policy" && r.document !== null);
    assert.deepEqual(all.map((r) => r.label).sort(), [
      "aws_lambda_function.admin_api",
      "aws_lambda_function.create_auth_challenge",
      "aws_lambda_function.define_auth_challenge",
      "aws_lambda_function.post_authentication",
      "aws_lambda_function.self_service",
      "aws_lambda_function.verify_auth_challenge",
    ]);
    // The API functions: API Gateway for the module's HTTP API only, never Cognito.
    const apis = all.filter((r) => /admin_api|self_service/.test(r.label));
    for (const r of apis) {
      assert.deepEqual(
        r.cases.filter((c) => c.case.startsWith("Cognito")).map((c) => c.result),
        ["ImplicitlyDenied", "ImplicitlyDenied", "ImplicitlyDenied"],
        r.label,
      );
      assert.deepEqual(r.document?.Statement[0]?.Principal, { Service: "apigateway.amazonaws.com" });
      assert.match(
        JSON.stringify(r.document?.Statement[0]?.Condition),
        new RegExp(`^\\{"ArnLike":\\{"AWS:SourceArn":"arn:aws:execute-api:${R}:${A}:[0-9a-f]+/\\*/\\*"\\}\\}$`),
      );
    }
    const lambda = all.filter((r) => !apis.includes(r));
    for (const r of lambda) {
      assert.deepEqual(
        r.cases.map((c) => `${c.case}: ${c.result}`),
        [
          "Cognito, for the module's pool: Allowed",
          "Cognito, for another pool in this account: ImplicitlyDenied",
          "Cognito, for a pool in a third account: ImplicitlyDenied",
          "another AWS service: ImplicitlyDenied",
          "a role in this account whose IAM policy allows lambda:InvokeFunction on *: Allowed",
          "a role in this account with no Lambda permission of its own: ImplicitlyDenied",
          "a role in a third account whose IAM policy allows lambda:InvokeFunction on *: ImplicitlyDenied",
        ],
        r.label,
      );
      assert.deepEqual(r.document?.Statement[0]?.Condition, {
        StringEquals: { "AWS:SourceAccount": A },
        ArnLike: { "AWS:SourceArn": POOL },
      });
    }
  });

  it("simulates the key policy: its named role only as it says, the account's principals by their own policies", () => {
    const keyPolicy = report.resourcePolicies.find((r) => r.kind === "key policy");
    assert.ok(keyPolicy);
    assert.deepEqual(
      keyPolicy.cases.map((c) => `${c.case}: ${c.result}`),
      [
        "the role the key policy names, through SSM, for the Corbado secret: Allowed",
        "the same role, through SSM, for another parameter under this key: ImplicitlyDenied",
        "the same role, calling KMS directly: ImplicitlyDenied",
        "a role in this account with no KMS permission of its own: ImplicitlyDenied",
        "a role in this account whose IAM policy allows kms:Decrypt on *: Allowed",
        "a role in this account whose IAM policy allows kms:PutKeyPolicy on *: Allowed",
        "a role in a third account whose IAM policy allows kms:Decrypt on *: ImplicitlyDenied",
      ],
    );
    assert.ok(
      doc.findings.some((f) => f.id === "key-account-statement"),
      "the account statement's meaning is a finding",
    );
  });

  it("pins every role to exactly its own inline policies and no managed policy, and reports a role that is not", async () => {
    for (const p of modulePrincipals(report)) {
      assert.deepEqual(p.pinned, { inline: p.policies.map((x) => x.name).sort(), attachments: [] }, key(p));
    }
    assert.ok(doc.findings.some((f) => f.id === "roles-pinned"));
    const loose = clone(module);
    delete loose.blocks.resource!.aws_iam_role_policies_exclusive!.define_auth_challenge;
    const tampered = await runAudit(loose, [SCENARIOS[0]!]);
    const finding = findings(tampered).find((f) => f.id === "roles-not-pinned");
    assert.equal(finding?.severity, "high");
    assert.match(finding?.text ?? "", /define-auth-challenge/);
  });

  it("gives every principal a purpose and a risk tier, and every statement a reason", () => {
    for (const p of report.principals) {
      assert.ok(p.purpose.length > 20, key(p));
      assert.ok(["high", "medium", "low"].includes(p.risk.tier), key(p));
      assert.ok(p.statements.length > 0, key(p));
      for (const s of p.statements) assert.ok(s.reason.length > 20, `${key(p)} ${s.sid}`);
    }
  });

  it("counts distinct actions in the summary, not requests, and leaves out what needs no permission", () => {
    const actions = doc.summary.find(
      (s) => s.principalId === variantsOf(report, "aws_iam_role.corbado_actions")[0]!.id,
    );
    assert.deepEqual(actions?.actions, ["cognito-idp:AdminGetUser", "cognito-idp:ListUsers", "dynamodb:UpdateItem"]);
    assert.deepEqual(actions?.on, [
      "aws_dynamodb_table.aggregates (counter item (pk counters#0))",
      "the module's pool",
    ]);
    assert.equal(
      variantsOf(report, "aws_iam_role.corbado_actions")[0]!.matrix.allowed.length,
      7,
      "control: 7 requests",
    );
  });

  it("gives people least privilege: the secret operator cannot read the secret back, the deployer never decrypts", () => {
    const duty = (name: string) => doc.separationOfDuties.find((d) => d.duty === name)!.by;
    assert.deepEqual(duty("read the Corbado secret in clear"), {
      "Corbado actions role (vendor access)": "no",
      "verify-auth-challenge trigger": "yes",
      // The APIs mint connect tokens with it: the admin API only with the console.
      "admin API": "yes (console, console-external)",
      "self-service route": "yes",
      "pool-attach step": "no",
      "define-auth-challenge trigger": "no",
      "post-authentication trigger (count_all_logins)": "no",
      "create-auth-challenge trigger": "no",
      "SMS role of the created pool": "no",
      "Terraform deployer (pipeline)": "no",
      "Secret operator": "no",
      "Kill-switch operator": "no",
      "Evidence reader (auditor, live drift check)": "no",
    });
    assert.equal(duty("replace the Corbado secret")["Secret operator"], "yes");
    assert.equal(duty("flip the kill switch")["Kill-switch operator"], "yes");
    assert.equal(duty("flip the kill switch")["Secret operator"], "no");
    assert.equal(
      duty("change the key policy")["Terraform deployer (pipeline)"],
      "yes (create, attach, create-sms, root-principal, console, boundary)",
    );
    const reader = report.principals.filter((p) => p.address === "person.evidence-reader");
    for (const p of reader)
      for (const s of p.summary.actions) assert.ok(["Read", "List"].includes(s.level), `${s.action} is read-only`);
  });

  it("gives the deployer a statement for every resource type the module declares", async () => {
    const types = new Set(Object.keys(module.blocks.resource ?? {}));
    assert.deepEqual(
      [...types].filter((t) => !(t in DEPLOYER_STATEMENTS_BY_RESOURCE_TYPE)),
      [],
    );
    const deployer = PEOPLE.find((p) => p.id === "terraform-deployer")!;
    for (const spec of SCENARIOS) {
      const scenario = await scenarioOf(module, spec);
      const sids = deployer.policy(scenario)!.Statement.map((s) => s.Sid);
      for (const type of types) {
        if (scenario.existing(type).length === 0) continue;
        // A pool in external or attach mode is the console's: its own statement covers it.
        const consolePoolOnly = type === "aws_cognito_user_pool" && scenario.variables.pool_mode !== "create";
        const needed = consolePoolOnly ? ["DeployerManagesConsolePool"] : DEPLOYER_STATEMENTS_BY_RESOURCE_TYPE[type]!;
        for (const sid of needed)
          if (!(type === "aws_kms_key" && scenario.variables.create_kms_key === false))
            assert.ok(sids.includes(sid), `${spec.name}: ${type} needs ${sid}`);
      }
    }
  });

  it("reads each policy from the local its resource encodes, and the verify trigger's Decrypt from its key's policy", () => {
    assert.equal(
      module.blocks.resource!.aws_iam_role_policy!.corbado_actions!.policy,
      "${jsonencode(local.corbado_actions_policy)}",
    );
    const verify = report.principals.find(
      (p) => key(p) === "aws_iam_role.verify_auth_challenge [create, create-sms, root-principal, console]",
    );
    assert.ok(verify);
    assert.deepEqual(
      verify.statements.map((s) => `${s.policy} ${s.sid}`),
      [
        "aws_iam_role_policy.verify_auth_challenge WriteOwnLogGroup",
        "aws_iam_role_policy.verify_auth_challenge ReadCorbadoSecret",
        "aws_iam_role_policy.verify_auth_challenge CountAdoption",
        "aws_iam_role_policy.verify_auth_challenge MarkFirstPasskeyLogin",
        "aws_kms_key.corbado_secret (key policy) VerifyTriggerDecryptsViaSsm",
      ],
    );
    const decrypt = verify.matrix.allowed.find((a) => a.action === "kms:Decrypt");
    assert.match(decrypt?.grantedBy.join() ?? "", /^key policy alone/);
    const external = report.principals.find(
      (p) => key(p) === "aws_iam_role.verify_auth_challenge [external, console-external]",
    );
    assert.match(
      external?.matrix.allowed.find((a) => a.action === "kms:Decrypt")?.grantedBy.join() ?? "",
      /^identity policy through the key policy's account statement/,
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
      expectedAllowed(keyArn)["aws_iam_role.corbado_actions [create, console]"]!.sort(),
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

  it("detects a trust policy that no longer requires the external id or the session name", async () => {
    for (const dropped of ["sts:ExternalId", "sts:RoleSessionName"]) {
      const widened = clone(module);
      const condition = localStatements(widened, "corbado_actions_trust_policy")[0]!.Condition as {
        StringEquals: Record<string, unknown>;
      };
      delete condition.StringEquals[dropped];
      const principal = collectPrincipals(await scenarioOf(widened, SCENARIOS[0]!)).find(
        (p) => p.address === "aws_iam_role.corbado_actions",
      );
      assert.ok(principal);
      const cases = await trustMatrix(principal);
      const loose = cases.find((t) =>
        dropped === "sts:ExternalId"
          ? t.principal === EXAMPLE.corbadoActionsPrincipalArn && t.externalId === null
          : t.case.includes("session name no action uses"),
      );
      assert.equal(loose?.result ?? "Allowed", "Allowed", dropped);
    }
  });

  it("fails loudly on a reference it cannot resolve to an example ARN", async () => {
    const broken = clone(module);
    localStatements(broken, "create_auth_challenge_policy")[0]!.Resource = ["${aws_s3_bucket.logs.arn}"];
    const scenario = await scenarioOf(broken, SCENARIOS[0]!);
    assert.throws(() => collectPrincipals(scenario), /aws_s3_bucket\.logs, which the module does not declare/);
  });

  it("refuses a statement that comes without a reason, and a role that is not declared", async () => {
    const unexplained = clone(module);
    localStatements(unexplained, "create_auth_challenge_policy")[0]!.Sid = "SomethingNew";
    await assert.rejects(runAudit(unexplained, [SCENARIOS[0]!]), /"SomethingNew" has no reason/);
    const undeclared = clone(module);
    const roles = undeclared.blocks.resource!.aws_iam_role!;
    roles.mystery_role = { ...roles.create_auth_challenge!, name: "corbado-passkeys-mystery" };
    await assert.rejects(runAudit(undeclared, [SCENARIOS[0]!]), /mystery_role is not declared/);
  });

  it("agrees with the matrices on every row it asks AWS's simulator to reproduce", () => {
    assert.ok(doc.awsSimulator.rows.length >= 20);
    for (const row of doc.awsSimulator.rows) {
      const p = report.principals.find((x) => x.id === row.principalId)!;
      const inMatrix = p.matrix.allowed.some(
        (a) =>
          a.action === row.action &&
          (a.resource === row.resource || (row.resource === "*" && a.resource.startsWith("pattern"))) &&
          a.context === row.contextLabel,
      );
      assert.equal(row.expected === "allowed", inMatrix, `${row.principal} ${row.action} ${row.resourceLabel}`);
    }
    const expected = doc.awsSimulator.rows.map((r) => r.expected);
    assert.ok(expected.includes("allowed") && expected.includes("implicitDeny") && expected.includes("explicitDeny"));
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
    assert.doesNotMatch(renderMarkdown(doc), /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});

describe("IAM report files: fresh, reproducible, tied to the module they describe", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "iam-report-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("matches the committed docs/iam-report.md, docs/iam-report.json, docs/controls.md and docs/iam-simulate (regenerate with npm run audit:iam)", async () => {
    // assert.deepEqual on names, not contents: a stale report should say which file, not print 500 kB.
    assert.deepEqual(staleFiles(await generateReport()), [], "stale: run npm run audit:iam");
  });

  it("names the shipped module file and the SHA-256 of every file it describes", async () => {
    const md = readFileSync(path.join(REPO_ROOT, "docs/iam-report.md"), "utf8");
    assert.match(md, /describes the Terraform module file `terraform\/main\.tf\.json`/);
    assert.doesNotMatch(md, /module-stack\.ts/, "the report describes the shipped file, not the TypeScript source");
    const files = readModuleJson().files;
    assert.ok(
      files.some((f) => f.file === "terraform/functions/pre-login.zip"),
      "the Corbado action zips too",
    );
    for (const f of files)
      assert.ok(md.includes(`\`${f.file}\` | ${f.sha256 === null ? "not hashed" : `\`${f.sha256}\``}`), f.file);
  });

  it("checks a module someone built themselves: the same sources give the same report, another zip does not", async () => {
    const copy = path.join(scratch, "module");
    cpSync(path.dirname(MODULE_JSON), copy, { recursive: true });
    assert.deepEqual(staleFiles(await generateReport(readModuleJson(path.join(copy, "main.tf.json")))), []);
    const zip = path.join(copy, "functions/verify-auth-challenge.zip");
    writeFileSync(zip, Buffer.concat([readFileSync(zip), Buffer.from([0])]));
    const changed = staleFiles(await generateReport(readModuleJson(path.join(copy, "main.tf.json"))));
    assert.ok(changed.includes("docs/iam-report.md") && changed.includes("docs/iam-report.json"), changed.join());
  });
});
