import { HttpTestingController } from "@angular/common/http/testing";
import { TestBed } from "@angular/core/testing";
import {
  FakeLocation,
  FakeOidcClient,
  TEST_CONFIG_JSON,
  provideConsoleTesting,
} from "../../../testing/console-testing";
import { CONFIG_PATH, RuntimeConfigService } from "./runtime-config.service";

describe("RuntimeConfigService", () => {
  let service: RuntimeConfigService;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: provideConsoleTesting(new FakeOidcClient(), new FakeLocation()) });
    service = TestBed.inject(RuntimeConfigService);
    backend = TestBed.inject(HttpTestingController);
  });

  it("fetches config.json beside the console, without a token", async () => {
    const loaded = service.load();
    const request = backend.expectOne(CONFIG_PATH);
    expect(request.request.headers.has("Authorization")).toBeFalse();
    request.flush(TEST_CONFIG_JSON);
    expect(await loaded).toBeTrue();
    expect(service.require().apiUrl).toBe(TEST_CONFIG_JSON.apiUrl);
  });

  it("reports a configuration that cannot be fetched", async () => {
    const loaded = service.load();
    backend.expectOne(CONFIG_PATH).flush("not found", { status: 404, statusText: "Not Found" });
    expect(await loaded).toBeFalse();
    expect(service.current()).toEqual({ status: "failed", problems: ["config_unreadable"] });
    expect(() => service.require()).toThrowError("runtime_config_not_loaded");
  });

  it("reports each problem of a configuration that cannot be used", async () => {
    const loaded = service.load();
    backend.expectOne(CONFIG_PATH).flush({ ...TEST_CONFIG_JSON, apiUrl: "http://api.example.com" });
    expect(await loaded).toBeFalse();
    expect(service.current()).toEqual({ status: "failed", problems: ["api_url_invalid"] });
  });
});
