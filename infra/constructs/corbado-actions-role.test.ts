import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ROLE_SESSION_NAME as POST_APPEND_SESSION } from "../../functions/post-append/handler-factory";
import { ROLE_SESSION_NAME as PRE_LOGIN_SESSION } from "../../functions/pre-login/handler-factory";
import { ACTIONS_ROLE_MAX_SESSION_DURATION, MESSAGES } from "../policies/actions-role-validation";
import { synthesizedPolicy } from "../policies/synthesized";
import { equals, isNull, not } from "./expr";
import { CorbadoActionsRole, type CorbadoActionsRoleProps } from "./corbado-actions-role";

const POOL = "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/eu-central-1_Example1";
const CORBADO = "arn:aws:iam::444455556666:role/corbado-actions";

interface Synthesized {
  locals?: Record<string, unknown>;
  resource: {
    aws_iam_role: Record<string, Record<string, unknown>>;
    aws_iam_role_policy: Record<string, Record<string, unknown>>;
  };
}

function synth(props: Partial<CorbadoActionsRoleProps> = {}): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new CorbadoActionsRole(stack, "actions", {
    userPoolArn: POOL,
    aggregatesTableArn: "arn:aws:dynamodb:eu-central-1:111122223333:table/corbado-passkeys-aggregates",
    trustedPrincipalArn: CORBADO,
    externalId: "corbado-ext-id-1234",
    ...props,
  });
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

function role(out: Synthesized): Record<string, unknown> {
  const r = out.resource.aws_iam_role.corbado_actions;
  assert.ok(r, "aws_iam_role.corbado_actions exists");
  return r;
}

