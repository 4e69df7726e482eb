import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { HttpTestingController } from "@angular/common/http/testing";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import type { SettingsChanged, SettingsView } from "../../../../core/api/admin-api.types";
import type { Role } from "../../../../core/auth/roles";
import { ConfirmDialogHarness } from "../../../../shared/confirm-dialog/confirm-dialog.harness";
import { ErrorPanelHarness } from "../../../../shared/error-panel/error-panel.harness";
import { SwitchHarness } from "../../../../shared/switch/switch.harness";
import {
  apiError,
  expectApi,
  expectNoAxeViolations,
  setUpConsole,
  startingRequest,
} from "../../../../../testing/console-testing";
import { LoginSettingsPage } from "./login-settings-page";

const SETTINGS: SettingsView = {
  passkeyFirst: false,
  killSwitch: false,
  valid: true,
  version: 7,
  changedBy: { sub: "sub-9", username: "grace" },
  changedAt: "2026-11-20T10:00:00.000Z",
  takesEffectWithinSeconds: 30,
};

describe("LoginSettingsPage", () => {
  let fixture: ComponentFixture<LoginSettingsPage>;
  let element: HTMLElement;

  async function open(role: Role, answer: (flush: ReturnType<typeof expectApi>) => void) {
    await setUpConsole(role);
    fixture = TestBed.createComponent(LoginSettingsPage);
    element = fixture.nativeElement as HTMLElement;
    TestBed.tick();
    answer(expectApi("/v1/settings"));
    await fixture.whenStable();
    return TestbedHarnessEnvironment.loader(fixture);
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("says it is loading while the settings are on their way", async () => {
    await setUpConsole("admin");
    fixture = TestBed.createComponent(LoginSettingsPage);
    TestBed.tick();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="status"].loading')?.textContent).toContain(
      "Loading the login settings",
    );
    expectApi("/v1/settings").flush(SETTINGS);
  });

  it("shows the version, who changed it last and when, and how soon a change applies", async () => {
    await open("admin", (r) => r.flush(SETTINGS));
    expect(element.querySelector(".version")?.textContent).toBe("7");
    expect(element.querySelector(".changed")?.textContent).toContain("grace");
    expect(element.querySelector(".changed time")?.getAttribute("datetime")).toBe("2026-11-20T10:00:00.000Z");
    expect(element.textContent).toContain("within 30 seconds");
  });

  it("says a change was made outside the console when the API knows no author", async () => {
    await open("admin", (r) => r.flush({ ...SETTINGS, changedBy: null }));
    expect(element.querySelector(".changed")?.textContent).toContain("outside the console");
  });

  it("warns that an invalid stored value means the kill switch is on", async () => {
    await open("admin", (r) => r.flush({ ...SETTINGS, valid: false, killSwitch: true }));
    expect(element.querySelector(".invalid")?.textContent).toContain("treat the kill switch as on");
  });

  it("shows the API's code and message when the settings cannot be read, and reads again on retry", async () => {
    const loader = await open("admin", (r) =>
      r.flush(apiError("ssm_timeout", "AWS Systems Manager did not answer in time."), {
        status: 504,
        statusText: "Gateway Timeout",
      }),
    );
    const error = await loader.getHarness(ErrorPanelHarness);
    expect(await error.code()).toBe("ssm_timeout");
    expect(await error.message()).toBe("AWS Systems Manager did not answer in time.");
    await startingRequest(() => error.retry());
    TestBed.tick();
    expectApi("/v1/settings").flush(SETTINGS);
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(SwitchHarness)).toHaveSize(2);
  });

  it("gives auditors the values and no switch", async () => {
    const loader = await open("auditor", (r) => r.flush({ ...SETTINGS, killSwitch: true }));
    expect(await loader.getAllHarnesses(SwitchHarness)).toEqual([]);
    expect(element.querySelectorAll("button").length).toBe(0);
    const values = Array.from(element.querySelectorAll(".readonly-value strong")).map((e) => e.textContent);
    expect(values).toEqual(["Off", "On"]);
  });

  it("asks before turning the kill switch on, saying what end users will see and how soon", async () => {
    const loader = await open("admin", (r) => r.flush(SETTINGS));
    const killSwitch = await loader.getHarness(SwitchHarness.with({ label: /Kill switch/ }));
    expect(await killSwitch.isChecked()).toBeFalse();
    await killSwitch.toggle();
    const dialog = await loader.getHarness(ConfirmDialogHarness);
    expect(await dialog.isOpen()).toBeTrue();
    expect(await dialog.heading()).toBe("Turn the kill switch on?");
    expect(await dialog.text()).toContain("Passkey login stops for every user");
    expect(await dialog.text()).toContain("Password login keeps working");
    expect(await dialog.text()).toContain("within 30 seconds");
    // Nothing is sent until the admin confirms.
    TestBed.inject(HttpTestingController).expectNone(() => true);
    await dialog.cancel();
    expect(await loader.getAllHarnesses(ConfirmDialogHarness)).toEqual([]);
    expect(await killSwitch.isChecked()).toBeFalse();
  });

  it("sends the change with the version it was read at, then shows the new state and announces it", async () => {
    const loader = await open("admin", (r) => r.flush(SETTINGS));
    await (await loader.getHarness(SwitchHarness.with({ label: /Kill switch/ }))).toggle();
    const dialog = await loader.getHarness(ConfirmDialogHarness);
    await startingRequest(() => dialog.confirm());
    TestBed.tick();
    const put = expectApi("/v1/settings", "PUT");
    expect(put.request.body).toEqual({ passkeyFirst: false, killSwitch: true, version: 7 });
    fixture.detectChanges();
    await startingRequest(async () => {
      expect(await dialog.isConfirmDisabled()).toBeTrue();
      expect(await dialog.pendingText()).toContain("Saving");
    });
    const changed: SettingsChanged = {
      ...SETTINGS,
      killSwitch: true,
      version: 8,
      changedBy: { sub: "sub-1", username: "ada" },
      changedAt: "2026-11-21T09:00:00.000Z",
      effectiveBy: "2026-11-21T09:00:30.000Z",
    };
    put.flush(changed);
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(ConfirmDialogHarness)).toEqual([]);
    expect(await (await loader.getHarness(SwitchHarness.with({ label: /Kill switch/ }))).isChecked()).toBeTrue();
    expect(element.querySelector(".version")?.textContent).toBe("8");
    expect(element.querySelector('.visually-hidden[role="status"]')?.textContent).toContain(
      "Kill switch is now on (version 8)",
    );
  });

  it("on a 409 explains that someone else changed the settings and shows their new value", async () => {
    const loader = await open("admin", (r) => r.flush(SETTINGS));
    await (await loader.getHarness(SwitchHarness.with({ label: /Passkey-first/ }))).toggle();
    const dialog = await loader.getHarness(ConfirmDialogHarness);
    await startingRequest(() => dialog.confirm());
    expectApi("/v1/settings", "PUT").flush(
      apiError(
        "settings_version_conflict",
        "The settings changed since you read them, or another change is in progress: read them again.",
      ),
      { status: 409, statusText: "Conflict" },
    );
    TestBed.tick();
    // The page reads the settings again and shows what the other admin set.
    expectApi("/v1/settings").flush({
      ...SETTINGS,
      killSwitch: true,
      version: 8,
      changedBy: { sub: "sub-2", username: "grace" },
    });
    await fixture.whenStable();
    expect(element.querySelector(".conflict")?.textContent).toContain("Someone else changed the login settings");
    expect(element.querySelector(".conflict")?.textContent).toContain("Passkey-first login on");
    expect(element.querySelector(".version")?.textContent).toBe("8");
    expect(await (await loader.getHarness(SwitchHarness.with({ label: /Kill switch/ }))).isChecked()).toBeTrue();
    expect(await (await loader.getHarness(SwitchHarness.with({ label: /Passkey-first/ }))).isChecked()).toBeFalse();
    expect(await loader.getAllHarnesses(ConfirmDialogHarness)).toEqual([]);
  });

  it("keeps the dialog open with the code, message and a retry when the change fails otherwise", async () => {
    const loader = await open("admin", (r) => r.flush(SETTINGS));
    await (await loader.getHarness(SwitchHarness.with({ label: /Kill switch/ }))).toggle();
    const dialog = await loader.getHarness(ConfirmDialogHarness);
    await startingRequest(() => dialog.confirm());
    expectApi("/v1/settings", "PUT").flush(
      apiError("audit_unavailable", "The audit log cannot be written, so the action was not performed."),
      { status: 503, statusText: "Service Unavailable" },
    );
    await fixture.whenStable();
    const error = await dialog.error();
    expect(await error?.code()).toBe("audit_unavailable");
    expect(await dialog.confirmLabel()).toContain("Try again");
    await startingRequest(() => dialog.confirm());
    expect(expectApi("/v1/settings", "PUT").request.body).toEqual({
      passkeyFirst: false,
      killSwitch: true,
      version: 7,
    });
  });

  it("has no axe-core violation as admins see it", async () => {
    await open("admin", (r) => r.flush(SETTINGS));
    await expectNoAxeViolations(element);
  });

  it("has no axe-core violation as auditors see it", async () => {
    await open("auditor", (r) => r.flush(SETTINGS));
    await expectNoAxeViolations(element);
  });
});
