/**
 * The report's key rows for AWS's own simulator: every identity policy the report simulates, as a JSON file
 * `aws iam simulate-custom-policy --policy-input-list file://…` accepts, and a script that asks AWS for each key
 * row and compares AWS's decision with the report's. It needs only iam:SimulateCustomPolicy: nothing in the
 * account is read or changed.
 */
import type { Simulation } from "@cloud-copilot/iam-simulate";
import type { AuditReport, PrincipalReport } from "./audit";
import { BOUNDARIES } from "./module-source";
import { defaultKeyPolicy } from "./principals";
import { decideRequest, DYNAMODB_ITEM_CONTEXTS, IAM_CONTEXTS, kmsContexts, sessionArn } from "./simulate";
import { slug } from "./audit";

export const SIMULATOR_DIR = "docs/iam-simulate";

interface KeyRowSpec {
  principal: string;
  /** A scenario the principal's variant covers. */
  scenario: string;
  action: string;
  /** A catalogue label, or `*`. */
  resource: string;
  /** A context label of the matrix ("" for none). */
  context?: string;
}

/** The adoption writers' rows: a counter item allowed; a marker (verify only), another item or table denied. */
const AGGREGATES = "aws_dynamodb_table.aggregates";
const writerRows = (principal: string, scenario: string, marker: boolean): KeyRowSpec[] => [
  { principal, scenario, action: "dynamodb:UpdateItem", resource: AGGREGATES, context: "counter item (pk counters#0)" },
  {
    principal,
    scenario,
    action: "dynamodb:UpdateItem",
    resource: AGGREGATES,
    context: "another item (pk settings#lock)",
  },
  {
    principal,
    scenario,
    action: "dynamodb:UpdateItem",
    resource: "another DynamoDB table in the account",
    context: "counter item (pk counters#0)",
  },
  {
    principal,
    scenario,
    action: "dynamodb:PutItem",
    resource: AGGREGATES,
    context: "first-login marker (pk passkey-user#<sha256>)",
  },
  ...(marker
    ? [
        {
          principal,
          scenario,
          action: "dynamodb:PutItem",
          resource: AGGREGATES,
          context: "counter item (pk counters#0)",
        },
      ]
    : []),
  { principal, scenario, action: "dynamodb:GetItem", resource: AGGREGATES, context: "counter item (pk counters#0)" },
];

/** The APIs' rows: their own item allowed; a request without a partition key, or another's item, denied. */
const apiRows = (principal: string, own: string, others: string): KeyRowSpec[] =>
  [own, "no partition key", others].map((context) => ({
    principal,
    scenario: "console",
    action: "dynamodb:UpdateItem",
    resource: AGGREGATES,
    context,
  }));

