/**
 * The principals of the report: the roles the module deploys (declared below, read from the module) and what
 * reaches them. Adding a role to the module means declaring it in PRINCIPALS (title, who acts through it, purpose,
 * risk tier) and giving each of its statements a reason in reasons.ts; the report refuses a role or a statement
 * without one. People and pipelines that act on the module's resources are declared in people.ts.
 */
import { HclEvalError, type Value } from "./hcl-eval";
import { EXAMPLE, policyJson, type ModuleScenario } from "./module-model";

export type RiskTier = "high" | "medium" | "low";

export interface PrincipalDeclaration {
  /** Terraform name of the role (`aws_iam_role.<role>`). */
  readonly role: string;
  /** What a reader calls it. */
  readonly title: string;
  /** Who acts through it. */
  readonly actor: string;
  readonly purpose: string;
  /** What misuse of it could do, in one tier and one sentence. */
  readonly risk: { readonly tier: RiskTier; readonly why: string };
}

export const PRINCIPALS: readonly PrincipalDeclaration[] = [
  {
    role: "corbado_actions",
    title: "Corbado actions role (vendor access)",
    actor: "Corbado's pre-login and post-append actions, from Corbado's AWS account",
    purpose:
      "Cross-account role assumed by Corbado's pre-login and post-append actions (Corbado's account, with the external id and the action's session name). Looks users up in the one pool, sets an MFA preference there only with mfa_after_passkey = sms, and counts a passkey added (counter items of the aggregates table only).",
    risk: {
      tier: "high",
      why: "Another company's account reads the whole user directory of the pool (and, with SMS MFA, changes users' MFA preference).",
    },
  },
  {
    role: "verify_auth_challenge",
    title: "verify-auth-challenge trigger",
    actor: "AWS Lambda, running the module's verify-auth-challenge function",
    purpose:
      "Execution role of verify-auth-challenge, which asks Corbado's Backend API to verify signedPasskeyData. Reads the Corbado secret (SSM SecureString) and decrypts it through SSM; counts failed answers and a user's first passkey login (counter and marker items of the aggregates table only).",
    risk: { tier: "high", why: "The only principal that reads the Corbado Backend API secret in clear." },
  },
  {
    role: "admin_api",
    title: "admin API",
    actor: "AWS Lambda, running the module's admin-api function behind the HTTP API",
    purpose:
      "Execution role of the admin API. Always: reads the login settings for GET /v1/public/login-config. With console_enabled (a policy of its own): reads the customer pool's users, writes the login settings, reads and decrypts the Corbado secret for connect tokens, reads the adoption counters, takes its rate-limit and settings-lock items, and appends to and lists the audit log.",
    risk: {
      tier: "high",
      why: "Reads the user directory and the Corbado secret in clear, deletes users' passkeys through Corbado and changes the kill switch (each call audited; the console's admins decide).",
    },
  },
  {
    role: "self_service",
    title: "self-service route",
    actor: "AWS Lambda, running the module's self-service function behind the HTTP API (end users' tokens)",
    purpose:
      "Execution role of POST /v1/self/connect-tokens (self_service_enabled): looks up the signed-in user (AdminGetUser), reads and decrypts the Corbado secret to mint that user's connect tokens, and takes the user's rate-limit item.",
    risk: {
      tier: "high",
      why: "Reads the Corbado Backend API secret in clear, from a function that faces the internet.",
    },
  },
  {
    role: "pool_attach",
    title: "pool-attach step",
    actor: "AWS Lambda, running the module's pool-attach function during terraform apply",
    purpose:
      "Execution role of the apply-time attach step (pool_mode = attach only): merges the three triggers into an existing pool and removes exactly them on destroy.",
    risk: { tier: "high", why: "Rewrites the configuration of an existing user pool (its triggers)." },
  },
  {
    role: "define_auth_challenge",
    title: "define-auth-challenge trigger",
    actor: "AWS Lambda, running the module's define-auth-challenge function",
    purpose:
      "Execution role of define-auth-challenge, the custom-auth state machine. Reads the login settings (passkey-first, kill switch), counts passkey logins (counter items of the aggregates table only) and writes its logs.",
    risk: { tier: "low", why: "Reads one non-secret parameter, adds to counters and writes its own logs." },
  },
  {
    role: "post_authentication",
    title: "post-authentication trigger (count_all_logins)",
    actor: "AWS Lambda, running the module's post-authentication function after every successful login",
    purpose:
      "Execution role of the optional post-authentication trigger (count_all_logins; by default in create mode), which counts every successful login: adds to counter items of the aggregates table, and writes its logs.",
    risk: { tier: "low", why: "Adds to the adoption counters and writes its own logs; reads nothing." },
  },
  {
    role: "create_auth_challenge",
    title: "create-auth-challenge trigger",
    actor: "AWS Lambda, running the module's create-auth-challenge function",
    purpose:
      "Execution role of create-auth-challenge, which puts the username into the challenge parameters. Needs nothing but its logs.",
    risk: { tier: "low", why: "Writes its own logs, nothing else." },
  },
  {
    role: "cognito_sms",
    title: "SMS role of the created pool",
    actor: "Amazon Cognito, sending SMS codes for the pool the module creates",
    purpose:
      'SNS role of the pool the module creates, only with pool_mode = create and mfa_after_passkey = "sms": Cognito assumes it to send SMS MFA codes.',
    risk: { tier: "medium", why: "Sends text messages to any phone number, at the account's cost." },
  },
];

