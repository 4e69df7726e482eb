import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { HttpTestingController, type TestRequest } from "@angular/common/http/testing";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import type { AuditEntry, AuditPage } from "../../../../core/api/admin-api.types";
import { FileDownload } from "../../../../core/download/file-download";
import { ErrorPanelHarness } from "../../../../shared/error-panel/error-panel.harness";
import { TableHarness } from "../../../../shared/data-table/data-table.harness";
import { addDays, utcDay } from "../../../../shared/days";
import {
  apiError,
  expectApi,
  expectNoAxeViolations,
  queryOf,
  setUpConsole,
  startingRequest,
} from "../../../../../testing/console-testing";
import { AuditLogPage } from "./audit-log-page";

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `2026-11-21T10:00:0${n}.000Z#req-${n}#result`,
  time: `2026-11-21T10:00:0${n}.000Z`,
  phase: "result",
  action: "passkey_delete",
  actor: { sub: "sub-1", username: "ada", groups: ["admins"] },
  target: "user-7",
  details: { passkeyId: `pk${n}` },
  result: "ok",
  errorCode: null,
  requestId: `req-${n}`,
  sourceIp: "203.0.113.9",
  userAgent: "Firefox",
  ...extra,
});
const PAGE: AuditPage = {
  entries: [entry(1), entry(2, { result: "failed", errorCode: "corbado_timeout", target: null })],
  next: "cursor-2",
};

describe("AuditLogPage", () => {
  let fixture: ComponentFixture<AuditLogPage>;
  let element: HTMLElement;
  let save: jasmine.Spy;
  const today = utcDay(Date.now());

  async function open(answer?: (request: TestRequest) => void) {
    save = jasmine.createSpy("save");
    await setUpConsole("auditor", [], [{ provide: FileDownload, useValue: { save } }]);
    fixture = TestBed.createComponent(AuditLogPage);
    element = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    const request = expectApi("/v1/audit");
    if (answer) {
      answer(request);
      await fixture.whenStable();
    }
    return request;
  }

  function setField(selector: string, value: string, event = "change") {
    const field = element.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
    field.value = value;
    field.dispatchEvent(new Event(event));
  }

  function submit() {
    (element.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    TestBed.tick();
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("shows the last 30 days, newest first, and says it is loading", async () => {
    const request = await open();
    expect(Object.fromEntries(queryOf(request))).toEqual({ from: addDays(today, -29), to: today, limit: "50" });
    fixture.detectChanges();
    expect(element.querySelector(".loading")?.textContent).toContain("Loading audit entries");
    request.flush(PAGE);
  });

  it("lists who did what to whom, when, and with what result", async () => {
    await open((r) => r.flush(PAGE));
    const table = await TestbedHarnessEnvironment.loader(fixture).getHarness(TableHarness);
    expect(await table.rows()).toEqual([
      ["2026-11-21T10:00:01.000Z", "ada (admins)", "passkey_delete", "user-7", "ok", "passkeyId: pk1", "req-1"],
      [
        "2026-11-21T10:00:02.000Z",
        "ada (admins)",
        "passkey_delete",
        "",
        "failed (corbado_timeout)",
        "passkeyId: pk2",
        "req-2",
      ],
    ]);
  });

  it("filters by days, actor and action", async () => {
    await open((r) => r.flush(PAGE));
    setField("#audit-from", "2026-11-01");
    setField("#audit-to", "2026-11-15");
    setField("#audit-actor", "grace", "input");
    setField("#audit-action", "settings_update");
    submit();
    const request = expectApi("/v1/audit");
    expect(Object.fromEntries(queryOf(request))).toEqual({
      from: "2026-11-01",
      to: "2026-11-15",
      actor: "grace",
      action: "settings_update",
      limit: "50",
    });
    request.flush({ entries: [], next: null });
    await fixture.whenStable();
    expect(element.querySelector(".empty")?.textContent).toContain("No audit entry matches these filters");
  });

  it("refuses a reversed range without asking the API", async () => {
    await open((r) => r.flush(PAGE));
    setField("#audit-from", "2026-11-20");
    setField("#audit-to", "2026-11-10");
    submit();
    TestBed.inject(HttpTestingController).expectNone(() => true);
    await fixture.whenStable();
    expect(element.querySelector('.problem[role="alert"]')?.textContent).toContain("must not be after");
  });

  it("pages forward with the API's cursor and back", async () => {
    await open((r) => r.flush(PAGE));
    (element.querySelector("button.next") as HTMLButtonElement).click();
    TestBed.tick();
    const second = expectApi("/v1/audit");
    expect(queryOf(second).get("next")).toBe("cursor-2");
    second.flush({ entries: [entry(3)], next: null });
    await fixture.whenStable();
    expect(element.querySelector("caption")?.textContent).toContain("page 2");
    (element.querySelector("button.previous") as HTMLButtonElement).click();
    TestBed.tick();
    expect(queryOf(expectApi("/v1/audit")).has("next")).toBeFalse();
  });

  it("shows the API's code and message on failure and loads again on retry", async () => {
    await open((r) =>
      r.flush(apiError("invalid_request", "The request is invalid: see issues for which parameter."), {
        status: 400,
        statusText: "Bad Request",
      }),
    );
    const error = await TestbedHarnessEnvironment.loader(fixture).getHarness(ErrorPanelHarness);
    expect(await error.code()).toBe("invalid_request");
    await startingRequest(() => error.retry());
    TestBed.tick();
    expectApi("/v1/audit").flush(PAGE);
  });

  it("exports every page of the filtered set as one CSV, neutralising formula-like values", async () => {
    await open((r) => r.flush(PAGE));
    (element.querySelector("button.export-csv") as HTMLButtonElement).click();
    const first = expectApi("/v1/audit");
    expect(Object.fromEntries(queryOf(first))).toEqual({ from: addDays(today, -29), to: today, limit: "100" });
    first.flush({ entries: [entry(1, { actor: { sub: "s", username: "=evil()", groups: [] } })], next: "c2" });
    await new Promise((resolve) => setTimeout(resolve));
    const second = expectApi("/v1/audit");
    expect(queryOf(second).get("next")).toBe("c2");
    second.flush({ entries: [entry(2)], next: null });
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(save).toHaveBeenCalledTimes(1);
    const [name, csv, type] = save.calls.mostRecent().args as [string, string, string];
    expect(name).toBe(`audit-log_${addDays(today, -29)}_${today}.csv`);
    expect(type).toContain("text/csv");
    expect(csv.split("\r\n").length).toBe(4);
    expect(csv).toContain(",'=evil(),");
    expect(csv).not.toContain(",=evil(),");
    expect(element.querySelector(".export-status")?.textContent).toBe("Exported 2 entries.");
  });

  it("saves nothing when the export fails, and offers to export again", async () => {
    await open((r) => r.flush(PAGE));
    (element.querySelector("button.export-csv") as HTMLButtonElement).click();
    expectApi("/v1/audit").flush(apiError("dynamodb_error", "Amazon DynamoDB answered with an error."), {
      status: 502,
      statusText: "Bad Gateway",
    });
    await fixture.whenStable();
    expect(save).not.toHaveBeenCalled();
    const errors = await TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(ErrorPanelHarness);
    expect(await errors[0]!.summary()).toBe("The export failed; no file was saved.");
    expect(await errors[0]!.code()).toBe("dynamodb_error");
    await startingRequest(() => errors[0]!.retry());
    expectApi("/v1/audit").flush({ entries: [], next: null });
    await fixture.whenStable();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("has no axe-core violation", async () => {
    await open((r) => r.flush(PAGE));
    await expectNoAxeViolations(element);
  });
});
