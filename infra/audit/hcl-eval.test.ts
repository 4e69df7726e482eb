import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluate, HclEvalError, type EvalScope, type Traversal, type Value } from "./hcl-eval";
import { parseExpression, parseTemplate } from "./hcl-parse";

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

/** A string of main.tf.json (a template in HCL's JSON syntax), parsed by HCL and evaluated. */
const evaluateTemplate = async (text: string): Promise<Value> => evaluate(await parseTemplate(text), scope);
/** A bare expression in HCL's native syntax. */
const evaluateExpression = async (source: string): Promise<Value> => evaluate(await parseExpression(source), scope);

describe("Terraform expression evaluator used by the IAM audit", () => {
  it("resolves references inside a policy template and keeps the surrounding JSON", async () => {
    const policy = '{"Resource":["${aws_cognito_user_pool.this[0].arn}"],"Name":"/${var.name_prefix}/x"}';
    assert.deepEqual(JSON.parse((await evaluateTemplate(policy)) as string), {
      Resource: ["arn:aws:cognito-idp:eu-central-1:111122223333:userpool/eu-central-1_Example1"],
      Name: "/corbado-passkeys/x",
    });
  });

  it("returns the value itself, not a string, for a template that is one interpolation", async () => {
    assert.deepEqual(await evaluateTemplate("${var.subnets}"), ["subnet-1", "subnet-2"]);
    assert.equal(await evaluateTemplate("${var.pool_mode}\n"), "create\n");
    assert.equal(await evaluateTemplate("${length(var.subnets) >= 1 ? 1 : 0}"), 1);
  });

  it("evaluates only the chosen branch of a conditional", async () => {
    seen.length = 0;
    const arn = await evaluateTemplate(
      '${(var.pool_mode == "create") ? aws_cognito_user_pool.this[0].arn : "arn:${data.aws_partition.current.partition}:cognito-idp:x:y:userpool/${var.missing}"}',
    );
    assert.equal(arn, values["aws_cognito_user_pool.this.0.arn"]);
    assert.ok(!seen.includes("var.missing"));
  });

  it("fails loudly on a reference it cannot resolve", async () => {
    await assert.rejects(
      evaluateTemplate('{"Resource":"${aws_s3_bucket.logs.arn}"}'),
      /unknown reference aws_s3_bucket\.logs\.arn/,
    );
  });

  it("reads one(resource[*].attr), a counted resource's attribute or null, by the scope's count of instances", async () => {
    const counted = (n: number | undefined): EvalScope => ({
      resolve: (traversal) => `arn-${traversal.join(".")}`,
      splatCount: () => n,
    });
    const expr = await parseTemplate("${one(aws_iam_role.x[*].arn)}");
    assert.equal(evaluate(expr, counted(1)), "arn-aws_iam_role.x.0.arn");
    assert.equal(evaluate(expr, counted(0)), null);
    assert.equal(evaluate(expr, counted(undefined)), "arn-aws_iam_role.x.arn");
    assert.throws(() => evaluate(expr, counted(2)), /one\(\) of a list of 2/);
    assert.throws(() => evaluate(expr, scope), /unknown reference aws_iam_role\.x\.arn/);
  });

  it("fails loudly on constructs it does not model instead of guessing", async () => {
    await assert.rejects(evaluateTemplate("${var.subnets[*]}"), /splat/);
    await assert.rejects(evaluateTemplate("${jsondecode(var.x)[*].arn}"), /splat/);
    await assert.rejects(evaluateTemplate("${[for s in var.subnets : s]}"), /for expressions/);
    await assert.rejects(evaluateTemplate('${templatefile("x", {})}'), /templatefile\(\) is not supported/);
    await assert.rejects(evaluateTemplate("%{if true}x%{endif}"), /template directives/);
    await assert.rejects(evaluateTemplate("x%{ for s in var.subnets }${s}%{ endfor }"), /template directives/);
    await assert.rejects(evaluateTemplate("${concat(var.subnets...)}"), /argument expansion/);
    await assert.rejects(evaluateTemplate("${~ var.pool_mode ~} x"), /strip markers/);
    await assert.rejects(evaluateTemplate("${null}-suffix"), /cannot interpolate null/);
  });

  it("reports HCL's own syntax error with the template", async () => {
    await assert.rejects(evaluateTemplate('{"a":"${var.pool_mode"}'), (error: Error) => {
      assert.ok(error instanceof HclEvalError);
      assert.match(error.message, /HCL syntax error: audit-expression\.tf:.*\(in: \{"a":"\$\{var\.pool_mode"\}\)$/s);
      return true;
    });
  });

  it("handles escapes, jsonencode, coalesce, boolean logic and arithmetic", async () => {
    assert.equal(await evaluateTemplate("$${literal} %%{literal}"), "${literal} %{literal}");
    assert.equal(await evaluateExpression('jsonencode({b = [1, "x"], a = true})'), '{"a":true,"b":[1,"x"]}');
    assert.equal(await evaluateExpression("coalesce(var.user_pool_id, var.name_prefix)"), "corbado-passkeys");
    assert.equal(await evaluateExpression('!(var.pool_mode == "attach") && length(var.subnets) == 2'), true);
    assert.equal(await evaluateExpression("(2 + 3) * 4 - 1"), 19);
    assert.equal(await evaluateExpression("1 + 2 * 3 - 4 / 2 % 3"), 5);
    assert.equal(await evaluateExpression('"a\\"b\\u00e9\\n"'), 'a"b\u00e9\n');
    assert.deepEqual(await evaluateExpression('{ name = "x", "quoted-key" = 2, (var.pool_mode) = 3 }'), {
      name: "x",
      "quoted-key": 2,
      create: 3,
    });
    assert.equal(await evaluateExpression("jsondecode(jsonencode({a = [10, 20]})).a[1]"), 20);
  });

  it("keeps backslashes of a JSON-syntax template as written, as Terraform does", async () => {
    assert.equal(
      await evaluateTemplate('{"Name":"a\\nb","Mode":"${var.pool_mode}"}'),
      '{"Name":"a\\nb","Mode":"create"}',
    );
    assert.equal(await evaluateTemplate("line\nAUDIT_TEMPLATE\n${var.pool_mode}\n"), "line\nAUDIT_TEMPLATE\ncreate\n");
  });
});