export function declarationOf(role: string): PrincipalDeclaration | undefined {
  return PRINCIPALS.find((p) => p.role === role);
}

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
  /**
   * What the module pins the role to (aws_iam_role_policies_exclusive, aws_iam_role_policy_attachments_exclusive):
   * the inline policy names and managed policy ARNs it keeps, null when nothing pins it.
   */
  pinned: { inline: string[] | null; attachments: string[] | null };
}

/** A resource policy the module itself sets (key, trust and Lambda resource policies), by the resource ARN. */
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
  const pins = new Map<string, { inline?: string[]; attachments?: string[] }>();
  const pin = (type: string, argument: string, kind: "inline" | "attachments") => {
    for (const name of scenario.existing(type)) {
      const cfg = scenario.config(type, name);
      const role = scenario.evaluateString(cfg.role_name, `${type}.${name}.role_name`);
      const list = scenario.evaluate(cfg[argument]);
      if (!Array.isArray(list) || !list.every((x) => typeof x === "string"))
        throw new HclEvalError(`${type}.${name}.${argument} is not a list of strings: ${JSON.stringify(list)}`);
      const known = pins.get(role) ?? {};
      if (known[kind]) throw new HclEvalError(`${role} is pinned twice by ${type}`);
      pins.set(role, { ...known, [kind]: [...list].sort() });
    }
  };
  pin("aws_iam_role_policies_exclusive", "policy_names", "inline");
  pin("aws_iam_role_policy_attachments_exclusive", "policy_arns", "attachments");
  for (const type of ["aws_iam_policy_attachment", "aws_iam_user", "aws_iam_group"]) {
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
      pinned: { inline: pins.get(roleName)?.inline ?? null, attachments: pins.get(roleName)?.attachments ?? null },
    });
    policiesByRole.delete(roleName);
    pins.delete(roleName);
  }
  if (pins.size > 0)
    throw new HclEvalError(`exclusive pins for roles the module does not declare: ${[...pins.keys()]}`);
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
  for (const name of scenario.existing("aws_lambda_permission")) {
    const address = `aws_lambda_permission.${name}`;
    const cfg = scenario.config("aws_lambda_permission", name);
    const functionName = scenario.evaluateString(cfg.function_name, `${address}.function_name`);
    const fn = scenario
      .existing("aws_lambda_function")
      .find((f) => scenario.attributeString("aws_lambda_function", f, "function_name") === functionName);
    if (!fn) throw new HclEvalError(`${address} names ${functionName}, a function the module does not declare`);
    const arn = scenario.attributeString("aws_lambda_function", fn, "arn");
    const statement = lambdaPermissionStatement(scenario, cfg, address, arn);
    const known = map.get(arn);
    map.set(arn, { Version: "2012-10-17", Statement: [...(known?.Statement ?? []), statement] });
  }
  return map;
}

/**
 * A Lambda permission as the function's resource policy holds it: Lambda writes each aws_lambda_permission as
 * one statement (Sid = statement_id, one action, the function as resource, AWS:SourceAccount and AWS:SourceArn
 * as conditions), which GetPolicy returns.
 */
function lambdaPermissionStatement(
  scenario: ModuleScenario,
  cfg: Record<string, unknown>,
  address: string,
  functionArn: string,
): PolicyStatementJson {
  const text = (key: string) => optionalString(scenario, cfg[key]);
  for (const unsupported of ["qualifier", "event_source_token", "principal_org_id", "function_url_auth_type"])
    if (cfg[unsupported] !== undefined)
      throw new HclEvalError(`${address} sets ${unsupported}, which the audit does not model`);
  const principal = scenario.evaluateString(cfg.principal, `${address}.principal`);
  const sourceAccount = text("source_account");
  const sourceArn = text("source_arn");
  const condition: Record<string, Record<string, string>> = {};
  if (sourceAccount !== null) condition.StringEquals = { "AWS:SourceAccount": sourceAccount };
  if (sourceArn !== null) condition.ArnLike = { "AWS:SourceArn": sourceArn };
  return {
    Sid: scenario.evaluateString(cfg.statement_id, `${address}.statement_id`),
    Effect: "Allow",
    Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : { AWS: principal },
    Action: scenario.evaluateString(cfg.action, `${address}.action`),
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
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
