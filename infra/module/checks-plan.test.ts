/**
 * What `terraform plan` says about what the module does not own once it is deployed: the login-settings
 * parameter changed out of band (the kill switch flipped in an emergency), and an attached pool rewritten by
 * another tool. The committed module's own blocks (the parameter, the data sources and check blocks over it and
 * over the pool) in small root modules, planned offline with the provider mirror; SSM and Cognito answered on
 * loopback (GetParameter by the SSM stand-in, DescribeUserPool by a fixture), so resources are not refreshed:
 * `-refresh=false` plans from the state written here (data sources are read all the same). Every plan runs with
 * `-detailed-exitcode`: 0 is "nothing to do", which a drift job relies on, warnings or not.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { rawResponse } from "../../functions/pool-attach/fixtures/load";
import { startSsmStandin, type SsmStandin } from "../../tools/local/ssm-standin";
import { requires } from "../../tools/test/requirements";
import { KILL_SWITCH_CHECK } from "../constructs/login-settings";
import { POOL_TRIGGERS_CHECK } from "../constructs/pool-attach-step";
import { MODULE_DIR } from "./build-module";
import { providerMirror, terraformAsync, type TerraformRun } from "./terraform-cli";

const needs = requires("terraform", "provider-mirror");
const mirror = providerMirror();
const scratch = mkdtempSync(path.join(tmpdir(), "checks-plan-"));
const NAME = "/corbado-passkeys/login-settings";
const ON = '{"killSwitch":true,"passkeyFirst":false}';
const OFF = '{"killSwitch":false,"passkeyFirst":false}';
const POOL_ID = "eu-central-1_AbC123";
const FUNCTION_ARN = "arn:aws:lambda:eu-central-1:111122223333:function:corbado-passkeys-";
const OURS = {
  DefineAuthChallenge: `${FUNCTION_ARN}define-auth-challenge`,
  CreateAuthChallenge: `${FUNCTION_ARN}create-auth-challenge`,
  VerifyAuthChallengeResponse: `${FUNCTION_ARN}verify-auth-challenge`,
};
const FOREIGN_VERIFY = "arn:aws:lambda:eu-central-1:111122223333:function:someone-elses-verify";

type Block = Record<string, unknown>;
const committed = JSON.parse(readFileSync(path.join(MODULE_DIR, "main.tf.json"), "utf8")) as {
  resource: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  check: Record<string, Block>;
  locals?: Record<string, unknown>;
};

/** A root module with the module's variables and the given blocks, its provider pointed at loopback. */
function rootModule(dir: string, endpoints: Record<string, string>, blocks: Record<string, unknown>): void {
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
        endpoints,
      },
    },
    ...blocks,
  };
  writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(main, null, 2));
}

/**
 * A state holding the parameter as the provider records it after an apply: with `insecure_value` (this
 * module), or with `value` (0.1.0, which wrote the settings as a sensitive value).
 */
