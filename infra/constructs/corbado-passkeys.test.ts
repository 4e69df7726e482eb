import { COUNTER_SHARDS } from "../../functions/shared/adoption-counters";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { verifyConfigFromEnv } from "../../functions/verify-auth-challenge/config";
import { synthesizedPolicy } from "../policies/synthesized";
import { CorbadoPasskeys } from "./corbado-passkeys";
import { SECRET_PLACEHOLDER } from "./corbado-secret";
import { LOGIN_SETTINGS_ALLOWED_PATTERN } from "./login-settings";
import { asToken } from "./expr";
import type { CorbadoPasskeysProps, ExtraAuthFlow, MfaAfterPasskey, PoolMode } from "./props";

type Block = Record<string, unknown>;
interface Synthesized {
  data: Record<string, Record<string, Block>>;
  locals?: Record<string, unknown>;
  output?: Record<string, { value: unknown }>;
  resource: Record<string, Record<string, Block>>;
}

const POOL_ID = "eu-central-1_AbC123";
/** Partition, region and account as every ARN built from a name spells them (locals of the data sources). */
const P = "${local.partition}";
const R = "${local.region}";
const A = "${local.account_id}";
const AGGREGATES_ARN = `arn:${P}:dynamodb:${R}:${A}:table/corbado-passkeys-aggregates`;
const POOL_ARN_EXPRESSION = `arn:${P}:cognito-idp:${R}:${A}:userpool/${POOL_ID}`;
const TRIGGERS = ["define_auth_challenge", "create_auth_challenge", "verify_auth_challenge"] as const;
const SECRET_ARN_EXPRESSION = `arn:${P}:ssm:${R}:${A}:parameter/corbado-passkeys/corbado-backend-api-secret`;
const streamsOf = (fn: string) => `arn:${P}:logs:${R}:${A}:log-group:/aws/lambda/corbado-passkeys-${fn}:log-stream:*`;
const functionArn = (fn: string) => `arn:${P}:lambda:${R}:${A}:function:corbado-passkeys-${fn}`;
const ACTIONS = {
  corbadoActionsPrincipalArn: "arn:aws:iam::444455556666:role/corbado-connect-actions",
  corbadoActionsExternalId: "corbado-example-external-id-7f3a",
} as const;

function synth(props: CorbadoPasskeysProps = {}): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new CorbadoPasskeys(stack, "passkeys", props);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

function resource(out: Synthesized, type: string, name: string): Block {
  const block = out.resource[type]?.[name];
  assert.ok(block, `${type}.${name} exists`);
  return block;
}

function has(out: Synthesized, type: string, name: string): boolean {
  return out.resource[type]?.[name] !== undefined;
}

/** The policy document of a resource's argument (render.ts puts it in a local). */
const policyOf = (out: Synthesized, block: Block, argument = "policy") =>
  synthesizedPolicy(out, block[argument]) as unknown as { Statement: Array<Record<string, unknown>> };

/**
 * Resource references Terraform would refuse: an index (`type.name[0]`, `[*]`) on a resource without `count`,
 * or a plain `type.name.attr` on one with `count`.
 */
