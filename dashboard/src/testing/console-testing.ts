/** Spec helpers: a loaded runtime configuration, a signed-in caller of a given role, the API under test. */
import { manualChangeDetection } from "@angular/cdk/testing";
import { provideHttpClient, withInterceptors } from "@angular/common/http";
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from "@angular/common/http/testing";
import { type EnvironmentProviders, type Provider } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { provideRouter, withComponentInputBinding, type Routes } from "@angular/router";
import axe from "axe-core";
import { authInterceptor } from "../app/core/auth/auth.interceptor";
import { AuthService } from "../app/core/auth/auth.service";
import { BROWSER_LOCATION, type BrowserLocation } from "../app/core/auth/browser-location";
import { OIDC_CLIENT_FACTORY, type OidcClient, type OidcUser } from "../app/core/auth/oidc";
import { ADMIN_GROUP, AUDITOR_GROUP, type Role } from "../app/core/auth/roles";
import { CONFIG_PATH, RuntimeConfigService } from "../app/core/config/runtime-config.service";

export const TEST_API = "https://api.console.test";
export const TEST_CONFIG_JSON = {
  apiUrl: TEST_API,
  issuer: "https://issuer.console.test/pool",
  clientId: "console-client",
  logoutUrlTemplate: "https://login.console.test/logout?client_id={clientId}&logout_uri={logoutUri}",
  revocationEndpoint: "https://login.console.test/oauth2/revoke",
};
export const TEST_BASE = "https://console.test/";

const base64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** An unsigned JWT-shaped access token with the given claims (the console only reads claims). */
export const fakeAccessToken = (claims: Record<string, unknown>): string =>
  `${base64url({ alg: "RS256", kid: "test" })}.${base64url({ token_use: "access", ...claims })}.c2ln`;

export const userOfRole = (role: Role | undefined, extra: Partial<OidcUser> = {}): OidcUser => ({
  access_token: fakeAccessToken({
    sub: "sub-1",
    "cognito:groups": role === "admin" ? [ADMIN_GROUP] : role === "auditor" ? [AUDITOR_GROUP] : [],
  }),
  refresh_token: "refresh-1",
  profile: { sub: "sub-1", email: role === "admin" ? "ada@example.com" : "audrey@example.com" },
  ...extra,
});

/** oidc-client-ts's UserManager replaced at the boundary: records calls, fires events on demand. */
export class FakeOidcClient implements OidcClient {
  user: OidcUser | null = null;
  callbackResult: Promise<OidcUser> = Promise.reject(new Error("no callback configured"));
  revokeError: Error | undefined;
  readonly calls: string[] = [];
  readonly redirects: unknown[] = [];
  private readonly listeners = {
    userLoaded: [] as ((user: OidcUser) => void)[],
    expired: [] as (() => void)[],
    renewError: [] as ((error: Error) => void)[],
  };
  readonly events = {
    addUserLoaded: (cb: (user: OidcUser) => void) => this.listeners.userLoaded.push(cb),
    addAccessTokenExpired: (cb: () => void) => this.listeners.expired.push(cb),
    addSilentRenewError: (cb: (error: Error) => void) => this.listeners.renewError.push(cb),
  };

  constructor() {
    this.callbackResult.catch(() => undefined);
  }
  signinRedirect(args: { state: unknown }): Promise<void> {
    this.calls.push("signinRedirect");
    this.redirects.push(args.state);
    return Promise.resolve();
  }
  signinRedirectCallback(url: string): Promise<OidcUser> {
    this.calls.push(`signinRedirectCallback ${url}`);
    return this.callbackResult;
  }
  getUser(): Promise<OidcUser | null> {
    return Promise.resolve(this.user);
  }
  revokeTokens(types: ["refresh_token"]): Promise<void> {
    this.calls.push(`revokeTokens ${types.join(",")}`);
    return this.revokeError ? Promise.reject(this.revokeError) : Promise.resolve();
  }
  removeUser(): Promise<void> {
    this.calls.push("removeUser");
    this.user = null;
    return Promise.resolve();
  }
  fireUserLoaded(user: OidcUser): void {
    this.listeners.userLoaded.forEach((cb) => cb(user));
  }
  fireAccessTokenExpired(): void {
    this.listeners.expired.forEach((cb) => cb());
  }
  fireSilentRenewError(): void {
    this.listeners.renewError.forEach((cb) => cb(new Error("invalid_grant")));
  }
}

export class FakeLocation implements BrowserLocation {
  current = TEST_BASE;
  readonly assigned: string[] = [];
  href(): string {
    return this.current;
  }
  baseUri(): string {
    return TEST_BASE;
  }
  assign(url: string): void {
    this.assigned.push(url);
  }
}

export interface ConsoleTestBed {
  readonly oidc: FakeOidcClient;
  readonly location: FakeLocation;
}

/** Providers for a console spec: HttpClient with the real interceptor against HttpTestingController, fakes at the edges. */
export function provideConsoleTesting(
  oidc: FakeOidcClient,
  location: FakeLocation,
  routes: Routes = [],
): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    // As app.config.ts: route parameters reach the pages as inputs.
    provideRouter(routes, withComponentInputBinding()),
    { provide: OIDC_CLIENT_FACTORY, useValue: () => oidc },
    { provide: BROWSER_LOCATION, useValue: location },
  ];
}

/** Loads config.json through the real service (answered by HttpTestingController). */
export async function loadTestConfig(json: object = TEST_CONFIG_JSON): Promise<boolean> {
  const loaded = TestBed.inject(RuntimeConfigService).load();
  TestBed.inject(HttpTestingController).expectOne(CONFIG_PATH).flush(json);
  return loaded;
}

/**
 * Configures TestBed for a page spec, loads the configuration and signs in as `role` (undefined: in neither group;
 * "signed-out": not at all).
 */
export async function setUpConsole(
  role: Role | undefined | "signed-out",
  routes: Routes = [],
  providers: Provider[] = [],
): Promise<ConsoleTestBed> {
  const oidc = new FakeOidcClient();
  const location = new FakeLocation();
  TestBed.configureTestingModule({ providers: [...provideConsoleTesting(oidc, location, routes), ...providers] });
  await loadTestConfig();
  if (role !== "signed-out") oidc.user = userOfRole(role);
  await TestBed.inject(AuthService).start();
  return { oidc, location };
}

/**
 * Runs harness actions that start a request without waiting for stability: a harness waits for the app to be stable,
 * which an open request (answered only afterwards by the spec) prevents. Then TestBed.tick() and flush.
 */
export const startingRequest = <T>(action: () => Promise<T>): Promise<T> => manualChangeDetection(action);

/** The one open request to an API path (query string ignored), for flushing. */
export function expectApi(path: string, method = "GET"): TestRequest {
  return TestBed.inject(HttpTestingController).expectOne(
    (request) => request.method === method && request.url.split("?")[0] === TEST_API + path,
  );
}

/** The query parameters of a request's URL. */
export const queryOf = (request: TestRequest): URLSearchParams => new URL(request.request.urlWithParams).searchParams;

export const apiError = (code: string, message: string, requestId = "req-1") => ({ code, message, requestId });

/** axe-core over a rendered page: no violation of WCAG 2.x A/AA rules (the page region rule needs the whole shell). */
export async function expectNoAxeViolations(element: Element): Promise<void> {
  const results = await axe.run(element, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    rules: {
      region: { enabled: false },
      "page-has-heading-one": { enabled: false },
      "landmark-one-main": { enabled: false },
    },
  });
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`,
  );
  expect(summary).withContext("axe-core violations").toEqual([]);
}