/** The rows an auditor checks with AWS: what each principal must be allowed, and the nearest things it must not. */
const KEY_ROWS: readonly KeyRowSpec[] = [
  ...writerRows("aws_iam_role.verify_auth_challenge", "create", true),
  ...writerRows("aws_iam_role.define_auth_challenge", "create", false),
  ...writerRows("aws_iam_role.post_authentication", "create", false),
  ...writerRows("aws_iam_role.corbado_actions", "create", false),
  ...apiRows(
    "aws_iam_role.admin_api",
    "passkey-delete rate limit (pk ratelimit#passkey-delete#<admin>)",
    "self-service rate limit (pk ratelimit#self-service#<user>)",
  ),
  ...apiRows(
    "aws_iam_role.self_service",
    "self-service rate limit (pk ratelimit#self-service#<user>)",
    "passkey-delete rate limit (pk ratelimit#passkey-delete#<admin>)",
  ),
  {
    principal: "aws_iam_role.corbado_actions",
    scenario: "create-sms",
    action: "cognito-idp:AdminGetUser",
    resource: "the module's pool",
  },
  {
    principal: "aws_iam_role.corbado_actions",
    scenario: "create-sms",
    action: "cognito-idp:ListUsers",
    resource: "the module's pool",
  },
  {
    principal: "aws_iam_role.corbado_actions",
    scenario: "create-sms",
    action: "cognito-idp:AdminGetUser",
    resource: "another pool in the account",
  },
  {
    principal: "aws_iam_role.corbado_actions",
    scenario: "create-sms",
    action: "cognito-idp:AdminDeleteUser",
    resource: "the module's pool",
  },
  {
    principal: "aws_iam_role.corbado_actions",
    scenario: "create-sms",
    action: "cognito-idp:AdminSetUserMFAPreference",
    resource: "the module's pool",
  },
  {
    principal: "aws_iam_role.corbado_actions",
    scenario: "create",
    action: "cognito-idp:AdminSetUserMFAPreference",
    resource: "the module's pool",
  },
  {
    principal: "aws_iam_role.verify_auth_challenge",
    scenario: "create",
    action: "ssm:GetParameter",
    resource: "aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "aws_iam_role.verify_auth_challenge",
    scenario: "create",
    action: "ssm:GetParameter",
    resource: "the Corbado secret of another installation (similar name)",
  },
  {
    principal: "aws_iam_role.verify_auth_challenge",
    scenario: "create",
    action: "ssm:PutParameter",
    resource: "aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "aws_iam_role.verify_auth_challenge",
    scenario: "external",
    action: "kms:Decrypt",
    resource: "the caller's KMS key (kms_key_arn; default key policy)",
    context: "via SSM for aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "aws_iam_role.verify_auth_challenge",
    scenario: "external",
    action: "kms:Decrypt",
    resource: "the caller's KMS key (kms_key_arn; default key policy)",
    context: "via SSM for the Corbado secret of another installation (similar name)",
  },
  {
    principal: "aws_iam_role.verify_auth_challenge",
    scenario: "external",
    action: "kms:Decrypt",
    resource: "the caller's KMS key (kms_key_arn; default key policy)",
    context: "direct call",
  },
  {
    principal: "aws_iam_role.define_auth_challenge",
    scenario: "create",
    action: "ssm:GetParameter",
    resource: "aws_ssm_parameter.login_settings",
  },
  {
    principal: "aws_iam_role.define_auth_challenge",
    scenario: "create",
    action: "ssm:GetParameter",
    resource: "aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "aws_iam_role.create_auth_challenge",
    scenario: "create",
    action: "ssm:GetParameter",
    resource: "aws_ssm_parameter.login_settings",
  },
  { principal: "aws_iam_role.cognito_sms", scenario: "create-sms", action: "sns:Publish", resource: "*" },
  {
    principal: "aws_iam_role.cognito_sms",
    scenario: "create-sms",
    action: "sns:Publish",
    resource: "an SNS topic in the account (the SMS role publishes to phone numbers only)",
  },
  {
    principal: "aws_iam_role.pool_attach",
    scenario: "attach",
    action: "cognito-idp:UpdateUserPool",
    resource: "the module's pool",
  },
  {
    principal: "aws_iam_role.pool_attach",
    scenario: "attach",
    action: "cognito-idp:UpdateUserPool",
    resource: "another pool in the account",
  },
  {
    principal: "aws_iam_role.pool_attach",
    scenario: "attach",
    action: "iam:PassRole",
    resource: "the existing pool's SMS role (caller's)",
    context: "passed to cognito-idp.amazonaws.com",
  },
  {
    principal: "aws_iam_role.pool_attach",
    scenario: "attach",
    action: "iam:PassRole",
    resource: "the existing pool's SMS role (caller's)",
    context: "passed to lambda.amazonaws.com",
  },
  {
    principal: "person.secret-operator",
    scenario: "create",
    action: "ssm:PutParameter",
    resource: "aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "person.secret-operator",
    scenario: "create",
    action: "ssm:GetParameter",
    resource: "aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "person.kill-switch-operator",
    scenario: "create",
    action: "ssm:PutParameter",
    resource: "aws_ssm_parameter.login_settings",
  },
  {
    principal: "person.kill-switch-operator",
    scenario: "create",
    action: "ssm:PutParameter",
    resource: "aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "person.terraform-deployer",
    scenario: "create",
    action: "iam:PassRole",
    resource: "aws_iam_role.verify_auth_challenge",
    context: "passed to lambda.amazonaws.com",
  },
  {
    principal: "person.terraform-deployer",
    scenario: "create",
    action: "iam:PassRole",
    resource: "another role in the account",
    context: "passed to lambda.amazonaws.com",
  },
  {
    principal: "person.terraform-deployer",
    scenario: "create",
    action: "kms:Decrypt",
    resource: "aws_kms_key.corbado_secret",
    context: "via SSM for aws_ssm_parameter.corbado_secret",
  },
  {
    principal: "person.evidence-reader",
    scenario: "create",
    action: "iam:GetRolePolicy",
    resource: "aws_iam_role.verify_auth_challenge",
  },
  {
    principal: "person.evidence-reader",
    scenario: "create",
    action: "ssm:GetParameter",
    resource: "aws_ssm_parameter.corbado_secret",
  },
];