describe("CorbadoActionsRole", () => {
  it("trusts exactly the configured principal, only with the external id and the session name each action uses", () => {
    const out = synth();
    const trust = synthesizedPolicy(out, role(out).assume_role_policy);
    assert.equal(role(out).assume_role_policy, "${jsonencode(local.corbado_actions_trust_policy)}");
    assert.deepEqual(trust, {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CorbadoActionsAssumeRoleWithExternalId",
          Effect: "Allow",
          Principal: { AWS: CORBADO },
          Action: ["sts:AssumeRole"],
          Condition: {
            StringEquals: {
              "sts:ExternalId": "corbado-ext-id-1234",
              "sts:RoleSessionName": [PRE_LOGIN_SESSION, POST_APPEND_SESSION],
            },
          },
        },
      ],
    });
  });

  it("allows only AdminGetUser, ListUsers and AdminSetUserMFAPreference on the one pool, and adding to the adoption counters", () => {
    const out = synth();
    const lookup = out.resource.aws_iam_role_policy.corbado_actions;
    const mfa = out.resource.aws_iam_role_policy.corbado_actions_mfa;
    assert.ok(lookup && mfa);
    assert.deepEqual(Object.keys(out.resource.aws_iam_role_policy).sort(), ["corbado_actions", "corbado_actions_mfa"]);
    assert.equal(lookup.role, "${aws_iam_role.corbado_actions.id}");
    assert.equal(mfa.role, "${aws_iam_role.corbado_actions.id}");
    assert.deepEqual(synthesizedPolicy(out, lookup.policy).Statement, [
      {
        Sid: "CorbadoActionsLookUpUsers",
        Effect: "Allow",
        Action: ["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"],
        Resource: [POOL],
      },
      {
        Sid: "CorbadoActionsCountPasskeysAdded",
        Effect: "Allow",
        Action: ["dynamodb:UpdateItem"],
        Resource: ["arn:aws:dynamodb:eu-central-1:111122223333:table/corbado-passkeys-aggregates"],
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["counters#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
    ]);
    assert.deepEqual(synthesizedPolicy(out, mfa.policy).Statement, [
      {
        Sid: "CorbadoActionsSetMfaPreference",
        Effect: "Allow",
        Action: ["cognito-idp:AdminSetUserMFAPreference"],
        Resource: [POOL],
      },
    ]);
  });

  it("leaves AdminSetUserMFAPreference out when post-append does not set MFA", () => {
    const out = synth({ allowSetMfaPreference: false });
    assert.deepEqual(Object.keys(out.resource.aws_iam_role_policy), ["corbado_actions"]);
  });

  it("limits sessions to one hour by default and applies name prefix, path, boundary and tags", () => {
    const r = role(
      synth({
        namePrefix: "acme-passkeys",
        path: "/corbado/",
        permissionsBoundary: "arn:aws:iam::111122223333:policy/boundary",
        tags: { team: "identity" },
      }),
    );
    assert.equal(ACTIONS_ROLE_MAX_SESSION_DURATION.default, 3600);
    assert.equal(r.max_session_duration, 3600);
    assert.equal(r.name, "acme-passkeys-corbado-actions");
    assert.equal(r.path, "/corbado/");
    assert.equal(r.permissions_boundary, "arn:aws:iam::111122223333:policy/boundary");
    assert.deepEqual(r.tags, { team: "identity" });
  });

  it("takes a longer maximum session only within what IAM accepts", () => {
    assert.equal(role(synth({ maxSessionDuration: 7200 })).max_session_duration, 7200);
    for (const bad of [900, 3599, 43201, 3600.5])
      assert.throws(() => synth({ maxSessionDuration: bad }), /from 3600 to 43200/, String(bad));
  });

  it("uses the default path and no boundary when none are given", () => {
    const r = role(synth());
    assert.equal(r.path, "/");
    assert.equal(r.permissions_boundary, undefined);
    assert.equal(r.name, "corbado-passkeys-corbado-actions");
  });

  it("refuses an account root as principal at synth time unless the caller opts in", () => {
    assert.throws(
      () => synth({ trustedPrincipalArn: "arn:aws:iam::444455556666:root" }),
      (e: Error) => e.message.includes(MESSAGES.principalRoot),
    );
    assert.throws(() => synth({ trustedPrincipalArn: "444455556666" }), /allow_account_root_principal/);
    const out = synth({ trustedPrincipalArn: "arn:aws:iam::444455556666:root", allowAccountRootPrincipal: true });
    const trust = synthesizedPolicy(out, role(out).assume_role_policy);
    assert.deepEqual(trust.Statement[0]!.Principal, { AWS: "arn:aws:iam::444455556666:root" });
  });

  it("refuses a wildcard principal, an assumed-role session and an external id STS would reject", () => {
    assert.throws(() => synth({ trustedPrincipalArn: "arn:aws:iam::444455556666:role/*" }), /one IAM role or user/);
    assert.throws(
      () => synth({ trustedPrincipalArn: "arn:aws:sts::444455556666:assumed-role/corbado/session" }),
      /one IAM role or user/,
    );
    assert.throws(() => synth({ externalId: "has space" }), /external_id must be 2 to 1224/);
    assert.throws(() => synth({ externalId: "x" }), /external_id must be 2 to 1224/);
  });

  it("renders Terraform references and a count when props are module variables", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "module");
    const principal = new TerraformVariable(stack, "corbado_actions_principal_arn", { type: "string" });
    const externalId = new TerraformVariable(stack, "corbado_actions_external_id", { type: "string" });
    const mfaAfterPasskey = new TerraformVariable(stack, "mfa_after_passkey", { type: "string" });
    mfaAfterPasskey.overrideLogicalId("mfa_after_passkey");
    principal.overrideLogicalId("corbado_actions_principal_arn");
    externalId.overrideLogicalId("corbado_actions_external_id");
    const made = new CorbadoActionsRole(stack, "actions", {
      userPoolArn: "${local.user_pool_arn}",
      aggregatesTableArn: "arn:aws:dynamodb:eu-central-1:111122223333:table/corbado-passkeys-aggregates",
      trustedPrincipalArn: principal.stringValue,
      externalId: externalId.stringValue,
      enabled: not(isNull(principal.stringValue)),
      allowSetMfaPreference: equals(mfaAfterPasskey.stringValue, "sms"),
    });
    assert.equal(typeof made.roleArn, "string");
    const out = JSON.parse(Testing.synth(stack)) as Synthesized;
    const trust = synthesizedPolicy(out, role(out).assume_role_policy).Statement[0]!;
    assert.deepEqual(trust.Principal, { AWS: "${var.corbado_actions_principal_arn}" });
    assert.deepEqual(trust.Condition, {
      StringEquals: {
        "sts:ExternalId": "${var.corbado_actions_external_id}",
        "sts:RoleSessionName": ["corbado-pre-login", "corbado-post-append"],
      },
    });
    assert.equal(role(out).count, "${!(var.corbado_actions_principal_arn == null) ? 1 : 0}");
    assert.equal(out.resource.aws_iam_role_policy.corbado_actions?.role, "${aws_iam_role.corbado_actions[0].id}");
    assert.deepEqual((role(out).lifecycle as { precondition: unknown[] }).precondition, [
      { condition: "${(var.corbado_actions_external_id != null)}", error_message: MESSAGES.externalIdRequired },
    ]);
    const mfa = out.resource.aws_iam_role_policy.corbado_actions_mfa;
    assert.equal(
      mfa?.count,
      '${(!(var.corbado_actions_principal_arn == null) && (var.mfa_after_passkey == "sms")) ? 1 : 0}',
    );
    assert.equal(made.roleArn.startsWith("${"), true);
    new TerraformOutput(stack, "role_arn", { value: made.roleArnOrNull }).overrideLogicalId("role_arn");
    const withOutput = JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: string }> };
    assert.equal(withOutput.output.role_arn?.value, "${one(aws_iam_role.corbado_actions[*].arn)}");
  });
});
