import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { HttpTestingController } from "@angular/common/http/testing";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import type { PasskeySummary, UserDetails } from "../../../../core/api/admin-api.types";
import type { Role } from "../../../../core/auth/roles";
import { ConfirmDialogHarness } from "../../../../shared/confirm-dialog/confirm-dialog.harness";
import { ErrorPanelHarness } from "../../../../shared/error-panel/error-panel.harness";
import { TableHarness } from "../../../../shared/data-table/data-table.harness";
import {
  apiError,
  expectApi,
  expectNoAxeViolations,
  setUpConsole,
  startingRequest,
} from "../../../../../testing/console-testing";
import { UserDetailPage } from "./user-detail-page";

const USERNAME = "9f1c-ada";
const USER: UserDetails = {
  username: USERNAME,
  email: "ada@example.com",
  emailVerified: true,
  status: "CONFIRMED",
  enabled: true,
  created: "2026-01-02T03:04:00.000Z",
  lastModified: "2026-11-01T10:00:00.000Z",
  mfa: { enabled: ["SOFTWARE_TOKEN_MFA", "SMS_MFA"], preferred: "SOFTWARE_TOKEN_MFA" },
};
const passkey = (id: string, extra: Partial<PasskeySummary> = {}): PasskeySummary => ({
  id,
  credentialId: `cred-${id}`,
  authenticatorName: "iCloud Keychain",
  created: "2026-05-01T12:00:00.000Z",
  lastUsed: "2026-11-20T07:15:00.000Z",
  status: "active",
  sourceOS: "macOS",
  sourceBrowser: "Safari",
  backupEligible: true,
  backupState: true,
  transports: ["internal", "hybrid"],
  ...extra,
});
const PASSKEYS = {
  passkeys: [
    passkey("pk1"),
    passkey("pk2", { authenticatorName: "YubiKey 5", backupState: false, sourceOS: "Windows", sourceBrowser: "Edge" }),
  ],
};

