/**
 * The one place that knows the IAM report's JSON: today's shape (docs/iam-report.json) to the page's model. When the
 * report gains findings, limitations, a by-resource view, a control matrix and hashes, they map here and the page
 * stays as it is.
 */
import type { IamPrincipalJson, IamReportJson } from "../../core/api/admin-api.types";
import type { IamReportModel, PrincipalView, ResourceAccess } from "./iam-report.model";

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
    typeof json["source"] !== "string" ||
    !Array.isArray(json["resources"]) ||
    !Array.isArray(json["principals"]) ||
    !json["principals"].every(
      (p: unknown) =>
        isObject(p) &&
        typeof p["address"] === "string" &&
        typeof p["roleName"] === "string" &&
        Array.isArray(p["scenarios"]) &&
        Array.isArray(p["policies"]) &&
        Array.isArray(p["statements"]) &&
        isObject(p["matrix"]) &&
        Array.isArray(p["matrix"]["allowed"]),
    )
  ) {
    throw new IamReportFormatError("iam_report_unrecognised");
  }
  return json as unknown as IamReportJson;
}

export const principalId = (p: Pick<IamPrincipalJson, "roleName" | "scenarios">): string =>
  `principal-${slug(p.roleName)}-${slug(p.scenarios.join("-"))}`;

/** A role deployed in several scenarios with different policies appears once per set of scenarios. */
const principalName = (p: Pick<IamPrincipalJson, "roleName" | "scenarios">): string =>
  `${p.roleName} (${p.scenarios.join(", ")})`;

function principalView(p: IamPrincipalJson): PrincipalView {
  const id = principalId(p);
  const policyId = (address: string) => `${id}--${slug(address)}`;
  const policyNames = new Map(p.policies.map((policy) => [policy.address, policy.name]));
  return {
    id,
    name: principalName(p),
    roleName: p.roleName,
    arn: String(p.arn),
    address: p.address,
    scenarios: p.scenarios,
    purpose: String(p.purpose ?? ""),
    permissionsBoundary: p.permissionsBoundary ?? null,
    trust: (p.trust ?? []).map((t) => ({ case: t.case, result: t.result })),
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
    simulation: (p.matrix.counts ?? []).map((c) => ({
      service: c.service,
      simulated: c.simulated,
      allowed: c.allowed,
      denied: c.implicitlyDenied + c.explicitlyDenied,
    })),
  };
}

/** Who may act on each resource of the catalogue (concrete ARNs; a pattern grant also lists the ARNs it matches). */
function byResource(report: IamReportJson): ResourceAccess[] {
  return report.resources.map((resource, index) => {
    const access = report.principals
      .map((p) => ({
        principal: { id: principalId(p), name: principalName(p) },
        actions: [...new Set(p.matrix.allowed.filter((a) => a.resource === resource.arn).map((a) => a.action))].sort(),
      }))
      .filter((entry) => entry.actions.length > 0);
    return { id: `resource-${index}`, label: resource.label, arn: resource.arn, kind: resource.kind, access };
  });
}

export function mapIamReport(json: unknown): IamReportModel {
  const report = asReport(json);
  return {
    provenance: [
      ...(report.generated ? [report.generated] : []),
      `Source: ${report.source}`,
      ...(report.iamData ? [`IAM data ${report.iamData.version}, updated ${report.iamData.updatedAt}`] : []),
    ],
    findings: (report.notes ?? []).map((text) => ({ severity: "info" as const, text })),
    limitations: null,
    byResource: byResource(report),
    principals: report.principals.map(principalView),
    controlMatrix: null,
    hashes: null,
    scenarios: (report.scenarios ?? []).map((s) => ({ name: s.name, description: s.description })),
    tools: (report.tools ?? []).map((t) => `${t.name} ${t.version} (${t.license})`),
  };
}
