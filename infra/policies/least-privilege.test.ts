import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TerraformStack, Testing } from "cdktf";
import { CorbadoPasskeys } from "../constructs/corbado-passkeys";
import type { CorbadoPasskeysProps } from "../constructs/props";
import { PasskeysModuleStack } from "../module/module-stack";
import { synthesizedPolicy, type SynthesizedConfig } from "./synthesized";
import { callerKeyDecryptPolicy, verifyTriggerPolicy, defineTriggerPolicy, createTriggerPolicy } from "./triggers";
import type { PolicyDocument, PolicyStatement } from "./types";
import { AWS_REQUIRED_WILDCARDS } from "./wildcards";

type Block = Record<string, unknown>;
type Resources = Record<string, Record<string, Block>>;
type Config = SynthesizedConfig & { resource: Resources };

interface FoundPolicy {
  /** e.g. aws_iam_role_policy.verify_auth_challenge (policy) */
  where: string;
  kind: "identity" | "trust" | "key";
  /** Role the identity policy is attached to (logical name), if any. */
  role?: string;
  document: PolicyDocument;
}

/**
 * A policy as synthesized: the local render.ts writes, whose strings may hold `${...}`; a Resource list that is a
 * list variable (`"${var.x}"`) is turned into a one-element list for inspection.
 */
function parsePolicy(config: Config, argument: unknown): PolicyDocument {
  const document = synthesizedPolicy(config, argument);
  return {
    ...document,
    Statement: document.Statement.map((s) =>
      typeof s.Resource === "string" ? { ...s, Resource: [(s.Resource as string).replace(/\}$/, "[*]}")] } : s,
    ),
  };
}

/** Every IAM policy document in a synthesized configuration: role policies, trust policies, key policies. */
function everyPolicy(config: Config): FoundPolicy[] {
  const resources = config.resource;
  const found: FoundPolicy[] = [];
  for (const [name, block] of Object.entries(resources.aws_iam_role_policy ?? {})) {
    const role = /^\$\{aws_iam_role\.([a-z_]+)(\[0\])?\.id\}$/.exec(block.role as string)?.[1];
    found.push({
      where: `aws_iam_role_policy.${name}`,
      kind: "identity",
      role,
      document: parsePolicy(config, block.policy),
    });
  }
  for (const [name, block] of Object.entries(resources.aws_iam_role ?? {})) {
    found.push({
      where: `aws_iam_role.${name}`,
      kind: "trust",
      document: parsePolicy(config, block.assume_role_policy),
    });
  }
  for (const [name, block] of Object.entries(resources.aws_kms_key ?? {})) {
    found.push({ where: `aws_kms_key.${name}`, kind: "key", document: parsePolicy(config, block.policy) });
  }
  // Nothing else in the configuration may carry a policy this spec does not see.
  const other = [
    "aws_iam_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_policy_attachment",
  ];
  for (const type of other) assert.equal(resources[type], undefined, `unexpected ${type}: add it to this spec`);
  return found;
}

const isWildcard = (value: string) => value.includes("*");

function deniesEveryTopic(document: PolicyDocument): boolean {
  return document.Statement.some(
    (s) =>
      s.Effect === "Deny" &&
      s.Action.includes("sns:Publish") &&
      (s.Resource ?? []).some((r) => /^arn:(aws[a-z-]*|\$\{[^}]+\}):sns:\*:\*:\*$/.test(r)),
  );
}

/** Fails on "*" in actions or resources outside the documented AWS-required cases, and on Not* elements. */
function wildcardViolations(policy: FoundPolicy): string[] {
  const violations: string[] = [];
  for (const statement of policy.document.Statement as Array<PolicyStatement & Block>) {
    const label = `${policy.where} ${statement.Sid}`;
    for (const key of ["NotAction", "NotResource", "NotPrincipal"]) {
      if (key in statement) violations.push(`${label}: ${key} is not allowed`);
    }
    if (statement.Effect !== "Allow") continue;
    const exception = AWS_REQUIRED_WILDCARDS.find(
      (e) => e.sid === statement.Sid && (e.where === "key policy") === (policy.kind === "key"),
    );
    const actions = statement.Action;
    const resources = statement.Resource ?? [];
    const wildcardAction = actions.some(isWildcard);
    const wildcardResource = resources.some((r) => r === "*");
    if (actions.includes("*")) violations.push(`${label}: "Action": "*"`);
    if (!wildcardAction && !wildcardResource) continue;
    if (!exception) {
      if (wildcardAction) violations.push(`${label}: wildcard action ${actions.filter(isWildcard).join(", ")}`);
      if (wildcardResource) violations.push(`${label}: "Resource": "*"`);
      continue;
    }
    if (JSON.stringify([...actions].sort()) !== JSON.stringify([...exception.actions].sort())) {
      violations.push(`${label}: documented wildcard statement holds other actions: ${actions.join(", ")}`);
    }
    // SMS to phone numbers needs "*"; topics are refused in the same policy, or "*" would reach every topic.
    if (exception.sid === "PublishSmsToPhoneNumbers" && !deniesEveryTopic(policy.document)) {
      violations.push(`${label}: sns:Publish on "*" without a Deny on every SNS topic`);
    }
  }
  return violations;
}

