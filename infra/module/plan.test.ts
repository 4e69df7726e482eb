/**
 * `terraform plan` of the examples, offline: the AWS provider from a local mirror, fake credentials, and
 * STS (the only API a plan of new resources calls, for data.aws_caller_identity) answered by a loopback
 * stand-in. Proves what validate cannot: counts and conditionals evaluate in each mode, the external
 * pool's wiring has no cycle, and the Corbado secret never shows in the plan.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AWS_PROVIDER_VERSION, MODULE_DIR } from "./build-module";
import { requires } from "../../tools/test/requirements";
import { copyForMirror, providerMirror, terraformAsync, type TerraformRun } from "./terraform-cli";

const ACCOUNT = "111122223333";
/** A recognisable fake secret: it must appear nowhere in the plan. */
const SECRET = "cGFzc2tleXMtcHJvamVjdDpuZXZlci1pbi1wbGFu";

const scratch = mkdtempSync(path.join(tmpdir(), "passkeys-plan-"));
const mirror = providerMirror();
const needs = requires("terraform", "provider-mirror");

let sts: Server | undefined;
const plans = new Map<string, Promise<TerraformRun>>();

function stubProvider(port: number): string {
  return `provider "aws" {
  region                      = "eu-central-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "not-a-real-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  endpoints {
    sts = "http://127.0.0.1:${port}"
  }
}`;
}

async function plan(
  example: string,
  port: number,
  args: string[],
  env: Record<string, string> = {},
): Promise<TerraformRun> {
  const copy = path.join(scratch, example);
  copyForMirror(MODULE_DIR, copy, mirror!, AWS_PROVIDER_VERSION);
  const cwd = path.join(copy, "examples", example);
  const main = path.join(cwd, "main.tf");
  const text = readFileSync(main, "utf8").replace(
    /provider "aws" \{\n {2}region = var\.region\n\}/,
    stubProvider(port),
  );
  assert.notEqual(text, readFileSync(main, "utf8"), "the example's provider block was replaced");
  writeFileSync(main, text);
  const init = await terraformAsync(["init", "-backend=false", "-input=false", `-plugin-dir=${mirror!.dir}`], cwd);
  if (init.status !== 0) return init;
  return terraformAsync(["plan", "-input=false", "-lock=false", ...args], cwd, env);
}

before(async () => {
  if (needs.missing) return;
  sts = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/plan</Arn><UserId>AIDAPLAN</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>plan</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
      res.writeHead(200, { "Content-Type": "text/xml" }).end(body);
    });
  });
  await new Promise<void>((resolve) => sts!.listen(0, "127.0.0.1", resolve));
  const port = (sts.address() as AddressInfo).port;
  // One after another: each plan loads the whole provider schema and is CPU-bound.
  const external = plan("external", port, []);
  const attach = external.then(() => plan("attach", port, ["-var", "user_pool_id=eu-central-1_AbC123"]));
  const complete = attach.then(() =>
    plan("complete", port, ["-out=plan.bin"], {
      TF_VAR_corbado_api_secret: SECRET,
      TF_VAR_corbado_actions_principal_arn: ACTIONS_PRINCIPAL,
      TF_VAR_corbado_actions_external_id: ACTIONS_EXTERNAL_ID,
    }),
  );
  // The saved plan in JSON shows sensitive values in clear: the place a secret would leak.
  const completeJson = complete.then(() =>
    terraformAsync(["show", "-json", "plan.bin"], path.join(scratch, "complete", "examples", "complete")),
  );
  plans.set("external", external).set("attach", attach).set("complete", complete).set("complete-json", completeJson);
});

