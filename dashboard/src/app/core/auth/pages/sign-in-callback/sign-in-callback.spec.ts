import { TestBed } from "@angular/core/testing";
import { Router } from "@angular/router";
import { expectNoAxeViolations, setUpConsole, userOfRole } from "../../../../../testing/console-testing";
import { SignInCallbackPage } from "./sign-in-callback";

describe("SignInCallbackPage", () => {
  it("finishes sign-in and goes where the admin was heading, replacing the callback in history", async () => {
    const { oidc } = await setUpConsole(undefined);
    oidc.callbackResult = Promise.resolve(userOfRole("admin", { state: { returnUrl: "/audit-log" } }));
    const navigate = spyOn(TestBed.inject(Router), "navigateByUrl").and.resolveTo(true);
    const fixture = TestBed.createComponent(SignInCallbackPage);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain("Completing sign-in");
    await new Promise((resolve) => setTimeout(resolve));
    expect(navigate).toHaveBeenCalledWith("/audit-log", { replaceUrl: true });
  });

  it("shows the issuer's error code and offers to sign in again, starting no session", async () => {
    const { oidc } = await setUpConsole(undefined);
    oidc.callbackResult = Promise.reject(Object.assign(new Error("denied"), { error: "access_denied" }));
    const fixture = TestBed.createComponent(SignInCallbackPage);
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('[role="alert"] .code')?.textContent).toBe("access_denied");
    await expectNoAxeViolations(page);
    (page.querySelector("button") as HTMLButtonElement).click();
    expect(oidc.redirects).toEqual([{ returnUrl: "/" }]);
  });

  it("does not show a library message that is not a plain code", async () => {
    const { oidc } = await setUpConsole(undefined);
    oidc.callbackResult = Promise.reject(new Error("No matching state found in storage <script>"));
    const fixture = TestBed.createComponent(SignInCallbackPage);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector(".code")?.textContent).toBe("sign_in_failed");
  });
});
