import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { HttpTestingController, type TestRequest } from "@angular/common/http/testing";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
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
import { period, report } from "../../../../../testing/adoption-fixtures";
import { AdoptionPage } from "./adoption-page";

const FULL = report([
  period("2026-11-01", {
    passkeyLogins: 30,
    passwordLogins: 70,
    passkeyLoginFailures: { total: 2, byReason: { "verification_failed:user_mismatch": 2 } },
    passkeysAdded: 5,
    newPasskeyUsers: 4,
  }),
  period("2026-11-02", { passkeyLogins: 45, passwordLogins: 55, passkeysAdded: 1, newPasskeyUsers: 1 }),
]);

describe("AdoptionPage", () => {
  let fixture: ComponentFixture<AdoptionPage>;
  let element: HTMLElement;
  const today = utcDay(Date.now());

  async function open(answer?: (request: TestRequest) => void) {
    await setUpConsole("auditor");
    fixture = TestBed.createComponent(AdoptionPage);
    element = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    const request = expectApi("/v1/adoption");
    if (answer) {
      answer(request);
      await fixture.whenStable();
    }
    return request;
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("asks for the last 30 days per day at first, and says it is loading", async () => {
    const request = await open();
    expect(Object.fromEntries(queryOf(request))).toEqual({
      from: addDays(today, -29),
      to: today,
      granularity: "day",
    });
    fixture.detectChanges();
    expect(element.querySelector(".loading")?.textContent).toContain("Loading the adoption figures");
    request.flush(FULL);
  });

  it("shows the headline figures with their change in words", async () => {
    await open((r) => r.flush(FULL));
    const share = element.querySelector('[data-figure="passkey-share"]')!.textContent!;
    expect(share).toContain("40.0%");
    expect(share).toContain("up 5.0 points");
    expect(element.querySelector('[data-figure="failure-rate"]')?.textContent).toContain("down 1.0 points");
    const users = element.querySelector('[data-figure="passkey-users"]')!.textContent!;
    expect(users).toContain("10.0%");
    expect(users).toContain("120 of about 1,200 users");
  });

  it("draws four charts, each with a data table holding its figures", async () => {
    await open((r) => r.flush(FULL));
    const headings = Array.from(element.querySelectorAll("cc-line-chart h3")).map((h) => h.textContent?.trim());
    expect(headings).toEqual([
      "Passkey and password logins",
      "Passkey share of logins",
      "Failed passkey logins by reason",
      "Passkeys added and new passkey users",
    ]);
    const tables = await TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(TableHarness);
    expect(tables.length).toBe(4);
    expect(await tables[0]!.rows()).toEqual([
      ["2026-11-01", "30", "70"],
      ["2026-11-02", "45", "55"],
    ]);
    expect(await tables[1]!.rows()).toEqual([
      ["2026-11-01", "30.0%"],
      ["2026-11-02", "45.0%"],
    ]);
    expect(await tables[2]!.headers()).toEqual(["Period", "verification_failed:user_mismatch"]);
  });

  it("says nothing was counted instead of drawing empty charts", async () => {
    await open((r) => r.flush(report([period("2026-11-01"), period("2026-11-02")])));
    expect(element.querySelector(".empty")?.textContent).toContain("Nothing was counted in this range");
    expect(element.querySelectorAll("cc-line-chart").length).toBe(0);
  });

  it("explains the missing password figures when password logins are not counted", async () => {
    await open((r) =>
      r.flush(
        report([period("2026-11-01", { passkeyLogins: 3, passwordLogins: null })], {
          passwordLoginsCounted: false,
          headline: { ...FULL.headline, passkeyShare: { value: null, previous: null, change: null } },
        }),
      ),
    );
    expect(element.textContent).toContain("Password logins are not counted");
    expect(element.querySelectorAll("cc-line-chart").length).toBe(3);
    expect(element.querySelector('[data-figure="passkey-share"]')?.textContent).toContain("unknown");
  });

  it("shows the API's code and message on failure and asks again on retry", async () => {
    await open((r) =>
      r.flush(apiError("dynamodb_timeout", "Amazon DynamoDB did not answer in time."), {
        status: 504,
        statusText: "Gateway Timeout",
      }),
    );
    const error = await TestbedHarnessEnvironment.loader(fixture).getHarness(ErrorPanelHarness);
    expect(await error.code()).toBe("dynamodb_timeout");
    expect(await error.message()).toBe("Amazon DynamoDB did not answer in time.");
    await startingRequest(() => error.retry());
    TestBed.tick();
    expectApi("/v1/adoption").flush(FULL);
    await fixture.whenStable();
    expect(element.querySelectorAll("cc-line-chart").length).toBe(4);
  });

  it("asks for the last 90 days per week when that preset is chosen", async () => {
    await open((r) => r.flush(FULL));
    (element.querySelector('input[type="radio"][value="90"]') as HTMLInputElement).click();
    TestBed.tick();
    const request = expectApi("/v1/adoption");
    expect(Object.fromEntries(queryOf(request))).toEqual({
      from: addDays(today, -89),
      to: today,
      granularity: "week",
    });
    request.flush(FULL);
  });

  it("keeps the chosen granularity", async () => {
    await open((r) => r.flush(FULL));
    const select = element.querySelector("#adoption-granularity") as HTMLSelectElement;
    select.value = "month";
    select.dispatchEvent(new Event("change"));
    TestBed.tick();
    const request = expectApi("/v1/adoption");
    expect(queryOf(request).get("granularity")).toBe("month");
    request.flush(FULL);
  });

  it("asks for nothing while a custom range is invalid, and says why", async () => {
    await open((r) => r.flush(FULL));
    (element.querySelector('input[type="radio"][value="custom"]') as HTMLInputElement).click();
    await fixture.whenStable();
    const from = element.querySelector("#adoption-from") as HTMLInputElement;
    from.value = addDays(today, 1);
    from.dispatchEvent(new Event("change"));
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectNone(() => true);
    expect(element.querySelector("#adoption-range-problem")?.textContent).toContain("must not be after the last day");
    expect(from.getAttribute("aria-invalid")).toBe("true");
  });

  it("has no axe-core violation", async () => {
    await open((r) => r.flush(FULL));
    await expectNoAxeViolations(element);
  });
});