/** AWS's words for the three decisions (EvalDecision). */
const AWS_DECISION: Record<string, string> = {
  Allowed: "allowed",
  ImplicitlyDenied: "implicitDeny",
  ExplicitlyDenied: "explicitDeny",
};

export interface SimulatorRow {
  principal: string;
  principalId: string;
  action: string;
  resource: string;
  resourceLabel: string;
  context: Record<string, string | string[]>;
  /** The matrix's name for that context ("" for none). */
  contextLabel: string;
  /** The policy files it is simulated with (identity policies, and the boundary as a boundary). */
  policyFiles: string[];
  boundaryFiles: string[];
  /** What this report's simulator says for these policies alone, in AWS's words. */
  expected: string;
}

export interface SimulatorEvidence {
  script: string;
  files: string[];
  rows: SimulatorRow[];
}

/** One file per distinct identity policy document: `<policy name>.json`, or with its scenarios when it differs. */
function policyFiles(report: AuditReport): Map<string, string> {
  const byName = new Map<string, Map<string, PrincipalReport>>();
  for (const p of report.principals)
    for (const policy of p.policies) {
      const docs = byName.get(policy.name) ?? new Map<string, PrincipalReport>();
      const text = JSON.stringify(policy.document);
      if (!docs.has(text)) docs.set(text, p);
      byName.set(policy.name, docs);
    }
  const files = new Map<string, string>(); // document text -> file name
  for (const [name, docs] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [text, p] of docs)
      files.set(text, docs.size === 1 ? `${name}.json` : `${name}.${slug(p.scenarios.join("-"))}.json`);
  }
  return files;
}