/** The caller's key in the module: the created key is named by its key policy only, never by an IAM policy. */
const MODULE_KEY = "${var.kms_key_arn}";

/** What each role may read through SSM and decrypt through KMS: its own parameter and key, nothing else. */
/** The tables' key as the writers' caller-key policies name it: the module's key or kms_key_arn, the secret's key. */
const TABLE_KEY = "${local.kms_key_arn}";

function ownReads(secretKey: string): Record<string, { ssm: string[]; kms: string[] }> {
  return {
    // The adoption writers use the same key for the aggregates table (the caller's: through DynamoDB, that table only).
    define_auth_challenge: { ssm: ["${local.login_settings_parameter_arn}"], kms: [secretKey, TABLE_KEY] },
    create_auth_challenge: { ssm: [], kms: [] },
    verify_auth_challenge: { ssm: ["${local.secret_parameter_arn}"], kms: [secretKey, TABLE_KEY] },
    post_authentication: { ssm: [], kms: [secretKey, TABLE_KEY] },
    pool_attach: { ssm: [], kms: [] },
    // The APIs use the caller's key (kms_key_arn) for the secret and their tables; the module's key names them.
    admin_api: { ssm: ["${local.login_settings_parameter_arn}", "${local.secret_parameter_arn}"], kms: [secretKey] },
    self_service: { ssm: ["${local.secret_parameter_arn}"], kms: [secretKey] },
    corbado_actions: { ssm: [], kms: [secretKey, TABLE_KEY] },
    cognito_sms: { ssm: [], kms: [] },
  };
}

function foreignReads(policy: FoundPolicy, secretKey: string = MODULE_KEY): string[] {
  if (policy.kind !== "identity") return [];
  const own = policy.role ? ownReads(secretKey)[policy.role] : undefined;
  if (!own) return [`${policy.where}: attached to an unknown role ${policy.role}: add it to ownReads`];
  const violations: string[] = [];
  for (const statement of policy.document.Statement) {
    for (const service of ["ssm", "kms"] as const) {
      if (!statement.Action.some((a) => a.startsWith(`${service}:`))) continue;
      const foreign = (statement.Resource ?? []).filter((r) => !own[service].includes(r));
      if (foreign.length > 0) violations.push(`${policy.where} ${statement.Sid}: ${service} on ${foreign.join(", ")}`);
      if (service === "kms" && !statement.Condition?.StringEquals?.["kms:ViaService"]) {
        violations.push(`${policy.where} ${statement.Sid}: kms without kms:ViaService`);
      }
    }
  }
  return violations;
}

function synthLiteral(props: CorbadoPasskeysProps): Config {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new CorbadoPasskeys(stack, "passkeys", props);
  return JSON.parse(Testing.synth(stack)) as Config;
}

function synthModule(): Config {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new PasskeysModuleStack(app, "module"))) as Config;
}

const CALLER_KEY = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ACTIONS = {
  corbadoActionsPrincipalArn: "arn:aws:iam::444455556666:role/corbado-connect-actions",
  corbadoActionsExternalId: "corbado-example-external-id-7f3a",
};

/** [label, synth, the key verify's role may use]. */
const CONFIGURATIONS: Array<[string, () => Config, string?]> = [
  ["the emitted module (every switch a variable)", synthModule],
  ["create mode with defaults", () => synthLiteral({})],
  [
    "create mode with the Corbado actions role and SMS MFA after a passkey (SNS role)",
    () => synthLiteral({ ...ACTIONS, mfaAfterPasskey: "sms" }),
  ],
  [
    "attach mode with VPC, SMS role, boundary and the caller's key",
    () =>
      synthLiteral({
        poolMode: "attach",
        userPoolId: "eu-central-1_AbC123",
        poolAttachPassRoleArns: ["arn:aws:iam::111122223333:role/pool-sms"],
        vpcSubnetIds: ["subnet-1"],
        vpcSecurityGroupIds: ["sg-1"],
        permissionsBoundaryArn: "arn:aws:iam::111122223333:policy/boundary",
        kmsKeyArn: CALLER_KEY,
      }),
    CALLER_KEY,
  ],
  ["external mode", () => synthLiteral({ poolMode: "external", userPoolId: "eu-central-1_AbC123", ...ACTIONS })],
];

