import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { HttpTestingController, type TestRequest } from "@angular/common/http/testing";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import type { UserPage, UserSummary } from "../../../../core/api/admin-api.types";
import { ErrorPanelHarness } from "../../../../shared/error-panel/error-panel.harness";
import { TableHarness } from "../../../../shared/data-table/data-table.harness";
import {
  apiError,
  expectApi,
  expectNoAxeViolations,
  queryOf,
  setUpConsole,
  startingRequest,
} from "../../../../../testing/console-testing";
import { UserSearchPage } from "./user-search-page";

const user = (n: number, extra: Partial<UserSummary> = {}): UserSummary => ({
  username: `0000-user-${n}`,
  email: `user${n}@example.com`,
  emailVerified: true,
  status: "CONFIRMED",
  enabled: true,
  created: "2026-10-01T08:30:00.000Z",
  ...extra,
});
const PAGE_1: UserPage = { users: [user(1), user(2, { emailVerified: false, enabled: false })], next: "token-2" };
const PAGE_2: UserPage = { users: [user(3)], next: null };

describe("UserSearchPage", () => {
  let fixture: ComponentFixture<UserSearchPage>;
  let element: HTMLElement;

  async function open(answer?: (request: TestRequest) => void) {
    await setUpConsole("auditor");
    fixture = TestBed.createComponent(UserSearchPage);
    element = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    const request = expectApi("/v1/users");
    if (answer) {
      answer(request);
      await fixture.whenStable();
    }
    return request;
  }

  async function search(text: string) {
    const input = element.querySelector("#user-email-prefix") as HTMLInputElement;
    input.value = text;
    input.dispatchEvent(new Event("input"));
    (element.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    TestBed.tick();
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("lists the first page of every user while loading says so", async () => {
    const request = await open();
    expect(Object.fromEntries(queryOf(request))).toEqual({ limit: "25" });
    fixture.detectChanges();
    expect(element.querySelector(".loading")?.textContent).toContain("Loading users");
    request.flush(PAGE_1);
  });

  it("shows each user's e-mail address (linking to the user), status, verification and whether enabled", async () => {
    await open((r) => r.flush(PAGE_1));
    const table = await TestbedHarnessEnvironment.loader(fixture).getHarness(TableHarness);
    expect(await table.rows()).toEqual([
      ["user1@example.com", "0000-user-1", "CONFIRMED", "Yes", "Yes", "2026-10-01 08:30"],
      ["user2@example.com", "0000-user-2", "CONFIRMED", "No", "No", "2026-10-01 08:30"],
    ]);
    expect(element.querySelector("tbody a")?.getAttribute("href")).toBe("/users/0000-user-1");
  });

  it("searches by e-mail prefix from the first page", async () => {
    await open((r) => r.flush(PAGE_1));
    await search(" ada@ex ");
    const request = expectApi("/v1/users");
    expect(Object.fromEntries(queryOf(request))).toEqual({ emailPrefix: "ada@ex", limit: "25" });
    request.flush({ users: [], next: null });
    await fixture.whenStable();
    expect(element.querySelector(".empty")?.textContent).toContain("No user's e-mail address starts with ada@ex");
  });

  it("sends nothing for a prefix the API would refuse, and says why", async () => {
    await open((r) => r.flush(PAGE_1));
    await search('ada "lovelace');
    TestBed.inject(HttpTestingController).expectNone(() => true);
    await fixture.whenStable();
    expect(element.querySelector("#user-email-prefix-problem")?.textContent).toContain("cannot contain spaces");
    expect(element.querySelector("#user-email-prefix")?.getAttribute("aria-invalid")).toBe("true");
  });

  it("pages forward with the API's token and back to the remembered page", async () => {
    await open((r) => r.flush(PAGE_1));
    (element.querySelector("button.next") as HTMLButtonElement).click();
    TestBed.tick();
    const second = expectApi("/v1/users");
    expect(queryOf(second).get("next")).toBe("token-2");
    second.flush(PAGE_2);
    await fixture.whenStable();
    expect(element.querySelector("caption")?.textContent).toContain("page 2");
    expect(element.querySelector("button.next")).toBeNull();
    (element.querySelector("button.previous") as HTMLButtonElement).click();
    TestBed.tick();
    const first = expectApi("/v1/users");
    expect(queryOf(first).has("next")).toBeFalse();
    first.flush(PAGE_1);
  });

  it("shows the API's code and message on failure, and lists again on retry", async () => {
    await open((r) =>
      r.flush(apiError("cognito_error", "Amazon Cognito answered with an error."), {
        status: 502,
        statusText: "Bad Gateway",
      }),
    );
    const error = await TestbedHarnessEnvironment.loader(fixture).getHarness(ErrorPanelHarness);
    expect(await error.code()).toBe("cognito_error");
    expect(await error.message()).toBe("Amazon Cognito answered with an error.");
    await startingRequest(() => error.retry());
    TestBed.tick();
    expectApi("/v1/users").flush(PAGE_1);
    await fixture.whenStable();
    expect(element.querySelectorAll("tbody tr").length).toBe(2);
  });

  it("says so when the pool has no users", async () => {
    await open((r) => r.flush({ users: [], next: null }));
    expect(element.querySelector(".empty")?.textContent).toContain("The user pool has no users");
  });

  it("has no axe-core violation", async () => {
    await open((r) => r.flush(PAGE_1));
    await expectNoAxeViolations(element);
  });
});
