import { Component } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { Router, type Routes } from "@angular/router";
import { RouterTestingHarness } from "@angular/router/testing";
import {
  FakeLocation,
  FakeOidcClient,
  loadTestConfig,
  provideConsoleTesting,
  userOfRole,
} from "../../../testing/console-testing";
import { AuthService } from "./auth.service";
import { authGuard, roleGuard } from "./guards";
import type { Role } from "./roles";

@Component({ template: "<p>page</p>" })
class PageStub {}

const ROUTES: Routes = [
  { path: "no-access", component: PageStub },
  { path: "read", component: PageStub, canActivate: [authGuard, roleGuard("auditor")] },
  { path: "admin-only", component: PageStub, canActivate: [authGuard, roleGuard("admin")] },
];

describe("authGuard and roleGuard", () => {
  let oidc: FakeOidcClient;

  async function setUp(role: Role | undefined | "signed-out") {
    oidc = new FakeOidcClient();
    TestBed.configureTestingModule({ providers: provideConsoleTesting(oidc, new FakeLocation(), ROUTES) });
    await loadTestConfig();
    if (role !== "signed-out") oidc.user = userOfRole(role);
    await TestBed.inject(AuthService).start();
    return RouterTestingHarness.create();
  }

  it("sends a signed-out visitor to the issuer's sign-in, to come back to the page asked for", async () => {
    const harness = await setUp("signed-out");
    await harness.navigateByUrl("/read?x=1");
    expect(oidc.redirects).toEqual([{ returnUrl: "/read?x=1" }]);
    expect(TestBed.inject(Router).url).toBe("/");
  });

  it("lets auditors reach read pages but not admin-only ones", async () => {
    const harness = await setUp("auditor");
    await harness.navigateByUrl("/read");
    expect(TestBed.inject(Router).url).toBe("/read");
    await harness.navigateByUrl("/admin-only");
    expect(TestBed.inject(Router).url).toBe("/no-access");
  });

  it("lets admins reach every page", async () => {
    const harness = await setUp("admin");
    await harness.navigateByUrl("/admin-only");
    expect(TestBed.inject(Router).url).toBe("/admin-only");
  });

  it("sends a signed-in account in neither group to the no-access page", async () => {
    const harness = await setUp(undefined);
    await harness.navigateByUrl("/read");
    expect(TestBed.inject(Router).url).toBe("/no-access");
    expect(oidc.redirects).toEqual([]);
  });
});
