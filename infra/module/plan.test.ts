/**
 * `terraform plan` of the examples, offline: the AWS provider from a local mirror, fake credentials, and
 * STS (the only API a plan of new resources calls, for data.aws_caller_identity) answered by a loopback
 * stand-in. Proves what validate cannot: counts and conditionals evaluate in each mode, the external
 * pool's wiring has no cycle, the Corbado secret never shows in the plan, and a reviewer reads every IAM and
 * KMS policy of the module in the first plan (`terraform show -json` of each saved plan).
 */
import { COUNTER_SHARDS } from "../../functions/shared/adoption-counters";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AWS_PROVIDER_VERSION, MODULE_DIR } from "./build-module";
import { requires } from "../../tools/test/requirements";
import { plannedPolicies, unknownAtPlan, type PlannedPolicy, type SavedPlan } from "./plan-json";
import { copyForMirror, providerMirror, terraformAsync, type TerraformRun } from "./terraform-cli";

const ACCOUNT = "111122223333";
/** A recognisable fake secret: it must appear nowhere in the plan. */
const SECRET = "cGFzc2tleXMtcHJvamVjdDpuZXZlci1pbi1wbGFu";

const scratch = mkdtempSync(path.join(tmpdir(), "passkeys-plan-"));
const mirror = providerMirror();
const needs = requires("terraform", "provider-mirror");

let sts: Server | undefined;

interface Planned {
  run: TerraformRun;
  /** `terraform show -json` of the saved plan (absent when the plan failed). */
  show?: TerraformRun;
  saved?: SavedPlan;
}

const plans = new Map<string, Promise<Planned>>();

