import { readFileSync } from "node:fs";
import { synthesizeModule } from "../module/build-module";
import { VARIABLE_SPECS } from "../module/variables";
import { DEFAULT_VARIABLE_NAMES } from "../policies/actions-role-validation";
import type { Value } from "./hcl-eval";
import { parseTemplatesIn } from "./hcl-parse";
import { EXAMPLE, ModuleScenario, type TerraformBlocks } from "./module-model";

export interface AuditedModule {
  blocks: TerraformBlocks;
  /** Where the blocks come from, for the report. */
  source: string;
  /** Notes the report prints about how the module was obtained. */
  notes: string[];
}

/**
 * The module as Terraform users get it: the stack `npm run build:module` emits (infra/module/module-stack.ts),
 * synthesized in memory.
 */
export function synthesizeAuditedModule(): AuditedModule {
  const synthesized = synthesizeModule().mainTfJson as TerraformBlocks;
  return {
    blocks: { data: synthesized.data, locals: synthesized.locals, resource: synthesized.resource },
    source: "infra/module/module-stack.ts (PasskeysModuleStack), synthesized in memory",
    notes: [],
  };
}

/** The committed module (terraform/main.tf.json), for auditing exactly what is shipped. */
export function readModuleJson(path: string): AuditedModule {
  const json = JSON.parse(readFileSync(path, "utf8")) as TerraformBlocks;
  return { blocks: { data: json.data, locals: json.locals, resource: json.resource }, source: path, notes: [] };
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
      "pool_mode = attach on an existing pool that has an SMS role (pool_attach_pass_role_arns), SMS MFA set after a passkey is added (mfa_after_passkey = sms), triggers placed in a VPC (vpc_subnet_ids, vpc_security_group_ids), X-Ray tracing (tracing_mode = Active), and the Corbado actions role configured.",
    variables: {
      pool_mode: "attach",
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
];

/** One scenario of a module; parses the module's templates first (each distinct text once per process). */
export async function scenarioOf(module: AuditedModule, spec: ScenarioSpec): Promise<ModuleScenario> {
  const templates = await parseTemplatesIn(module.blocks);
  return new ModuleScenario(spec.name, module.blocks, { ...moduleDefaults(), ...spec.variables }, templates);
}