describe("least privilege across every IAM policy the module can synthesize", () => {
  for (const [label, synth, secretKey] of CONFIGURATIONS) {
    it(`has no "*" action or resource outside the documented AWS-required cases: ${label}`, () => {
      const policies = everyPolicy(synth());
      assert.ok(policies.length >= 7, "found the role, trust and key policies");
      assert.deepEqual(policies.flatMap(wildcardViolations), []);
    });

    it(`lets no role read a parameter or decrypt with a key other than its own: ${label}`, () => {
      const policies = everyPolicy(synth());
      assert.ok(policies.some((p) => p.role === "verify_auth_challenge"));
      assert.deepEqual(
        policies.flatMap((p) => foreignReads(p, secretKey)),
        [],
      );
    });
  }

  it("catches what it is meant to catch: a wildcard action, a bare Resource '*', SMS publishing that could reach topics, and a foreign parameter", () => {
    const bad: FoundPolicy = {
      where: "aws_iam_role_policy.define_auth_challenge",
      kind: "identity",
      role: "define_auth_challenge",
      document: {
        Version: "2012-10-17",
        Statement: [
          { Sid: "All", Effect: "Allow", Action: ["*"], Resource: ["*"] },
          {
            Sid: "Secret",
            Effect: "Allow",
            Action: ["ssm:GetParameter"],
            Resource: ["${aws_ssm_parameter.corbado_secret.arn}"],
          },
          { Sid: "ManageLambdaVpcInterfaces", Effect: "Allow", Action: ["ec2:*"], Resource: ["*"] },
          { Sid: "PublishSmsToPhoneNumbers", Effect: "Allow", Action: ["sns:Publish"], Resource: ["*"] },
        ],
      },
    };
    assert.deepEqual(wildcardViolations(bad), [
      'aws_iam_role_policy.define_auth_challenge All: "Action": "*"',
      "aws_iam_role_policy.define_auth_challenge All: wildcard action *",
      'aws_iam_role_policy.define_auth_challenge All: "Resource": "*"',
      "aws_iam_role_policy.define_auth_challenge ManageLambdaVpcInterfaces: documented wildcard statement holds other actions: ec2:*",
      'aws_iam_role_policy.define_auth_challenge PublishSmsToPhoneNumbers: sns:Publish on "*" without a Deny on every SNS topic',
    ]);
    assert.deepEqual(foreignReads(bad), [
      "aws_iam_role_policy.define_auth_challenge Secret: ssm on ${aws_ssm_parameter.corbado_secret.arn}",
    ]);
  });
});

describe("policy documents built from concrete ARNs (what the IAM simulator is fed)", () => {
  const logGroupArn =
    "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lambda/corbado-passkeys-verify-auth-challenge";
  const secretParameterArn =
    "arn:aws:ssm:eu-central-1:111122223333:parameter/corbado-passkeys/corbado-backend-api-secret";
  const kmsKeyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  it("names exactly the ARNs they are given, so a simulation sees the real scope", () => {
    const aggregatesTableArn = "arn:aws:dynamodb:eu-central-1:111122223333:table/corbado-passkeys-aggregates";
    const verify = verifyTriggerPolicy({ logGroupArn, secretParameterArn, aggregatesTableArn });
    assert.deepEqual(
      verify.Statement.map((s) => s.Resource),
      [[`${logGroupArn}:log-stream:*`], [secretParameterArn], [aggregatesTableArn], [aggregatesTableArn]],
    );
    const decrypt = callerKeyDecryptPolicy({ kmsKeyArn, secretParameterArn, region: "eu-central-1" });
    assert.deepEqual(decrypt.Statement[0]!.Resource, [kmsKeyArn]);
    assert.deepEqual(decrypt.Statement[0]!.Condition, {
      StringEquals: {
        "kms:ViaService": "ssm.eu-central-1.amazonaws.com",
        "kms:EncryptionContext:PARAMETER_ARN": secretParameterArn,
      },
    });
    const define = defineTriggerPolicy({
      logGroupArn,
      loginSettingsParameterArn: "arn:aws:ssm:eu-central-1:111122223333:parameter/x/login-settings",
      aggregatesTableArn,
    });
    assert.deepEqual(define.Statement[1]!.Resource, [
      "arn:aws:ssm:eu-central-1:111122223333:parameter/x/login-settings",
    ]);
    assert.deepEqual(createTriggerPolicy({ logGroupArn }).Statement.length, 1);
  });
});
