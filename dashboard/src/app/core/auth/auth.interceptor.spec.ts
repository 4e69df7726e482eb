import { HttpClient } from "@angular/common/http";
import { HttpTestingController } from "@angular/common/http/testing";
import { TestBed } from "@angular/core/testing";
import { TEST_API, apiError, setUpConsole } from "../../../testing/console-testing";
import { AuthService } from "./auth.service";

describe("authInterceptor", () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(async () => {
    await setUpConsole("admin");
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it("sends the access token to the admin API", () => {
    http.get(`${TEST_API}/v1/me`).subscribe();
    const request = backend.expectOne(`${TEST_API}/v1/me`);
    expect(request.request.headers.get("Authorization")).toBe(`Bearer ${TestBed.inject(AuthService).accessToken()}`);
    request.flush({});
  });

  it("sends it nowhere else, not even to a host that starts like the API's", () => {
    http.get("https://elsewhere.example/v1/me").subscribe();
    http.get(`${TEST_API}.evil.example/v1/me`).subscribe();
    for (const url of ["https://elsewhere.example/v1/me", `${TEST_API}.evil.example/v1/me`]) {
      const request = backend.expectOne(url);
      expect(request.request.headers.has("Authorization")).toBeFalse();
      request.flush({});
    }
  });

  it("ends the session visibly when the API answers 401", () => {
    http.get(`${TEST_API}/v1/settings`).subscribe({ error: () => undefined });
    backend
      .expectOne(`${TEST_API}/v1/settings`)
      .flush(apiError("token_expired", "The token has expired."), { status: 401, statusText: "Unauthorized" });
    expect(TestBed.inject(AuthService).status()).toBe("expired");
  });

  it("leaves the session alone on a 403 (the API refused one action, not the token)", () => {
    http.get(`${TEST_API}/v1/settings`).subscribe({ error: () => undefined });
    backend
      .expectOne(`${TEST_API}/v1/settings`)
      .flush(apiError("forbidden", "Your groups do not allow this action."), { status: 403, statusText: "Forbidden" });
    expect(TestBed.inject(AuthService).status()).toBe("signed-in");
  });
});
