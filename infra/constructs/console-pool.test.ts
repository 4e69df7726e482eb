import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TerraformStack, Testing } from "cdktf";
import { ROUTES } from "../../functions/admin-api/routes";
import { CorbadoPasskeys } from "./corbado-passkeys";
import type { CorbadoPasskeysProps } from "./props";

type Block = Record<string, unknown>;
type Synth = { resource: Record<string, Record<string, Block>> };

const CONSOLE = { consoleEnabled: true, consoleOrigin: "https://console.example.com", corbadoProjectId: "pro-1" };

function synth(props: CorbadoPasskeysProps): Synth {
  const stack = new TerraformStack(Testing.app(), "console");
  new CorbadoPasskeys(stack, "passkeys", props);
  return JSON.parse(Testing.synth(stack)) as Synth;
}

describe("the security console's identity and routes", () => {
  it("creates a pool of its own: admin-created users only, TOTP required, groups admins and auditors", () => {
    const out = synth(CONSOLE);
    const pool = out.resource.aws_cognito_user_pool!.console!;
    assert.equal(pool.count, 1);
    assert.deepEqual(pool.admin_create_user_config, { allow_admin_create_user_only: true });
    assert.equal(pool.mfa_configuration, "ON");
    assert.deepEqual(pool.software_token_mfa_configuration, { enabled: true });
    assert.deepEqual(Object.keys(out.resource.aws_cognito_user_group!).sort(), ["console_admins", "console_auditors"]);
    assert.deepEqual(
      Object.values(out.resource.aws_cognito_user_group!).map((g) => g.name),
      ["admins", "auditors"],
    );
  });

  it("gives the console one public client: authorization code only (PKCE), no secret, the console's URLs", () => {
    const client = synth(CONSOLE).resource.aws_cognito_user_pool_client!.console!;
    assert.equal(client.generate_secret, false);
    assert.deepEqual(client.allowed_oauth_flows, ["code"]);
    assert.deepEqual(client.explicit_auth_flows, ["ALLOW_REFRESH_TOKEN_AUTH"], "no password sent to the API");
    assert.deepEqual(client.callback_urls, ["https://console.example.com/auth/callback"]);
    assert.deepEqual(client.logout_urls, ["https://console.example.com/signed-out"]);
    const given = synth({ ...CONSOLE, consoleCallbackUrls: ["https://c.example.com/cb"] });
    assert.deepEqual(given.resource.aws_cognito_user_pool_client!.console!.callback_urls, ["https://c.example.com/cb"]);
  });

  it("derives a managed-login domain prefix that names no account, or takes the one given", () => {
    const derived = synth(CONSOLE).resource.aws_cognito_user_pool_domain!.console!;
    assert.match(String(derived.domain), /sha256/);
    assert.doesNotMatch(String(derived.domain), /111122223333/);
    const given = synth({ ...CONSOLE, consoleDomainPrefix: "acme-console" });
    assert.equal(given.resource.aws_cognito_user_pool_domain!.console!.domain, "acme-console");
  });

  it("puts every authenticated route behind the JWT authorizer and leaves the public one open, with its own throttle", () => {
    const out = synth(CONSOLE);
    const routes = Object.values(out.resource.aws_apigatewayv2_route!);
    for (const route of Object.values(ROUTES)) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      const found = routes.find((r) => r.route_key === key);
      assert.ok(found, key);
      assert.equal(found.authorization_type, route.access === "public" ? undefined : "JWT", key);
    }
    const stage = out.resource.aws_apigatewayv2_stage!.api!;
    assert.deepEqual(
      (stage.route_settings as Block[]).map((r) => r.route_key),
      ["GET /v1/public/login-config"],
    );
    assert.ok((stage.access_log_settings as Block).destination_arn);
  });

  it("without the console: no console pool, no authorizer, and only the public route and preflight", () => {
    const out = synth({});
    assert.equal(out.resource.aws_cognito_user_pool!.console!.count, 0);
    assert.equal(out.resource.aws_apigatewayv2_authorizer!.console!.count, 0);
    const open = Object.values(out.resource.aws_apigatewayv2_route!).filter((r) => r.count === undefined);
    assert.deepEqual(open.map((r) => r.route_key).sort(), ["GET /v1/public/login-config", "OPTIONS /{proxy+}"]);
    assert.equal(out.resource.aws_lambda_function!.self_service, undefined, "no self-service function");
  });

  it("refuses the console without its origin or Corbado project id at synth time", () => {
    assert.throws(() => synth({ consoleEnabled: true, corbadoProjectId: "pro-1" }), /consoleOrigin/);
    assert.throws(() => synth({ consoleEnabled: true, consoleOrigin: "https://c.example.com" }), /corbadoProjectId/);
  });
});
