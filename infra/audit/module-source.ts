import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { synthesizeModule } from "../module/build-module";
import { VARIABLE_SPECS } from "../module/variables";
import { DEFAULT_VARIABLE_NAMES } from "../policies/actions-role-validation";
import type { Value } from "./hcl-eval";
import { parseTemplatesIn } from "./hcl-parse";
import { EXAMPLE, ModuleScenario, type AuditEnvironment, type TerraformBlocks } from "./module-model";
import type { PolicyDoc } from "./principals";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
/** The shipped module file, as the repository and the module's users name it. */
export const MODULE_JSON = path.join(REPO_ROOT, "terraform/main.tf.json");

/**
 * Function zips that carry this report (the admin API serves docs/iam-report.json): hashing them would make the
 * report depend on itself, so the report names them without a hash.
 */
export const ZIPS_CARRYING_THE_REPORT = ["admin-api.zip"];

export interface ModuleFile {
  /** As the module's layout names it, e.g. `terraform/functions/verify-auth-challenge.zip`. */
  file: string;
  /** Hex SHA-256 of the file's bytes; null for a zip that carries this report. */
  sha256: string | null;
}

export interface AuditedModule {
  blocks: TerraformBlocks;
  /** The file the report describes, as the module's layout names it (`terraform/main.tf.json`). */
  source: string;
  /** The module's version (package.json) and the SHA-256 of every file the report describes. */
  version: string;
  files: ModuleFile[];
  /** Notes the report prints about how the module was obtained. */
  notes: string[];
}

function moduleVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** main.tf.json, variables.tf and every function zip beside it, named as in the module's layout. */
function moduleFiles(mainTfJson: string): ModuleFile[] {
  const dir = path.dirname(mainTfJson);
  const out: ModuleFile[] = [{ file: "terraform/main.tf.json", sha256: sha256(mainTfJson) }];
  const variables = path.join(dir, "variables.tf");
  if (existsSync(variables)) out.push({ file: "terraform/variables.tf", sha256: sha256(variables) });
  const functions = path.join(dir, "functions");
  const zips = existsSync(functions) ? readdirSync(functions).filter((f) => f.endsWith(".zip")) : [];
  for (const zip of zips.sort()) {
    out.push({
      file: `terraform/functions/${zip}`,
      sha256: ZIPS_CARRYING_THE_REPORT.includes(zip) ? null : sha256(path.join(functions, zip)),
    });
  }
  return out;
}

/**
 * The module as Terraform users get it, synthesized in memory from infra/module/module-stack.ts (tests that
 * tamper with policies start from it). It has no files to hash.
 */
export function synthesizeAuditedModule(): AuditedModule {
  const synthesized = synthesizeModule().mainTfJson as TerraformBlocks;
  return {
    blocks: { data: synthesized.data, locals: synthesized.locals, resource: synthesized.resource },
    source: "terraform/main.tf.json (synthesized in memory)",
    version: moduleVersion(),
    files: [],
    notes: [],
  };
}

/**
 * A module file as shipped (terraform/main.tf.json by default, or one someone built themselves), with the
 * hashes of the files beside it: the report names them, so a module built from the same sources gives the
 * same report byte for byte.
 */
export function readModuleJson(file: string = MODULE_JSON): AuditedModule {
  const json = JSON.parse(readFileSync(file, "utf8")) as TerraformBlocks;
  return {
    blocks: { data: json.data, locals: json.locals, resource: json.resource },
    source: "terraform/main.tf.json",
    version: moduleVersion(),
    files: moduleFiles(file),
    notes: [],
  };
}

/** Variable defaults of the module (infra/module/variables.ts), as Terraform sees them when not set. */
export function moduleDefaults(): Record<string, Value> {
  const values: Record<string, Value> = {};
  for (const spec of VARIABLE_SPECS) {
    if (spec.default !== undefined) values[spec.name] = spec.default as Value;
  }
  values[DEFAULT_VARIABLE_NAMES.allowAccountRootPrincipal] = false;
  return values;
}

/** The caller's role its existing pool uses for SMS, passed back unchanged by the attach step. */
export const CALLER_SMS_ROLE_ARN = `arn:aws:iam::${EXAMPLE.accountId}:role/service-role/existing-pool-sms`;

/** The caller's own KMS key for the Corbado secret (external scenario). */
export const CALLER_KMS_KEY_ARN = `arn:aws:kms:${EXAMPLE.region}:${EXAMPLE.accountId}:key/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9`;

export interface ScenarioSpec {
  name: string;
  description: string;
  /** Variable values other than the module's defaults. */
  variables: Record<string, Value>;
}

/** Corbado's account root, for the scenario that accepts it (allow_account_root_principal). */
export const CORBADO_ACCOUNT_ROOT = `arn:aws:iam::${EXAMPLE.corbadoAccountId}:root`;

/** A permissions boundary as an organization might set one (permissions_boundary_arn), for the boundary scenario. */
export const EXAMPLE_BOUNDARY_ARN = `arn:aws:iam::${EXAMPLE.accountId}:policy/example-workload-boundary`;
export const EXAMPLE_BOUNDARY: PolicyDoc = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "WorkloadServices",
      Effect: "Allow",
      Action: [
        "cognito-idp:*",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "ec2:*NetworkInterface*",
        "ec2:Describe*",
        "iam:PassRole",
        "kms:Decrypt",
        "logs:*",
        "sns:Publish",
        "ssm:GetParameter*",
        "sts:GetCallerIdentity",
      ],
      Resource: "*",
    },
    {
      Sid: "NoDestructiveUserDirectoryCalls",
      Effect: "Deny",
      Action: ["cognito-idp:AdminDeleteUser", "cognito-idp:DeleteUserPool", "cognito-idp:AdminDisableUser"],
      Resource: "*",
    },
  ],
};