function invalidReferences(out: Synthesized): string[] {
  const bad = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      for (const m of value.matchAll(/(?<![\w.])(aws_[a-z0-9_]+)\.([a-z0-9_]+)(\[0\]|\[\*\])?\./g)) {
        const target = out.resource[m[1]!]?.[m[2]!];
        if (!target) continue;
        if ((target.count !== undefined) !== (m[3] !== undefined)) bad.add(m[0]);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit({ resource: out.resource, locals: out.locals, output: out.output });
  return [...bad];
}

describe("CorbadoPasskeys pool modes", () => {
  it("create mode creates a pool with email sign-in, deletion protection and the three triggers wired (and post-authentication, counting every login)", () => {
    const out = synth({ poolMode: "create", userPoolTier: "PLUS" });
    const pool = resource(out, "aws_cognito_user_pool", "this");
    assert.deepEqual(pool.username_attributes, ["email"]);
    assert.deepEqual(pool.auto_verified_attributes, ["email"]);
    assert.equal(pool.deletion_protection, "ACTIVE");
    assert.equal(pool.user_pool_tier, "PLUS");
    assert.deepEqual(pool.lambda_config, {
      define_auth_challenge: "${aws_lambda_function.define_auth_challenge.arn}",
      create_auth_challenge: "${aws_lambda_function.create_auth_challenge.arn}",
      verify_auth_challenge_response: "${aws_lambda_function.verify_auth_challenge.arn}",
      post_authentication: "${aws_lambda_function.post_authentication.arn}",
    });
    assert.equal(pool.count, 1);
    const off = resource(synth({ poolMode: "create", countAllLogins: false }), "aws_cognito_user_pool", "this");
    assert.equal((off.lambda_config as Record<string, unknown>).post_authentication, undefined, "count_all_logins off");
    assert.equal(resource(out, "aws_cognito_user_pool_client", "passkey_login").user_pool_id, "${local.user_pool_id}");
    const { user_pool_id, user_pool_arn, kms_key_arn, secret_parameter_arn, partition, region, account_id } =
      out.locals ?? {};
    assert.deepEqual(
      { user_pool_id, user_pool_arn, kms_key_arn, secret_parameter_arn, partition, region, account_id },
      {
        user_pool_id: "${aws_cognito_user_pool.this[0].id}",
        user_pool_arn: "${aws_cognito_user_pool.this[0].arn}",
        kms_key_arn: "${aws_kms_key.corbado_secret[0].arn}",
        secret_parameter_arn: SECRET_ARN_EXPRESSION,
        partition: "${data.aws_partition.current.partition}",
        region: "${data.aws_region.current.region}",
        account_id: "${data.aws_caller_identity.current.account_id}",
      },
    );
  });

  it("external mode creates no pool and changes none, and binds everything to the given pool id", () => {
    const out = synth({ poolMode: "external", userPoolId: POOL_ID });
    assert.equal(resource(out, "aws_cognito_user_pool", "this").count, 0);
    assert.equal(resource(out, "aws_lambda_invocation", "pool_attach").count, 0);
    assert.equal(resource(out, "aws_cognito_user_pool_client", "passkey_login").user_pool_id, POOL_ID);
    const permission = resource(out, "aws_lambda_permission", "verify_auth_challenge");
    assert.equal(permission.source_arn, "${local.user_pool_arn}");
    assert.equal(out.locals?.user_pool_arn, POOL_ARN_EXPRESSION);
    assert.equal(out.locals?.user_pool_id, undefined, "a known pool id is used as is");
  });

  it("attach mode invokes the attach function with CRUD lifecycle and exactly our three trigger ARNs", () => {
    const out = synth({ poolMode: "attach", userPoolId: POOL_ID, replaceForeignTriggers: true });
    assert.equal(resource(out, "aws_cognito_user_pool", "this").count, 0);
    const invocation = resource(out, "aws_lambda_invocation", "pool_attach");
    assert.equal(invocation.count, 1);
    assert.equal(invocation.lifecycle_scope, "CRUD");
    assert.equal(invocation.terraform_key, "tf");
    assert.equal(invocation.function_name, "${aws_lambda_function.pool_attach.function_name}");
    // Built from the functions' names, so the plan shows the input; the permissions below wait for the functions.
    assert.equal(invocation.input, "${jsonencode(local.pool_attach_input)}");
    assert.deepEqual(out.locals?.pool_attach_input, {
      userPoolId: POOL_ID,
      triggers: {
        DefineAuthChallenge: functionArn("define-auth-challenge"),
        CreateAuthChallenge: functionArn("create-auth-challenge"),
        VerifyAuthChallengeResponse: functionArn("verify-auth-challenge"),
      },
      replaceForeignTriggers: true,
    });
    // The detach on destroy still has permissions: the invocation is destroyed before them.
    assert.deepEqual(invocation.depends_on, [
      "aws_lambda_permission.define_auth_challenge",
      "aws_lambda_permission.create_auth_challenge",
      "aws_lambda_permission.verify_auth_challenge",
      "aws_lambda_permission.post_authentication",
      "aws_iam_role_policy.pool_attach",
      "aws_iam_role_policy.pool_attach_pass_role",
      "aws_cloudwatch_log_group.pool_attach",
    ]);
    const attachPolicy = policyOf(out, resource(out, "aws_iam_role_policy", "pool_attach"));
    assert.deepEqual(attachPolicy.Statement[1], {
      Sid: "MergeTriggersIntoOnePool",
      Effect: "Allow",
      Action: ["cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:UpdateUserPool"],
      Resource: ["${local.user_pool_arn}"],
    });
    assert.equal(out.locals?.user_pool_arn, POOL_ARN_EXPRESSION);
    assert.equal(resource(out, "aws_iam_role_policy", "pool_attach_pass_role").count, 0);
  });

  it("attach mode reads the pool after the attach step on every plan and warns unless our three triggers are on it", () => {
    type Check = { assert: Array<{ condition: string; error_message: string }> };
    const synthesized = (props: CorbadoPasskeysProps) =>
      synth(props) as Synthesized & { check?: Record<string, Check> };
    const out = synthesized({ poolMode: "attach", userPoolId: POOL_ID });
    assert.deepEqual(out.data.aws_cognito_user_pool!.pool_attach, {
      count: 1,
      user_pool_id: POOL_ID,
      depends_on: ["aws_lambda_invocation.pool_attach"],
    });
    const check = out.check!.pool_attach_triggers!;
    assert.deepEqual(Object.keys(check), ["assert"]);
    assert.equal(check.assert.length, 1);
    // Compared with the ARNs built from the functions' names (policies/arns.ts), as the attach step's input names them.
    for (const [attribute, fn] of [
      ["define_auth_challenge", "define-auth-challenge"],
      ["create_auth_challenge", "create-auth-challenge"],
      ["verify_auth_challenge_response", "verify-auth-challenge"],
    ]) {
      assert.ok(
        check.assert[0]!.condition.includes(
          `(try(data.aws_cognito_user_pool.pool_attach[0].lambda_config[0].${attribute}, "") == "arn:\${local.partition}:lambda:\${local.region}:\${local.account_id}:function:corbado-passkeys-${fn}")`,
        ),
        `${attribute} in ${check.assert[0]!.condition}`,
      );
    }
    assert.match(check.assert[0]!.error_message, /aws_lambda_invocation\.pool_attach\[0\]/);
    const create = synthesized({ poolMode: "create" });
    assert.equal(create.check?.pool_attach_triggers, undefined, "no check where nothing is attached");
    assert.equal(create.data.aws_cognito_user_pool, undefined, "and no read of the pool");
  });

  it("references every resource as Terraform requires (indexed exactly when counted), in every pool mode", () => {
    const configurations: CorbadoPasskeysProps[] = [
      {},
      { mfaAfterPasskey: "sms", ...ACTIONS },
      {
        poolMode: "external",
        userPoolId: POOL_ID,
        ...ACTIONS,
        vpcSubnetIds: ["subnet-1"],
        vpcSecurityGroupIds: ["sg-1"],
      },
      { poolMode: "attach", userPoolId: POOL_ID },
      { poolMode: "attach", userPoolId: POOL_ID, poolAttachPassRoleArns: ["arn:aws:iam::111122223333:role/pool-sms"] },
      { kmsKeyArn: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
    ];
    for (const props of configurations) assert.deepEqual(invalidReferences(synth(props)), [], JSON.stringify(props));
  });

  it("attach mode gives the attach function the pool and our three trigger ARNs in its environment, as in its input", () => {
    for (const replaceForeignTriggers of [true, false]) {
      const out = synth({ poolMode: "attach", userPoolId: POOL_ID, replaceForeignTriggers });
      const fn = resource(out, "aws_lambda_function", "pool_attach");
      assert.deepEqual((fn.environment as { variables: Block }).variables, {
        USER_POOL_ID: POOL_ID,
        DEFINE_AUTH_CHALLENGE_ARN: functionArn("define-auth-challenge"),
        CREATE_AUTH_CHALLENGE_ARN: functionArn("create-auth-challenge"),
        VERIFY_AUTH_CHALLENGE_ARN: functionArn("verify-auth-challenge"),
        REPLACE_FOREIGN_TRIGGERS: String(replaceForeignTriggers),
      });
      // The function refuses an invocation whose input disagrees: both come from the same values.
      const input = out.locals?.pool_attach_input as Block;
      assert.equal(input.userPoolId, POOL_ID);
      assert.equal(input.replaceForeignTriggers, replaceForeignTriggers);
      assert.deepEqual(input.triggers, {
        DefineAuthChallenge: (fn.environment as { variables: Block }).variables.DEFINE_AUTH_CHALLENGE_ARN,
        CreateAuthChallenge: (fn.environment as { variables: Block }).variables.CREATE_AUTH_CHALLENGE_ARN,
        VerifyAuthChallengeResponse: (fn.environment as { variables: Block }).variables.VERIFY_AUTH_CHALLENGE_ARN,
      });
    }
  });

  it("attach mode passes back only the pool's own SMS role, and only to Cognito", () => {
    const sms = "arn:aws:iam::111122223333:role/pool-sms";
    const out = synth({ poolMode: "attach", userPoolId: POOL_ID, poolAttachPassRoleArns: [sms] });
    const passRole = resource(out, "aws_iam_role_policy", "pool_attach_pass_role");
    assert.equal(passRole.count, 1);
    assert.deepEqual(policyOf(out, passRole).Statement, [
      {
        Sid: "PassPoolSmsRoleBackToCognito",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [sms],
        Condition: { StringEquals: { "iam:PassedToService": "cognito-idp.amazonaws.com" } },
      },
    ]);
  });

  it("refuses at synth time a mode without the pool id it needs, or a pool id in create mode", () => {
    assert.throws(() => synth({ poolMode: "external" }), /needs userPoolId/);
    assert.throws(() => synth({ poolMode: "attach" }), /needs userPoolId/);
    assert.throws(() => synth({ poolMode: "create", userPoolId: POOL_ID }), /leave userPoolId unset/);
    assert.throws(
      () => synth({ poolMode: "external", userPoolId: "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/x" }),
      /userPoolId must be a user pool id/,
    );
    // What a JavaScript caller or a cast can still pass: the compiler refuses it (see below), synth does too.
    assert.throws(() => synth({ poolMode: "adopt" as string as PoolMode }), /create, external or attach/);
  });

  it("lets the compiler refuse an unknown literal or an unmarked token, and takes a variable through asToken", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const mode = new TerraformVariable(stack, "mode", { type: "string" });
    const flows = new TerraformVariable(stack, "flows", { type: "list(string)" });
    // `npm run lint` (tsc) fails when one of these stops being a compile error.
    const refused: CorbadoPasskeysProps[] = [
      // @ts-expect-error a pool mode that does not exist
      { poolMode: "adopt" },
      // @ts-expect-error an auth flow that does not exist
      { appClientExtraAuthFlows: ["ALLOW_EVERYTHING"] },
      // @ts-expect-error a token where a few literals are allowed must be marked with asToken
      { mfaAfterPasskey: mode.stringValue },
    ];
    assert.equal(refused.length, 3);
    assert.throws(() => asToken("create"), /asToken takes a token/);
    new CorbadoPasskeys(stack, "passkeys", {
      poolMode: asToken(mode.stringValue),
      appClientExtraAuthFlows: asToken(flows.listValue),
    });
    const out = JSON.parse(Testing.synth(stack)) as Synthesized;
    assert.equal(resource(out, "aws_cognito_user_pool", "this").count, '${(var.mode == "create") ? 1 : 0}');
    assert.deepEqual(
      resource(out, "aws_cognito_user_pool_client", "passkey_login").explicit_auth_flows,
      '${distinct(concat(["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], var.flows))}',
    );
  });

  it("refuses at synth time the literal values Terraform's validation would refuse", () => {
    assert.throws(() => synth({ logRetentionDays: 42 }), /logRetentionDays must be one of CloudWatch Logs' values/);
    assert.throws(
      () => synth({ corbadoTimeoutMs: 4500 }),
      /corbadoTimeoutMs must be a whole number of milliseconds from 100 to 3000/,
    );
    assert.throws(
      () => synth({ authSessionValidityMinutes: 60 }),
      /authSessionValidityMinutes must be a whole number of minutes from 3 to 15/,
    );
    assert.throws(() => synth({ lambdaMemorySize: 100.5 }), /lambdaMemorySize must be a whole number of MB/);
    assert.throws(
      () => synth({ reservedConcurrentExecutions: 0 }),
      /reservedConcurrentExecutions must be a whole number of 1 or more/,
    );
    assert.throws(
      () => synth({ namePrefix: "a-very-long-prefix-that-does-not-fit" }),
      /namePrefix must be 2 to 28 characters/,
    );
    assert.throws(
      () => synth({ corbadoBackendApiUrl: "https://backendapi.cloud.corbado.io/?project=pro-1" }),
      /corbadoBackendApiUrl must be an https:\/\/ URL/,
    );
    assert.throws(
      () => synth({ appClientExtraAuthFlows: ["ALLOW_EVERYTHING" as string as ExtraAuthFlow] }),
      /appClientExtraAuthFlows may only hold/,
    );
  });

  it("tags only what it owns: the created pool, never an external one", () => {
    const tags = { team: "identity" };
    const created = synth({ tags });
    assert.deepEqual(resource(created, "aws_cognito_user_pool", "this").tags, tags);
    const external = synth({ poolMode: "external", userPoolId: POOL_ID, tags });
    for (const [type, blocks] of Object.entries(external.resource)) {
      for (const [name, block] of Object.entries(blocks)) {
        if (type === "aws_cognito_user_pool") continue;
        const taggable = ![
          "aws_iam_role_policy",
          "aws_iam_role_policies_exclusive",
          "aws_iam_role_policy_attachments_exclusive",
          "aws_lambda_permission",
          "aws_lambda_invocation",
          "aws_kms_alias",
          "aws_cognito_user_pool_client",
          // API Gateway's integrations, routes and authorizers, Cognito's groups and domains take no tags.
          "aws_apigatewayv2_integration",
          "aws_apigatewayv2_route",
          "aws_apigatewayv2_authorizer",
          "aws_cognito_user_group",
          "aws_cognito_user_pool_domain",
          // The console's hosting: these S3 and CloudFront resources take no tags (the bucket and distribution do).
          "aws_s3_bucket_public_access_block",
          "aws_s3_bucket_ownership_controls",
          "aws_s3_bucket_server_side_encryption_configuration",
          "aws_s3_bucket_versioning",
          "aws_s3_bucket_lifecycle_configuration",
          "aws_s3_bucket_policy",
          "aws_cloudfront_origin_access_control",
          "aws_cloudfront_response_headers_policy",
        ].includes(type);
        if (taggable) assert.deepEqual(block.tags, tags, `${type}.${name} carries the tags`);
      }
    }
  });
});

describe("CorbadoPasskeys triggers", () => {
  it("runs each trigger on nodejs24.x arm64 from its zip, within Cognito's 5 s budget", () => {
    const out = synth();
    const expectedTimeouts = { define_auth_challenge: 3, create_auth_challenge: 3, verify_auth_challenge: 5 };
    for (const name of TRIGGERS) {
      const fn = resource(out, "aws_lambda_function", name);
      assert.equal(fn.runtime, "nodejs24.x");
      assert.deepEqual(fn.architectures, ["arm64"]);
      assert.equal(fn.handler, "index.handler");
      const zip = `\${path.module}/functions/${name.replace(/_/g, "-")}.zip`;
      assert.equal(fn.filename, zip);
      assert.equal(fn.source_code_hash, `\${filebase64sha256("${zip}")}`);
      assert.equal(fn.timeout, expectedTimeouts[name]);
      assert.ok((fn.timeout as number) <= 5);
      assert.equal(fn.memory_size, 256);
      assert.equal(fn.role, `\${aws_iam_role.${name}.arn}`);
    }
  });

  it("leaves verify's Corbado call enough of the 5 s: Corbado timeout plus SSM budget stays under the function timeout", () => {
    const out = synth({ corbadoTimeoutMs: 3000 });
    const fn = resource(out, "aws_lambda_function", "verify_auth_challenge");
    const env = (fn.environment as { variables: Record<string, string> }).variables;
    // What verify makes of its environment: the Corbado timeout asked for, and SSM's at its largest.
    const config = verifyConfigFromEnv({ ...env, SSM_TIMEOUT_MS: "999999" });
    assert.equal(config.timeoutMs, 3000);
    assert.ok(config.timeoutMs + config.ssmTimeoutMs < (fn.timeout as number) * 1000);
  });

  it("lets Cognito invoke each trigger only for this pool and from this account", () => {
    const out = synth();
    for (const name of TRIGGERS) {
      assert.deepEqual(resource(out, "aws_lambda_permission", name), {
        action: "lambda:InvokeFunction",
        function_name: `\${aws_lambda_function.${name}.function_name}`,
        principal: "cognito-idp.amazonaws.com",
        source_account: "${local.account_id}",
        source_arn: "${local.user_pool_arn}",
        statement_id: "AllowCognitoUserPool",
      });
    }
  });

  it("gives each function an explicit log group with the chosen retention and optional KMS key, and logs into it", () => {
    const key = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const out = synth({ logRetentionDays: 731, logKmsKeyArn: key, namePrefix: "pk" });
    for (const name of TRIGGERS) {
      const group = resource(out, "aws_cloudwatch_log_group", name);
      assert.equal(group.name, `/aws/lambda/pk-${name.replace(/_/g, "-")}`);
      assert.equal(group.retention_in_days, 731);
      assert.equal(group.kms_key_id, key);
      const fn = resource(out, "aws_lambda_function", name);
      assert.deepEqual(fn.logging_config, {
        log_format: "JSON",
        log_group: `\${aws_cloudwatch_log_group.${name}.name}`,
        application_log_level: "INFO",
        system_log_level: "INFO",
      });
    }
    assert.equal(resource(synth(), "aws_cloudwatch_log_group", "verify_auth_challenge").retention_in_days, 365);
    // Text on request: Lambda refuses log levels with it.
    assert.deepEqual(
      resource(synth({ logFormat: "Text" }), "aws_lambda_function", "verify_auth_challenge").logging_config,
      {
        log_format: "Text",
        log_group: "${aws_cloudwatch_log_group.verify_auth_challenge.name}",
      },
    );
  });

  it("traces with X-Ray, with the permission to write traces, only when a tracing mode is given", () => {
    const off = synth();
    assert.equal(resource(off, "aws_lambda_function", "verify_auth_challenge").tracing_config, undefined);
    assert.equal(off.resource.aws_iam_role_policy?.verify_auth_challenge_xray, undefined);
    const on = synth({ tracingMode: "Active" });
    for (const name of TRIGGERS) {
      assert.deepEqual(resource(on, "aws_lambda_function", name).tracing_config, { mode: "Active" });
      const xray = resource(on, "aws_iam_role_policy", `${name}_xray`);
      assert.equal(xray.role, `\${aws_iam_role.${name}.id}`);
      assert.deepEqual(policyOf(on, xray).Statement, [
        {
          Sid: "WriteXrayTraces",
          Effect: "Allow",
          Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
          Resource: ["*"],
        },
      ]);
      assert.ok(
        (resource(on, "aws_lambda_function", name).depends_on as string[]).includes(`aws_iam_role_policy.${name}_xray`),
      );
    }
  });

  it("deploys signed packages from S3 under a code signing configuration when given, the module's zips otherwise", () => {
    const csc = "arn:aws:lambda:eu-central-1:111122223333:code-signing-config:csc-0a1b2c3d4e5f67890";
    const keys = {
      "define-auth-challenge": "signed/define-job.zip",
      "create-auth-challenge": "signed/create-job.zip",
      "verify-auth-challenge": "signed/verify-job.zip",
    };
    const fn = resource(
      synth({ codeSigningConfigArn: csc, packageS3Bucket: "acme-signed", packageS3Keys: keys }),
      "aws_lambda_function",
      "verify_auth_challenge",
    );
    assert.equal(fn.code_signing_config_arn, csc);
    assert.equal(fn.s3_bucket, "acme-signed");
    assert.equal(fn.s3_key, "signed/verify-job.zip");
    assert.equal(fn.filename, undefined);
    assert.equal(fn.source_code_hash, undefined);
    const own = resource(synth(), "aws_lambda_function", "verify_auth_challenge");
    assert.equal(own.filename, "${path.module}/functions/verify-auth-challenge.zip");
    assert.equal(own.s3_bucket, undefined);
    assert.equal(own.code_signing_config_arn, undefined);
    assert.throws(
      () => synth({ packageS3Bucket: "acme-signed", packageS3Keys: { "verify-auth-challenge": "v.zip" } }),
      /packageS3Keys needs the key of define-auth-challenge, create-auth-challenge/,
    );
  });

  it("sets the contract's environment variables, with the secret's parameter name and never its value", () => {
    const out = synth({
      maxChallengeAttempts: 5,
      initialKillSwitch: true,
      loginSettingsCacheTtlMs: 10000,
      corbadoBackendApiUrl: "https://example.test",
    });
    const define = (resource(out, "aws_lambda_function", "define_auth_challenge").environment as { variables: Block })
      .variables;
    assert.deepEqual(define, {
      MAX_CHALLENGE_ATTEMPTS: "5",
      LOGIN_SETTINGS_PARAMETER: "${aws_ssm_parameter.login_settings.name}",
      KILL_SWITCH_WHEN_UNREADABLE: "true",
      LOGIN_SETTINGS_CACHE_TTL_MS: "10000",
      AGGREGATES_TABLE: "corbado-passkeys-aggregates",
      COUNTER_SHARDS: String(COUNTER_SHARDS.default),
    });
    const verify = (resource(out, "aws_lambda_function", "verify_auth_challenge").environment as { variables: Block })
      .variables;
    assert.deepEqual(verify, {
      CORBADO_SECRET_PARAMETER: "${aws_ssm_parameter.corbado_secret.name}",
      CORBADO_BACKEND_API_URL: "https://example.test",
      CORBADO_TIMEOUT_MS: "2500",
      AGGREGATES_TABLE: "corbado-passkeys-aggregates",
      COUNTER_SHARDS: String(COUNTER_SHARDS.default),
    });
    assert.equal(resource(out, "aws_lambda_function", "create_auth_challenge").environment, undefined);
    const post = resource(out, "aws_lambda_function", "post_authentication").environment as { variables: Block };
    assert.deepEqual(post.variables, {
      AGGREGATES_TABLE: "corbado-passkeys-aggregates",
      COUNTER_SHARDS: String(COUNTER_SHARDS.default),
    });
  });

  it("applies reserved concurrency, memory and VPC placement only when asked", () => {
    const plain = resource(synth(), "aws_lambda_function", "verify_auth_challenge");
    assert.equal(plain.reserved_concurrent_executions, undefined);
    assert.equal(plain.dynamic, undefined);
    assert.equal(resource(synth(), "aws_iam_role_policy", "verify_auth_challenge_vpc_access").count, 0);
    const out = synth({
      reservedConcurrentExecutions: 20,
      lambdaMemorySize: 512,
      vpcSubnetIds: ["subnet-1", "subnet-2"],
      vpcSecurityGroupIds: ["sg-1"],
    });
    const fn = resource(out, "aws_lambda_function", "verify_auth_challenge");
    assert.equal(fn.reserved_concurrent_executions, 20);
    assert.equal(fn.memory_size, 512);
    assert.deepEqual(fn.dynamic, {
      vpc_config: { for_each: [1], content: { subnet_ids: ["subnet-1", "subnet-2"], security_group_ids: ["sg-1"] } },
    });
    assert.equal(resource(out, "aws_iam_role_policy", "verify_auth_challenge_vpc_access").count, 1);
  });
});

describe("CorbadoPasskeys roles", () => {
  it("pins every role it creates to exactly its own inline policies and no managed policy, in every configuration", () => {
    const configurations: CorbadoPasskeysProps[] = [
      { mfaAfterPasskey: "sms", ...ACTIONS },
      {
        poolMode: "external",
        userPoolId: POOL_ID,
        kmsKeyArn: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        vpcSubnetIds: ["subnet-1"],
        vpcSecurityGroupIds: ["sg-1"],
      },
      { poolMode: "attach", userPoolId: POOL_ID, poolAttachPassRoleArns: ["arn:aws:iam::111122223333:role/pool-sms"] },
    ];
    for (const props of configurations) {
      const out = synth(props);
      const roles = Object.entries(out.resource.aws_iam_role!);
      assert.ok(roles.length >= 4, JSON.stringify(props));
      for (const [name, role] of roles) {
        const ref = (attribute: string) =>
          `\${aws_iam_role.${name}${role.count === undefined ? "" : "[0]"}.${attribute}}`;
        const own = Object.entries(out.resource.aws_iam_role_policy!)
          .filter(([, policy]) => policy.role === ref("id"))
          .map(([policy, block]) => `aws_iam_role_policy.${policy}${block.count === undefined ? "" : "[*]"}.name`);
        assert.ok(own.length > 0, `${name} has a policy`);
        const inline = resource(out, "aws_iam_role_policies_exclusive", name);
        const attachments = resource(out, "aws_iam_role_policy_attachments_exclusive", name);
        const names = /^\$\{flatten\(\[(.*)\]\)\}$/.exec(String(inline.policy_names))?.[1]?.split(", ");
        assert.deepEqual(
          { role: inline.role_name, count: inline.count, names: names?.sort() },
          { role: ref("name"), count: role.count, names: own.sort() },
          `${name} in ${JSON.stringify(props)}`,
        );
        assert.deepEqual(attachments, {
          role_name: ref("name"),
          policy_arns: [],
          ...(role.count === undefined ? {} : { count: role.count }),
        });
      }
    }
  });

  it("puts every role under the given IAM path and permissions boundary, named with the prefix", () => {
    const boundary = "arn:aws:iam::111122223333:policy/boundary";
    const out = synth({
      poolMode: "attach",
      userPoolId: POOL_ID,
      iamPath: "/passkeys/",
      permissionsBoundaryArn: boundary,
      namePrefix: "acme-pk",
    });
    const roles = out.resource.aws_iam_role!;
    assert.deepEqual(Object.keys(roles).sort(), [
      "admin_api",
      "create_auth_challenge",
      "define_auth_challenge",
      "pool_attach",
      "post_authentication",
      "verify_auth_challenge",
    ]);
    for (const [name, role] of Object.entries(roles)) {
      assert.equal(role.path, "/passkeys/");
      assert.equal(role.permissions_boundary, boundary);
      assert.equal(role.name, `acme-pk-${name.replace(/_/g, "-")}`);
      assert.equal(role.assume_role_policy, "${jsonencode(local.lambda_trust_policy)}");
      assert.deepEqual(policyOf(out, role, "assume_role_policy").Statement, [
        {
          Sid: "LambdaAssumesRole",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: ["sts:AssumeRole"],
        },
      ]);
    }
  });

  it("puts the region into every role name when asked, and refuses at plan a name past IAM's 64 characters", () => {
    const out = synth({
      poolMode: "attach",
      userPoolId: POOL_ID,
      namePrefix: "acme-pk",
      includeRegionInNames: true,
      mfaAfterPasskey: "sms",
      ...ACTIONS,
    });
    assert.equal(out.locals?.role_name_prefix, "acme-pk-${local.region}");
    const roles = out.resource.aws_iam_role!;
    assert.deepEqual(Object.keys(roles).sort(), [
      "admin_api",
      "corbado_actions",
      "create_auth_challenge",
      "define_auth_challenge",
      "pool_attach",
      "post_authentication",
      "verify_auth_challenge",
    ]);
    for (const [name, role] of Object.entries(roles)) {
      const expected = `\${local.role_name_prefix}-${name.replace(/_/g, "-")}`;
      assert.equal(role.name, expected);
      const fits = (role.lifecycle as { precondition: Array<{ condition: string }> }).precondition;
      assert.ok(
        fits.some((p) => p.condition === `\${(length("${expected}") <= 64)}`),
        name,
      );
    }
    // Names that are not global to the account keep the plain prefix.
    assert.equal(
      resource(out, "aws_lambda_function", "verify_auth_challenge").function_name,
      "acme-pk-verify-auth-challenge",
    );
    assert.equal(resource(out, "aws_ssm_parameter", "login_settings").name, "/acme-pk/login-settings");
    const sms = resource(synth({ includeRegionInNames: true, mfaAfterPasskey: "sms" }), "aws_iam_role", "cognito_sms");
    assert.equal(sms.name, "${local.role_name_prefix}-cognito-sms");
    // ARNs built from the role's name use the same name: the key policy names the role that exists.
    const key = policyOf(out, resource(out, "aws_kms_key", "corbado_secret"));
    assert.deepEqual(key.Statement[1]!.Principal, {
      AWS: `arn:${P}:iam::${A}:role/\${local.role_name_prefix}-verify-auth-challenge`,
    });
  });

  it("has no permissions boundary and the root path by default", () => {
    const role = resource(synth(), "aws_iam_role", "verify_auth_challenge");
    assert.equal(role.path, "/");
    assert.equal(role.permissions_boundary, undefined);
  });

  it("lets define read exactly the login-settings parameter, create only log, verify exactly the secret (its key's policy grants the Decrypt)", () => {
    const out = synth();
    // Every ARN built from a name: the policies are known in the first plan.
    assert.equal(
      out.locals?.login_settings_parameter_arn,
      `arn:${P}:ssm:${R}:${A}:parameter/corbado-passkeys/login-settings`,
    );
    assert.deepEqual(policyOf(out, resource(out, "aws_iam_role_policy", "define_auth_challenge")).Statement, [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [streamsOf("define-auth-challenge")],
      },
      {
        Sid: "ReadLoginSettings",
        Effect: "Allow",
        Action: ["ssm:GetParameter"],
        Resource: ["${local.login_settings_parameter_arn}"],
      },
      {
        Sid: "CountAdoption",
        Effect: "Allow",
        Action: ["dynamodb:UpdateItem"],
        Resource: [AGGREGATES_ARN],
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["counters#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
    ]);
    assert.deepEqual(policyOf(out, resource(out, "aws_iam_role_policy", "create_auth_challenge")).Statement, [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [streamsOf("create-auth-challenge")],
      },
    ]);
    assert.deepEqual(policyOf(out, resource(out, "aws_iam_role_policy", "verify_auth_challenge")).Statement, [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [streamsOf("verify-auth-challenge")],
      },
      {
        Sid: "ReadCorbadoSecret",
        Effect: "Allow",
        Action: ["ssm:GetParameter"],
        Resource: ["${local.secret_parameter_arn}"],
      },
      {
        Sid: "CountAdoption",
        Effect: "Allow",
        Action: ["dynamodb:UpdateItem"],
        Resource: [AGGREGATES_ARN],
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["counters#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
      {
        Sid: "MarkFirstPasskeyLogin",
        Effect: "Allow",
        Action: ["dynamodb:PutItem"],
        Resource: [AGGREGATES_ARN],
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["passkey-user#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
    ]);
    assert.deepEqual(policyOf(out, resource(out, "aws_iam_role_policy", "post_authentication")).Statement, [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [streamsOf("post-authentication")],
      },
      {
        Sid: "CountAdoption",
        Effect: "Allow",
        Action: ["dynamodb:UpdateItem"],
        Resource: [AGGREGATES_ARN],
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["counters#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
    ]);
    // No identity policy names the new key (its ARN is unknown until it exists): its key policy names the role.
    assert.equal(has(out, "aws_iam_role_policy", "verify_auth_challenge_caller_key"), false);
  });
});

const CONSOLE = { consoleEnabled: true, consoleOrigin: "https://console.example.com", corbadoProjectId: "pro-1" };

describe("CorbadoPasskeys secret and settings", () => {
  it("creates a rotating KMS key whose policy names only the account (administration) and verify's role (decrypt via SSM, for the secret parameter only)", () => {
    const out = synth();
    const key = resource(out, "aws_kms_key", "corbado_secret");
    assert.equal(key.count, 1);
    assert.equal(key.enable_key_rotation, true);
    assert.equal(key.deletion_window_in_days, 30);
    const statements = policyOf(out, key).Statement;
    // The role's ARN built from its name and path (known at plan); KMS accepts it once the role exists.
    assert.deepEqual(
      statements.map((s) => s.Principal),
      [
        { AWS: `arn:${P}:iam::${A}:root` },
        { AWS: `arn:${P}:iam::${A}:role/corbado-passkeys-verify-auth-challenge` },
        { AWS: "*" },
      ],
    );

    // Tables: any principal only in name; the conditions hold it to this account's module roles, DynamoDB, the tables.
    assert.deepEqual(statements[2]!.Action, ["kms:Decrypt", "kms:GenerateDataKey"]);
    assert.deepEqual(statements[2]!.Condition, {
      StringEquals: {
        "kms:ViaService": `dynamodb.${R}.amazonaws.com`,
        "kms:CallerAccount": A,
        "kms:EncryptionContext:aws:dynamodb:tableName": ["corbado-passkeys-aggregates", "corbado-passkeys-audit"],
      },
      ArnLike: { "aws:PrincipalArn": `arn:${P}:iam::${A}:role/corbado-passkeys-*` },
    });
    assert.deepEqual(key.depends_on, ["aws_iam_role.verify_auth_challenge"]);
    assert.deepEqual(statements[1]!.Action, ["kms:Decrypt"]);
    assert.deepEqual(statements[1]!.Condition, {
      StringEquals: {
        "kms:ViaService": `ssm.${R}.amazonaws.com`,
        "kms:CallerAccount": A,
        "kms:EncryptionContext:PARAMETER_ARN": "${local.secret_parameter_arn}",
      },
    });
    // The same ARN the parameter gets, built from its name so the key policy does not depend on the parameter.
    assert.equal(out.locals?.secret_parameter_arn, SECRET_ARN_EXPRESSION);
    assert.equal(
      resource(out, "aws_ssm_parameter", "corbado_secret").name,
      "/corbado-passkeys/corbado-backend-api-secret",
    );
    assert.equal(
      resource(out, "aws_kms_alias", "corbado_secret").target_key_id,
      "${aws_kms_key.corbado_secret[0].key_id}",
    );
    assert.equal(resource(out, "aws_ssm_parameter", "corbado_secret").key_id, "${local.kms_key_arn}");
    assert.equal(out.locals?.kms_key_arn, "${aws_kms_key.corbado_secret[0].arn}");
  });

  it("lets the API roles decrypt the secret through the key policy only while they read it (console, self-service)", () => {
    const decrypters = (props: CorbadoPasskeysProps) =>
      policyOf(synth(props), resource(synth(props), "aws_kms_key", "corbado_secret")).Statement.find(
        (s) => s.Sid === "ApiFunctionsDecryptViaSsm",
      )?.Condition;
    assert.equal(decrypters({}), undefined, "no API role reads the secret by default");
    const role = (fn: string) => `arn:${P}:iam::${A}:role/corbado-passkeys-${fn}`;
    assert.deepEqual(decrypters({ selfServiceEnabled: true }), {
      StringEquals: {
        "kms:ViaService": `ssm.${R}.amazonaws.com`,
        "kms:CallerAccount": A,
        "kms:EncryptionContext:PARAMETER_ARN": "${local.secret_parameter_arn}",
      },
      ArnEquals: { "aws:PrincipalArn": [role("self-service")] },
    });
    const both = decrypters({ ...CONSOLE, selfServiceEnabled: true }) as { ArnEquals: Record<string, string[]> };
    assert.deepEqual(both.ArnEquals["aws:PrincipalArn"], [role("admin-api"), role("self-service")]);
  });

  it("refuses a contradictory key choice at synth time", () => {
    const key = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert.throws(() => synth({ createKmsKey: true, kmsKeyArn: key }), /leave kmsKeyArn unset/);
    assert.throws(() => synth({ createKmsKey: false }), /needs kmsKeyArn/);
  });

  it("uses the caller's key instead of creating one, for the parameter and verify's Decrypt", () => {
    const key = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const out = synth({ kmsKeyArn: key });
    assert.equal(resource(out, "aws_kms_key", "corbado_secret").count, 0);
    assert.equal(resource(out, "aws_kms_alias", "corbado_secret").count, 0);
    assert.equal(resource(out, "aws_ssm_parameter", "corbado_secret").key_id, key);
    // A policy of its own, so a key created in the same apply hides nothing else of verify's in the plan.
    const callerKey = resource(out, "aws_iam_role_policy", "verify_auth_challenge_caller_key");
    assert.equal(callerKey.role, "${aws_iam_role.verify_auth_challenge.id}");
    assert.deepEqual(policyOf(out, callerKey).Statement, [
      {
        Sid: "DecryptCorbadoSecretViaSsm",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [key],
        Condition: {
          StringEquals: {
            "kms:ViaService": `ssm.${R}.amazonaws.com`,
            "kms:EncryptionContext:PARAMETER_ARN": "${local.secret_parameter_arn}",
          },
        },
      },
    ]);
    assert.equal(policyOf(out, resource(out, "aws_iam_role_policy", "verify_auth_challenge")).Statement.length, 4);
    // Each writer of the adoption counters gets the caller's key for the aggregates table only, through DynamoDB.
    for (const writer of ["define_auth_challenge", "verify_auth_challenge", "post_authentication"]) {
      const tables = resource(out, "aws_iam_role_policy", `${writer}_tables_caller_key`);
      assert.equal(tables.role, `\${aws_iam_role.${writer}.id}`);
      assert.deepEqual(policyOf(out, tables).Statement, [
        {
          Sid: "UseCallerKeyForTablesViaDynamoDb",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: [key],
          Condition: {
            StringEquals: {
              "kms:ViaService": `dynamodb.${R}.amazonaws.com`,
              "kms:EncryptionContext:aws:dynamodb:tableName": ["corbado-passkeys-aggregates"],
            },
          },
        },
      ]);
    }
    assert.equal(has(synth(), "aws_iam_role_policy", "verify_auth_challenge_tables_caller_key"), false);
    assert.ok(
      (resource(out, "aws_lambda_function", "verify_auth_challenge").depends_on as string[]).includes(
        "aws_iam_role_policy.verify_auth_challenge_caller_key",
      ),
      "verify waits for its Decrypt permission",
    );
  });

  it("keeps the secret out of the configuration by default: a placeholder through the write-only argument, set out of band", () => {
    const parameter = resource(synth(), "aws_ssm_parameter", "corbado_secret");
    assert.equal(parameter.type, "SecureString");
    assert.equal(parameter.value, undefined);
    assert.equal(parameter.insecure_value, undefined);
    assert.equal(parameter.value_wo, SECRET_PLACEHOLDER);
    assert.equal(parameter.value_wo_version, 1);
  });

  it("writes the secret only through the write-only argument from an ephemeral variable in terraform mode", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const secret = new TerraformVariable(stack, "corbado_api_secret", { type: "string", sensitive: true });
    secret.addOverride("ephemeral", true);
    new CorbadoPasskeys(stack, "passkeys", {
      secretManagement: "terraform",
      corbadoApiSecret: secret.stringValue,
      corbadoApiSecretVersion: 4,
    });
    const out = JSON.parse(Testing.synth(stack)) as Synthesized;
    const parameter = resource(out, "aws_ssm_parameter", "corbado_secret");
    assert.equal(parameter.value_wo, "${var.corbado_api_secret}");
    assert.equal(parameter.value_wo_version, 4);
    assert.equal(parameter.value, undefined);
  });

  it("rewrites the secret only when its version changes, so switching modes alone never overwrites a secret in place", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const secret = new TerraformVariable(stack, "corbado_api_secret", { type: "string", sensitive: true });
    new CorbadoPasskeys(stack, "passkeys", { secretManagement: "terraform", corbadoApiSecret: secret.stringValue });
    const terraformMode = resource(
      JSON.parse(Testing.synth(stack)) as Synthesized,
      "aws_ssm_parameter",
      "corbado_secret",
    );
    const outOfBand = resource(synth({ secretManagement: "out_of_band" }), "aws_ssm_parameter", "corbado_secret");
    assert.equal(terraformMode.value_wo_version, outOfBand.value_wo_version);
    assert.equal(
      resource(synth({ corbadoApiSecretVersion: 7 }), "aws_ssm_parameter", "corbado_secret").value_wo_version,
      7,
    );
  });

  it("refuses a literal secret, which would land in the synthesized configuration", () => {
    assert.throws(
      () => synth({ secretManagement: "terraform", corbadoApiSecret: "cHJvajpzZWNyZXQ=" }),
      /must be a token/,
    );
    assert.throws(() => synth({ secretManagement: "terraform" }), /needs corbadoApiSecret/);
  });

  it("stores the login settings as JSON in a plain String parameter that accepts nothing else", () => {
    const parameter = resource(
      synth({ initialPasskeyFirst: true, initialKillSwitch: false }),
      "aws_ssm_parameter",
      "login_settings",
    );
    assert.equal(parameter.type, "String");
    assert.equal(parameter.allowed_pattern, LOGIN_SETTINGS_ALLOWED_PATTERN);
  });

  it("writes only the initial login settings, in plain sight, and never reverts a value changed out of band", () => {
    const parameter = resource(
      synth({ initialPasskeyFirst: true, initialKillSwitch: false }),
      "aws_ssm_parameter",
      "login_settings",
    );
    // insecure_value: not secret, so a plan shows what it would write; value would show "(sensitive value)".
    assert.equal(parameter.insecure_value, '${jsonencode({"passkeyFirst" = true, "killSwitch" = false})}');
    assert.equal(parameter.value, undefined);
    assert.deepEqual(parameter.lifecycle, { ignore_changes: ["insecure_value"] });
  });

  it("warns on every plan while the kill switch is on, reading the parameter only once it exists", () => {
    const out = synth() as Synthesized & { check?: Record<string, { assert: Array<Record<string, string>> }> };
    assert.deepEqual(out.data.aws_ssm_parameter!.login_settings, {
      name: "${aws_ssm_parameter.login_settings.name}",
      depends_on: ["aws_ssm_parameter.login_settings"],
    });
    const check = out.check?.login_settings_kill_switch;
    assert.ok(check, "check.login_settings_kill_switch exists");
    assert.deepEqual(Object.keys(check), ["assert"], "no scoped data source: it would make every plan a change");
    assert.equal(check.assert.length, 1);
    assert.equal(
      check.assert[0]!.condition,
      "${try(jsondecode(data.aws_ssm_parameter.login_settings.insecure_value).killSwitch == false, false)}",
    );
    assert.match(check.assert[0]!.error_message!, /kill switch is ON/);
  });

  it("refuses passkey login while the settings are unreadable and none were read, unless told to allow it", () => {
    const define = (props: CorbadoPasskeysProps) =>
      (resource(synth(props), "aws_lambda_function", "define_auth_challenge").environment as { variables: Block })
        .variables;
    assert.equal(define({}).KILL_SWITCH_WHEN_UNREADABLE, "true");
    assert.equal(define({ initialKillSwitch: true }).KILL_SWITCH_WHEN_UNREADABLE, "true");
    assert.equal(define({ killSwitchWhenSettingsUnreadable: false }).KILL_SWITCH_WHEN_UNREADABLE, "false");
    assert.equal(
      define({ initialKillSwitch: true }).KILL_SWITCH_DEFAULT,
      undefined,
      "the initial value is not a fallback",
    );
  });
});

describe("CorbadoPasskeys app client", () => {
  it("allows custom auth and refresh only by default, with no secret, a short session, revocation and no user-existence errors", () => {
    const client = resource(synth(), "aws_cognito_user_pool_client", "passkey_login");
    assert.deepEqual(client.explicit_auth_flows, ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    assert.equal(client.generate_secret, false);
    assert.equal(client.auth_session_validity, 3);
    assert.equal(client.enable_token_revocation, true);
    assert.equal(client.prevent_user_existence_errors, "ENABLED");
    assert.equal(client.count, 1);
  });

  it("keeps Cognito's token lifetimes unless given, and then states their units; revocation can be turned off", () => {
    const plain = resource(synth(), "aws_cognito_user_pool_client", "passkey_login");
    for (const key of ["access_token_validity", "id_token_validity", "refresh_token_validity", "token_validity_units"])
      assert.equal(plain[key], undefined, key);
    const client = resource(
      synth({ accessTokenValidityMinutes: 15, refreshTokenValidityDays: 7, enableTokenRevocation: false }),
      "aws_cognito_user_pool_client",
      "passkey_login",
    );
    assert.equal(client.access_token_validity, 15);
    assert.equal(client.id_token_validity, undefined);
    assert.equal(client.refresh_token_validity, 7);
    assert.deepEqual(client.token_validity_units, [
      { access_token: "minutes", id_token: "minutes", refresh_token: "days" },
    ]);
    assert.equal(client.enable_token_revocation, false);
    assert.throws(
      () => synth({ accessTokenValidityMinutes: 2 }),
      /accessTokenValidityMinutes must be a whole number of minutes from 5 to 1440/,
    );
  });

  it("adds the flows the caller asks for, once each, and can be left out", () => {
    const client = resource(
      synth({ appClientExtraAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_SRP_AUTH"] }),
      "aws_cognito_user_pool_client",
      "passkey_login",
    );
    assert.deepEqual(client.explicit_auth_flows, [
      "ALLOW_CUSTOM_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
      "ALLOW_USER_SRP_AUTH",
    ]);
    assert.equal(resource(synth({ createAppClient: false }), "aws_cognito_user_pool_client", "passkey_login").count, 0);
  });
});

describe("CorbadoPasskeys as a CDKTF construct", () => {
  it("takes zip paths from the app (TerraformAsset) and a logical-id prefix for a second instance", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    new CorbadoPasskeys(stack, "a", {}, { packagePaths: { "verify-auth-challenge": "assets/verify.zip" } });
    new CorbadoPasskeys(stack, "b", { namePrefix: "second" }, { logicalIdPrefix: "second_" });
    const out = JSON.parse(Testing.synth(stack)) as Synthesized;
    assert.equal(resource(out, "aws_lambda_function", "verify_auth_challenge").filename, "assets/verify.zip");
    assert.equal(
      resource(out, "aws_lambda_function", "second_verify_auth_challenge").function_name,
      "second-verify-auth-challenge",
    );
    assert.ok(has(out, "aws_cognito_user_pool", "second_this"));
  });
});

describe("CorbadoPasskeys Corbado actions role", () => {
  it("creates no actions role and nothing SMS-related without a principal and with mfaAfterPasskey off (the defaults)", () => {
    const out = synth();
    assert.equal(has(out, "aws_iam_role", "corbado_actions"), false);
    assert.equal(has(out, "aws_iam_role", "cognito_sms"), false);
    assert.equal(has(out, "aws_iam_role_policy", "cognito_sms"), false);
    const pool = resource(out, "aws_cognito_user_pool", "this");
    assert.equal(pool.mfa_configuration, undefined);
    assert.equal(pool.sms_configuration, undefined);
    assert.equal(pool.dynamic, undefined);
  });

  it("wires the actions role to this pool, with the module's name prefix, path, boundary and tags", () => {
    const boundary = "arn:aws:iam::111122223333:policy/boundary";
    const out = synth({
      ...ACTIONS,
      namePrefix: "acme-pk",
      iamPath: "/passkeys/",
      permissionsBoundaryArn: boundary,
      tags: { team: "identity" },
    });
    const role = resource(out, "aws_iam_role", "corbado_actions");
    assert.equal(role.name, "acme-pk-corbado-actions");
    assert.equal(role.path, "/passkeys/");
    assert.equal(role.permissions_boundary, boundary);
    assert.deepEqual(role.tags, { team: "identity" });
    assert.equal(role.max_session_duration, 3600);
    assert.deepEqual(policyOf(out, role, "assume_role_policy").Statement[0]!.Condition, {
      StringEquals: {
        "sts:ExternalId": ACTIONS.corbadoActionsExternalId,
        "sts:RoleSessionName": ["corbado-pre-login", "corbado-post-append"],
      },
    });
    const lookUp = policyOf(out, resource(out, "aws_iam_role_policy", "corbado_actions"));
    assert.deepEqual(lookUp.Statement[0]!.Resource, ["${local.user_pool_arn}"]);
  });

  it("grants AdminSetUserMFAPreference only with mfaAfterPasskey sms", () => {
    assert.equal(has(synth(ACTIONS), "aws_iam_role_policy", "corbado_actions_mfa"), false);
    const sms = synth({ ...ACTIONS, mfaAfterPasskey: "sms" });
    assert.deepEqual(policyOf(sms, resource(sms, "aws_iam_role_policy", "corbado_actions_mfa")).Statement[0]!.Action, [
      "cognito-idp:AdminSetUserMFAPreference",
    ]);
  });

  it("refuses at synth time a principal without external id, an account root without the opt-in, and an unknown MFA mode", () => {
    assert.throws(
      () => synth({ corbadoActionsPrincipalArn: ACTIONS.corbadoActionsPrincipalArn }),
      /corbado_actions_external_id is required/,
    );
    assert.throws(
      () => synth({ ...ACTIONS, corbadoActionsPrincipalArn: "arn:aws:iam::444455556666:root" }),
      /account root/,
    );
    assert.doesNotThrow(() =>
      synth({
        ...ACTIONS,
        corbadoActionsPrincipalArn: "arn:aws:iam::444455556666:root",
        allowAccountRootPrincipal: true,
      }),
    );
    assert.throws(
      () => synth({ mfaAfterPasskey: "totp" as string as MfaAfterPasskey }),
      /mfaAfterPasskey must be "off" or "sms"/,
    );
    assert.throws(() => synth({ poolSmsMfaConfigured: true }), /poolSmsMfaConfigured is for a pool/);
  });

  it("tells the admin what to enter in Corbado: pool id, role ARN, external id, MFA mode and whether the pool has SMS MFA", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const created = new CorbadoPasskeys(stack, "created", { ...ACTIONS, mfaAfterPasskey: "sms" });
    assert.deepEqual(
      { ...created.corbadoActionsEnvironment, USER_POOL_ID: "(token)", ASSUME_ROLE_ARN: "(token)" },
      {
        USER_POOL_ID: "(token)",
        ASSUME_ROLE_ARN: "(token)",
        ASSUME_ROLE_EXTERNAL_ID: ACTIONS.corbadoActionsExternalId,
        MFA_AFTER_PASSKEY: "sms",
        POOL_SMS_MFA_CONFIGURED: "true",
        AGGREGATES_TABLE: "corbado-passkeys-aggregates",
        COUNTER_SHARDS: String(COUNTER_SHARDS.default),
      },
    );
    const external = new CorbadoPasskeys(
      stack,
      "external",
      { ...ACTIONS, poolMode: "external", userPoolId: POOL_ID, mfaAfterPasskey: "sms", poolSmsMfaConfigured: true },
      { logicalIdPrefix: "second_" },
    );
    assert.equal(external.corbadoActionsEnvironment?.USER_POOL_ID, POOL_ID);
    assert.equal(external.corbadoActionsEnvironment?.POOL_SMS_MFA_CONFIGURED, "true");
    const off = new CorbadoPasskeys(
      stack,
      "off",
      { ...ACTIONS, poolMode: "external", userPoolId: POOL_ID },
      { logicalIdPrefix: "third_" },
    );
    assert.equal(off.corbadoActionsEnvironment?.MFA_AFTER_PASSKEY, "off");
    assert.equal(off.corbadoActionsEnvironment?.POOL_SMS_MFA_CONFIGURED, "false");
    assert.equal(
      new CorbadoPasskeys(stack, "none", {}, { logicalIdPrefix: "fourth_" }).corbadoActionsEnvironment,
      undefined,
    );
  });
});

describe("CorbadoPasskeys SMS MFA on the created pool", () => {
  it("configures optional (never required) SMS MFA with the module's SNS role in create mode with sms", () => {
    const out = synth({ mfaAfterPasskey: "sms", namePrefix: "acme-pk", iamPath: "/passkeys/" });
    const pool = resource(out, "aws_cognito_user_pool", "this");
    assert.equal(pool.mfa_configuration, "OPTIONAL");
    assert.deepEqual(pool.sms_configuration, {
      external_id: "acme-pk-cognito-sms",
      sns_caller_arn: "${aws_iam_role.cognito_sms[0].arn}",
    });
    assert.deepEqual(pool.depends_on, ["aws_iam_role_policy.cognito_sms"]);
    const role = resource(out, "aws_iam_role", "cognito_sms");
    assert.equal(role.count, 1);
    assert.equal(role.name, "acme-pk-cognito-sms");
    assert.equal(role.path, "/passkeys/");
    assert.deepEqual(policyOf(out, role, "assume_role_policy").Statement, [
      {
        Sid: "CognitoAssumesSmsRole",
        Effect: "Allow",
        Principal: { Service: "cognito-idp.amazonaws.com" },
        Action: ["sts:AssumeRole"],
        Condition: {
          StringEquals: {
            "sts:ExternalId": "acme-pk-cognito-sms",
            "aws:SourceAccount": A,
          },
          ArnLike: { "aws:SourceArn": `arn:${P}:cognito-idp:${R}:${A}:userpool/*` },
        },
      },
    ]);
    assert.deepEqual(policyOf(out, resource(out, "aws_iam_role_policy", "cognito_sms")).Statement, [
      { Sid: "PublishSmsToPhoneNumbers", Effect: "Allow", Action: ["sns:Publish"], Resource: ["*"] },
      {
        Sid: "NoPublishToTopics",
        Effect: "Deny",
        Action: ["sns:Publish"],
        Resource: [`arn:${P}:sns:*:*:*`],
      },
    ]);
  });

  it("configures nothing SMS-related for a pool it does not create, even with sms", () => {
    for (const poolMode of ["external", "attach"] as const) {
      const out = synth({ poolMode, userPoolId: POOL_ID, mfaAfterPasskey: "sms", ...ACTIONS });
      assert.equal(has(out, "aws_iam_role", "cognito_sms"), false, poolMode);
      assert.equal(resource(out, "aws_cognito_user_pool", "this").sms_configuration, undefined, poolMode);
      assert.ok(has(out, "aws_iam_role_policy", "corbado_actions_mfa"), `${poolMode}: the role may still set MFA`);
    }
  });

  it("switches SMS MFA at plan time when the mode is a variable: OPTIONAL with a dynamic sms_configuration, else OFF and none", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const mfa = new TerraformVariable(stack, "mfa", { type: "string" });
    new CorbadoPasskeys(stack, "passkeys", { mfaAfterPasskey: asToken(mfa.stringValue) });
    const out = JSON.parse(Testing.synth(stack)) as Synthesized;
    const pool = resource(out, "aws_cognito_user_pool", "this");
    assert.equal(pool.mfa_configuration, '${(var.mfa == "sms") ? "OPTIONAL" : "OFF"}');
    assert.deepEqual(pool.dynamic, {
      sms_configuration: {
        for_each: '${(var.mfa == "sms") ? [1] : []}',
        content: {
          external_id: "corbado-passkeys-cognito-sms",
          sns_caller_arn: "${one(aws_iam_role.cognito_sms[*].arn)}",
        },
      },
    });
    assert.equal(resource(out, "aws_iam_role", "cognito_sms").count, '${(var.mfa == "sms") ? 1 : 0}');
  });
});
