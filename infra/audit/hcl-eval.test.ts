import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  evaluateExpression,
  evaluateTemplate,
  HclEvalError,
  type EvalScope,
  type Traversal,
  type Value,
} from "./hcl-eval";

const values: Record<string, Value> = {
  "var.pool_mode": "create",
  "var.name_prefix": "corbado-passkeys",
  "var.user_pool_id": null,
  "var.subnets": ["subnet-1", "subnet-2"],
  "aws_cognito_user_pool.this.0.arn": "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/eu-central-1_Example1",
  "data.aws_partition.current.partition": "aws",
};

const seen: string[] = [];
const scope: EvalScope = {
  resolve(traversal: Traversal): Value {
    const key = traversal.join(".");
    seen.push(key);
    if (key in values) return values[key]!;
    throw new HclEvalError(`unknown reference ${key}`);
  },
};

describe("Terraform expression evaluator used by the IAM audit", () => {
  it("resolves references inside a policy template and keeps the surrounding JSON", () => {
    const policy = '{"Resource":["${aws_cognito_user_pool.this[0].arn}"],"Name":"/${var.name_prefix}/x"}';
    assert.deepEqual(JSON.parse(evaluateTemplate(policy, scope) as string), {
      Resource: ["arn:aws:cognito-idp:eu-central-1:111122223333:userpool/eu-central-1_Example1"],
      Name: "/corbado-passkeys/x",
    });
  });

  it("returns the value itself, not a string, for a template that is one interpolation", () => {
    assert.deepEqual(evaluateTemplate("${var.subnets}", scope), ["subnet-1", "subnet-2"]);
    assert.equal(evaluateTemplate("${length(var.subnets) >= 1 ? 1 : 0}", scope), 1);
  });

  it("evaluates only the chosen branch of a conditional", () => {
    seen.length = 0;
    const arn = evaluateTemplate(
      '${(var.pool_mode == "create") ? aws_cognito_user_pool.this[0].arn : "arn:${data.aws_partition.current.partition}:cognito-idp:x:y:userpool/${var.missing}"}',
      scope,
    );
    assert.equal(arn, values["aws_cognito_user_pool.this.0.arn"]);
    assert.ok(!seen.includes("var.missing"));
  });

  it("fails loudly on a reference it cannot resolve", () => {
    assert.throws(
      () => evaluateTemplate('{"Resource":"${aws_s3_bucket.logs.arn}"}', scope),
      /unknown reference aws_s3_bucket\.logs\.arn/,
    );
  });

  it("fails loudly on constructs it does not model instead of guessing", () => {
    assert.throws(() => evaluateTemplate("${aws_iam_role.x[*].arn}", scope), /splat/);
    assert.throws(() => evaluateTemplate("${[for s in var.subnets : s]}", scope), /for expressions/);
    assert.throws(() => evaluateTemplate('${templatefile("x", {})}', scope), /templatefile\(\) is not supported/);
    assert.throws(() => evaluateTemplate("%{if true}x%{endif}", scope), /template directives/);
    assert.throws(() => evaluateTemplate("${null}-suffix", scope), /cannot interpolate null/);
  });

  it("handles escapes, jsonencode, coalesce, boolean logic and arithmetic", () => {
    assert.equal(evaluateTemplate("$${literal}", scope), "${literal}");
    assert.equal(evaluateExpression('jsonencode({b = [1, "x"], a = true})', scope), '{"a":true,"b":[1,"x"]}');
    assert.equal(evaluateExpression("coalesce(var.user_pool_id, var.name_prefix)", scope), "corbado-passkeys");
    assert.equal(evaluateExpression('!(var.pool_mode == "attach") && length(var.subnets) == 2', scope), true);
    assert.equal(evaluateExpression("(2 + 3) * 4 - 1", scope), 19);
    assert.equal(evaluateExpression('"a\\"b"', scope), 'a"b');
  });
});