/** The example's provider block (its alias and region kept) with fake credentials and STS on loopback. */
function stubProvider(port: number, alias: string, region: string): string {
  return `provider "aws" {
${alias}  region                      = ${region}
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
  /** Arguments merged into the example's module block (a Terraform override file), to plan more switches. */
  moduleOverride = "",
  /** The scratch folder's name, when one example is planned twice. */
  label = example,
): Promise<Planned> {
  const copy = path.join(scratch, label);
  copyForMirror(MODULE_DIR, copy, mirror!, AWS_PROVIDER_VERSION);
  const cwd = path.join(copy, "examples", example);
  const main = path.join(cwd, "main.tf");
  const text = readFileSync(main, "utf8").replace(
    /provider "aws" \{\n( {2}alias {2}= "\w+"\n)? {2}region = (var\.\w+)\n\}/g,
    (_block, alias: string | undefined, region: string) => stubProvider(port, alias ?? "", region),
  );
  assert.notEqual(text, readFileSync(main, "utf8"), "the example's provider block was replaced");
  writeFileSync(main, text);
  if (moduleOverride) writeFileSync(path.join(cwd, "plan_override.tf"), `module "passkeys" {\n${moduleOverride}}\n`);
  const init = await terraformAsync(["init", "-backend=false", "-input=false", `-plugin-dir=${mirror!.dir}`], cwd);
  if (init.status !== 0) return { run: init };
  const run = await terraformAsync(["plan", "-input=false", "-lock=false", "-out=plan.bin", ...args], cwd, env);
  if (run.status !== 0) return { run };
  // The saved plan in JSON: what policy gates read, and the place a sensitive value would show in clear.
  const show = await terraformAsync(["show", "-json", "plan.bin"], cwd);
  return { run, show, saved: show.status === 0 ? (JSON.parse(show.stdout) as SavedPlan) : undefined };
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
  // The attach example with the pool's SMS role and the Corbado actions role (SMS MFA after a passkey) as well.
  const attach = external.then(() =>
    plan(
      "attach",
      port,
      ["-var", "user_pool_id=eu-central-1_AbC123", "-var", `pool_sms_role_arns=["${POOL_SMS_ROLE}"]`],
      {},
      `  corbado_actions_principal_arn = "${ACTIONS_PRINCIPAL}"\n  corbado_actions_external_id   = "${ACTIONS_EXTERNAL_ID}"\n  mfa_after_passkey             = "sms"\n`,
    ),
  );
  const create = attach.then(() => plan("create", port, []));
  const complete = create.then(() =>
    plan("complete", port, [], {
      TF_VAR_corbado_api_secret: SECRET,
      TF_VAR_corbado_actions_principal_arn: ACTIONS_PRINCIPAL,
      TF_VAR_corbado_actions_external_id: ACTIONS_EXTERNAL_ID,
      TF_VAR_corbado_project_id: "pro-1234567890",
      TF_VAR_console_origin: "https://console.example.com",
      TF_VAR_app_origins: '["https://app.example.com"]',
    }),
  );
  const multiRegion = complete.then(() => plan("multi-region", port, []));
  // The smallest example with the console and its hosting (S3 + CloudFront): config.json and CSP from the module.
  const consoleHosting = multiRegion.then(() =>
    plan(
      "create",
      port,
      [],
      {},
      Object.entries({ console_hosting_enabled: true, ...CONSOLE })
        .map(([name, value]) => `  ${name} = ${JSON.stringify(value)}\n`)
        .join(""),
      "create-console-hosting",
    ),
  );
  plans
    .set("console-hosting", consoleHosting)
    .set("external", external)
    .set("attach", attach)
    .set("create", create)
    .set("complete", complete)
    .set("multi-region", multiRegion);
});

after(async () => {
  await Promise.allSettled(plans.values());
  await new Promise((resolve) => (sts ? sts.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

const ACTIONS_PRINCIPAL = "arn:aws:iam::444455556666:role/corbado-connect-actions";
const CONSOLE = {
  console_enabled: true,
  console_origin: "https://console.example.com",
  corbado_project_id: "pro-1234567890",
};
const POOL_SMS_ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/pool-sms`;
const ACTIONS_EXTERNAL_ID = "corbado-example-external-id-7f3a";

/** The module's policies in an example's saved plan (the plan must have succeeded). */
async function modulePolicies(example: string, module = "passkeys"): Promise<PlannedPolicy[]> {
  const { run, show, saved } = await plans.get(example)!;
  assert.equal(run.status, 0, run.output);
  assert.ok(show && saved, show?.output ?? "no saved plan");
  return plannedPolicies(saved, `module.${module}.`);
}

/** A planned policy document by address, parsed. */
function documentAt(policies: PlannedPolicy[], address: string): { Statement: Array<Record<string, unknown>> } {
  const found = policies.find((p) => p.address === address);
  assert.ok(found, `${address} in ${policies.map((p) => p.address).join(", ")}`);
  assert.ok(found.value !== undefined, `${address}.${found.argument} is known at plan`);
  return JSON.parse(found.value) as { Statement: Array<Record<string, unknown>> };
}

const statement = (document: { Statement: Array<Record<string, unknown>> }, sid: string) => {
  const found = document.Statement.find((s) => s.Sid === sid);
  assert.ok(found, `statement ${sid} in ${JSON.stringify(document)}`);
  return found;
};

const created = (output: string) => [...output.matchAll(/^ {2}# (\S+) will be created$/gm)].map((m) => m[1]!).sort();

describe("terraform plan of the examples (offline, provider mirror, loopback STS)", () => {
  it("plans the smallest example: a pool of its own with the triggers wired, and no check warns before the first apply", async (t) => {
    if (needs.skip(t)) return;
    const { run } = await plans.get("create")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    assert.ok(resources.includes("module.passkeys.aws_cognito_user_pool.this[0]"));
    assert.ok(resources.includes("module.passkeys.aws_ssm_parameter.login_settings"));
    assert.match(run.output, /insecure_value\s+= jsonencode\(/);
    assert.doesNotMatch(run.output, /Check block assertion failed/);
    assert.ok(!resources.some((r) => r.includes("aws_cloudwatch_metric_alarm")), "no alarms unless asked");
  });

  it("plans external mode without a cycle: the caller's pool gets the triggers, the module creates no pool", async (t) => {
    if (needs.skip(t)) return;
    const { run } = await plans.get("external")!;
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
    const { run } = await plans.get("attach")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    assert.ok(resources.includes("module.passkeys.aws_lambda_invocation.pool_attach[0]"));
    assert.ok(resources.includes("module.passkeys.aws_lambda_function.pool_attach[0]"));
    assert.ok(!resources.some((r) => r.includes("aws_cognito_user_pool.")), "no pool is created or managed");
    assert.match(run.output, /lifecycle_scope\s+= "CRUD"/);
    // The check reads the pool only after the attach step ran: no false alarm before the first apply.
    assert.doesNotMatch(run.output, /Check block assertion failed/);
    assert.match(run.output, /data\.aws_cognito_user_pool\.pool_attach\[0\] will be read during apply/);
    assert.match(run.output, /arn:aws:cognito-idp:eu-central-1:111122223333:userpool\/eu-central-1_AbC123/);
  });

  it("plans the complete example with every switch, and the Corbado secret appears nowhere in the plan", async (t) => {
    if (needs.skip(t)) return;
    const { run, show } = await plans.get("complete")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    assert.ok(resources.includes("module.passkeys.aws_cognito_user_pool.this[0]"));
    assert.ok(!resources.includes("module.passkeys.aws_kms_key.corbado_secret[0]"), "the caller's key is used");
    assert.ok(resources.includes("module.passkeys.aws_ssm_parameter.corbado_secret"));
    assert.match(run.output, /value_wo\s+= \(write-only attribute\)/);
    assert.ok(!run.output.includes(SECRET), "the secret is not in the plan output");
    assert.ok(!run.output.includes(Buffer.from(SECRET, "base64").toString("utf8")), "nor its decoded form");
    assert.ok(show, "the saved plan was shown");
    assert.equal(show.status, 0, show.output);
    const saved = JSON.parse(show.stdout) as {
      resource_changes: Array<{ address: string; change: { after: Record<string, unknown> } }>;
    };
    const parameter = saved.resource_changes.find(
      (r) => r.address === "module.passkeys.aws_ssm_parameter.corbado_secret",
    );
    assert.ok(parameter, "the saved plan holds the secret parameter");
    assert.equal(parameter.change.after.value_wo, null, "write-only: no value in the saved plan");
    assert.equal(parameter.change.after.value_wo_version, 1);
    assert.ok(!show.stdout.includes(SECRET), "the secret is not in the saved plan");
    assert.match(run.output, /permissions_boundary\s+= \(known after apply\)/);
    assert.match(run.output, /path\s+= "\/passkeys\/"/);
    assert.match(run.output, /retention_in_days\s+= 731/);
  });

  it("plans the complete example's operations options: X-Ray, JSON logs, signed packages from S3, alarms and a dashboard", async (t) => {
    if (needs.skip(t)) return;
    const { run } = await plans.get("complete")!;
    assert.equal(run.status, 0, run.output);
    const resources = created(run.output);
    for (const r of [
      "module.passkeys.aws_iam_role_policy.verify_auth_challenge_xray[0]",
      "module.passkeys.aws_cloudwatch_log_metric_filter.verify_auth_challenge_corbado_timeout[0]",
      "module.passkeys.aws_cloudwatch_metric_alarm.corbado_timeout[0]",
      "module.passkeys.aws_cloudwatch_metric_alarm.verify_auth_challenge_duration[0]",
      "module.passkeys.aws_cloudwatch_dashboard.passkeys[0]",
      'aws_signer_signing_job.passkeys["verify-auth-challenge"]',
    ]) {
      assert.ok(resources.includes(r), `${r} in\n${resources.join("\n")}`);
    }
    // Only the functions this mode deploys are signed.
    assert.ok(!resources.includes('aws_signer_signing_job.passkeys["pool-attach"]'));
    assert.match(run.output, /mode\s+= "Active"/);
    assert.match(run.output, /log_format\s+= "JSON"/);
    assert.match(run.output, /application_log_level\s+= "INFO"/);
    assert.match(run.output, /code_signing_config_arn\s+= \(known after apply\)/);
    assert.match(run.output, /dashboard_name\s+= "passkeys-prod-eu-central-1"/);
    assert.match(run.output, /access_token_validity\s+= 60/);
  });

  it("plans the complete example's Corbado actions role, SMS MFA with the module's SNS role, and the values for Corbado", async (t) => {
    if (needs.skip(t)) return;
    const { run, show } = await plans.get("complete")!;
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
    const saved = JSON.parse(show!.stdout) as {
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
      {
        ASSUME_ROLE_EXTERNAL_ID: ACTIONS_EXTERNAL_ID,
        MFA_AFTER_PASSKEY: "sms",
        POOL_SMS_MFA_CONFIGURED: "true",
        AGGREGATES_TABLE: "passkeys-prod-aggregates",
        COUNTER_SHARDS: String(COUNTER_SHARDS.default),
      },
    );
  });

  it("plans one instance per region with the same name prefix, each role name carrying its region", async (t) => {
    if (needs.skip(t)) return;
    const { run } = await plans.get("multi-region")!;
    assert.equal(run.status, 0, run.output);
    const roleNames = [...run.output.matchAll(/^ {6}\+ name\s+= "(passkeys-[a-z0-9-]+)"$/gm)]
      .map((m) => m[1]!)
      .filter((n) => /auth-challenge$/.test(n))
      .sort();
    assert.deepEqual(roleNames, [
      "passkeys-eu-central-1-create-auth-challenge",
      "passkeys-eu-central-1-define-auth-challenge",
      "passkeys-eu-central-1-verify-auth-challenge",
      "passkeys-eu-west-1-create-auth-challenge",
      "passkeys-eu-west-1-define-auth-challenge",
      "passkeys-eu-west-1-verify-auth-challenge",
    ]);
    // Regional names keep the plain prefix: the same log group (and function) name in each region.
    const logGroups = [...run.output.matchAll(/\+ name\s+= "\/aws\/lambda\/passkeys-verify-auth-challenge"/g)];
    assert.equal(logGroups.length, 2);
  });
});

describe("every role of the module is pinned to its policies (drift shows in plan)", () => {
  /** `module.passkeys.aws_iam_role.verify_auth_challenge[0]` -> `verify_auth_challenge`. */
  const logicalName = (address: string) => address.split(".")[3]!.replace(/\[\d+\]$/, "");

  it("plans, for every role, exactly its inline policies' names and no managed policy, known at plan", async (t) => {
    if (needs.skip(t)) return;
    for (const example of ["complete", "attach"]) {
      const { run, saved } = await plans.get(example)!;
      assert.equal(run.status, 0, run.output);
      const changes = (saved?.resource_changes ?? []).filter((c) => c.address.startsWith("module.passkeys."));
      const roles = changes.filter((c) => c.type === "aws_iam_role");
      assert.ok(roles.length >= 5, `${example}: ${roles.length} roles`);
      for (const role of roles) {
        const name = logicalName(role.address);
        // A role's inline policies are named after it: verify_auth_challenge, verify_auth_challenge_vpc_access...
        const own = changes
          .filter((c) => c.type === "aws_iam_role_policy")
          .filter((c) => logicalName(c.address) === name || logicalName(c.address).startsWith(`${name}_`))
          .map((c) => String(c.change.after?.name));
        const pin = changes.find(
          (c) => c.type === "aws_iam_role_policies_exclusive" && logicalName(c.address) === name,
        );
        assert.ok(pin, `${role.address} is pinned (${example})`);
        assert.notEqual(pin.change.after_unknown?.policy_names, true, `${pin.address}: names known at plan`);
        assert.deepEqual([...(pin.change.after?.policy_names as string[])].sort(), own.sort(), pin.address);
        const attachments = changes.find(
          (c) => c.type === "aws_iam_role_policy_attachments_exclusive" && logicalName(c.address) === name,
        );
        assert.deepEqual(attachments?.change.after?.policy_arns, [], `${role.address}: no managed policy (${example})`);
      }
    }
  });
});

describe("every IAM and KMS policy of the module is readable in the first plan (terraform show -json)", () => {
  const role = (prefix: string, fn: string, rolePath = "/") => `arn:aws:iam::${ACCOUNT}:role${rolePath}${prefix}-${fn}`;
  const parameter = (prefix: string, name: string) => `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/${prefix}/${name}`;
  const streams = (prefix: string, fn: string) =>
    `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/lambda/${prefix}-${fn}:log-stream:*`;
  const TRIGGER_POLICIES = ["define_auth_challenge", "create_auth_challenge", "verify_auth_challenge"].flatMap((t) => [
    `module.passkeys.aws_iam_role.${t}`,
    `module.passkeys.aws_iam_role_policy.${t}`,
  ]);

  it("external mode (the caller's pool, the module's key): the trigger policies, trust policies and key policy are all known", async (t) => {
    if (needs.skip(t)) return;
    const policies = await modulePolicies("external");
    for (const address of [...TRIGGER_POLICIES, "module.passkeys.aws_kms_key.corbado_secret[0]"])
      assert.ok(
        policies.some((p) => p.address === address),
        `${address} is planned: ${policies.map((p) => p.address).join(", ")}`,
      );
    assert.deepEqual(unknownAtPlan(policies), [], "no policy of the module is (known after apply)");
    const prefix = "corbado-passkeys";
    const secret = parameter(prefix, "corbado-backend-api-secret");
    const key = documentAt(policies, "module.passkeys.aws_kms_key.corbado_secret[0]");
    const decrypt = statement(key, "VerifyTriggerDecryptsViaSsm");
    assert.deepEqual(decrypt.Principal, { AWS: role(prefix, "verify-auth-challenge") });
    assert.deepEqual(decrypt.Condition, {
      StringEquals: {
        "kms:CallerAccount": ACCOUNT,
        "kms:EncryptionContext:PARAMETER_ARN": secret,
        "kms:ViaService": "ssm.eu-central-1.amazonaws.com",
      },
    });
    const verify = documentAt(policies, "module.passkeys.aws_iam_role_policy.verify_auth_challenge");
    assert.deepEqual(statement(verify, "ReadCorbadoSecret").Resource, [secret]);
    assert.deepEqual(statement(verify, "WriteOwnLogGroup").Resource, [streams(prefix, "verify-auth-challenge")]);
    const define = documentAt(policies, "module.passkeys.aws_iam_role_policy.define_auth_challenge");
    assert.deepEqual(statement(define, "ReadLoginSettings").Resource, [parameter(prefix, "login-settings")]);
  });

  it("attach mode (an existing pool, with its SMS role and the actions role): every policy and the attach step's input are known", async (t) => {
    if (needs.skip(t)) return;
    const policies = await modulePolicies("attach");
    assert.deepEqual(unknownAtPlan(policies), [], "no policy of the module and not the input is (known after apply)");
    const pool = `arn:aws:cognito-idp:eu-central-1:${ACCOUNT}:userpool/eu-central-1_AbC123`;
    const attach = documentAt(policies, "module.passkeys.aws_iam_role_policy.pool_attach[0]");
    assert.deepEqual(statement(attach, "MergeTriggersIntoOnePool").Resource, [pool]);
    const passRole = documentAt(policies, "module.passkeys.aws_iam_role_policy.pool_attach_pass_role[0]");
    assert.deepEqual(statement(passRole, "PassPoolSmsRoleBackToCognito").Resource, [POOL_SMS_ROLE]);
    // The pool exists before apply: the actions role's policies, which name it, are known too.
    const lookUp = documentAt(policies, "module.passkeys.aws_iam_role_policy.corbado_actions[0]");
    assert.deepEqual(statement(lookUp, "CorbadoActionsLookUpUsers").Resource, [pool]);
    const mfa = documentAt(policies, "module.passkeys.aws_iam_role_policy.corbado_actions_mfa[0]");
    assert.deepEqual(statement(mfa, "CorbadoActionsSetMfaPreference").Resource, [pool]);
    const input = policies.find((p) => p.address === "module.passkeys.aws_lambda_invocation.pool_attach[0]");
    assert.ok(input?.value, "the invocation's input is known at plan");
    const fn = (name: string) => `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:corbado-passkeys-${name}`;
    assert.deepEqual(JSON.parse(input.value), {
      userPoolId: "eu-central-1_AbC123",
      replaceForeignTriggers: false,
      triggers: {
        DefineAuthChallenge: fn("define-auth-challenge"),
        CreateAuthChallenge: fn("create-auth-challenge"),
        VerifyAuthChallengeResponse: fn("verify-auth-challenge"),
      },
    });
  });

  it("create mode (a new pool and a new key): every policy is known, the key policy too", async (t) => {
    if (needs.skip(t)) return;
    const policies = await modulePolicies("create");
    for (const address of [...TRIGGER_POLICIES, "module.passkeys.aws_kms_key.corbado_secret[0]"])
      assert.ok(
        policies.some((p) => p.address === address),
        `${address} is planned`,
      );
    assert.deepEqual(unknownAtPlan(policies), []);
    const key = documentAt(policies, "module.passkeys.aws_kms_key.corbado_secret[0]");
    assert.deepEqual(statement(key, "VerifyTriggerDecryptsViaSsm").Principal, {
      AWS: role("passkeys-demo", "verify-auth-challenge"),
    });
  });

  it("the complete example: only the policies that name the new pool or the caller's new key wait for apply", async (t) => {
    if (needs.skip(t)) return;
    const policies = await modulePolicies("complete");
    // The control case: these are unknown, so the check above can see an unknown policy.
    // The APIs' pool policies name the pool created in the same apply; their caller-key policies the new key.
    assert.deepEqual(unknownAtPlan(policies), [
      "module.passkeys.aws_iam_role_policy.admin_api_caller_key[0]",
      "module.passkeys.aws_iam_role_policy.admin_api_console[0]",
      "module.passkeys.aws_iam_role_policy.corbado_actions[0]",
      "module.passkeys.aws_iam_role_policy.corbado_actions_mfa[0]",
      "module.passkeys.aws_iam_role_policy.corbado_actions_tables_caller_key[0]",
      "module.passkeys.aws_iam_role_policy.define_auth_challenge_tables_caller_key[0]",
      "module.passkeys.aws_iam_role_policy.post_authentication_tables_caller_key[0]",
      "module.passkeys.aws_iam_role_policy.self_service[0]",
      "module.passkeys.aws_iam_role_policy.self_service_caller_key[0]",
      "module.passkeys.aws_iam_role_policy.verify_auth_challenge_caller_key[0]",
      "module.passkeys.aws_iam_role_policy.verify_auth_challenge_tables_caller_key[0]",
    ]);
    // Known at plan even so: the admin API's policy without the console, and its table grants' shape.
    const admin = documentAt(policies, "module.passkeys.aws_iam_role_policy.admin_api");
    assert.deepEqual(statement(admin, "ReadLoginSettings").Resource, [
      `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/passkeys-prod/login-settings`,
    ]);
    const trust = documentAt(policies, "module.passkeys.aws_iam_role.corbado_actions[0]");
    assert.deepEqual(statement(trust, "CorbadoActionsAssumeRoleWithExternalId").Principal, { AWS: ACTIONS_PRINCIPAL });
    const sms = documentAt(policies, "module.passkeys.aws_iam_role.cognito_sms[0]");
    assert.deepEqual((statement(sms, "CognitoAssumesSmsRole").Condition as Record<string, unknown>).ArnLike, {
      "aws:SourceArn": `arn:aws:cognito-idp:eu-central-1:${ACCOUNT}:userpool/*`,
    });
    const verify = documentAt(policies, "module.passkeys.aws_iam_role_policy.verify_auth_challenge");
    assert.deepEqual(statement(verify, "WriteOwnLogGroup").Resource, [
      streams("passkeys-prod", "verify-auth-challenge"),
    ]);
    // Tracing on: each function's role gets the X-Ray policy, readable like the others.
    const xray = documentAt(policies, "module.passkeys.aws_iam_role_policy.verify_auth_challenge_xray[0]");
    assert.deepEqual(statement(xray, "WriteXrayTraces").Action, ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]);
  });

  it("the multi-region example: every policy of both instances is known, each naming its own region's roles", async (t) => {
    if (needs.skip(t)) return;
    for (const [module, region] of [
      ["passkeys_primary", "eu-central-1"],
      ["passkeys_secondary", "eu-west-1"],
    ] as const) {
      const policies = await modulePolicies("multi-region", module);
      assert.ok(policies.length > 0, `${module} has policies`);
      assert.deepEqual(unknownAtPlan(policies), [], module);
      const key = documentAt(policies, `module.${module}.aws_kms_key.corbado_secret[0]`);
      const decrypt = statement(key, "VerifyTriggerDecryptsViaSsm");
      // The role name with the region in it: the key policy names the role that exists, not `passkeys-verify-...`.
      assert.deepEqual(decrypt.Principal, { AWS: role(`passkeys-${region}`, "verify-auth-challenge") });
      assert.equal(
        (decrypt.Condition as Record<string, Record<string, string>>).StringEquals!["kms:ViaService"],
        `ssm.${region}.amazonaws.com`,
      );
    }
  });
});

describe("reading policies out of a saved plan", () => {
  const change = (address: string, after: Record<string, unknown>, unknown: Record<string, unknown> = {}) => ({
    address,
    type: address
      .split(".")
      .at(-2)!
      .replace(/\[\d+\]$/, ""),
    change: { actions: ["create"], after, after_unknown: unknown },
  });

  it("tells a policy known at plan from one known only after apply, and reads only the module's", () => {
    const plan: SavedPlan = {
      resource_changes: [
        change("module.passkeys.aws_iam_role_policy.verify_auth_challenge", { policy: '{"Statement":[]}' }),
        change("module.passkeys.aws_iam_role_policy.corbado_actions", { policy: null }, { policy: true }),
        change("module.passkeys.aws_kms_key.corbado_secret", { policy: null }, { policy: true, arn: true }),
        change("aws_kms_key.secret", { policy: null }, { policy: true }),
        change("module.passkeys.aws_lambda_function.verify_auth_challenge", { role: null }, { role: true }),
      ],
    };
    const policies = plannedPolicies(plan, "module.passkeys.");
    assert.deepEqual(
      policies.map((p) => [p.address, p.value ?? "(known after apply)"]),
      [
        ["module.passkeys.aws_iam_role_policy.corbado_actions", "(known after apply)"],
        ["module.passkeys.aws_iam_role_policy.verify_auth_challenge", '{"Statement":[]}'],
        ["module.passkeys.aws_kms_key.corbado_secret", "(known after apply)"],
      ],
    );
    assert.deepEqual(unknownAtPlan(policies), [
      "module.passkeys.aws_iam_role_policy.corbado_actions",
      "module.passkeys.aws_kms_key.corbado_secret",
    ]);
  });
});

describe("terraform plan with the console hosted (console_hosting_enabled)", () => {
  const change = async (address: string) => {
    const { run, saved } = await plans.get("console-hosting")!;
    assert.equal(run.status, 0, run.output);
    const found = saved?.resource_changes?.find((c) => c.address === address);
    assert.ok(found, `${address} is planned`);
    return found.change.after ?? {};
  };

  it("plans a private bucket named from the account, CloudFront with origin access control, and the headers", async (t) => {
    if (needs.skip(t)) return;
    const bucket = await change("module.passkeys.aws_s3_bucket.console[0]");
    assert.equal(bucket.bucket, `passkeys-demo-console-${ACCOUNT}`, "known at plan: policies read in the first plan");
    const block = await change("module.passkeys.aws_s3_bucket_public_access_block.console[0]");
    assert.deepEqual(
      [block.block_public_acls, block.block_public_policy, block.ignore_public_acls, block.restrict_public_buckets],
      [true, true, true, true],
    );
    await change("module.passkeys.aws_cloudfront_origin_access_control.console[0]");
    await change("module.passkeys.aws_cloudfront_distribution.console[0]");
    await change("module.passkeys.aws_s3_bucket_policy.console[0]");
  });

  it("plans config.json and the CSP from the API and console pool it creates in the same apply", async (t) => {
    if (needs.skip(t)) return;
    const { saved } = await plans.get("console-hosting")!;
    const unknown = (address: string) =>
      saved?.resource_changes?.find((c) => c.address === address)?.change.after_unknown as Record<string, unknown>;
    // The API's URL, the pool's id and the client's id exist only after apply, so both follow them.
    assert.equal(unknown("module.passkeys.aws_s3_object.console_config[0]")?.content, true);
    assert.ok(unknown("module.passkeys.aws_cloudfront_response_headers_policy.console[0]")?.security_headers_config);
    const config = await change("module.passkeys.aws_s3_object.console_config[0]");
    assert.deepEqual(
      [config.key, config.content_type, config.cache_control],
      ["config.json", "application/json", "no-cache"],
    );
  });
});
