import { HttpTestingController } from "@angular/common/http/testing";
import { TestBed } from "@angular/core/testing";
import { App } from "./app";
import { initializeConsole } from "./app.config";
import { AuthService } from "./core/auth/auth.service";
import { OIDC_CLIENT_FACTORY } from "./core/auth/oidc";
import { CONFIG_PATH } from "./core/config/runtime-config.service";
import {
  FakeLocation,
  FakeOidcClient,
  TEST_CONFIG_JSON,
  expectNoAxeViolations,
  loadTestConfig,
  provideConsoleTesting,
  setUpConsole,
  userOfRole,
} from "../testing/console-testing";

describe("App shell", () => {
  async function render() {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it("names the product in the page heading so admins know which console they are in", async () => {
    await setUpConsole("admin");
    expect((await render()).querySelector("h1")?.textContent).toContain("Passkeys for Cognito");
  });

  it("gives auditors every read page in the navigation and says they are read only", async () => {
    await setUpConsole("auditor");
    const page = await render();
    const links = Array.from(page.querySelectorAll("nav a")).map((a) => a.textContent?.trim());
    expect(links).toEqual(["Adoption", "Users", "Login settings", "Audit log", "IAM report"]);
    expect(page.querySelector(".role")?.textContent).toContain("Auditor (read only)");
    expect(page.querySelector(".who")?.textContent).toContain("audrey@example.com");
  });

  it("says why the console cannot start when config.json is unusable, naming the fields", async () => {
    TestBed.configureTestingModule({ providers: provideConsoleTesting(new FakeOidcClient(), new FakeLocation()) });
    await loadTestConfig({ ...TEST_CONFIG_JSON, issuer: "ftp://x", clientId: undefined });
    const page = await render();
    expect(page.querySelector('.config-error[role="alert"]')?.textContent).toContain("The console is not configured");
    expect(page.querySelector(".problems")?.textContent).toBe("issuer_invalid, client_id_missing");
    expect(page.querySelector("router-outlet")).toBeNull();
  });

  it("offers to sign in again, back to the same page, once the session has expired", async () => {
    const { oidc } = await setUpConsole("admin");
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector(".session-expired")).toBeNull();
    oidc.fireAccessTokenExpired();
    await fixture.whenStable();
    expect(page.querySelector('.session-expired[role="alert"]')?.textContent).toContain("Your session has expired");
    (page.querySelector("button.sign-in-again") as HTMLButtonElement).click();
    expect(oidc.redirects).toEqual([{ returnUrl: "/" }]);
  });

  it("signs out from the header", async () => {
    const { oidc, location } = await setUpConsole("admin");
    const page = await render();
    (page.querySelector("button.sign-out") as HTMLButtonElement).click();
    await new Promise((resolve) => setTimeout(resolve));
    expect(oidc.calls).toEqual(["revokeTokens refresh_token", "removeUser"]);
    expect(location.assigned.length).toBe(1);
  });

  it("has no axe-core violation", async () => {
    await setUpConsole("admin");
    await expectNoAxeViolations(await render());
  });
});

describe("initializeConsole", () => {
  it("loads the configuration, then picks up a session the library already holds", async () => {
    const oidc = new FakeOidcClient();
    oidc.user = userOfRole("admin");
    TestBed.configureTestingModule({ providers: provideConsoleTesting(oidc, new FakeLocation()) });
    const done = TestBed.runInInjectionContext(() => initializeConsole());
    TestBed.inject(HttpTestingController).expectOne(CONFIG_PATH).flush(TEST_CONFIG_JSON);
    await done;
    expect(TestBed.inject(AuthService).status()).toBe("signed-in");
  });

  it("starts no sign-in machinery without a usable configuration", async () => {
    const factory = jasmine.createSpy("factory");
    TestBed.configureTestingModule({
      providers: [
        ...provideConsoleTesting(new FakeOidcClient(), new FakeLocation()),
        { provide: OIDC_CLIENT_FACTORY, useValue: factory },
      ],
    });
    const done = TestBed.runInInjectionContext(() => initializeConsole());
    TestBed.inject(HttpTestingController).expectOne(CONFIG_PATH).flush({});
    await done;
    expect(factory).not.toHaveBeenCalled();
    expect(TestBed.inject(AuthService).status()).toBe("signed-out");
  });
});
