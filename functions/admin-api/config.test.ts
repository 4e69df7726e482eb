import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadAdminApiConfig } from "./config";
import { createAdminApiFromEnv } from "./handler-factory";

const AWS = { AWS_REGION: "eu-central-1", AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "secret" };
const CONSOLE = {
  ...AWS,
  LOGIN_SETTINGS_PARAMETER: "/passkeys/login-settings",
  ISSUER: "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Console1",
  CLIENT_IDS: "1example23456789, 2example",
  CONSOLE_ORIGIN: "https://console.example.com",
  USER_POOL_ID: "eu-west-1_Users1",
  AGGREGATES_TABLE: "passkeys-aggregates",
  AUDIT_TABLE: "passkeys-audit",
  CORBADO_PROJECT_ID: "pro-1234567890",
  CORBADO_SECRET_PARAMETER: "/passkeys/corbado-secret",
};

describe("admin API configuration", () => {
  it("reads a complete console configuration with the documented defaults", () => {
    const result = loadAdminApiConfig(CONSOLE);
    assert.ok(result.ok);
    const { config } = result;
    assert.equal(config.consoleEnabled, true);
    assert.equal(config.requestDeadlineMs, 8000);
    assert.equal(config.upstreamTimeoutMs, 3000);
    assert.equal(config.loginSettingsCacheTtlMs, 30_000);
    assert.deepEqual(config.loginPageOrigins, []);
    const c = config.console!;
    assert.equal(c.jwksUri, `${CONSOLE.ISSUER}/.well-known/jwks.json`);
    assert.deepEqual(c.clientIds, ["1example23456789", "2example"]);
    assert.equal(c.corbadoFrontendApiUrl, "https://pro-1234567890.frontendapi.corbado.io");
    assert.equal(c.corbadoBackendApiUrl, "https://backendapi.cloud.corbado.io");
    assert.deepEqual([c.deleteRateLimit, c.deleteRateWindowSeconds, c.auditRetentionDays], [20, 600, 400]);
    assert.deepEqual([c.counterShards, c.passwordLoginsCounted, c.connectTokenLifetimeSeconds], [10, false, 60]);
    // Cognito calls go to the user pool's region, the others to the function's.
    assert.equal(c.cognito.endpoint, "https://cognito-idp.eu-west-1.amazonaws.com");
    assert.equal(c.dynamodb.endpoint, "https://dynamodb.eu-central-1.amazonaws.com");
  });

  it("names every missing variable the console needs, as codes", () => {
    const result = loadAdminApiConfig(AWS);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      "login_settings_parameter_missing",
      "issuer_missing",
      "client_ids_missing",
      "console_origin_missing",
      "user_pool_id_missing",
      "aggregates_table_missing",
      "audit_table_missing",
      "corbado_project_id_missing",
      "corbado_secret_parameter_missing",
    ]);
  });

  it("with the console off needs only the settings parameter and SSM (the public route)", () => {
    const result = loadAdminApiConfig({ ...AWS, CONSOLE_ENABLED: "false", LOGIN_SETTINGS_PARAMETER: "/p" });
    assert.ok(result.ok);
    assert.equal(result.config.console, undefined);
    assert.equal(result.config.consoleEnabled, false);
  });

  it("refuses malformed and out-of-bounds values without repeating them", () => {
    const result = loadAdminApiConfig({
      ...CONSOLE,
      ISSUER: "http://issuer.example.com", // plain http off loopback
      CONSOLE_ORIGIN: "https://console.example.com/app", // not an origin
      LOGIN_PAGE_ORIGINS: "https://login.example.com,javascript:alert(1)",
      REQUEST_DEADLINE_MS: "60000", // above 25 s
      DELETE_RATE_LIMIT: "0",
      COUNTER_SHARDS: "4.5",
      PASSWORD_LOGINS_COUNTED: "maybe",
      CORBADO_PROJECT_ID: "project-1",
      AGGREGATES_TABLE: "a b",
    });
    assert.ok(!result.ok);
    assert.deepEqual([...result.problems].sort(), [
      "aggregates_table_invalid",
      "console_origin_invalid",
      "corbado_project_id_invalid",
      "counter_shards_invalid",
      "delete_rate_limit_invalid",
      "issuer_invalid",
      "login_page_origins_invalid",
      "password_logins_counted_invalid",
      "request_deadline_ms_invalid",
    ]);
    assert.ok(!JSON.stringify(result.problems).includes("javascript"));
  });

  it("allows plain http only on loopback (the local stack)", () => {
    const local = loadAdminApiConfig({
      ...CONSOLE,
      ISSUER: "http://127.0.0.1:9000",
      CONSOLE_ORIGIN: "http://localhost:4200",
      AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
    });
    assert.ok(local.ok);
    const remote = loadAdminApiConfig({ ...CONSOLE, AWS_ENDPOINT_URL: "http://aws.example.com" });
    assert.ok(!remote.ok);
    assert.deepEqual(remote.problems, [
      "aws_ssm_endpoint_invalid",
      "aws_cognito_endpoint_invalid",
      "aws_dynamodb_endpoint_invalid",
    ]);
  });

  it("takes the console's origin and the login pages' origins exactly as browsers send them", () => {
    const ok = loadAdminApiConfig({
      ...CONSOLE,
      CONSOLE_ORIGIN: "http://localhost:4200",
      LOGIN_PAGE_ORIGINS: "https://login.example.com, https://www.example.com:8443",
    });
    assert.ok(ok.ok);
    assert.deepEqual(ok.config.loginPageOrigins, ["https://login.example.com", "https://www.example.com:8443"]);
    for (const [name, value] of [
      ["CONSOLE_ORIGIN", "https://console.example.com/"],
      ["CONSOLE_ORIGIN", "https://Console.example.com"],
      ["LOGIN_PAGE_ORIGINS", "https://login.example.com/login"],
      ["CLIENT_IDS", " , "],
    ] as const) {
      const result = loadAdminApiConfig({ ...CONSOLE, [name]: value });
      assert.ok(!result.ok);
      assert.deepEqual(result.problems, [`${name.toLowerCase()}_invalid`], `${name}=${value}`);
    }
  });

  it("with the console off still refuses a console setting that is present but malformed", () => {
    const result = loadAdminApiConfig({ ...AWS, CONSOLE_ENABLED: "off", LOGIN_SETTINGS_PARAMETER: "/p", ISSUER: "x" });
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, ["issuer_invalid"]);
  });
});

describe("an admin API whose configuration is invalid", () => {
  it("answers every request 500 config_invalid and logs each problem once, at cold start", async () => {
    const lines: string[] = [];
    const app = createAdminApiFromEnv({ ...CONSOLE, CLIENT_IDS: "" }, { logSink: (line) => lines.push(line) });
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]!).cause, "client_ids_missing");
    for (const path of ["/v1/me", "/v1/public/login-config", "/nope"]) {
      const res = await app.request(path);
      assert.equal(res.status, 500);
      assert.equal(((await res.json()) as { code: string }).code, "config_invalid");
      assert.equal(res.headers.get("cache-control"), "no-store");
    }
    assert.equal(lines.length, 1, "no further lines per request");
  });
});
