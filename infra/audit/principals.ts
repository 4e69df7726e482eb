import { HclEvalError, type Value } from "./hcl-eval";
import { EXAMPLE, policyJson, type ModuleScenario } from "./module-model";

export interface PolicyDoc {
  Version?: string;
  Statement: PolicyStatementJson[];
}

export interface PolicyStatementJson {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface AttachedPolicy {
  /** Terraform address of the policy resource. */
  address: string;
  name: string;
  document: PolicyDoc;
}

export interface ModulePrincipal {
  /** Terraform address of the role, e.g. `aws_iam_role.verify_auth_challenge`. */
  address: string;
  /** Terraform name of the role (key for the reasons table). */
  logicalName: string;
  roleName: string;
  arn: string;
  path: string;
  maxSessionDuration: number | null;
  permissionsBoundary: string | null;
  trustPolicy: PolicyDoc;
  policies: AttachedPolicy[];
}

/** A resource policy the module itself sets (key policies, trust policies), by the resource ARN. */
export type ResourcePolicies = Map<string, PolicyDoc>;

/** Element order in which IAM's documentation writes a statement; any other element keeps its place after them. */
const STATEMENT_ORDER = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
];

/**
 * The document with its elements in IAM's usual order: Terraform's jsonencode sorts object keys (Action before
 * Sid), which means nothing to IAM; the report shows documents as a reader expects them.
 */
function inIamOrder(value: Record<string, unknown>): Record<string, unknown> {
  const statements = (value.Statement as Record<string, unknown>[]).map((s) => {
    const ordered: Record<string, unknown> = {};
    for (const key of [
      ...STATEMENT_ORDER.filter((k) => k in s),
      ...Object.keys(s).filter((k) => !STATEMENT_ORDER.includes(k)),
    ])
      ordered[key] = s[key];
    return ordered;
  });
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== "Version" && k !== "Statement"));
  return { ...("Version" in value ? { Version: value.Version } : {}), Statement: statements, ...rest };
}

function asDoc(value: Record<string, unknown>, where: string): PolicyDoc {
  if (!Array.isArray(value.Statement)) throw new HclEvalError(`${where}: policy has no Statement list`);
  for (const s of value.Statement as PolicyStatementJson[]) {
    if (s.NotAction !== undefined || s.NotResource !== undefined || s.NotPrincipal !== undefined)
      throw new HclEvalError(`${where}: NotAction/NotResource/NotPrincipal are not allowed in this module`);
  }
  return inIamOrder(value) as unknown as PolicyDoc;
}

