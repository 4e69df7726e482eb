import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadActionConfig } from "./config";

const VALID = {
  USER_POOL_ID: "eu-central-1_AbC123xyz",
  ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:role/team/corbado-passkeys-corbado-actions",
  ASSUME_ROLE_EXTERNAL_ID: "corbado:ext-1=2,3.4@5/6+7_8",
};

describe("loadActionConfig", () => {
  it("takes the Cognito region from the pool id, not from the Lambda's AWS_REGION", () => {
    const result = loadActionConfig({ ...VALID, AWS_REGION: "us-east-1" });
    assert.deepEqual(result, {
      ok: true,
      config: {
        userPoolId: "eu-central-1_AbC123xyz",
        region: "eu-central-1",
        roleArn: VALID.ASSUME_ROLE_ARN,
        externalId: VALID.ASSUME_ROLE_EXTERNAL_ID,
        endpoint: undefined,
        stsEndpoint: undefined,
      },
    });
  });

  it("names every missing variable as a code", () => {
    assert.deepEqual(loadActionConfig({}), {
      ok: false,
      problems: ["user_pool_id_missing", "assume_role_arn_missing", "assume_role_external_id_missing"],
    });
  });

  it("refuses malformed values without repeating them", () => {
    const result = loadActionConfig({
      USER_POOL_ID: "not a pool",
      ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:user/someone",
      ASSUME_ROLE_EXTERNAL_ID: "x",
    });
    assert.deepEqual(result, {
      ok: false,
      problems: ["user_pool_id_invalid", "assume_role_arn_invalid", "assume_role_external_id_invalid"],
    });
  });

  it("refuses an external id with characters STS does not accept", () => {
    const result = loadActionConfig({ ...VALID, ASSUME_ROLE_EXTERNAL_ID: "has space" });
    assert.deepEqual(result, { ok: false, problems: ["assume_role_external_id_invalid"] });
  });

  it("prefers the Cognito-specific endpoint override and falls back to AWS_ENDPOINT_URL", () => {
    const both = loadActionConfig({
      ...VALID,
      AWS_ENDPOINT_URL: "http://127.0.0.1:1",
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://127.0.0.1:2",
    });
    assert.equal(both.ok && both.config.endpoint, "http://127.0.0.1:2");
    const generic = loadActionConfig({ ...VALID, AWS_ENDPOINT_URL: "http://127.0.0.1:1" });
    assert.equal(generic.ok && generic.config.endpoint, "http://127.0.0.1:1");
  });

  it("takes an STS endpoint override the same way (tests and the local stack only)", () => {
    const sts = loadActionConfig({
      ...VALID,
      AWS_ENDPOINT_URL: " http://127.0.0.1:1/ ",
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:3",
    });
    assert.equal(sts.ok && sts.config.stsEndpoint, "http://127.0.0.1:3");
    assert.equal(sts.ok && sts.config.endpoint, "http://127.0.0.1:1");
    assert.deepEqual(loadActionConfig({ ...VALID, AWS_ENDPOINT_URL_STS: "http://sts.example.com" }), {
      ok: false,
      problems: ["aws_endpoint_url_invalid"],
    });
  });

  it("refuses an endpoint override that is not an http(s) URL", () => {
    assert.deepEqual(loadActionConfig({ ...VALID, AWS_ENDPOINT_URL: "file:///etc/passwd" }), {
      ok: false,
      problems: ["aws_endpoint_url_invalid"],
    });
  });

  it("refuses a plain-http endpoint override to a host that is not loopback, and accepts https", () => {
    assert.deepEqual(loadActionConfig({ ...VALID, AWS_ENDPOINT_URL: "http://cognito.example.com" }), {
      ok: false,
      problems: ["aws_endpoint_url_invalid"],
    });
    const https = loadActionConfig({ ...VALID, AWS_ENDPOINT_URL: "https://cognito-idp.eu-central-1.amazonaws.com" });
    assert.equal(https.ok, true);
  });
});
