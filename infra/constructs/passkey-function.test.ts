import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { synthesizedPolicy } from "../policies/synthesized";
import { policyDocument } from "../policies/types";
import { PasskeyFunction, type PasskeyFunctionProps } from "./passkey-function";

type Block = Record<string, unknown>;

const DEFAULTS = {
  namePrefix: "pk",
  logRetentionDays: 30,
  roleDefaults: { path: "/", permissionsBoundary: undefined, tags: {} },
  tags: {},
  logicalIdPrefix: "",
  arnScope: { partition: "aws", region: "eu-central-1", accountId: "111122223333" },
  timeoutSeconds: 10,
  memorySize: 512,
  policy: (logGroupArn: string) =>
    policyDocument({ Sid: "Logs", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [logGroupArn] }),
} satisfies Omit<PasskeyFunctionProps, "name">;

interface Synthesized {
  resource: Record<string, Record<string, Block>>;
  locals?: Record<string, unknown>;
}

function synthAll(build: (stack: TerraformStack) => void): Synthesized {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

function synth(build: (stack: TerraformStack) => void): Record<string, Record<string, Block>> {
  return synthAll(build).resource;
}

describe("PasskeyFunction, the part every function of the module is built from", () => {
  it("deploys one function with its own log group, role and policy, and nothing it was not asked for", () => {
    const config = synthAll((stack) => new PasskeyFunction(stack, "f", { ...DEFAULTS, name: "admin-api" }));
    const resources = config.resource;
    assert.deepEqual(Object.keys(resources).sort(), [
      "aws_cloudwatch_log_group",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_lambda_function",
    ]);
    const fn = resources.aws_lambda_function!.admin_api!;
    assert.equal(fn.function_name, "pk-admin-api");
    assert.equal(fn.timeout, 10);
    assert.equal(fn.memory_size, 512);
    assert.equal(fn.environment, undefined);
    assert.equal(fn.dynamic, undefined);
    // Built from the log group's name, so the policy is known in the first plan.
    assert.deepEqual(
      synthesizedPolicy(config, resources.aws_iam_role_policy!.admin_api!.policy).Statement[0]!.Resource,
      ["arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lambda/pk-admin-api"],
    );
    assert.equal(resources.aws_iam_role_policy!.admin_api!.policy, "${jsonencode(local.admin_api_policy)}");
    assert.equal(resources.aws_iam_role!.admin_api!.assume_role_policy, "${jsonencode(local.lambda_trust_policy)}");
  });

  it("builds its ARNs from the names it gives, with the role's path", () => {
    let arns: PasskeyFunction["arns"] | undefined;
    synth((stack) => {
      arns = new PasskeyFunction(stack, "f", {
        ...DEFAULTS,
        name: "admin-api",
        roleDefaults: { ...DEFAULTS.roleDefaults, path: "/passkeys/" },
      }).arns;
    });
    assert.deepEqual(arns, {
      function: "arn:aws:lambda:eu-central-1:111122223333:function:pk-admin-api",
      logGroup: "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lambda/pk-admin-api",
      role: "arn:aws:iam::111122223333:role/passkeys/pk-admin-api",
    });
  });

  it("renders two functions' identical trust policies as one local, and refuses one name for two documents", () => {
    const config = synthAll((stack) => {
      new PasskeyFunction(stack, "a", { ...DEFAULTS, name: "admin-api" });
      new PasskeyFunction(stack, "b", { ...DEFAULTS, name: "self-service" });
    });
    assert.equal(
      config.resource.aws_iam_role!.self_service!.assume_role_policy,
      "${jsonencode(local.lambda_trust_policy)}",
    );
    assert.deepEqual(Object.keys(config.locals ?? {}).sort(), [
      "admin_api_policy",
      "lambda_trust_policy",
      "self_service_policy",
    ]);
    assert.throws(
      () =>
        synth((stack) => {
          new PasskeyFunction(stack, "a", { ...DEFAULTS, name: "admin-api" });
          new PasskeyFunction(stack, "b", { ...DEFAULTS, name: "admin-api", namePrefix: "other" });
        }),
      /local\.admin_api_policy is rendered twice with different values/,
    );
  });

  it("counts every resource by a plan-time condition and indexes every reference to them", () => {
    const resources = synth((stack) => {
      const enabled = new TerraformVariable(stack, "enabled", { type: "bool" });
      const subnets = new TerraformVariable(stack, "subnets", { type: "list(string)" });
      new PasskeyFunction(stack, "f", {
        ...DEFAULTS,
        name: "admin-api",
        enabled: enabled.booleanValue,
        environment: { TABLE: "audit" },
        reservedConcurrentExecutions: 5,
        vpc: { subnetIds: subnets.listValue, securityGroupIds: ["sg-1"] },
        invokedBy: {
          statementId: "AllowApiGateway",
          principal: "apigateway.amazonaws.com",
          sourceArn: "arn:aws:execute-api:eu-central-1:111122223333:abc123/*",
        },
      });
    });
    const count = "${var.enabled ? 1 : 0}";
    for (const type of ["aws_cloudwatch_log_group", "aws_iam_role", "aws_iam_role_policy", "aws_lambda_function"])
      assert.equal(resources[type]!.admin_api!.count, count, type);
    assert.equal(
      resources.aws_iam_role_policy!.admin_api_vpc_access!.count,
      "${(var.enabled && (length(var.subnets) >= 1)) ? 1 : 0}",
    );
    const fn = resources.aws_lambda_function!.admin_api!;
    assert.equal(fn.role, "${aws_iam_role.admin_api[0].arn}");
    assert.deepEqual(fn.environment, { variables: { TABLE: "audit" } });
    assert.equal(fn.reserved_concurrent_executions, 5);
    assert.deepEqual(resources.aws_lambda_permission!.admin_api, {
      count,
      action: "lambda:InvokeFunction",
      function_name: "${aws_lambda_function.admin_api[0].function_name}",
      principal: "apigateway.amazonaws.com",
      source_arn: "arn:aws:execute-api:eu-central-1:111122223333:abc123/*",
      statement_id: "AllowApiGateway",
    });
  });
});