export async function simulatorEvidence(report: AuditReport): Promise<SimulatorEvidence> {
  const files = policyFiles(report);
  const boundaryFile = (arn: string) => `boundary.${slug(arn.split("/").at(-1)!)}.json`;
  const contexts = [
    ...kmsContexts(report.resources),
    ...IAM_CONTEXTS,
    ...DYNAMODB_ITEM_CONTEXTS,
    { label: "", values: {} },
  ];
  const rows: SimulatorRow[] = [];
  for (const spec of KEY_ROWS) {
    const p = report.principals.find((x) => x.address === spec.principal && x.scenarios.includes(spec.scenario));
    if (!p) throw new Error(`key row: no ${spec.principal} in scenario ${spec.scenario}`);
    const resource = spec.resource === "*" ? undefined : report.resources.find((r) => r.label === spec.resource);
    if (spec.resource !== "*" && !resource) throw new Error(`key row: no resource labelled ${spec.resource}`);
    const context = contexts.find((c) => c.label === (spec.context ?? ""));
    if (!context) throw new Error(`key row: no context ${spec.context}`);
    const boundary = p.permissionsBoundary === null ? undefined : BOUNDARIES.get(p.permissionsBoundary);
    const simulation: Simulation = {
      request: {
        principal: sessionArn(p),
        action: spec.action,
        resource: { resource: resource?.arn ?? "*", accountId: report.example.accountId },
        contextVariables: context.values,
      },
      identityPolicies: p.policies.map((x) => ({ name: x.name, policy: x.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: boundary }] } : {}),
      // AWS's simulator, given no resource policy, lets the identity policies decide: for a key that is what
      // the default key policy (the account decides) does, which the simulator here needs spelt out.
      ...(spec.action.startsWith("kms:") ? { resourcePolicy: defaultKeyPolicy() } : {}),
    };
    const { result } = await decideRequest(simulation);
    rows.push({
      principal: p.name,
      principalId: p.id,
      action: spec.action,
      resource: resource?.arn ?? "*",
      resourceLabel: spec.resource === "*" ? "any resource (`*`)" : spec.resource,
      context: context.values,
      contextLabel: context.label,
      policyFiles: p.policies.map((x) => files.get(JSON.stringify(x.document))!),
      boundaryFiles: p.permissionsBoundary === null ? [] : [boundaryFile(p.permissionsBoundary)],
      expected: AWS_DECISION[result]!,
    });
  }
  return {
    script: `${SIMULATOR_DIR}/reproduce.sh`,
    files: [...new Set(files.values())].sort().map((f) => `${SIMULATOR_DIR}/${f}`),
    rows,
  };
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The files of docs/iam-simulate/: the policy documents and reproduce.sh. */
export function simulatorFiles(report: AuditReport, evidence: SimulatorEvidence): Map<string, string> {
  const out = new Map<string, string>();
  for (const [text, file] of policyFiles(report)) out.set(file, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  for (const [arn, document] of BOUNDARIES)
    out.set(`boundary.${slug(arn.split("/").at(-1)!)}.json`, `${JSON.stringify(document, null, 2)}\n`);
  const lines = [
    "#!/usr/bin/env bash",
    "# Generated by `npm run audit:iam` (infra/audit/aws-simulator.ts). Do not edit.",
    "#",
    "# Reproduces the key rows of docs/iam-report.md with AWS's own IAM policy simulator",
    "# (aws iam simulate-custom-policy) and compares each decision with the report's. Needs the AWS CLI v2 and",
    "# credentials allowed iam:SimulateCustomPolicy; it reads nothing from your account and changes nothing.",
    "# The ARNs are the report's example account's: the simulator evaluates policies, not resources.",
    "# Rows that depend on a key policy or a trust policy naming a role cannot be asked this way (AWS's",
    "# simulator takes only an IAM user as the caller of a resource policy); the report simulates those itself.",
    "set -euo pipefail",
    'cd "$(dirname "$0")"',
    "failed=0",
    "check() {",
    '  local expected="$1" what="$2"',
    "  shift 2",
    "  local got",
    "  got=$(aws iam simulate-custom-policy \"$@\" --query 'EvaluationResults[0].EvalDecision' --output text)",
    '  if [ "$got" = "$expected" ]; then',
    '    echo "ok    $what: $got"',
    "  else",
    '    echo "FAIL  $what: the report says $expected, AWS says $got"',
    "    failed=1",
    "  fi",
    "}",
    "",
  ];
  for (const row of evidence.rows) {
    const args = [
      "--policy-input-list",
      ...row.policyFiles.map((f) => `file://${f}`),
      ...(row.boundaryFiles.length > 0
        ? ["--permissions-boundary-policy-input-list", ...row.boundaryFiles.map((f) => `file://${f}`)]
        : []),
      "--action-names",
      row.action,
      "--resource-arns",
      shellQuote(row.resource),
    ];
    const entries = Object.entries(row.context).map(([name, value]) => ({
      ContextKeyName: name,
      ContextKeyValues: Array.isArray(value) ? value : [value],
      ContextKeyType: Array.isArray(value) ? "stringList" : "string",
    }));
    if (entries.length > 0) args.push("--context-entries", shellQuote(JSON.stringify(entries)));
    const what = `${row.principal}: ${row.action} on ${row.resourceLabel}${
      Object.keys(row.context).length > 0
        ? ` (${Object.entries(row.context)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(", ")})`
        : ""
    }`;
    lines.push(`check ${row.expected} ${shellQuote(what)} \\`);
    lines.push(`  ${args.join(" ")}`);
  }
  lines.push("", 'exit "$failed"', "");
  out.set("reproduce.sh", lines.join("\n"));
  return out;
}
