import { parse } from "@cdktf/hcl2json";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  ensureArtifacts,
  MODULE_DIR,
  MODULE_VERSION,
  REPO_ROOT,
  renderModuleFiles,
  synthesizeModule,
} from "./build-module";
import { requires } from "../../tools/test/requirements";
import {
  copyForMirror,
  providerMirror,
  SIX_X_ONLY,
  terraform,
  terraformAsync,
  unexpectedInitErrors,
  type TerraformRun,
} from "./terraform-cli";
import { AWS_PROVIDER_VERSION, REQUIRED_TERRAFORM_VERSION } from "./build-module";
import { VARIABLE_SPECS, VARIABLES } from "./variables";
import { EXAMPLES } from "./examples";

const scratch = mkdtempSync(path.join(tmpdir(), "passkeys-module-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("the emitted module's interface", () => {
  const { mainTfJson, outputs } = synthesizeModule();
  const main = JSON.stringify(mainTfJson);

  it("has one variable per construct prop, each used by the module", () => {
    assert.equal(VARIABLE_SPECS.length, Object.keys(VARIABLES).length);
    assert.equal(new Set(VARIABLE_SPECS.map((v) => v.name)).size, VARIABLE_SPECS.length, "variable names are unique");
    // Used by a resource, a local or an output, or (an opt-in such as allow_account_root_principal) by another
    // variable's validation.
    const uses = [main, JSON.stringify(outputs), ...VARIABLE_SPECS.map((v) => JSON.stringify(v.validation ?? []))];
    const unused = VARIABLE_SPECS.filter((v) =>
      uses.every((text, i) => !text.includes(`var.${v.name}`) || (i > 1 && VARIABLE_SPECS[i - 2] === v)),
    ).map((v) => v.name);
    assert.deepEqual(unused, []);
  });

  it("names every variable and output in stable snake_case, with no hash suffix", () => {
    for (const name of [...VARIABLE_SPECS.map((v) => v.name), ...outputs.map((o) => o.name)]) {
      assert.match(name, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    }
    const resources = mainTfJson.resource as Record<string, Record<string, unknown>>;
    for (const [type, blocks] of Object.entries(resources)) {
      for (const name of Object.keys(blocks)) {
        assert.match(name, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, `${type}.${name}`);
        assert.doesNotMatch(name, /_[A-F0-9]{8}$/i, `${type}.${name} has a hash suffix`);
      }
    }
  });

  it("gives every variable a description and type, and validates every constrained one", () => {
    const unvalidated = VARIABLE_SPECS.filter((v) => !v.validation?.length).map((v) => `${v.name}: ${v.type}`);
    // Booleans need no validation; the secret is ephemeral and its format is Corbado's to judge.
    assert.deepEqual(
      unvalidated.filter((v) => !v.endsWith(": bool")),
      ["corbado_api_secret: string"],
    );
    for (const v of VARIABLE_SPECS) {
      assert.ok(v.description.length > 20, `${v.name} has a description`);
      for (const rule of v.validation ?? [])
        assert.match(rule.errorMessage, new RegExp(`^${v.name} `), `${v.name}'s message names it`);
    }
  });

  it("declares the Corbado secret sensitive and ephemeral, and uses it only in the write-only argument", () => {
    const secret = VARIABLES.corbadoApiSecret;
    assert.equal(secret.sensitive, true);
    assert.equal(secret.ephemeral, true);
    assert.equal(secret.default, null);
    const uses = main.match(/var\.corbado_api_secret\b(?!_)/g) ?? [];
    assert.equal(uses.length, 1);
    const resources = mainTfJson.resource as Record<string, Record<string, Record<string, unknown>>>;
    assert.match(resources.aws_ssm_parameter!.corbado_secret!.value_wo as string, /var\.corbado_api_secret\b/);
  });

  it("never puts a secret into an output or a Lambda environment variable", () => {
    for (const output of outputs) {
      assert.doesNotMatch(
        JSON.stringify(output.value),
        /corbado_api_secret\b|value_wo|\.value\b|insecure_value/,
        output.name,
      );
    }
    const functions = (mainTfJson.resource as Record<string, Record<string, Record<string, unknown>>>)
      .aws_lambda_function!;
    for (const [name, fn] of Object.entries(functions)) {
      const env = JSON.stringify(fn.environment ?? {});
      assert.doesNotMatch(env, /corbado_api_secret\b|value_wo|\.value\b|insecure_value/, name);
    }
  });

  it("has no provider block and no backend, leaving both to the caller", () => {
    assert.deepEqual(Object.keys(mainTfJson).sort(), ["//", "check", "data", "locals", "resource"]);
  });

  it("switches every mode-specific resource with count on pool_mode", () => {
    const resources = mainTfJson.resource as Record<string, Record<string, Record<string, unknown>>>;
    assert.equal(resources.aws_cognito_user_pool!.this!.count, '${(var.pool_mode == "create") ? 1 : 0}');
    for (const [type, name] of [
      ["aws_lambda_function", "pool_attach"],
      ["aws_iam_role", "pool_attach"],
      ["aws_lambda_invocation", "pool_attach"],
      ["aws_cloudwatch_log_group", "pool_attach"],
    ] as const) {
      assert.equal(resources[type]![name]!.count, '${(var.pool_mode == "attach") ? 1 : 0}', `${type}.${name}`);
    }
  });
});

describe("building the module", () => {
  let artifactsA: string;
  let artifactsB: string;
  before(async () => {
    artifactsA = await ensureArtifacts(path.join(scratch, "dist-a"));
    artifactsB = await ensureArtifacts(path.join(scratch, "dist-b"));
  });

  it("is reproducible: two builds are byte-identical, Lambda archives included", async () => {
    const first = await renderModuleFiles(artifactsA);
    const second = await renderModuleFiles(artifactsB);
    assert.deepEqual([...first.keys()].sort(), [...second.keys()].sort());
    for (const [name, content] of first) assert.ok(content.equals(second.get(name)!), `${name} differs between builds`);
    assert.ok(first.has("functions/verify-auth-challenge.zip"));
    for (const example of Object.keys(EXAMPLES)) assert.ok(first.has(example));
  });

  it("states the module's version (package.json's) in the README, and the changelog's last release is that version", async () => {
    const readme = (await renderModuleFiles(artifactsA)).get("README.md")!.toString("utf8");
    assert.match(readme, new RegExp(`^Version ${MODULE_VERSION.replace(/\./g, "\\.")}\\.`, "m"));
    assert.ok(readme.includes(`?ref=v${MODULE_VERSION}"`), "the usage pins this version's tag");
    const changelog = readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8");
    const released = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/gm)].map((m) => m[1]);
    assert.equal(released[0], MODULE_VERSION, "bump package.json's version with the changelog's release heading");
    assert.match(changelog, /^## \[Unreleased\]$/m);
  });

  it("ships a README whose Inputs and Outputs tables list every variable and output", async () => {
    const readme = (await renderModuleFiles(artifactsA)).get("README.md")!.toString("utf8");
    for (const v of VARIABLE_SPECS) assert.ok(readme.includes(`| \`${v.name}\` |`), v.name);
    for (const o of synthesizeModule().outputs) assert.ok(readme.includes(`| \`${o.name}\` |`), o.name);
  });
});