function settingsState(stored: { insecure_value: string } | { value: string }): string {
  const parameter = committed.resource.aws_ssm_parameter!.login_settings!;
  const attributes = {
    allowed_pattern: parameter.allowed_pattern,
    arn: `arn:aws:ssm:eu-central-1:111122223333:parameter${NAME}`,
    data_type: "text",
    description: parameter.description,
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

/**
 * The module's read of the attached pool and its trigger check, as they read once deployed: the locals the
 * trigger ARNs are built from (partition, region and account, as the module's data sources read them here;
 * the pool id from its variable), and no depends_on (the attach step is not in this root module).
 */
function attachedPool(): { locals: Block; data: Block; check: Block } {
  const blocks = JSON.parse(
    JSON.stringify({
      data: { aws_cognito_user_pool: { pool_attach: committed.data.aws_cognito_user_pool!.pool_attach } },
      check: { [POOL_TRIGGERS_CHECK]: committed.check[POOL_TRIGGERS_CHECK] },
    }),
  ) as { data: { aws_cognito_user_pool: Record<string, Block> }; check: Block };
  delete blocks.data.aws_cognito_user_pool.pool_attach!.depends_on;
  const locals = {
    partition: "aws",
    region: "eu-central-1",
    account_id: "111122223333",
    user_pool_id: "${var.user_pool_id}",
    // The module's own expression: off in attach mode unless count_all_logins (the variables below).
    count_all_logins: committed.locals?.count_all_logins,
  };
  return { locals, ...blocks };
}

let ssm: SsmStandin | undefined;
let cognito: Server | undefined;
/** What the Cognito stand-in's pool holds as LambdaConfig. */
let lambdaConfig: Record<string, string> = {};
const runs = new Map<string, Promise<TerraformRun>>();

/** DescribeUserPool for one pool, the minimal fixture with `lambdaConfig`; any other call is refused. */
async function startCognito(): Promise<string> {
  cognito = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const json = { "Content-Type": "application/x-amz-json-1.1" };
      if (target !== "AWSCognitoIdentityProviderService.DescribeUserPool" || !body.includes(POOL_ID)) {
        res.writeHead(400, json).end(JSON.stringify({ __type: "UnknownOperationException", message: target }));
        return;
      }
      const pool = rawResponse("minimal-pool");
      Object.assign(pool.UserPool, {
        Id: POOL_ID,
        Arn: `arn:aws:cognito-idp:eu-central-1:111122223333:userpool/${POOL_ID}`,
        LambdaConfig: lambdaConfig,
      });
      res.writeHead(200, json).end(JSON.stringify(pool));
    });
  });
  await new Promise<void>((resolve) => cognito!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(cognito.address() as AddressInfo).port}`;
}

const init = (dir: string) =>
  terraformAsync(["init", "-backend=false", "-input=false", `-plugin-dir=${mirror!.dir}`], dir);
const plan = (dir: string, vars: string[] = []) =>
  terraformAsync(["plan", "-refresh=false", "-detailed-exitcode", "-input=false", "-lock=false", ...vars], dir);

/** Runs the steps one after another, recording each under its key. */
function chain(start: Promise<unknown>, steps: Array<[string, () => Promise<TerraformRun>]>): void {
  let previous = start;
  for (const [key, step] of steps) {
    const run = previous.then(step);
    runs.set(key, run);
    previous = run.catch(() => undefined);
  }
}

before(async () => {
  if (needs.missing) return;
  ssm = await startSsmStandin();
  const cognitoUrl = await startCognito();

  // The kill switch: the parameter as the module declares it, and a control without ignore_changes.
  const parameter = committed.resource.aws_ssm_parameter!.login_settings!;
  const { lifecycle: _ignored, ...withoutLifecycle } = parameter;
  const settingsDir = path.join(scratch, "login-settings");
  const controlDir = path.join(scratch, "login-settings-without-ignore-changes");
  for (const [dir, resource] of [
    [settingsDir, parameter],
    [controlDir, withoutLifecycle],
  ] as const) {
    rootModule(
      dir,
      { ssm: ssm.url },
      {
        resource: { aws_ssm_parameter: { login_settings: resource } },
        data: { aws_ssm_parameter: { login_settings: committed.data.aws_ssm_parameter!.login_settings } },
        check: { [KILL_SWITCH_CHECK]: committed.check[KILL_SWITCH_CHECK] },
      },
    );
  }
  const settings = (dir: string, stored: Parameters<typeof settingsState>[0], live: string) => () => {
    writeFileSync(path.join(dir, "terraform.tfstate"), settingsState(stored));
    ssm!.put(NAME, live, "String");
    return plan(dir);
  };

  // The attached pool: the trigger check alone.
  const poolDir = path.join(scratch, "attached-pool");
  rootModule(poolDir, { cognitoidp: cognitoUrl }, attachedPool());
  const pool = (config: Record<string, string>) => () => {
    lambdaConfig = config;
    return plan(poolDir, ["-var", "pool_mode=attach", "-var", `user_pool_id=${POOL_ID}`]);
  };

  // Two chains side by side (each plan loads the provider schema: CPU-bound); within one, plans share a stand-in.
  chain(Promise.all([init(settingsDir), init(controlDir)]), [
    ["switched on", settings(settingsDir, { insecure_value: ON }, ON)],
    ["control", settings(controlDir, { insecure_value: ON }, ON)],
    ["from 0.1.0", settings(settingsDir, { value: ON }, ON)],
    ["off", settings(settingsDir, { insecure_value: OFF }, OFF)],
  ]);
  chain(init(poolDir), [
    ["attached", pool(OURS)],
    ["verify replaced", pool({ ...OURS, VerifyAuthChallengeResponse: FOREIGN_VERIFY })],
  ]);
});

after(async () => {
  await Promise.allSettled(runs.values());
  await ssm?.close();
  await new Promise((resolve) => (cognito ? cognito.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

const failed = (output: string) => /Check block assertion failed/.test(output);
const killSwitchWarning = (output: string) => failed(output) && /passkey kill switch is ON/.test(output);
/** Exit code 0 of -detailed-exitcode: nothing to do, the parameter left as it is. */
const nothingToDo = (run: TerraformRun) =>
  run.status === 0 && !/aws_ssm_parameter\.login_settings will be/.test(run.output);

describe("terraform plan of the login settings after a change out of band (offline, provider mirror)", () => {
  it("leaves a kill switch set out of band alone (nothing to do), and warns that it is on", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("switched on")!;
    assert.ok(nothingToDo(run), `exit ${run.status}\n${run.output}`);
    assert.ok(killSwitchWarning(run.output), run.output);
    assert.match(run.output.replace(/\s+/g, " "), new RegExp(`SSM parameter ${NAME} `));
  });

  it("would turn the switch back off without ignore_changes (the control), in plain sight with insecure_value", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("control")!;
    assert.equal(run.status, 2, run.output);
    assert.match(run.output, /aws_ssm_parameter\.login_settings will be updated in-place/);
    assert.match(run.output, /killSwitch\s+= true -> false/);
  });

  it("changes nothing when upgrading from 0.1.0's state, whose settings were a sensitive value", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("from 0.1.0")!;
    assert.ok(nothingToDo(run), `exit ${run.status}\n${run.output}`);
    assert.ok(killSwitchWarning(run.output), run.output);
  });

  it("says nothing while the switch is off", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("off")!;
    assert.ok(nothingToDo(run), `exit ${run.status}\n${run.output}`);
    assert.ok(!failed(run.output), run.output);
  });
});

describe("terraform plan of an attached pool (offline, provider mirror, DescribeUserPool on loopback)", () => {
  it("says nothing while our three triggers are on the pool", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("attached")!;
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /Read complete/);
    assert.ok(!failed(run.output), run.output);
  });

  it("warns, naming what the pool holds instead, when another tool replaced one of them (still nothing to do)", async (t) => {
    if (needs.skip(t)) return;
    const run = await runs.get("verify replaced")!;
    assert.equal(run.status, 0, run.output);
    assert.ok(failed(run.output), run.output);
    const text = run.output.replace(/\s+/g, " ");
    assert.match(text, new RegExp(`not all on user pool ${POOL_ID}`));
    assert.ok(text.includes(`VerifyAuthChallengeResponse ${FOREIGN_VERIFY}`), text);
    assert.match(text, /terraform apply -replace='module\.<this module>\.aws_lambda_invocation\.pool_attach\[0\]'/);
  });
});
