/**
 * Reading `terraform show -json` of a saved plan: which of the module's IAM and KMS policies (and the attach
 * step's input) a reviewer can read in the plan, and which Terraform will know only after apply.
 */

/** The part of `terraform show -json <plan>` read here. */
export interface SavedPlan {
  resource_changes?: Array<{
    address: string;
    type: string;
    change: { actions: string[]; after?: Record<string, unknown> | null; after_unknown?: Record<string, unknown> };
  }>;
}

/** The argument of each resource type that carries a policy document (or, for the invocation, its input). */
export const POLICY_ARGUMENTS: Readonly<Record<string, string>> = {
  aws_iam_role: "assume_role_policy",
  aws_iam_role_policy: "policy",
  aws_kms_key: "policy",
  aws_lambda_invocation: "input",
};

export interface PlannedPolicy {
  /** e.g. `module.passkeys.aws_iam_role_policy.verify_auth_challenge` */
  address: string;
  argument: string;
  /** The document as the plan shows it; undefined when it is `(known after apply)`. */
  value?: string;
}

/** Every policy argument of a resource under `addressPrefix` the plan creates or changes, in address order. */
export function plannedPolicies(plan: SavedPlan, addressPrefix: string): PlannedPolicy[] {
  const out: PlannedPolicy[] = [];
  for (const change of plan.resource_changes ?? []) {
    const argument = POLICY_ARGUMENTS[change.type];
    if (!argument || !change.address.startsWith(addressPrefix)) continue;
    if (!change.change.actions.some((a) => a === "create" || a === "update")) continue;
    const unknown = change.change.after_unknown?.[argument] === true;
    const value = change.change.after?.[argument];
    if (!unknown && typeof value !== "string")
      throw new Error(`${change.address}.${argument} is neither known text nor unknown: ${JSON.stringify(value)}`);
    out.push({ address: change.address, argument, ...(unknown ? {} : { value: value as string }) });
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : 1));
}

/** Addresses whose policy argument is `(known after apply)`. */
export function unknownAtPlan(policies: PlannedPolicy[]): string[] {
  return policies.filter((p) => p.value === undefined).map((p) => p.address);
}
