/**
 * The one place that knows the IAM report's JSON (docs/iam-report.json, infra/audit/render.ts): its shape to the
 * page's model. The report carries the anchors, findings, limitations, per-resource access, controls and
 * hashes the page shows; this file only renames and joins.
 */
import type { IamControlJson, IamPrincipalJson, IamReportJson } from "../../core/api/admin-api.types";
import type { IamReportModel, KeyResourceView, PrincipalView, ResourceAccess } from "./iam-report.model";

export class IamReportFormatError extends Error {
  override readonly name = "IamReportFormatError";
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks the parts the mapping reads, so that a report of another shape fails clearly instead of rendering half. */
function asReport(json: unknown): IamReportJson {
  if (
    !isObject(json) ||
    !isObject(json["module"]) ||
    !Array.isArray(json["module"]["files"]) ||
    !Array.isArray(json["findings"]) ||
    !Array.isArray(json["limitations"]) ||
    !Array.isArray(json["controls"]) ||
    !Array.isArray(json["byResource"]) ||
    !Array.isArray(json["principals"]) ||
    (json["keyResources"] !== undefined && !Array.isArray(json["keyResources"])) ||
    !json["principals"].every(
      (p: unknown) =>
        isObject(p) &&
        typeof p["id"] === "string" &&
        typeof p["name"] === "string" &&
        typeof p["roleName"] === "string" &&
        Array.isArray(p["scenarios"]) &&
        Array.isArray(p["policies"]) &&
        Array.isArray(p["statements"]) &&
        isObject(p["risk"]) &&
        isObject(p["matrix"]) &&
        Array.isArray(p["matrix"]["counts"]),
    )
  ) {
    throw new IamReportFormatError("iam_report_unrecognised");
  }
  return json as unknown as IamReportJson;
}

function principalView(p: IamPrincipalJson): PrincipalView {
  const policyId = (address: string) => `${p.id}--${slug(address)}`;
  const policyNames = new Map(p.policies.map((policy) => [policy.address, policy.name]));
  return {
    id: p.id,
    name: p.name,
    roleName: p.roleName,
    arn: p.arn,
    address: p.address,
    scenarios: p.scenarios,
    purpose: p.purpose,
    risk: { tier: p.risk.tier, why: p.risk.why },
    permissionsBoundary: p.permissionsBoundary,
    trust: p.trust.map((t) => ({ case: t.case, result: t.result })),
    permissions: p.statements.map((s) => ({
      actions: s.actions,
      resources: s.resources,
      condition: s.condition === null || s.condition === undefined ? null : JSON.stringify(s.condition),
      reason: s.reason,
      policyId: policyId(s.policy),
      policyName: policyNames.get(s.policy) ?? s.policy,
      sid: s.sid,
    })),
    policies: p.policies.map((policy) => ({
      id: policyId(policy.address),
      name: policy.name,
      address: policy.address,
      document: JSON.stringify(policy.document, null, 2),
    })),
    simulation: p.matrix.counts.map((c) => ({
      service: c.service,
      simulated: c.simulated,
      allowed: c.allowed,
      denied: c.implicitlyDenied + c.explicitlyDenied,
    })),
  };
}

/** Who may act on each resource the report simulated, linked to the principals' sections. */
function byResource(report: IamReportJson): ResourceAccess[] {
  const names = new Map(report.principals.map((p) => [p.id, p.name]));
  return report.byResource.map((r) => ({
    id: r.id,
    label: r.label,
    arn: r.arn,
    kind: r.kind,
    access: r.access
      .filter((a) => names.has(a.principalId))
      .map((a) => ({ principal: { id: a.principalId, name: names.get(a.principalId)! }, actions: a.actions })),
  }));
}

/** The auditor's first questions: who may read, use or change the secret, the key, the pool, the settings. */
function keyResources(report: IamReportJson): KeyResourceView[] | null {
  if (!report.keyResources) return null;
  const names = new Map(report.principals.map((p) => [p.id, p.name]));
  const policies = new Map((report.resourcePolicies ?? []).map((p) => [p.id, p]));
  return report.keyResources.map((r) => ({
    id: r.id,
    title: r.title,
    about: r.about,
    resources: r.resources,
    access: r.access
      .filter((a) => names.has(a.principalId))
      .map((a) => ({
        principal: { id: a.principalId, name: names.get(a.principalId)! },
        scenarios: a.scenarios,
        levels: a.byLevel.map((l) => ({ level: l.level, actions: l.actions })),
        grantedBy: a.grantedBy,
      })),
    resourcePolicies: r.resourcePolicies.flatMap((id) => {
      const policy = policies.get(id);
      if (!policy) return [];
      return [
        {
          id: policy.id,
          label: policy.label,
          kind: policy.kind,
          document: JSON.stringify(policy.document, null, 2),
          cases: policy.cases.map((c) => ({ case: c.case, action: c.action, result: c.result })),
        },
      ];
    }),
  }));
}

function control(c: IamControlJson) {
  const evidence = c.evidence.map((e) =>
    e.kind === "spec" ? `${e.file}: "${e.name}"` : e.kind === "report" ? `${e.label} (#${e.anchor})` : e.label,
  );
  return {
    control: `${c.id}: ${c.control} SOC 2 ${c.soc2.join(", ")}; ISO/IEC 27001:2022 ${c.iso27001.map((a) => `A.${a}`).join(", ")}.`,
    status: `Owner: ${c.owners.join(", ")}. Customer action: ${c.customerAction}`,
    evidence: evidence.join("; "),
  };
}

export function mapIamReport(json: unknown): IamReportModel {
  const report = asReport(json);
  const keys = keyResources(report);
  // The anchors this page renders: a finding links to its evidence only when it is one of them.
  const anchors = new Set([
    "principals",
    ...report.principals.map((p) => p.id),
    ...(keys ?? []).flatMap((r) => [r.id, ...r.resourcePolicies.map((p) => p.id)]),
  ]);
  const evidence = (anchor: string) => (anchors.has(anchor.replace(/^#/, "")) ? anchor.replace(/^#/, "") : null);
  return {
    provenance: [
      report.generated,
      `Module ${report.module.name} ${report.module.version}, ${report.module.file}`,
      report.scope,
      `IAM data ${report.iamData.version}, updated ${report.iamData.updatedAt}`,
    ],
    findings: report.findings.map((f) => ({
      severity: f.severity,
      text: `${f.title}. ${f.text}`,
      evidence: evidence(f.evidence),
    })),
    limitations: [...report.notProven, ...report.limitations],
    keyResources: keys,
    byResource: byResource(report),
    principals: report.principals.map(principalView),
    controlMatrix: report.controls.map(control),
    hashes: report.module.files.map((f) => ({
      label: f.file,
      value: f.sha256 ?? "not hashed: the file carries this report",
    })),
    scenarios: report.scenarios.map((s) => ({ name: s.name, description: s.description })),
    tools: report.tools.map((t) => `${t.name} ${t.version} (${t.license})`),
  };
}
