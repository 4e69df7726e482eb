import committedReport from "../../../../../docs/iam-report.json";
import { IamReportFormatError, mapIamReport } from "./iam-report.mapping";

describe("mapIamReport (the report's JSON as committed)", () => {
  const model = mapIamReport(committedReport);

  it("keeps every principal, with what it may do, why, and the policy that grants it", () => {
    expect(model.principals.length).toBe(committedReport.principals.length);
    const verify = model.principals.find((p) => p.roleName === "corbado-passkeys-verify-auth-challenge")!;
    const readSecret = verify.permissions.find((p) => p.sid === "ReadCorbadoSecret")!;
    expect(readSecret.actions).toEqual(["ssm:GetParameter"]);
    expect(readSecret.reason.length).toBeGreaterThan(10);
    expect(verify.policies.map((p) => p.id)).toContain(readSecret.policyId);
  });

  it("gives a role deployed with different policies per scenario one distinct entry each, anchored as the report is", () => {
    const ids = model.principals.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(committedReport.principals.map((p) => p.id));
    expect(ids.every((id) => /^[a-z0-9-]+$/.test(id))).toBeTrue();
  });

  it("lists who may act on each resource, and nobody of the module on the neighbours", () => {
    const secret = model.byResource.find((r) => r.label === "aws_ssm_parameter.corbado_secret")!;
    const readers = secret.access.filter((a) => a.actions.includes("ssm:GetParameter")).map((a) => a.principal.name);
    expect(readers.some((n) => n.startsWith("verify-auth-challenge trigger"))).toBeTrue();
    const moduleRoles = new Set(committedReport.principals.filter((p) => p.kind === "module").map((p) => p.id));
    const neighbours = model.byResource.filter((r) => r.kind === "neighbour");
    expect(neighbours.length).toBeGreaterThan(0);
    expect(neighbours.every((r) => r.access.every((a) => !moduleRoles.has(a.principal.id)))).toBeTrue();
  });

  it("links each resource's principals to principal sections that exist", () => {
    const ids = new Set(model.principals.map((p) => p.id));
    for (const resource of model.byResource) {
      for (const { principal } of resource.access) expect(ids.has(principal.id)).withContext(principal.id).toBeTrue();
    }
  });

  it("carries the findings, the limitations, the control matrix and the hashes of the module version", () => {
    expect(model.findings.length).toBe(committedReport.findings.length);
    expect(model.findings.some((f) => f.severity === "warning" && f.text.includes("whole user directory"))).toBeTrue();
    expect(model.limitations!.some((l) => l.includes("third-party reimplementation"))).toBeTrue();
    expect(model.controlMatrix!.length).toBe(committedReport.controls.length);
    expect(model.controlMatrix!.some((c) => c.control.includes("CC9.2"))).toBeTrue();
    expect(model.hashes!.map((h) => h.label)).toContain("terraform/main.tf.json");
    expect(model.hashes!.every((h) => /^[0-9a-f]{64}$|^not hashed/.test(h.value))).toBeTrue();
  });

  it("says who can read, use or change the secret, the key, the pool and the login settings, by access level", () => {
    const key = model.keyResources!;
    expect(key.map((r) => r.id)).toEqual(committedReport.keyResources.map((r) => r.id));
    const secret = key.find((r) => r.id === "resource-corbado-secret")!;
    const verify = secret.access.find((a) => a.principal.name.startsWith("verify-auth-challenge trigger"))!;
    expect(verify.levels).toEqual([{ level: "Read", actions: ["ssm:GetParameter"] }]);
    const settings = key.find((r) => r.id === "resource-login-settings")!;
    const writers = settings.access.filter((a) => a.levels.some((l) => l.level === "Write")).map((a) => a.principal.id);
    expect(writers.length).toBeGreaterThan(0);
    expect(writers.every((id) => !id.includes("define-auth-challenge"))).toBeTrue();
    const ids = new Set(model.principals.map((p) => p.id));
    for (const r of key)
      for (const a of r.access) expect(ids.has(a.principal.id)).withContext(a.principal.id).toBeTrue();
    const kms = key.find((r) => r.id === "resource-kms-key")!;
    // One key policy per set of scenarios in which it differs (the console's API roles add a statement).
    expect(kms.resourcePolicies.length).toBeGreaterThan(0);
    for (const policy of kms.resourcePolicies) {
      expect(policy.id).toMatch(/^policy-aws-kms-key-corbado-secret/);
      expect(policy.document).toContain("AccountAdministersKey");
    }
  });

  it("links a finding to its evidence when the page renders that anchor, and to nothing otherwise", () => {
    const anchors = new Set([
      ...model.principals.map((p) => p.id),
      ...model.keyResources!.map((r) => r.id),
      ...model.keyResources!.flatMap((r) => r.resourcePolicies.map((p) => p.id)),
      "principals",
    ]);
    const linked = model.findings.filter((f) => f.evidence !== null);
    expect(linked.length).toBeGreaterThan(committedReport.findings.length / 2);
    for (const f of linked) expect(anchors.has(f.evidence!)).withContext(f.evidence!).toBeTrue();
    const unlinked = committedReport.findings.filter((f) => !anchors.has(f.evidence.slice(1)));
    expect(model.findings.filter((f) => f.evidence === null).length).toBe(unlinked.length);
  });

  it("gives each principal its risk tier and the reason for it", () => {
    const vendor = model.principals.find((p) => p.id === "principal-corbado-passkeys-corbado-actions-create-console")!;
    expect(vendor.risk.tier).toBe("high");
    expect(vendor.risk.why).toContain("user directory");
  });

  it("reads a report without the key-resource view as one that lacks it", () => {
    const { keyResources: _dropped, ...older } = committedReport;
    expect(mapIamReport(older).keyResources).toBeNull();
  });

  it("refuses JSON of another shape", () => {
    expect(() => mapIamReport({ principals: "none" })).toThrowError(IamReportFormatError);
    expect(() => mapIamReport(null)).toThrowError(IamReportFormatError);
    expect(() => mapIamReport({ ...committedReport, principals: [{ address: 1 }] })).toThrowError(IamReportFormatError);
    expect(() => mapIamReport({ ...committedReport, module: undefined })).toThrowError(IamReportFormatError);
  });
});