const terraformCli = requires("terraform");

describe("terraform on the committed module", () => {
  it("finds the module formatted (terraform fmt -check -recursive)", (t) => {
    if (terraformCli.skip(t)) return;
    const run = terraform(["fmt", "-check", "-recursive", "-diff"], MODULE_DIR);
    assert.equal(run.status, 0, run.output);
  });

  for (const dir of [".", ...Object.keys(EXAMPLES).map((e) => path.dirname(e))]) {
    it(`decodes ${dir === "." ? "the module" : dir} with terraform init (only the provider download may fail offline)`, (t) => {
      if (terraformCli.skip(t)) return;
      const copy = path.join(scratch, "init", dir.replace(/\//g, "-"));
      cpSync(MODULE_DIR, copy, { recursive: true });
      const run = terraform(["init", "-backend=false", "-input=false"], path.join(copy, dir));
      assert.deepEqual(unexpectedInitErrors(run.output), [], run.output);
      assert.match(run.output, /Initializing provider plugins|has been successfully initialized/, run.output);
    });
  }
});

describe("terraform validate against a local provider mirror", () => {
  const mirror = providerMirror();
  const needs = requires("terraform", "provider-mirror");
  // Each validate loads the whole AWS provider schema (about 10 s): the module, the example that wires an
  // external pool both ways, and the one with every switch. The other examples' arguments are checked below.
  const dirs = [".", "examples/external", "examples/complete"];
  const runs = new Map<string, Promise<TerraformRun>>();

  /** Copies the module, points it at the mirror's version, and starts init + validate. */
  async function validateCopy(
    dir: string,
    name: string,
    mappings: Parameters<typeof copyForMirror>[4],
  ): Promise<TerraformRun> {
    const copy = path.join(scratch, name);
    copyForMirror(MODULE_DIR, copy, mirror!, AWS_PROVIDER_VERSION, mappings);
    const cwd = path.join(copy, dir);
    const init = await terraformAsync(["init", "-backend=false", "-input=false", `-plugin-dir=${mirror!.dir}`], cwd);
    if (init.status !== 0) return init;
    return terraformAsync(["validate", "-json"], cwd);
  }

  before(() => {
    if (needs.missing) return;
    const downgrade = !mirror!.awsVersion.startsWith("6.");
    // Two at a time: validate is CPU-bound and CI machines are small.
    let previous: Promise<unknown> = Promise.resolve();
    let beforePrevious: Promise<unknown> = Promise.resolve();
    const queue = (key: string, start: () => Promise<TerraformRun>) => {
      const run = beforePrevious.then(start, start);
      runs.set(key, run);
      beforePrevious = previous;
      previous = run;
    };
    for (const dir of dirs) queue(dir, () => validateCopy(dir, `validate-${dir.replace(/[./]/g, "-")}`, downgrade));
    // Each 6.x-only feature alone, the other mapped back: a 5.x provider stops at the first reference error,
    // so one copy with both would hide the runtime behind the region attribute.
    const [runtime, region] = SIX_X_ONLY;
    if (downgrade) {
      queue("only-runtime", () => validateCopy(".", "validate-only-runtime", [region!]));
      queue("only-region", () => validateCopy(".", "validate-only-region", [runtime!]));
    }
  });

  for (const dir of dirs) {
    it(`finds ${dir === "." ? "the module" : dir} valid (terraform validate, offline)`, async (t) => {
      if (needs.skip(t)) return;
      const run = await runs.get(dir)!;
      assert.equal(run.status, 0, run.output);
      const result = JSON.parse(run.stdout) as { valid: boolean; diagnostics: unknown[] };
      assert.deepEqual(result.diagnostics, []);
      assert.equal(result.valid, true);
    });
  }

  it("shows why the provider floor is 6.x: a 5.x provider refuses each 6.x-only feature the module uses", async (t) => {
    if (needs.skip(t)) return;
    // Not a missing tool: a 6.x mirror has no older provider to refuse the module, so there is nothing to show.
    // eslint-disable-next-line no-restricted-syntax
    if (mirror!.awsVersion.startsWith("6.")) return t.skip(`the mirror holds ${mirror!.awsVersion}, a 6.x provider`);
    const reasons = async (key: string) => {
      const run = await runs.get(key)!;
      const result = JSON.parse(run.stdout) as {
        valid: boolean;
        diagnostics: Array<{ summary: string; detail?: string }>;
      };
      assert.equal(result.valid, false, key);
      return [
        ...new Set(
          result.diagnostics.map((d) =>
            /got nodejs24\.x/.test(d.summary) ? "runtime nodejs24.x" : `${d.summary}: ${d.detail}`,
          ),
        ),
      ];
    };
    assert.deepEqual(await reasons("only-runtime"), ["runtime nodejs24.x"]);
    assert.deepEqual(await reasons("only-region"), [
      'Unsupported attribute: This object has no argument, nested block, or exported attribute named "region".',
    ]);
  });
});

/** The console, as a deployer turns it on (the hosted console reads the module's own pool and API). */
const CONSOLE_VARS = {
  console_enabled: "true",
  console_origin: "https://console.example.com",
  corbado_project_id: "pro-1234567890",
};

describe("variable validation, run by terraform", () => {
  let dir: string;
  before(() => {
    dir = path.join(scratch, "validation");
    cpSync(path.join(MODULE_DIR, "variables.tf"), path.join(dir, "variables.tf"), { recursive: true });
    writeFileSync(path.join(dir, "ok.tf"), "");
  });

  const plan = (vars: Record<string, string>) =>
    terraform(
      ["plan", "-input=false", "-lock=false", ...Object.entries(vars).flatMap(([k, v]) => ["-var", `${k}=${v}`])],
      dir,
      60_000,
    );

  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ["an unknown pool mode", { pool_mode: "adopt" }, /pool_mode must be "create", "external" or "attach"/],
    ["external mode without a pool id", { pool_mode: "external" }, /user_pool_id must be a user pool id/],
    ["a pool id in create mode", { user_pool_id: "eu-central-1_AbC123" }, /user_pool_id must be a user pool id/],
    [
      "a retention CloudWatch does not offer",
      { log_retention_days: "42" },
      /log_retention_days must be one of CloudWatch Logs' values/,
    ],
    [
      "a name prefix too long for IAM",
      { name_prefix: "a-very-long-prefix-that-does-not-fit" },
      /name_prefix must be 2 to 28 characters/,
    ],
    [
      "a KMS alias instead of a key ARN",
      { create_kms_key: "false", kms_key_arn: "alias/mine" },
      /kms_key_arn must be a KMS key ARN/,
    ],
    [
      "a key ARN while the module creates its own key",
      { kms_key_arn: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
      /kms_key_arn must be set when create_kms_key is false, and null when it is true/,
    ],
    ["no key at all", { create_kms_key: "false" }, /kms_key_arn must be set when create_kms_key is false/],
    [
      "a permissions boundary that is not a policy ARN",
      { permissions_boundary_arn: "arn:aws:iam::111122223333:role/x" },
      /permissions_boundary_arn must be an IAM policy ARN/,
    ],
    [
      "a reserved concurrency of 0, which throttles every login",
      { reserved_concurrent_executions: "0" },
      /reserved_concurrent_executions must be a whole number of 1 or more, or null/,
    ],
    [
      "a login-settings cache of 0, which reads SSM on every login",
      { login_settings_cache_ttl_ms: "0" },
      /login_settings_cache_ttl_ms must be a whole number of milliseconds from 1000 to 300000/,
    ],
    [
      "a Corbado timeout beyond Cognito's budget",
      { corbado_timeout_ms: "3500" },
      /corbado_timeout_ms must be a whole number of milliseconds from 100 to 3000/,
    ],
    [
      "a plain-http Corbado URL",
      { corbado_backend_api_url: "http://backendapi.cloud.corbado.io" },
      /corbado_backend_api_url must be an https:\/\/ URL/,
    ],
    [
      "a Corbado URL with a query string, which verify refuses",
      { corbado_backend_api_url: "https://backendapi.cloud.corbado.io/?project=pro-1" },
      /corbado_backend_api_url must be an https:\/\/ URL/,
    ],
    [
      "a Corbado URL ending in a bare #",
      { corbado_backend_api_url: "https://backendapi.cloud.corbado.io/#" },
      /corbado_backend_api_url must be an https:\/\/ URL/,
    ],
    [
      "subnets without security groups",
      { vpc_subnet_ids: '["subnet-1"]' },
      /vpc_security_group_ids must hold security group ids/,
    ],
    [
      "a password flow not on the list",
      { app_client_extra_auth_flows: '["CUSTOM_AUTH_FLOW_ONLY"]' },
      /app_client_extra_auth_flows may only hold/,
    ],
    [
      "an MFA mode post-append does not know",
      { mfa_after_passkey: "totp" },
      /mfa_after_passkey must be "off" or "sms"/,
    ],
    [
      "an account root as the Corbado actions principal without the opt-in",
      { corbado_actions_principal_arn: "arn:aws:iam::444455556666:root", corbado_actions_external_id: "corbado-x1" },
      /corbado_actions_principal_arn is an account root/,
    ],
    [
      "a wildcard Corbado actions principal",
      { corbado_actions_principal_arn: "arn:aws:iam::444455556666:role/*", corbado_actions_external_id: "corbado-x1" },
      /corbado_actions_principal_arn must be the ARN of one IAM role or user/,
    ],
    [
      "an external id with a space",
      { corbado_actions_external_id: "corbado x1" },
      /corbado_actions_external_id must be 2 to 1224 characters/,
    ],
    [
      "an X-Ray mode Lambda does not know",
      { tracing_mode: "On" },
      /tracing_mode must be "Active", "PassThrough" or null/,
    ],
    ["a log format Lambda does not know", { log_format: "json" }, /log_format must be "JSON" or "Text"/],
    [
      "alarms on text logs, which the metric filters cannot read",
      {
        create_alarms: "true",
        alarm_sns_topic_arns: '["arn:aws:sns:eu-central-1:111122223333:alerts"]',
        log_format: "Text",
      },
      /create_alarms needs log_format = "JSON"/,
    ],
    ["alarms that notify nobody", { create_alarms: "true" }, /alarm_sns_topic_arns must hold SNS topic ARNs/],
    [
      "a duration alarm at Cognito's 5 s, when the login has already failed",
      { alarm_duration_threshold_ms: "5000" },
      /alarm_duration_threshold_ms must be a whole number of milliseconds from 1000 to 4900/,
    ],
    [
      "an alarm period CloudWatch does not offer",
      { alarm_period_seconds: "90" },
      /alarm_period_seconds must be a multiple of 60/,
    ],
    [
      "an access token lifetime below Cognito's 5 minutes",
      { access_token_validity_minutes: "2" },
      /access_token_validity_minutes must be a whole number of minutes from 5 to 1440, or null/,
    ],
    [
      "a refresh token lifetime beyond Cognito's 10 years",
      { refresh_token_validity_days: "4000" },
      /refresh_token_validity_days must be a whole number of days from 1 to 3650, or null/,
    ],
    [
      "a package bucket without the triggers' keys",
      { package_s3_bucket: "acme-signed", package_s3_keys: '{"verify-auth-challenge" = "v.zip"}' },
      /package_s3_keys must name a key for each function the module deploys/,
    ],
    [
      "a package key for a function the module does not have",
      { package_s3_keys: '{"not-a-function" = "x.zip"}' },
      /package_s3_keys must name a key for each function the module deploys/,
    ],
    [
      "a code signing configuration that is not an ARN of one",
      { code_signing_config_arn: "csc-0a1b2c3d4e5f67890" },
      /code_signing_config_arn must be a Lambda code signing configuration ARN/,
    ],
    [
      "pool_sms_mfa_configured for the pool the module creates",
      { pool_sms_mfa_configured: "true" },
      /pool_sms_mfa_configured must be false in "create" mode/,
    ],
    [
      "console hosting without the console",
      { console_hosting_enabled: "true" },
      /console_hosting_enabled needs console_enabled/,
    ],
  ];
  for (const [label, vars, message] of cases) {
    it(`refuses ${label} with a message that says what is expected`, (t) => {
      if (terraformCli.skip(t)) return;
      const run = plan(vars);
      assert.notEqual(run.status, 0, run.output);
      assert.match(run.output.replace(/\s*\n\s*/g, " "), message);
    });
  }

  it("accepts each mode with the values it needs, and the secret as an ephemeral value", (t) => {
    if (terraformCli.skip(t)) return;
    const accepted: Array<Record<string, string>> = [
      {},
      { pool_mode: "external", user_pool_id: "eu-central-1_AbC123" },
      {
        pool_mode: "attach",
        user_pool_id: "eu-central-1_AbC123",
        pool_attach_pass_role_arns: '["arn:aws:iam::111122223333:role/sms"]',
      },
      { secret_management: "terraform", corbado_api_secret: "cHJvamVjdDpzZWNyZXQ=", log_retention_days: "731" },
      {
        create_kms_key: "false",
        kms_key_arn: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
      {
        corbado_actions_principal_arn: "arn:aws:iam::444455556666:role/corbado-connect-actions",
        corbado_actions_external_id: "corbado-example-external-id-7f3a",
        mfa_after_passkey: "sms",
      },
      {
        corbado_actions_principal_arn: "arn:aws:iam::444455556666:root",
        corbado_actions_external_id: "corbado-example-external-id-7f3a",
        allow_account_root_principal: "true",
      },
      {
        pool_mode: "external",
        user_pool_id: "eu-central-1_AbC123",
        mfa_after_passkey: "sms",
        pool_sms_mfa_configured: "true",
      },
      { console_hosting_enabled: "true", ...CONSOLE_VARS },
      {
        create_alarms: "true",
        alarm_sns_topic_arns: '["arn:aws:sns:eu-central-1:111122223333:passkeys-alerts"]',
        create_dashboard: "true",
        tracing_mode: "Active",
        access_token_validity_minutes: "15",
        refresh_token_validity_days: "1",
      },
      {
        pool_mode: "attach",
        user_pool_id: "eu-central-1_AbC123",
        code_signing_config_arn: "arn:aws:lambda:eu-central-1:111122223333:code-signing-config:csc-0a1b2c3d4e5f67890",
        package_s3_bucket: "acme-signed",
        package_s3_keys:
          '{"define-auth-challenge" = "d.zip", "create-auth-challenge" = "c.zip", "verify-auth-challenge" = "v.zip", "admin-api" = "a.zip", "pool-attach" = "p.zip"}',
      },
      { reserved_concurrent_executions: "1", log_format: "Text" },
    ];
    for (const vars of accepted) {
      const run = plan(vars);
      assert.equal(run.status, 0, `${JSON.stringify(vars)}\n${run.output}`);
    }
  });
});

describe("examples", () => {
  /** An example parsed by HCL's own parser (hcl2json): blocks become lists of objects. */
  interface ParsedExample {
    terraform?: {
      required_version?: string;
      required_providers?: Record<string, { source?: string; version?: string }>[];
    }[];
    provider?: Record<string, unknown[]>;
    module?: Record<string, Record<string, unknown>[]>;
  }
  const parsed = new Map<string, ParsedExample>();
  before(async () => {
    for (const [name, content] of Object.entries(EXAMPLES))
      parsed.set(name, (await parse(name, content)) as ParsedExample);
  });

  it("are the five scenarios, each built from its own .tf file", () => {
    assert.deepEqual(Object.keys(EXAMPLES), [
      "examples/attach/main.tf",
      "examples/complete/main.tf",
      "examples/create/main.tf",
      "examples/external/main.tf",
      "examples/multi-region/main.tf",
    ]);
  });

  it("state the module's version floors (build-module.ts), no others", () => {
    for (const [name, example] of parsed) {
      assert.equal(example.terraform?.length, 1, name);
      const block = example.terraform[0]!;
      assert.equal(block.required_version, REQUIRED_TERRAFORM_VERSION, name);
      assert.deepEqual(
        block.required_providers,
        [{ aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } }],
        name,
      );
    }
  });

  it("show the three lambda_config lines to add to an external pool", () => {
    const external = readFileSync(path.join(MODULE_DIR, "examples/external/main.tf"), "utf8");
    for (const line of [
      "define_auth_challenge          = module.passkeys.lambda_config.define_auth_challenge",
      "create_auth_challenge          = module.passkeys.lambda_config.create_auth_challenge",
      "verify_auth_challenge_response = module.passkeys.lambda_config.verify_auth_challenge_response",
    ]) {
      assert.ok(external.includes(line), line);
    }
  });

  /** Each call of the module: `module "passkeys"` once, or one per region in the multi-region example. */
  const moduleCalls = (name: string, example: ParsedExample) => {
    const expected = name.includes("multi-region") ? ["passkeys_primary", "passkeys_secondary"] : ["passkeys"];
    assert.deepEqual(Object.keys(example.module ?? {}).sort(), expected, name);
    return expected.map((call) => {
      assert.equal(example.module![call]!.length, 1, `${name} declares ${call} once`);
      return example.module![call]![0]!;
    });
  };

  it("pass only arguments the module declares", () => {
    const declared = new Set([...VARIABLE_SPECS.map((v) => v.name), "source", "providers"]);
    for (const [name, example] of parsed) {
      for (const call of moduleCalls(name, example)) {
        const args = Object.keys(call).filter((a) => a !== "source");
        assert.ok(args.length > 0);
        assert.deepEqual(
          args.filter((a) => !declared.has(a)),
          [],
          name,
        );
      }
    }
  });

  it("each configure their own provider, one per region the example deploys to", () => {
    for (const [name, example] of parsed)
      assert.equal(example.provider?.aws?.length, moduleCalls(name, example).length, name);
  });

  it("put the region into account-global names wherever one account holds the module in two regions", () => {
    const example = parsed.get("examples/multi-region/main.tf")!;
    for (const call of moduleCalls("multi-region", example)) {
      assert.equal(call.include_region_in_names, true);
      assert.equal(call.name_prefix, "passkeys", "the same prefix in both regions: the region keeps them apart");
    }
  });
});