after(async () => {
  await Promise.allSettled(plans.values());
  await new Promise((resolve) => (sts ? sts.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

const ACTIONS_PRINCIPAL = "arn:aws:iam::444455556666:role/corbado-connect-actions";
const ACTIONS_EXTERNAL_ID = "corbado-example-external-id-7f3a";

const created = (output: string) => [...output.matchAll(/^ {2}# (\S+) will be created$/gm)].map((m) => m[1]!).sort();

describe("terraform plan of the examples (offline, provider mirror, loopback STS)", () => {
  it("plans external mode without a cycle: the caller's pool gets the triggers, the module creates no pool", async (t) => {
    if (needs.skip(t)) return;
    const run = await plans.get("external")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    assert.ok(resources.includes("aws_cognito_user_pool.main"));
    assert.ok(!resources.some((r) => r.startsWith("module.passkeys.aws_cognito_user_pool.")), resources.join("\n"));
    assert.ok(!resources.some((r) => r.includes("pool_attach")), "no attach step in external mode");
    for (const trigger of ["define_auth_challenge", "create_auth_challenge", "verify_auth_challenge"]) {
      assert.ok(resources.includes(`module.passkeys.aws_lambda_function.${trigger}`));
      assert.ok(resources.includes(`module.passkeys.aws_lambda_permission.${trigger}`));
    }
    assert.match(run.output, /source_account\s+= "111122223333"/);
    assert.match(run.output, /source_arn\s+= \(known after apply\)/);
  });

  it("plans attach mode with the attach step bound to the given pool and no pool of its own", async (t) => {
    if (needs.skip(t)) return;
    const run = await plans.get("attach")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    assert.ok(resources.includes("module.passkeys.aws_lambda_invocation.pool_attach[0]"));
    assert.ok(resources.includes("module.passkeys.aws_lambda_function.pool_attach[0]"));
    assert.ok(!resources.some((r) => r.includes("aws_cognito_user_pool.")), "no pool is created or managed");
    assert.match(run.output, /lifecycle_scope\s+= "CRUD"/);
    assert.match(run.output, /arn:aws:cognito-idp:eu-central-1:111122223333:userpool\/eu-central-1_AbC123/);
  });

  it("plans the complete example with every switch, and the Corbado secret appears nowhere in the plan", async (t) => {
    if (needs.skip(t)) return;
    const run = await plans.get("complete")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    assert.ok(resources.includes("module.passkeys.aws_cognito_user_pool.this[0]"));
    assert.ok(!resources.includes("module.passkeys.aws_kms_key.corbado_secret[0]"), "the caller's key is used");
    assert.ok(resources.includes("module.passkeys.aws_ssm_parameter.corbado_secret"));
    assert.match(run.output, /value_wo\s+= \(write-only attribute\)/);
    assert.ok(!run.output.includes(SECRET), "the secret is not in the plan output");
    assert.ok(!run.output.includes(Buffer.from(SECRET, "base64").toString("utf8")), "nor its decoded form");
    const json = await plans.get("complete-json")!;
    assert.equal(json.status, 0, json.output);
    const saved = JSON.parse(json.stdout) as {
      resource_changes: Array<{ address: string; change: { after: Record<string, unknown> } }>;
    };
    const parameter = saved.resource_changes.find(
      (r) => r.address === "module.passkeys.aws_ssm_parameter.corbado_secret",
    );
    assert.ok(parameter, "the saved plan holds the secret parameter");
    assert.equal(parameter.change.after.value_wo, null, "write-only: no value in the saved plan");
    assert.equal(parameter.change.after.value_wo_version, 1);
    assert.ok(!json.stdout.includes(SECRET), "the secret is not in the saved plan");
    assert.match(run.output, /permissions_boundary\s+= \(known after apply\)/);
    assert.match(run.output, /path\s+= "\/passkeys\/"/);
    assert.match(run.output, /retention_in_days\s+= 731/);
  });

  it("plans the complete example's Corbado actions role, SMS MFA with the module's SNS role, and the values for Corbado", async (t) => {
    if (needs.skip(t)) return;
    const run = await plans.get("complete")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    for (const r of [
      "module.passkeys.aws_iam_role.corbado_actions[0]",
      "module.passkeys.aws_iam_role_policy.corbado_actions[0]",
      "module.passkeys.aws_iam_role_policy.corbado_actions_mfa[0]",
      "module.passkeys.aws_iam_role.cognito_sms[0]",
      "module.passkeys.aws_iam_role_policy.cognito_sms[0]",
    ]) {
      assert.ok(resources.includes(r), `${r} in\n${resources.join("\n")}`);
    }
    assert.match(run.output, /mfa_configuration\s+= "OPTIONAL"/);
    assert.match(run.output, /external_id\s+= "passkeys-prod-cognito-sms"/);
    // The external id is not sensitive: a change of the role's trust shows in the plan.
    assert.ok(run.output.includes(ACTIONS_EXTERNAL_ID), "the actions external id is visible in the plan");
    const json = await plans.get("complete-json")!;
    const saved = JSON.parse(json.stdout) as {
      output_changes: Record<string, { after?: unknown; after_sensitive: unknown }>;
    };
    const change = saved.output_changes.corbado_actions_environment;
    assert.ok(change, "the example passes corbado_actions_environment on");
    assert.equal(change.after_sensitive, false);
    const env = { value: change.after };
    assert.deepEqual(
      Object.fromEntries(
        Object.entries((env.value ?? {}) as Record<string, unknown>).filter(
          ([k]) => k !== "USER_POOL_ID" && k !== "ASSUME_ROLE_ARN",
        ),
      ),
      { ASSUME_ROLE_EXTERNAL_ID: ACTIONS_EXTERNAL_ID, MFA_AFTER_PASSKEY: "sms", POOL_SMS_MFA_CONFIGURED: "true" },
    );
  });
});
