/**
 * The module's resource addresses as Terraform sees them inside a caller's state
 * (`module.<name>.aws_lambda_function.verify_auth_challenge`, `...aws_iam_role.pool_attach[0]`), per scenario:
 * `count` evaluated with the scenario's variables. A release records them (infra/module/released-addresses/), and
 * addresses.test.ts fails when one of a release's addresses disappears without a `moved` block: Terraform would
 * destroy and recreate that resource on upgrade (a role, a key, a pool).
 */
import { HclEvalError, type Value } from "../audit/hcl-eval";
import { parseTemplatesIn } from "../audit/hcl-parse";
import { ModuleScenario, type TerraformBlocks } from "../audit/module-model";
import { moduleDefaults } from "../audit/module-source";

export interface AddressScenario {
  name: string;
  description: string;
  /** Variable values other than the module's defaults. */
  variables: Record<string, Value>;
}

const POOL_ID = "eu-central-1_AbC123";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ACTIONS = {
  corbado_actions_principal_arn: "arn:aws:iam::444455556666:role/corbado-connect-actions",
  corbado_actions_external_id: "corbado-example-external-id-7f3a",
};
const VPC = { vpc_subnet_ids: ["subnet-0a1b2c3d4e5f60718"], vpc_security_group_ids: ["sg-0a1b2c3d4e5f60718"] };

/**
 * The shapes a deployment takes, so that every resource of the module exists in at least one of them (a spec
 * checks it): the examples' modes with the switches that add resources. A scenario is never renamed or
 * narrowed; a new switch that adds resources goes into one (or a new one).
 */
export const ADDRESS_SCENARIOS: AddressScenario[] = [
  { name: "create", description: "pool_mode = create, everything else at its default.", variables: {} },
  {
    name: "create-everything",
    description:
      "create mode with the caller's KMS key, SMS MFA after a passkey, the Corbado actions role, VPC placement, X-Ray tracing, alarms and the dashboard, the console and the self-service route (the complete example), and the hosted console.",
    variables: {
      create_kms_key: false,
      kms_key_arn: KEY_ARN,
      mfa_after_passkey: "sms",
      ...ACTIONS,
      ...VPC,
      tracing_mode: "Active",
      create_alarms: true,
      alarm_sns_topic_arns: ["arn:aws:sns:eu-central-1:111122223333:passkeys-alerts"],
      create_dashboard: true,
      console_enabled: true,
      console_origin: "https://console.example.com",
      corbado_project_id: "pro-1234567890",
      self_service_enabled: true,
      console_hosting_enabled: true,
    },
  },
  {
    name: "external",
    description: "external mode: the caller's Terraform owns the pool.",
    variables: { pool_mode: "external", user_pool_id: POOL_ID },
  },
  {
    name: "attach",
    description:
      "attach mode on a pool with an SMS role, with the Corbado actions role, VPC placement and X-Ray tracing.",
    variables: {
      pool_mode: "attach",
      tracing_mode: "Active",
      user_pool_id: POOL_ID,
      pool_attach_pass_role_arns: ["arn:aws:iam::111122223333:role/existing-pool-sms"],
      mfa_after_passkey: "sms",
      ...ACTIONS,
      ...VPC,
    },
  },
];

/** Addresses of the module's managed resources in one scenario, sorted (data sources are never moved). */
export async function moduleAddresses(
  blocks: TerraformBlocks,
  scenario: AddressScenario,
  defaults: Record<string, Value> = moduleDefaults(),
): Promise<string[]> {
  const templates = await parseTemplatesIn(blocks);
  const model = new ModuleScenario(scenario.name, blocks, { ...defaults, ...scenario.variables }, templates);
  const addresses: string[] = [];
  for (const [type, byName] of Object.entries(blocks.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      if (config.for_each !== undefined)
        throw new HclEvalError(`${type}.${name} uses for_each: record its keys here before a release uses it`);
      if (config.count === undefined) addresses.push(`${type}.${name}`);
      else for (let i = 0; i < model.instances(type, name); i++) addresses.push(`${type}.${name}[${i}]`);
    }
  }
  return addresses.sort();
}

export interface MovedBlock {
  from: string;
  to: string;
}

/** The `moved` blocks of a synthesized module (main.tf.json's top-level `moved` list). */
export function movedBlocks(mainTfJson: Record<string, unknown>): MovedBlock[] {
  const moved = mainTfJson.moved;
  if (moved === undefined) return [];
  if (!Array.isArray(moved)) throw new Error("main.tf.json: moved must be a list of {from, to}");
  return moved.map((m: unknown) => {
    const block = m as Partial<MovedBlock>;
    if (typeof block.from !== "string" || typeof block.to !== "string")
      throw new Error(`main.tf.json: a moved block needs from and to, got ${JSON.stringify(m)}`);
    return { from: block.from, to: block.to };
  });
}

/** `aws_x.name[0]` -> `aws_x.name`; a resource address stays as it is. */
function resourceOf(address: string): string {
  return address.replace(/\[[^\]]*\]$/, "");
}

/** Where an address of a release lives now: through a moved block (of the instance or of its resource), else itself. */
function follow(address: string, moved: readonly MovedBlock[]): string {
  let current = address;
  for (let hops = 0; hops <= moved.length; hops++) {
    const exact = moved.find((m) => m.from === current);
    if (exact) {
      current = exact.to;
      continue;
    }
    const key = current.slice(resourceOf(current).length);
    const whole = key ? moved.find((m) => m.from === resourceOf(current)) : undefined;
    if (!whole) return current;
    current = `${whole.to}${key}`;
  }
  throw new Error(`moved blocks form a cycle through ${address}`);
}

/**
 * Addresses of a release that the current module no longer has and that no `moved` block carries to one it
 * has: each would be destroyed on upgrade. Terraform itself moves `x` to `x[0]` (and back) when `count` is added
 * or removed, so those count as kept.
 */
export function vanishedWithoutMove(
  released: readonly string[],
  current: readonly string[],
  moved: readonly MovedBlock[],
): string[] {
  const now = new Set(current);
  const kept = (address: string) =>
    now.has(address) ||
    (address.endsWith("[0]") && now.has(resourceOf(address))) ||
    (!address.endsWith("]") && now.has(`${address}[0]`));
  return released.filter((address) => !kept(follow(address, moved)));
}
