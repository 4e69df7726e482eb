import { TestBed } from "@angular/core/testing";
import { InMemoryWebStorage } from "oidc-client-ts";
import {
  FakeLocation,
  FakeOidcClient,
  TEST_BASE,
  loadTestConfig,
  provideConsoleTesting,
  userOfRole,
} from "../../../testing/console-testing";
import { parseRuntimeConfig, type RuntimeConfig } from "../config/runtime-config";
import { AuthService, safeReturnUrl } from "./auth.service";
import { OIDC_CLIENT_FACTORY, oidcSettings } from "./oidc";

describe("oidcSettings", () => {
  const config = (
    parseRuntimeConfig({
      apiUrl: "https://api.example.com",
      issuer: "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Console1",
      clientId: "console",
      logoutUrlTemplate: "https://auth.example.com/logout?client_id={clientId}&logout_uri={logoutUri}",
      revocationEndpoint: "https://auth.example.com/oauth2/revoke",
    }) as { config: RuntimeConfig }
  ).config;

  it("asks for the authorization code flow (PKCE) with the console's callback, and no userinfo call", () => {
    const settings = oidcSettings(config, "https://console.example.com/");
    expect(settings.response_type).toBe("code");
    expect(settings.disablePKCE).not.toBeTrue();
    expect(settings.authority).toBe(config.issuer);
    expect(settings.client_id).toBe("console");
    expect(settings.redirect_uri).toBe("https://console.example.com/auth/callback");
    expect(settings.loadUserInfo).toBeFalse();
    expect(settings.automaticSilentRenew).toBeTrue();
  });

  it("keeps tokens in memory, never in web storage", () => {
    const settings = oidcSettings(config, "https://console.example.com/");
    const userStore = settings.userStore as unknown as { _store: unknown };
    expect(userStore._store).toBeInstanceOf(InMemoryWebStorage);
  });

  it("tells the library where to revoke tokens when the configuration names it", () => {
    expect(oidcSettings(config, "https://console.example.com/").metadataSeed).toEqual({
      revocation_endpoint: "https://auth.example.com/oauth2/revoke",
    });
    const { revocationEndpoint: _dropped, ...withoutRevocation } = config;
    expect(oidcSettings(withoutRevocation, "https://console.example.com/").metadataSeed).toBeUndefined();
  });
});

describe("safeReturnUrl", () => {
  it("keeps paths of the console and refuses anything that leaves it", () => {
    expect(safeReturnUrl("/users/abc?x=1")).toBe("/users/abc?x=1");
    expect(safeReturnUrl("//evil.example/")).toBe("/");
    expect(safeReturnUrl("/\\evil.example/")).toBe("/");
    expect(safeReturnUrl("https://evil.example/")).toBe("/");
    expect(safeReturnUrl(undefined)).toBe("/");
    expect(safeReturnUrl(42)).toBe("/");
  });
});

describe("AuthService", () => {
  let oidc: FakeOidcClient;
  let location: FakeLocation;
  let auth: AuthService;

  beforeEach(async () => {
    oidc = new FakeOidcClient();
    location = new FakeLocation();
    TestBed.configureTestingModule({ providers: provideConsoleTesting(oidc, location) });
    await loadTestConfig();
    auth = TestBed.inject(AuthService);
  });

  it("is signed out until the library has a user, and then knows the role", async () => {
    await auth.start();
    expect(auth.status()).toBe("signed-out");
    expect(auth.accessToken()).toBeUndefined();
    oidc.user = userOfRole("auditor");
    await auth.start();
    expect(auth.status()).toBe("signed-in");
    expect(auth.role()).toBe("auditor");
    expect(auth.isAdmin()).toBeFalse();
    expect(auth.displayName()).toBe("audrey@example.com");
  });

  it("hands the library the runtime configuration's issuer and client", () => {
    const factory = jasmine.createSpy("factory").and.returnValue(oidc);
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [...provideConsoleTesting(oidc, location), { provide: OIDC_CLIENT_FACTORY, useValue: factory }],
    });
    return loadTestConfig().then(async () => {
      await TestBed.inject(AuthService).start();
      const settings = factory.calls.mostRecent().args[0];
      expect(settings.authority).toBe("https://issuer.console.test/pool");
      expect(settings.client_id).toBe("console-client");
      expect(settings.redirect_uri).toBe(`${TEST_BASE}auth/callback`);
    });
  });

  it("signs in by redirecting to the issuer, carrying only a safe return path", async () => {
    await auth.signIn("/users/abc");
    await auth.signIn("//evil.example/");
    expect(oidc.redirects).toEqual([{ returnUrl: "/users/abc" }, { returnUrl: "/" }]);
  });

  it("completes sign-in from the callback URL and returns where the admin was heading", async () => {
    location.current = `${TEST_BASE}auth/callback?code=abc&state=xyz`;
    oidc.callbackResult = Promise.resolve(userOfRole("admin", { state: { returnUrl: "/settings" } }));
    expect(await auth.completeSignIn()).toBe("/settings");
    expect(oidc.calls).toContain(`signinRedirectCallback ${TEST_BASE}auth/callback?code=abc&state=xyz`);
    expect(auth.status()).toBe("signed-in");
    expect(auth.isAdmin()).toBeTrue();
  });

  it("marks the session expired when the token expires or the refresh fails, and live again after a renewal", async () => {
    oidc.user = userOfRole("admin");
    await auth.start();
    oidc.fireAccessTokenExpired();
    expect(auth.status()).toBe("expired");
    expect(auth.accessToken()).toBeUndefined();
    oidc.fireUserLoaded(userOfRole("admin"));
    expect(auth.status()).toBe("signed-in");
    oidc.fireSilentRenewError();
    expect(auth.status()).toBe("expired");
  });

  it("signs out: revokes the refresh token, forgets the tokens, then ends the managed-login session", async () => {
    oidc.user = userOfRole("admin");
    await auth.start();
    await auth.signOut();
    expect(oidc.calls).toEqual(["revokeTokens refresh_token", "removeUser"]);
    expect(auth.status()).toBe("signed-out");
    expect(location.assigned).toEqual([
      "https://login.console.test/logout?client_id=console-client&logout_uri=" +
        encodeURIComponent(`${TEST_BASE}signed-out`),
    ]);
  });

  it("still forgets the tokens and ends the session when revocation fails", async () => {
    oidc.user = userOfRole("admin");
    oidc.revokeError = new Error("No revocation endpoint");
    await auth.start();
    await auth.signOut();
    expect(oidc.calls).toContain("removeUser");
    expect(auth.accessToken()).toBeUndefined();
    expect(location.assigned.length).toBe(1);
  });
});