/** Permissions boundary documents by policy ARN (the audit simulates a role's boundary from here). */
export const BOUNDARIES: ReadonlyMap<string, PolicyDoc> = new Map([[EXAMPLE_BOUNDARY_ARN, EXAMPLE_BOUNDARY]]);

/** The console's and self-service's switches with the values they require. */
const CONSOLE_VARIABLES = {
  console_enabled: true,
  console_origin: "https://console.example.com",
  corbado_project_id: "pro-1234567890",
  self_service_enabled: true,
  self_service_origins: ["https://app.example.com"],
  login_page_origins: ["https://login.example.com"],
};

export const SCENARIOS: ScenarioSpec[] = [
  {
    name: "create",
    description:
      "pool_mode = create, every other variable at its default (mfa_after_passkey = off), and the Corbado actions role configured (principal and external id set).",
    variables: {
      pool_mode: "create",
      [DEFAULT_VARIABLE_NAMES.principalArn]: EXAMPLE.corbadoActionsPrincipalArn,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
    },
  },
  {
    name: "external",
    description:
      "pool_mode = external (the caller's Terraform owns the pool) with the caller's own KMS key for the Corbado secret (create_kms_key = false, kms_key_arn), and the Corbado actions role configured.",
    variables: {
      pool_mode: "external",
      user_pool_id: EXAMPLE.userPoolId,
      create_kms_key: false,
      kms_key_arn: CALLER_KMS_KEY_ARN,
      [DEFAULT_VARIABLE_NAMES.principalArn]: EXAMPLE.corbadoActionsPrincipalArn,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
    },
  },
  {
    name: "attach",
    description:
      "pool_mode = attach on an existing pool that has an SMS role (pool_attach_pass_role_arns), SMS MFA set after a passkey is added (mfa_after_passkey = sms), triggers placed in a VPC (vpc_subnet_ids, vpc_security_group_ids), X-Ray tracing (tracing_mode = Active), every login counted (count_all_logins = true: the post-authentication trigger merged in), and the Corbado actions role configured.",
    variables: {
      pool_mode: "attach",
      count_all_logins: true,
      user_pool_id: EXAMPLE.userPoolId,
      pool_attach_pass_role_arns: [CALLER_SMS_ROLE_ARN],
      mfa_after_passkey: "sms",
      vpc_subnet_ids: ["subnet-0a1b2c3d4e5f60718"],
      vpc_security_group_ids: ["sg-0a1b2c3d4e5f60718"],
      tracing_mode: "Active",
      [DEFAULT_VARIABLE_NAMES.principalArn]: EXAMPLE.corbadoActionsPrincipalArn,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
    },
  },
  {
    name: "create-sms",
    description:
      "pool_mode = create with mfa_after_passkey = sms: the created pool gets SMS MFA (optional) with the module's SNS role, and the actions role may set an MFA preference.",
    variables: {
      pool_mode: "create",
      mfa_after_passkey: "sms",
      [DEFAULT_VARIABLE_NAMES.principalArn]: EXAMPLE.corbadoActionsPrincipalArn,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
    },
  },
  {
    name: "root-principal",
    description:
      "As create, but trusting Corbado's whole account: corbado_actions_principal_arn is the account root and allow_account_root_principal = true (weaker, not recommended).",
    variables: {
      pool_mode: "create",
      [DEFAULT_VARIABLE_NAMES.principalArn]: CORBADO_ACCOUNT_ROOT,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
      [DEFAULT_VARIABLE_NAMES.allowAccountRootPrincipal]: true,
    },
  },
  {
    name: "console",
    description:
      "As create, with the security console on (console_enabled = true: the console pool, the audit table, the admin API's authenticated routes) and the self-service route (self_service_enabled = true).",
    variables: {
      pool_mode: "create",
      ...CONSOLE_VARIABLES,
      [DEFAULT_VARIABLE_NAMES.principalArn]: EXAMPLE.corbadoActionsPrincipalArn,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
    },
  },
  {
    name: "console-external",
    description:
      "As external (the caller's pool and the caller's KMS key, which then also encrypts the tables), with the security console and the self-service route on.",
    variables: {
      pool_mode: "external",
      user_pool_id: EXAMPLE.userPoolId,
      create_kms_key: false,
      kms_key_arn: CALLER_KMS_KEY_ARN,
      ...CONSOLE_VARIABLES,
      [DEFAULT_VARIABLE_NAMES.principalArn]: EXAMPLE.corbadoActionsPrincipalArn,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
    },
  },
  {
    name: "boundary",
    description:
      "As create-sms, with permissions_boundary_arn set: every role gets the example boundary (appendix), which allows the services the module uses and denies deleting or disabling users.",
    variables: {
      pool_mode: "create",
      mfa_after_passkey: "sms",
      permissions_boundary_arn: EXAMPLE_BOUNDARY_ARN,
      [DEFAULT_VARIABLE_NAMES.principalArn]: EXAMPLE.corbadoActionsPrincipalArn,
      [DEFAULT_VARIABLE_NAMES.externalId]: EXAMPLE.corbadoExternalId,
    },
  },
];

/** One scenario of a module; parses the module's templates first (each distinct text once per process). */
export async function scenarioOf(
  module: AuditedModule,
  spec: ScenarioSpec,
  environment?: AuditEnvironment,
): Promise<ModuleScenario> {
  const templates = await parseTemplatesIn(module.blocks);
  return new ModuleScenario(
    spec.name,
    module.blocks,
    { ...moduleDefaults(), ...spec.variables },
    templates,
    environment,
  );
}
