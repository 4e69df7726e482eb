import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { HttpTestingController, type TestRequest } from "@angular/common/http/testing";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import committedReport from "../../../../../../../docs/iam-report.json";
import { ErrorPanelHarness } from "../../../../shared/error-panel/error-panel.harness";
import {
  apiError,
  expectApi,
  expectNoAxeViolations,
  setUpConsole,
  startingRequest,
} from "../../../../../testing/console-testing";
import { IamReportPage } from "./iam-report-page";

describe("IamReportPage", () => {
  let fixture: ComponentFixture<IamReportPage>;
  let element: HTMLElement;

  async function open(answer?: (request: TestRequest) => void) {
    await setUpConsole("auditor");
    fixture = TestBed.createComponent(IamReportPage);
    element = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    const request = expectApi("/v1/iam-report");
    if (answer) {
      answer(request);
      await fixture.whenStable();
    }
    return request;
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("says it is loading", async () => {
    const request = await open();
    fixture.detectChanges();
    expect(element.querySelector(".loading")?.textContent).toContain("Loading the IAM report");
    request.flush(committedReport);
  });

  it("puts findings and limitations first, then resources, principals, controls and the module version", async () => {
    await open((r) => r.flush(committedReport));
    const sections = Array.from(element.querySelectorAll("h3")).map((h) => h.id);
    expect(sections).toEqual([
      "findings",
      "limitations",
      "key-resources",
      "by-resource",
      "principals",
      "control-matrix",
      "module-version",
      "scenarios",
    ]);
    expect(element.querySelectorAll("ul.findings li").length).toBe(committedReport.findings.length);
    expect(element.querySelector("ul.limitations")?.textContent).toContain("third-party reimplementation");
    expect(element.querySelector(".hashes")?.textContent).toContain("terraform/main.tf.json");
    expect(element.querySelectorAll(".absent").length).toBe(0);
  });

  it("renders every principal with its permissions and the reason for each", async () => {
    await open((r) => r.flush(committedReport));
    expect(element.querySelectorAll("article.principal").length).toBe(committedReport.principals.length);
    const first = element.querySelector("article.principal")!;
    const statement = committedReport.principals[0]!.statements[0]!;
    expect(first.querySelector("table.permissions tbody")?.textContent).toContain(statement.reason);
  });

  it("links a principal to its policies and each policy back to its principal", async () => {
    await open((r) => r.flush(committedReport));
    const principal = element.querySelector("article.principal")!;
    const policyLink = principal.querySelector("dd a") as HTMLAnchorElement;
    const policyId = new URL(policyLink.href).hash.slice(1);
    const policy = element.querySelector(`[id="${policyId}"]`)!;
    expect(policy.tagName).toBe("H5");
    const back = policy.closest(".policy")!.querySelector("a") as HTMLAnchorElement;
    expect(new URL(back.href).hash.slice(1)).toBe(principal.querySelector("h4")!.id);
  });

  it("links each resource's principals to their sections", async () => {
    await open((r) => r.flush(committedReport));
    const links = Array.from(element.querySelectorAll<HTMLAnchorElement>("table.by-resource a"));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const id = new URL(link.href).hash.slice(1);
      expect(element.querySelector(`[id="${id}"]`))
        .withContext(id)
        .not.toBeNull();
    }
    expect(element.querySelector("table.neighbours tbody")?.textContent).toContain("none");
  });

  it("shows who can read or change each key resource by access level, linked to the principals", async () => {
    await open((r) => r.flush(committedReport));
    const secret = element.querySelector('[id="resource-corbado-secret"]')!.closest("article")!;
    expect(secret.querySelector("h4")?.textContent).toContain("The Corbado secret");
    const rows = Array.from(secret.querySelectorAll("tbody tr")).map((tr) => tr.textContent ?? "");
    expect(
      rows.some((t) => t.includes("verify-auth-challenge trigger") && t.includes("Read: ssm:GetParameter")),
    ).toBeTrue();
    for (const link of Array.from(element.querySelectorAll<HTMLAnchorElement>("section.key-resources a"))) {
      const id = new URL(link.href).hash.slice(1);
      expect(element.querySelector(`[id="${id}"]`))
        .withContext(id)
        .not.toBeNull();
    }
    expect(element.querySelector('[id="policy-aws-kms-key-corbado-secret"]')?.tagName).toBe("H5");
  });

  it("links each finding to its evidence on the page, and shows each principal's risk", async () => {
    await open((r) => r.flush(committedReport));
    const links = Array.from(element.querySelectorAll<HTMLAnchorElement>("ul.findings a"));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const id = new URL(link.href).hash.slice(1);
      expect(element.querySelector(`[id="${id}"]`))
        .withContext(id)
        .not.toBeNull();
    }
    const vendor = element.querySelector('[id="principal-corbado-passkeys-corbado-actions-create-console"]')!;
    expect(vendor.closest("article")?.querySelector(".risk")?.textContent).toContain("high risk");
  });

  it("says so when the report's JSON has no key-resource view", async () => {
    const { keyResources: _dropped, ...older } = committedReport;
    await open((r) => r.flush(older));
    expect(element.querySelector(".absent")?.textContent).toContain("no view of the key resources");
  });

  it("says so when the report lists no principals", async () => {
    await open((r) => r.flush({ ...committedReport, principals: [] }));
    expect(element.querySelector(".empty")?.textContent).toContain("The report lists no principals");
  });

  it("says so when the report's JSON has a shape it does not read", async () => {
    await open((r) => r.flush({ version: 99 }));
    const error = await TestbedHarnessEnvironment.loader(fixture).getHarness(ErrorPanelHarness);
    expect(await error.code()).toBe("iam_report_unrecognised");
  });

  it("shows the API's code and message on failure, and loads again on retry", async () => {
    await open((r) =>
      r.flush(apiError("forbidden", "Your groups do not allow this action."), { status: 403, statusText: "Forbidden" }),
    );
    const error = await TestbedHarnessEnvironment.loader(fixture).getHarness(ErrorPanelHarness);
    expect(await error.code()).toBe("forbidden");
    expect(await error.message()).toBe("Your groups do not allow this action.");
    await startingRequest(() => error.retry());
    TestBed.tick();
    expectApi("/v1/iam-report").flush(committedReport);
    await fixture.whenStable();
    expect(element.querySelectorAll("article.principal").length).toBe(committedReport.principals.length);
  });

  // The whole report is a long page (every principal, policy and key resource): axe needs more than Jasmine's 5 s
  // default on a loaded machine.
  it("has no axe-core violation", async () => {
    await open((r) => r.flush(committedReport));
    await expectNoAxeViolations(element);
  }, 60_000);
});
