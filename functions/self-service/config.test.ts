import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadSelfServiceConfig, SELF_SERVICE_CONTRACT } from "./config";

const base = {
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKID",
  AWS_SECRET_ACCESS_KEY: "secret",
  USER_POOL_ID: "eu-central-1_AbCdEf123",
  CLIENT_IDS: "client-a, client-b",
  RATE_LIMIT_TABLE: "passkeys-rate-limits",
  CORBADO_SECRET_PARAMETER: "/passkeys/corbado-secret",
};

describe("the self-service route's configuration", () => {
  it("derives the issuer, the JWKS and Cognito's region from the pool id, and applies the defaults", () => {
    const loaded = loadSelfServiceConfig(base);
    assert.ok(loaded.ok);
    const c = loaded.config;
    assert.equal(c.issuer, "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbCdEf123");
    assert.equal(c.jwksUri, `${c.issuer}/.well-known/jwks.json`);
    assert.equal(c.cognito.endpoint, "https://cognito-idp.eu-central-1.amazonaws.com");
    assert.equal(c.ssm.endpoint, "https://ssm.eu-west-1.amazonaws.com");
    assert.deepEqual(c.clientIds, ["client-a", "client-b"]);
    assert.deepEqual(c.tokenUses, ["id", "access"]);
    assert.deepEqual(c.origins, []);
    assert.equal(c.displayNameAttribute, "email");
    assert.equal(c.appendMaxAuthAgeSeconds, 300);
    assert.equal(c.connectTokenLifetimeSeconds, 60);
    assert.deepEqual([c.rateLimit, c.rateLimitWindowSeconds], [20, 600]);
  });

  it("names each problem as a code, never a value", () => {
    const loaded = loadSelfServiceConfig({
      ...base,
      USER_POOL_ID: "not a pool",
      TOKEN_USES: "id,refresh",
      SELF_SERVICE_ORIGINS: "http://app.example.com",
      DISPLAY_NAME_ATTRIBUTE: "e mail",
      CONNECT_TOKEN_LIFETIME_SECONDS: "3600",
      RATE_LIMIT_TABLE: undefined,
    });
    assert.ok(!loaded.ok);
    assert.deepEqual([...loaded.problems].sort(), [
      "connect_token_lifetime_seconds_invalid",
      "display_name_attribute_invalid",
      "rate_limit_table_missing",
      "self_service_origins_invalid",
      "token_uses_invalid",
      "user_pool_id_invalid",
    ]);
  });

  it("takes custom attributes for the display name and an explicit issuer (the local stack)", () => {
    const loaded = loadSelfServiceConfig({
      ...base,
      DISPLAY_NAME_ATTRIBUTE: "custom:display",
      ISSUER: "http://127.0.0.1:9000/pool",
      TOKEN_USES: "access",
    });
    assert.ok(loaded.ok);
    assert.equal(loaded.config.displayNameAttribute, "custom:display");
    assert.equal(loaded.config.jwksUri, "http://127.0.0.1:9000/pool/.well-known/jwks.json");
    assert.deepEqual(loaded.config.tokenUses, ["access"]);
  });

  it("refuses an empty client list and an empty token-use list (blank items dropped)", () => {
    const loaded = loadSelfServiceConfig({ ...base, CLIENT_IDS: " , ", TOKEN_USES: "," });
    assert.ok(!loaded.ok);
    assert.deepEqual([...loaded.problems].sort(), ["client_ids_invalid", "token_uses_invalid"]);
  });

  it("declares every variable once, with bounds around each default", () => {
    const names = Object.values(SELF_SERVICE_CONTRACT).map((v) => v.env);
    assert.equal(new Set(names).size, names.length);
    for (const v of Object.values(SELF_SERVICE_CONTRACT)) {
      if (v.kind === "int") assert.ok(v.min <= v.default && v.default <= v.max, v.env);
    }
  });
});
