/**
 * What `terraform plan` does to the login-settings parameter once it exists and someone changed it out of band
 * (the kill switch flipped in an emergency): the committed module's parameter and kill-switch check, planned
 * offline against a state that holds the parameter, with SSM answered by the loopback stand-in (GetParameter
 * only, so resources are not refreshed: `-refresh=false` plans from the state as written here).
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startSsmStandin, type SsmStandin } from "../../tools/local/ssm-standin";
import { requires } from "../../tools/test/requirements";
import { KILL_SWITCH_CHECK } from "../constructs/login-settings";
import { MODULE_DIR } from "./build-module";
import { providerMirror, terraformAsync, type TerraformRun } from "./terraform-cli";

const needs = requires("terraform", "provider-mirror");
const mirror = providerMirror();
const scratch = mkdtempSync(path.join(tmpdir(), "login-settings-plan-"));
const NAME = "/corbado-passkeys/login-settings";
const ON = '{"killSwitch":true,"passkeyFirst":false}';
const OFF = '{"killSwitch":false,"passkeyFirst":false}';

type Block = Record<string, unknown>;
const committed = JSON.parse(readFileSync(path.join(MODULE_DIR, "main.tf.json"), "utf8")) as {
  resource: Record<string, Record<string, Block>>;
  check: Record<string, Block>;
};

/** A root module holding exactly the module's parameter and kill-switch check (`lifecycle` as given). */
function rootModule(dir: string, ssmUrl: string, parameter: Block): void {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(MODULE_DIR, "variables.tf"), path.join(dir, "variables.tf"));
  const main = {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: `>= ${mirror!.awsVersion}` } } },
    provider: {
      aws: {
        region: "eu-central-1",
        access_key: "AKIAIOSFODNN7EXAMPLE",
        secret_key: "not-a-real-key",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        endpoints: { ssm: ssmUrl },
      },
    },
    resource: { aws_ssm_parameter: { login_settings: parameter } },
    check: { [KILL_SWITCH_CHECK]: committed.check[KILL_SWITCH_CHECK] },
  };
  writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(main, null, 2));
}

/**
 * A state holding the parameter as the provider records it after an apply: with `insecure_value` (this
 * module), or with `value` (0.1.0, which wrote the settings as a sensitive value).
 */
function state(stored: { insecure_value: string } | { value: string }): string {
  const attributes = {
    allowed_pattern: committed.resource.aws_ssm_parameter!.login_settings!.allowed_pattern,
    arn: `arn:aws:ssm:eu-central-1:111122223333:parameter${NAME}`,
    data_type: "text",
    description: committed.resource.aws_ssm_parameter!.login_settings!.description,
    has_value_wo: null,
    id: NAME,
    insecure_value: null,
    key_id: "",
    name: NAME,
    overwrite: null,
    tags: {},
    tags_all: {},
    tier: "Standard",
    type: "String",
    value: null,
    value_wo: null,
    value_wo_version: null,
    version: 2,
    ...stored,
  };
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.0",
    serial: 1,
    lineage: "6f1c2a3e-0000-4000-8000-000000000001",
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "aws_ssm_parameter",
        name: "login_settings",
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: 0,
            attributes,
            // The schema's sensitive attributes, as Terraform records them (without them every plan is an update).
            sensitive_attributes: [[{ type: "get_attr", value: "value" }], [{ type: "get_attr", value: "value_wo" }]],
          },
        ],
      },
    ],
  });
}

let ssm: SsmStandin | undefined;
const runs = new Map<string, Promise<TerraformRun>>();

/** Plans `dir` with the given state while the stand-in holds `live`. */
async function plan(dir: string, stored: Parameters<typeof state>[0], live: string): Promise<TerraformRun> {
  writeFileSync(path.join(dir, "terraform.tfstate"), state(stored));
  ssm!.put(NAME, live, "String");
  return terraformAsync(["plan", "-refresh=false", "-input=false", "-lock=false"], dir);
}

before(async () => {
  if (needs.missing) return;
  ssm = await startSsmStandin();
  const parameter = committed.resource.aws_ssm_parameter!.login_settings!;
  const { lifecycle: _ignored, ...withoutLifecycle } = parameter;
  const moduleDir = path.join(scratch, "module");
  const controlDir = path.join(scratch, "without-ignore-changes");
  rootModule(moduleDir, ssm.url, parameter);
  rootModule(controlDir, ssm.url, withoutLifecycle);
  const init = (dir: string) =>
    terraformAsync(["init", "-backend=false", "-input=false", `-plugin-dir=${mirror!.dir}`], dir);
  // One after another: each plan loads the provider schema, and they share the stand-in's one value.
  const ready = Promise.all([init(moduleDir), init(controlDir)]);
  const sequence: Array<[string, string, Parameters<typeof state>[0], string]> = [
    ["switched on", moduleDir, { insecure_value: ON }, ON],
    ["control", controlDir, { insecure_value: ON }, ON],
    ["from 0.1.0", moduleDir, { value: ON }, ON],
    ["off", moduleDir, { insecure_value: OFF }, OFF],
  ];
  let previous: Promise<unknown> = ready;
  for (const [key, dir, stored, live] of sequence) {
    const run = previous.then(() => plan(dir, stored, live));
    runs.set(key, run);
    previous = run.catch(() => undefined);
  }
});

after(async () => {
  await Promise.allSettled(runs.values());
  await ssm?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const warns = (output: string) => /Check block assertion failed[\s\S]*passkey kill switch is ON/.test(output);
/** The plan leaves the parameter as it is (a failed check only re-reads its data source at apply). */
const keepsParameter = (output: string) =>
  !/aws_ssm_parameter\.login_settings will be/.test(output) && /0 to change|No changes\./.test(output);

describe("terraform plan of the login settings after a change out of band (offline, provider mirror)", () => {
  it("leaves a kill switch set out of band alone, and warns that it is on", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("switched on")!;
    assert.equal(run.status, 0, run.output);
    assert.ok(keepsParameter(run.output), run.output);
    assert.ok(warns(run.output), run.output);
    assert.match(run.output.replace(/\s+/g, " "), new RegExp(`SSM parameter ${NAME} `));
  });

  it("would turn the switch back off without ignore_changes (the control), in plain sight with insecure_value", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("control")!;
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /aws_ssm_parameter\.login_settings will be updated in-place/);
    assert.match(run.output, /killSwitch\s+= true -> false/);
  });

  it("changes nothing when upgrading from 0.1.0's state, whose settings were a sensitive value", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("from 0.1.0")!;
    assert.equal(run.status, 0, run.output);
    assert.ok(keepsParameter(run.output), run.output);
    assert.ok(warns(run.output), run.output);
  });

  it("says nothing while the switch is off", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("off")!;
    assert.equal(run.status, 0, run.output);
    assert.ok(keepsParameter(run.output), run.output);
    assert.doesNotMatch(run.output, /Check block assertion failed/);
  });
});