describe("UserDetailPage", () => {
  let fixture: ComponentFixture<UserDetailPage>;
  let element: HTMLElement;

  async function open(
    role: Role,
    user: (r: ReturnType<typeof expectApi>) => void,
    keys: (r: ReturnType<typeof expectApi>) => void,
  ) {
    await setUpConsole(role);
    fixture = TestBed.createComponent(UserDetailPage);
    fixture.componentRef.setInput("username", USERNAME);
    element = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    user(expectApi(`/v1/users/${USERNAME}`));
    keys(expectApi(`/v1/users/${USERNAME}/passkeys`));
    await fixture.whenStable();
    return TestbedHarnessEnvironment.loader(fixture);
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("says it is loading the user and the passkeys", async () => {
    await setUpConsole("auditor");
    fixture = TestBed.createComponent(UserDetailPage);
    fixture.componentRef.setInput("username", USERNAME);
    TestBed.tick();
    fixture.detectChanges();
    const statuses = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll(".loading")).map(
      (e) => e.textContent,
    );
    expect(statuses).toEqual(["Loading the user…", "Loading passkeys…"]);
    expectApi(`/v1/users/${USERNAME}`).flush(USER);
    expectApi(`/v1/users/${USERNAME}/passkeys`).flush(PASSKEYS);
  });

  it("escapes the username in the API path", async () => {
    await setUpConsole("auditor");
    fixture = TestBed.createComponent(UserDetailPage);
    fixture.componentRef.setInput("username", "a/b?c");
    TestBed.tick();
    expectApi("/v1/users/a%2Fb%3Fc").flush(USER);
    expectApi("/v1/users/a%2Fb%3Fc/passkeys").flush(PASSKEYS);
  });

  it("shows status, e-mail verification and MFA settings", async () => {
    await open(
      "auditor",
      (r) => r.flush(USER),
      (r) => r.flush(PASSKEYS),
    );
    expect(element.querySelector("h2")?.textContent).toBe("ada@example.com");
    expect(element.querySelector(".status")?.textContent).toBe("CONFIRMED");
    expect(element.querySelector(".email")?.textContent).toContain("(verified)");
    expect(element.querySelector(".mfa")?.textContent).toContain("authenticator app (TOTP), SMS.");
    expect(element.querySelector(".mfa")?.textContent).toContain("Preferred: authenticator app (TOTP).");
  });

  it("lists the passkeys: authenticator, created, last used, synced or device-bound, platform", async () => {
    const loader = await open(
      "auditor",
      (r) => r.flush(USER),
      (r) => r.flush(PASSKEYS),
    );
    const table = await loader.getHarness(TableHarness);
    expect(await table.headers()).toEqual(["Authenticator", "Created (UTC)", "Last used (UTC)", "Kind", "Platform"]);
    expect(await table.rows()).toEqual([
      ["iCloud Keychain", "2026-05-01 12:00", "2026-11-20 07:15", "Synced", "macOS, Safari"],
      ["YubiKey 5", "2026-05-01 12:00", "2026-11-20 07:15", "Device-bound", "Windows, Edge"],
    ]);
  });

  it("gives auditors no delete button, and says why nobody can add a passkey for someone else", async () => {
    await open(
      "auditor",
      (r) => r.flush(USER),
      (r) => r.flush(PASSKEYS),
    );
    expect(element.querySelectorAll("button.delete").length).toBe(0);
    expect(element.querySelector(".no-add")?.textContent).toContain(
      "no way to add a passkey to someone else's account",
    );
  });

  it("says so when the user has no passkeys", async () => {
    await open(
      "admin",
      (r) => r.flush(USER),
      (r) => r.flush({ passkeys: [] }),
    );
    expect(element.querySelector(".empty")?.textContent).toContain("This user has no passkeys.");
  });

  it("shows a user the API does not know by its code, and the passkeys' failure on its own", async () => {
    const loader = await open(
      "admin",
      (r) =>
        r.flush(apiError("user_not_found", "No such user in the user pool."), { status: 404, statusText: "Not Found" }),
      (r) =>
        r.flush(apiError("corbado_timeout", "Corbado did not answer in time."), {
          status: 504,
          statusText: "Gateway Timeout",
        }),
    );
    const errors = await loader.getAllHarnesses(ErrorPanelHarness);
    expect(await Promise.all(errors.map((e) => e.code()))).toEqual(["user_not_found", "corbado_timeout"]);
    await startingRequest(() => errors[1]!.retry());
    TestBed.tick();
    expectApi(`/v1/users/${USERNAME}/passkeys`).flush(PASSKEYS);
    await fixture.whenStable();
    expect(element.querySelectorAll("cc-passkey-table tbody tr").length).toBe(2);
  });

  it("asks admins to confirm a delete, naming the passkey and the user, and sends nothing before", async () => {
    const loader = await open(
      "admin",
      (r) => r.flush(USER),
      (r) => r.flush(PASSKEYS),
    );
    const buttons = element.querySelectorAll<HTMLButtonElement>("button.delete");
    expect(buttons[1]?.getAttribute("aria-label")).toBe("Delete passkey YubiKey 5 created 2026-05-01");
    buttons[1]!.click();
    const dialog = await loader.getHarness(ConfirmDialogHarness);
    expect(await dialog.text()).toContain('"YubiKey 5" (created 2026-05-01)');
    expect(await dialog.text()).toContain("ada@example.com");
    TestBed.inject(HttpTestingController).expectNone(() => true);
    await dialog.cancel();
    expect(await loader.getAllHarnesses(ConfirmDialogHarness)).toEqual([]);
  });

  it("deletes after confirmation, showing its pending state, then lists the passkeys again and announces it", async () => {
    const loader = await open(
      "admin",
      (r) => r.flush(USER),
      (r) => r.flush(PASSKEYS),
    );
    element.querySelectorAll<HTMLButtonElement>("button.delete")[1]!.click();
    const dialog = await loader.getHarness(ConfirmDialogHarness);
    await startingRequest(() => dialog.confirm());
    const request = expectApi(`/v1/users/${USERNAME}/passkeys/pk2`, "DELETE");
    fixture.detectChanges();
    await startingRequest(async () => {
      expect(await dialog.isConfirmDisabled()).toBeTrue();
      expect(await dialog.pendingText()).toContain("Deleting the passkey");
    });
    request.flush({ passkeyId: "pk2", deleted: true });
    TestBed.tick();
    expectApi(`/v1/users/${USERNAME}/passkeys`).flush({ passkeys: [passkey("pk1")] });
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(ConfirmDialogHarness)).toEqual([]);
    expect(element.querySelectorAll("cc-passkey-table tbody tr").length).toBe(1);
    expect(element.querySelector('.visually-hidden[role="status"]')?.textContent).toBe(
      'Deleted the passkey "YubiKey 5" (created 2026-05-01) of ada@example.com.',
    );
  });

  it("keeps the dialog open with the code, message and a way to retry when the delete fails", async () => {
    const loader = await open(
      "admin",
      (r) => r.flush(USER),
      (r) => r.flush(PASSKEYS),
    );
    element.querySelectorAll<HTMLButtonElement>("button.delete")[0]!.click();
    const dialog = await loader.getHarness(ConfirmDialogHarness);
    await startingRequest(() => dialog.confirm());
    expectApi(`/v1/users/${USERNAME}/passkeys/pk1`, "DELETE").flush(
      apiError("rate_limited", "Too many passkey deletions: wait for Retry-After seconds."),
      { status: 429, statusText: "Too Many Requests", headers: { "retry-after": "120" } },
    );
    await fixture.whenStable();
    const error = await dialog.error();
    expect(await error?.code()).toBe("rate_limited");
    expect(await error?.summary()).toBe("The passkey was not deleted.");
    expect(element.querySelector("cc-confirm-dialog")?.textContent).toContain("Wait 120 seconds");
    expect(element.querySelectorAll("cc-passkey-table tbody tr").length).toBe(2);
    await startingRequest(() => dialog.confirm());
    expectApi(`/v1/users/${USERNAME}/passkeys/pk1`, "DELETE").flush({ passkeyId: "pk1", deleted: true });
    TestBed.tick();
    expectApi(`/v1/users/${USERNAME}/passkeys`).flush({ passkeys: [] });
  });

  it("has no axe-core violation, as admins see it with the dialog open", async () => {
    const loader = await open(
      "admin",
      (r) => r.flush(USER),
      (r) => r.flush(PASSKEYS),
    );
    await expectNoAxeViolations(element);
    element.querySelector<HTMLButtonElement>("button.delete")!.click();
    await loader.getHarness(ConfirmDialogHarness);
    await expectNoAxeViolations(element);
  });
});
