import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideForUser, decideFromSettings, loadMfaSettings } from "./logic";

const verifiedPhone = [
  { Name: "phone_number", Value: "+4915112345678" },
  { Name: "phone_number_verified", Value: "true" },
];

describe("loadMfaSettings", () => {
  it("defaults to off and to a pool without SMS MFA", () => {
    assert.deepEqual(loadMfaSettings({}), {
      settings: { mfaAfterPasskey: "off", poolSmsMfaConfigured: false },
      problems: [],
    });
  });

  it("reads sms and a pool with SMS MFA", () => {
    assert.deepEqual(loadMfaSettings({ MFA_AFTER_PASSKEY: "sms", POOL_SMS_MFA_CONFIGURED: "true" }).settings, {
      mfaAfterPasskey: "sms",
      poolSmsMfaConfigured: true,
    });
  });

  it("reports unknown values instead of guessing", () => {
    assert.deepEqual(loadMfaSettings({ MFA_AFTER_PASSKEY: "totp", POOL_SMS_MFA_CONFIGURED: "yes" }).problems, [
      "mfa_after_passkey_invalid",
      "pool_sms_mfa_configured_invalid",
    ]);
  });
});

describe("decideFromSettings", () => {
  it("changes nothing when the setting is off, whatever the pool", () => {
    for (const poolSmsMfaConfigured of [true, false]) {
      assert.deepEqual(decideFromSettings({ mfaAfterPasskey: "off", poolSmsMfaConfigured }), {
        action: "unchanged",
        reason: "mfa_after_passkey_off",
      });
    }
  });

  it("changes nothing when the pool has no SMS MFA, since the user could not receive a code", () => {
    assert.deepEqual(decideFromSettings({ mfaAfterPasskey: "sms", poolSmsMfaConfigured: false }), {
      action: "unchanged",
      reason: "pool_sms_mfa_not_configured",
    });
  });

  it("asks to look at the user when sms is chosen and the pool supports it", () => {
    assert.equal(decideFromSettings({ mfaAfterPasskey: "sms", poolSmsMfaConfigured: true }), undefined);
  });
});

describe("decideForUser", () => {
  it("makes SMS preferred for a user with no MFA setting and a verified phone number", () => {
    assert.deepEqual(decideForUser({ UserAttributes: verifiedPhone }), { action: "set_sms_preferred" });
    assert.deepEqual(decideForUser({ UserAttributes: verifiedPhone, UserMFASettingList: [], MFAOptions: [] }), {
      action: "set_sms_preferred",
    });
  });

  it("never overrides an existing MFA setting", () => {
    for (const user of [
      { UserMFASettingList: ["SOFTWARE_TOKEN_MFA"] },
      { UserMFASettingList: ["SMS_MFA"] },
      { PreferredMfaSetting: "SOFTWARE_TOKEN_MFA" },
      { MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] },
    ]) {
      assert.deepEqual(decideForUser({ ...user, UserAttributes: verifiedPhone }), {
        action: "unchanged",
        reason: "mfa_already_set",
      });
    }
  });

  it("changes nothing for a user without a verified phone number", () => {
    for (const attributes of [
      [],
      [{ Name: "phone_number", Value: "+4915112345678" }],
      [
        { Name: "phone_number", Value: "+4915112345678" },
        { Name: "phone_number_verified", Value: "false" },
      ],
      [{ Name: "phone_number_verified", Value: "true" }],
    ]) {
      assert.deepEqual(decideForUser({ UserAttributes: attributes }), {
        action: "unchanged",
        reason: "phone_number_not_verified",
      });
    }
  });
});
