import { logoutUrl, parseRuntimeConfig, type RuntimeConfig } from "./runtime-config";

const VALID = {
  apiUrl: "https://api.example.com/",
  issuer: "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Console1",
  clientId: "5abc123def",
  logoutUrlTemplate:
    "https://console.auth.eu-central-1.amazoncognito.com/logout?client_id={clientId}&logout_uri={logoutUri}",
};

describe("parseRuntimeConfig", () => {
  it("accepts the four required fields and trims the API URL's trailing slash", () => {
    const result = parseRuntimeConfig(VALID);
    expect(result.ok).toBeTrue();
    if (result.ok) {
      expect(result.config.apiUrl).toBe("https://api.example.com");
      expect(result.config.scope).toBe("openid email profile");
      expect(result.config.revocationEndpoint).toBeUndefined();
    }
  });

  it("accepts plain http only on loopback, for the local stack", () => {
    expect(parseRuntimeConfig({ ...VALID, apiUrl: "http://127.0.0.1:4000" }).ok).toBeTrue();
    expect(parseRuntimeConfig({ ...VALID, issuer: "http://localhost:4001/oidc" }).ok).toBeTrue();
    expect(parseRuntimeConfig({ ...VALID, apiUrl: "http://api.example.com" })).toEqual({
      ok: false,
      problems: ["api_url_invalid"],
    });
  });

  it("names every missing or malformed field by code, never echoing its value", () => {
    const result = parseRuntimeConfig({
      issuer: "javascript:alert(1)",
      clientId: "has spaces",
      logoutUrlTemplate: "https://x.example/logout",
      revocationEndpoint: "ftp://x",
      scope: "email",
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        "api_url_missing",
        "issuer_invalid",
        "client_id_invalid",
        "logout_url_template_invalid",
        "revocation_endpoint_invalid",
        "scope_invalid",
      ],
    });
    expect(JSON.stringify(result)).not.toContain("alert");
  });

  it("refuses something that is not an object", () => {
    expect(parseRuntimeConfig([VALID])).toEqual({ ok: false, problems: ["config_not_an_object"] });
    expect(parseRuntimeConfig(null)).toEqual({ ok: false, problems: ["config_not_an_object"] });
  });
});

describe("logoutUrl", () => {
  it("fills in the client id and the encoded landing URL", () => {
    const result = parseRuntimeConfig(VALID);
    const config = (result as { config: RuntimeConfig }).config;
    expect(logoutUrl(config, "https://console.example.com/signed-out?x=1&y=2")).toBe(
      "https://console.auth.eu-central-1.amazoncognito.com/logout?client_id=5abc123def" +
        "&logout_uri=https%3A%2F%2Fconsole.example.com%2Fsigned-out%3Fx%3D1%26y%3D2",
    );
  });
});