function optionalString(scenario: ModuleScenario, value: unknown): string | null {
  if (value === undefined) return null;
  const v: Value = scenario.evaluate(value);
  if (v === null) return null;
  if (typeof v !== "string") throw new HclEvalError(`expected a string, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Every IAM role the module deploys in this scenario, with its trust policy and every policy that reaches it
 * (inline aws_iam_role_policy, aws_iam_role_policy_attachment to a policy of the module). Anything the audit
 * cannot attribute (inline_policy blocks, managed_policy_arns, attachments of policies outside the module)
 * throws rather than being left out.
 */
export function collectPrincipals(scenario: ModuleScenario): ModulePrincipal[] {
  const principals: ModulePrincipal[] = [];
  const policiesByRole = new Map<string, AttachedPolicy[]>();
  const add = (roleName: string, policy: AttachedPolicy) =>
    policiesByRole.set(roleName, [...(policiesByRole.get(roleName) ?? []), policy]);

  for (const name of scenario.existing("aws_iam_role_policy")) {
    const address = `aws_iam_role_policy.${name}`;
    const cfg = scenario.config("aws_iam_role_policy", name);
    const role = scenario.evaluateString(cfg.role, `${address}.role`);
    add(role, {
      address,
      name: optionalString(scenario, cfg.name) ?? name,
      document: asDoc(policyJson(scenario, cfg.policy, address), address),
    });
  }
  const modulePolicies = new Map<string, { address: string; name: string; document: PolicyDoc }>();
  for (const name of scenario.existing("aws_iam_policy")) {
    const address = `aws_iam_policy.${name}`;
    const cfg = scenario.config("aws_iam_policy", name);
    const arn = scenario.attributeString("aws_iam_policy", name, "arn");
    modulePolicies.set(arn, {
      address,
      name: optionalString(scenario, cfg.name) ?? name,
      document: asDoc(policyJson(scenario, cfg.policy, address), address),
    });
  }
  for (const name of scenario.existing("aws_iam_role_policy_attachment")) {
    const address = `aws_iam_role_policy_attachment.${name}`;
    const cfg = scenario.config("aws_iam_role_policy_attachment", name);
    const role = scenario.evaluateString(cfg.role, `${address}.role`);
    const policyArn = scenario.evaluateString(cfg.policy_arn, `${address}.policy_arn`);
    const policy = modulePolicies.get(policyArn);
    if (!policy)
      throw new HclEvalError(`${address} attaches ${policyArn}, a policy outside the module the audit cannot simulate`);
    add(role, policy);
  }
  for (const type of [
    "aws_iam_policy_attachment",
    "aws_iam_role_policies_exclusive",
    "aws_iam_user",
    "aws_iam_group",
  ]) {
    if (scenario.existing(type).length > 0)
      throw new HclEvalError(`the module declares ${type}, which the audit does not model`);
  }

  for (const name of scenario.existing("aws_iam_role")) {
    const address = `aws_iam_role.${name}`;
    const cfg = scenario.config("aws_iam_role", name);
    if (cfg.inline_policy !== undefined)
      throw new HclEvalError(`${address} uses inline_policy blocks, which the audit does not model`);
    const managed = cfg.managed_policy_arns === undefined ? [] : scenario.evaluate(cfg.managed_policy_arns);
    if (!Array.isArray(managed) || managed.length > 0)
      throw new HclEvalError(`${address} sets managed_policy_arns, which the audit does not model`);
    const roleName = scenario.attributeString("aws_iam_role", name, "name");
    const maxSession = cfg.max_session_duration === undefined ? null : scenario.evaluate(cfg.max_session_duration);
    principals.push({
      address,
      logicalName: name,
      roleName,
      arn: scenario.attributeString("aws_iam_role", name, "arn"),
      path: optionalString(scenario, cfg.path) ?? "/",
      maxSessionDuration: typeof maxSession === "number" ? maxSession : null,
      permissionsBoundary: optionalString(scenario, cfg.permissions_boundary),
      trustPolicy: asDoc(policyJson(scenario, cfg.assume_role_policy, `${address}.assume_role_policy`), address),
      policies: (policiesByRole.get(roleName) ?? []).sort((a, b) => a.address.localeCompare(b.address)),
    });
    policiesByRole.delete(roleName);
  }
  if (policiesByRole.size > 0)
    throw new HclEvalError(
      `policies attached to roles the module does not declare: ${[...policiesByRole.keys()].join(", ")}`,
    );
  return principals.sort((a, b) => a.address.localeCompare(b.address));
}

/** Resource policies the module sets: key policies of its KMS keys and trust policies of its roles. */
export function collectResourcePolicies(scenario: ModuleScenario, principals: ModulePrincipal[]): ResourcePolicies {
  const map: ResourcePolicies = new Map();
  for (const name of scenario.existing("aws_kms_key")) {
    const cfg = scenario.config("aws_kms_key", name);
    const arn = scenario.attributeString("aws_kms_key", name, "arn");
    if (cfg.policy === undefined) {
      map.set(arn, defaultKeyPolicy());
    } else {
      map.set(arn, asDoc(policyJson(scenario, cfg.policy, `aws_kms_key.${name}.policy`), `aws_kms_key.${name}`));
    }
  }
  for (const p of principals) map.set(p.arn, p.trustPolicy);
  return map;
}

/** AWS's default key policy: the account root may do everything, so IAM policies decide. */
export function defaultKeyPolicy(accountId: string = EXAMPLE.accountId): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DefaultKeyPolicyAccountRoot",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ["kms:*"],
        Resource: ["*"],
      },
    ],
  };
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
