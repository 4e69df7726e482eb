import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TerraformStack, Testing } from "cdktf";
import { parseRuntimeConfig } from "../../dashboard/src/app/core/config/runtime-config";
import { consoleContentSecurityPolicy, consoleSecurityHeaders } from "./console-headers";
import { CorbadoPasskeys } from "./corbado-passkeys";
import type { CorbadoPasskeysProps } from "./props";

type Block = Record<string, unknown>;
interface Synthesized {
  resource: Record<string, Record<string, Block>>;
  locals?: Record<string, unknown>;
}

const HOSTED: CorbadoPasskeysProps = {
  consoleEnabled: true,
  consoleOrigin: "https://console.example.com",
  corbadoProjectId: "pro-1",
  consoleHostingEnabled: true,
};

function synth(props: CorbadoPasskeysProps): Synthesized {
  const stack = new TerraformStack(Testing.app(), "test");
  new CorbadoPasskeys(stack, "passkeys", props);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

const one = (out: Synthesized, type: string): Block => {
  const blocks = Object.values(out.resource[type] ?? {});
  assert.equal(blocks.length, 1, `one ${type}`);
  return blocks[0]!;
};

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("ConsoleHosting (S3 + CloudFront for the console)", () => {
  it("creates nothing unless asked", () => {
    const out = synth({});
    for (const type of ["aws_s3_bucket", "aws_cloudfront_distribution", "aws_s3_object"]) {
      for (const block of Object.values(out.resource[type] ?? {})) assert.equal(block.count, 0, type);
    }
  });

  it("keeps the bucket private: public access blocked, owner-enforced, encrypted, versioned with old versions expiring", () => {
    const out = synth(HOSTED);
    assert.deepEqual(
      ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].map(
        (k) => one(out, "aws_s3_bucket_public_access_block")[k],
      ),
      [true, true, true, true],
    );
    assert.deepEqual(one(out, "aws_s3_bucket_ownership_controls").rule, { object_ownership: "BucketOwnerEnforced" });
    assert.deepEqual(one(out, "aws_s3_bucket_server_side_encryption_configuration").rule, [
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    assert.deepEqual(one(out, "aws_s3_bucket_versioning").versioning_configuration, { status: "Enabled" });
    const rule = (one(out, "aws_s3_bucket_lifecycle_configuration").rule as Block[])[0]!;
    assert.deepEqual(rule.noncurrent_version_expiration, [{ noncurrent_days: 30 }]);
  });

  it("lets only CloudFront read, for this distribution, and nobody without TLS", () => {
    const out = synth(HOSTED);
    const policy = out.locals!["console_bucket_policy"] as { Statement: Block[] };
    const [read, tls] = policy.Statement;
    assert.deepEqual(read!.Principal, { Service: "cloudfront.amazonaws.com" });
    assert.deepEqual(read!.Action, ["s3:GetObject"]);
    assert.match(String(read!.Resource), /^arn:.*:s3:::.*-console-.*\/\*$/);
    const sourceArn = (read!.Condition as { StringEquals: Record<string, string> }).StringEquals["AWS:SourceArn"]!;
    assert.match(
      sourceArn,
      /^arn:.*:cloudfront::.*:distribution\/\$\{join\("", aws_cloudfront_distribution\.console\[\*\]\.id\)\}$/,
    );
    assert.equal(tls!.Effect, "Deny");
    assert.deepEqual(tls!.Condition, { Bool: { "aws:SecureTransport": "false" } });
    assert.equal(policy.Statement.length, 2, "nothing else is granted");
  });

  it("serves it over https through origin access control, with the headers policy on every path", () => {
    const out = synth(HOSTED);
    const oac = one(out, "aws_cloudfront_origin_access_control");
    assert.deepEqual(
      [oac.origin_access_control_origin_type, oac.signing_behavior, oac.signing_protocol],
      ["s3", "always", "sigv4"],
    );
    const cdn = one(out, "aws_cloudfront_distribution");
    const origin = (cdn.origin as Block[])[0]!;
    assert.match(String(origin.origin_access_control_id), /aws_cloudfront_origin_access_control\.console\[0\]\.id/);
    assert.equal(origin.s3_origin_config, undefined, "no legacy origin access identity");
    const behaviours = [cdn.default_cache_behavior as Block, ...(cdn.ordered_cache_behavior as Block[])];
    for (const b of behaviours) {
      assert.equal(b.viewer_protocol_policy, "redirect-to-https");
      assert.match(String(b.response_headers_policy_id), /aws_cloudfront_response_headers_policy\.console\[0\]\.id/);
      assert.deepEqual(b.allowed_methods, ["GET", "HEAD"]);
    }
  });

  it("sends a strict CSP whose connect-src names only the API, the issuer and the managed-login domain", () => {
    const out = synth(HOSTED);
    const headers = one(out, "aws_cloudfront_response_headers_policy").security_headers_config as Record<string, Block>;
    const csp = directives(String(headers.content_security_policy!.content_security_policy));
    // Terraform computes the origins from the module's own API stage, console pool and managed-login domain.
    const connect = csp.get("connect-src")!.join(" ");
    assert.ok(connect.startsWith("'self' ${join(\" \", distinct(compact(["), connect);
    for (const source of [
      "aws_apigatewayv2_stage.api.invoke_url",
      "https://cognito-idp.${local.region}.amazonaws.com/${aws_cognito_user_pool.console[0].id}",
      "https://${aws_cognito_user_pool_domain.console[0].domain}.auth.${local.region}.amazoncognito.com",
    ]) {
      assert.ok(connect.includes(source), source);
    }
    assert.equal(connect.match(/regex\(/g)?.length, 4, "the API, the issuer, the logout and the revocation URL");
    assert.deepEqual(csp.get("script-src"), ["'self'"]);
    assert.deepEqual(csp.get("default-src"), ["'none'"]);
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.ok(csp.has("upgrade-insecure-requests"));
    assert.equal(headers.strict_transport_security!.include_subdomains, true);
    assert.ok(Number(headers.strict_transport_security!.access_control_max_age_sec) >= 31_536_000);
    assert.equal(headers.frame_options!.frame_option, "DENY");
    assert.equal(headers.referrer_policy!.referrer_policy, "no-referrer");
    // CloudFront's limit for the header's value.
    assert.ok(String(headers.content_security_policy!.content_security_policy).length <= 1783);
  });

  it("writes a config.json the console accepts, from the module's own API and console pool", () => {
    const out = synth(HOSTED);
    const config = one(out, "aws_s3_object");
    assert.equal(config.key, "config.json");
    assert.equal(config.cache_control, "no-cache");
    assert.match(
      String(config.content),
      /^\$\{jsonencode\(\{ for key, value in local\.console_config : key => value if value != null \}\)\}$/,
    );
    const values = out.locals!["console_config"] as Record<string, string>;
    const domain = "https://${aws_cognito_user_pool_domain.console[0].domain}.auth.${local.region}.amazoncognito.com";
    assert.deepEqual(values, {
      apiUrl: "${aws_apigatewayv2_stage.api.invoke_url}",
      issuer: "https://cognito-idp.${local.region}.amazonaws.com/${aws_cognito_user_pool.console[0].id}",
      clientId: "${aws_cognito_user_pool_client.console[0].id}",
      logoutUrlTemplate: `${domain}/logout?client_id={clientId}&logout_uri={logoutUri}`,
      revocationEndpoint: `${domain}/oauth2/revoke`,
    });
    // As Terraform fills it in at apply: the console's own check accepts the result.
    const applied = JSON.parse(
      JSON.stringify(values)
        .replaceAll(
          "${aws_apigatewayv2_stage.api.invoke_url}",
          "https://abc123.execute-api.eu-central-1.amazonaws.com/",
        )
        .replaceAll("${local.region}", "eu-central-1")
        .replaceAll("${aws_cognito_user_pool.console[0].id}", "eu-central-1_Console1")
        .replaceAll("${aws_cognito_user_pool_client.console[0].id}", "4l5q1o2k3n4m5j6h7g8f9e0d1c")
        .replaceAll("${aws_cognito_user_pool_domain.console[0].domain}", "passkeys-console-0123456789"),
    ) as unknown;
    assert.equal(parseRuntimeConfig(applied).ok, true, "the console's own check accepts it");
  });

  it("hosts the console only with the console pool: console_hosting_enabled alone creates nothing", () => {
    const out = synth({ consoleHostingEnabled: true });
    for (const type of ["aws_s3_bucket", "aws_cloudfront_distribution", "aws_s3_object"]) {
      for (const block of Object.values(out.resource[type] ?? {})) assert.equal(block.count, 0, type);
    }
  });
});

describe("the console's security headers (CloudFront and the local stack)", () => {
  it("are the same policy in both places, upgrading requests and pinning HSTS only over https", () => {
    const local = consoleSecurityHeaders({ connectOrigins: ["http://127.0.0.1:4402"], https: false });
    assert.equal(
      local["content-security-policy"],
      consoleContentSecurityPolicy({ connectOrigins: ["http://127.0.0.1:4402"], https: false }),
    );
    assert.equal(local["strict-transport-security"], undefined);
    assert.doesNotMatch(local["content-security-policy"]!, /upgrade-insecure-requests/);
    const hosted = consoleSecurityHeaders({ connectOrigins: [], https: true });
    assert.match(hosted["strict-transport-security"]!, /^max-age=\d+; includeSubDomains$/);
    assert.match(hosted["content-security-policy"]!, /upgrade-insecure-requests$/);
  });
});
