import committedReport from "../../../../../docs/iam-report.json";
import { IamReportFormatError, mapIamReport, principalId } from "./iam-report.mapping";

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

  it("gives a role deployed with different policies per scenario one distinct entry each", () => {
    const ids = model.principals.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[a-z0-9-]+$/.test(id))).toBeTrue();
  });

  it("lists who may act on each resource, and nobody on the neighbours", () => {
    const secret = model.byResource.find((r) => r.label === "aws_ssm_parameter.corbado_secret")!;
    expect(secret.access.length).toBeGreaterThan(0);
    expect(secret.access.every((a) => a.actions.includes("ssm:GetParameter"))).toBeTrue();
    const neighbours = model.byResource.filter((r) => r.kind === "neighbour");
    expect(neighbours.length).toBeGreaterThan(0);
    expect(neighbours.every((r) => r.access.length === 0)).toBeTrue();
  });

  it("links each resource's principals to principal sections that exist", () => {
    const ids = new Set(model.principals.map((p) => p.id));
    for (const resource of model.byResource) {
      for (const { principal } of resource.access) expect(ids.has(principal.id)).withContext(principal.id).toBeTrue();
    }
  });

  it("marks the sections today's report does not carry as absent, not empty", () => {
    expect(model.limitations).toBeNull();
    expect(model.controlMatrix).toBeNull();
    expect(model.hashes).toBeNull();
    expect(model.findings).toEqual([]);
  });

  it("refuses JSON of another shape", () => {
    expect(() => mapIamReport({ principals: "none" })).toThrowError(IamReportFormatError);
    expect(() => mapIamReport(null)).toThrowError(IamReportFormatError);
    expect(() => mapIamReport({ ...committedReport, principals: [{ address: 1 }] })).toThrowError(IamReportFormatError);
  });

  it("builds anchors from the role name and its scenarios", () => {
    expect(principalId({ roleName: "corbado-passkeys-pool-attach", scenarios: ["attach"] })).toBe(
      "principal-corbado-passkeys-pool-attach-attach",
    );
  });
});
