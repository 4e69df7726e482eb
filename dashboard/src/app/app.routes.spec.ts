import { TestBed } from "@angular/core/testing";
import { Router } from "@angular/router";
import { App } from "./app";
import { routes } from "./app.routes";
import type { Role } from "./core/auth/roles";
import { expectApi, setUpConsole } from "../testing/console-testing";

describe("the console's routes", () => {
  async function visit(role: Role | undefined | "signed-out", url: string) {
    const console = await setUpConsole(role, routes);
    const fixture = TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl(url);
    TestBed.tick();
    return { ...console, page: fixture.nativeElement as HTMLElement };
  }

  const PAGES = [
    { url: "/adoption", heading: "Passkey adoption", title: "Adoption", api: "/v1/adoption" },
    { url: "/users", heading: "Users", title: "Users", api: "/v1/users" },
    { url: "/users/abc", heading: "abc", title: "User", api: "/v1/users/abc" },
    { url: "/settings", heading: "Login settings", title: "Login settings", api: "/v1/settings" },
    { url: "/audit-log", heading: "Audit log", title: "Audit log", api: "/v1/audit" },
    { url: "/iam-report", heading: "IAM report", title: "IAM report", api: "/v1/iam-report" },
  ];

  for (const { url, heading, title, api } of PAGES) {
    it(`loads ${url} lazily for auditors, titled and asking the API`, async () => {
      const { page } = await visit("auditor", url);
      expect(page.querySelector("main h2")?.textContent).toBe(heading);
      expect(document.title).toBe(`${title} · Passkeys for Cognito`);
      expectApi(api);
    });
  }

  it("starts at the adoption figures", async () => {
    await visit("admin", "/");
    expect(TestBed.inject(Router).url).toBe("/adoption");
  });

  it("sends an account in neither group to the no-access page, loading no feature", async () => {
    const { page } = await visit(undefined, "/settings");
    expect(TestBed.inject(Router).url).toBe("/no-access");
    expect(page.querySelector("main h2")?.textContent).toBe("No access");
    expect(page.querySelector("nav")).toBeNull();
  });

  it("sends a signed-out visitor to sign in, loading no feature", async () => {
    const { oidc, page } = await visit("signed-out", "/audit-log?action=passkey_delete");
    expect(oidc.redirects).toEqual([{ returnUrl: "/audit-log?action=passkey_delete" }]);
    expect(page.querySelector("main h2")).toBeNull();
  });

  it("answers an unknown path inside the console with a not-found page", async () => {
    const { page } = await visit("auditor", "/nowhere");
    expect(page.querySelector("main h2")?.textContent).toBe("Page not found");
  });
});
