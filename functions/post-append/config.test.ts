import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { postAppendConfigFromEnv } from "./config";

const ACTION = {
  USER_POOL_ID: "eu-central-1_AbC123xyz",
  ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:role/corbado-passkeys-corbado-actions",
  ASSUME_ROLE_EXTERNAL_ID: "corbado-example-external-id",
};

describe("post-append configuration", () => {
  it("defaults to off and to a pool without SMS MFA", () => {
    const loaded = postAppendConfigFromEnv(ACTION);
    assert.ok(loaded.ok);
    assert.deepEqual([loaded.config.mfaAfterPasskey, loaded.config.poolSmsMfaConfigured], ["off", false]);
    assert.equal(loaded.config.region, "eu-central-1");
  });

  it("reads sms and a pool with SMS MFA", () => {
    const loaded = postAppendConfigFromEnv({ ...ACTION, MFA_AFTER_PASSKEY: "sms", POOL_SMS_MFA_CONFIGURED: "true" });
    assert.ok(loaded.ok);
    assert.deepEqual([loaded.config.mfaAfterPasskey, loaded.config.poolSmsMfaConfigured], ["sms", true]);
  });

  it("reports unknown values instead of guessing, after the actions' own problems", () => {
    assert.deepEqual(postAppendConfigFromEnv({ MFA_AFTER_PASSKEY: "totp", POOL_SMS_MFA_CONFIGURED: "yes" }), {
      ok: false,
      problems: [
        "user_pool_id_missing",
        "assume_role_arn_missing",
        "assume_role_external_id_missing",
        "mfa_after_passkey_invalid",
        "pool_sms_mfa_configured_invalid",
      ],
    });
  });
});
