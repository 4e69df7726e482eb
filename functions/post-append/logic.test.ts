import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isValidUsername } from "../shared/cognito-names";
import { decideForUser, decideFromSettings } from "./logic";

const verifiedPhone = [
  { Name: "phone_number", Value: "+4915112345678" },
  { Name: "phone_number_verified", Value: "true" },
];
/** What AdminGetUser says about an ordinary account that can log in. */
const ACTIVE = { Enabled: true, UserStatus: "CONFIRMED" };

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
    assert.deepEqual(decideForUser({ ...ACTIVE, UserAttributes: verifiedPhone }), { action: "set_sms_preferred" });
    assert.deepEqual(
      decideForUser({ ...ACTIVE, UserAttributes: verifiedPhone, UserMFASettingList: [], MFAOptions: [] }),
      {
        action: "set_sms_preferred",
      },
    );
  });

  it("never overrides an existing MFA setting", () => {
    for (const user of [
      { UserMFASettingList: ["SOFTWARE_TOKEN_MFA"] },
      { UserMFASettingList: ["SMS_MFA"] },
      { PreferredMfaSetting: "SOFTWARE_TOKEN_MFA" },
      { MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] },
    ]) {
      assert.deepEqual(decideForUser({ ...ACTIVE, ...user, UserAttributes: verifiedPhone }), {
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
      assert.deepEqual(decideForUser({ ...ACTIVE, UserAttributes: attributes }), {
        action: "unchanged",
        reason: "phone_number_not_verified",
      });
    }
  });
});

describe("decideForUser acts only on an enabled, CONFIRMED, non-federated account", () => {
  const unchanged = (reason: string) => ({ action: "unchanged", reason });

  it("changes nothing for a disabled account, or one whose enabled flag is missing", () => {
    for (const Enabled of [false, undefined]) {
      assert.deepEqual(
        decideForUser({ ...ACTIVE, Enabled, UserAttributes: verifiedPhone }),
        unchanged("user_disabled"),
      );
    }
  });

  it("changes nothing for an account that is not CONFIRMED", () => {
    for (const UserStatus of [
      "UNCONFIRMED",
      "FORCE_CHANGE_PASSWORD",
      "RESET_REQUIRED",
      "ARCHIVED",
      "UNKNOWN",
      undefined,
    ]) {
      assert.deepEqual(
        decideForUser({ ...ACTIVE, UserStatus, UserAttributes: verifiedPhone }),
        unchanged("user_not_confirmed"),
        String(UserStatus),
      );
    }
  });

  it("changes nothing for a federated account, or one linked to an identity provider", () => {
    assert.deepEqual(
      decideForUser({ ...ACTIVE, UserStatus: "EXTERNAL_PROVIDER", UserAttributes: verifiedPhone }),
      unchanged("user_federated"),
    );
    const identities = { Name: "identities", Value: '[{"providerName":"Google","providerType":"Google"}]' };
    assert.deepEqual(
      decideForUser({ ...ACTIVE, UserAttributes: [...verifiedPhone, identities] }),
      unchanged("user_federated"),
    );
  });
});

describe("isValidUsername", () => {
  it("accepts Cognito usernames, e-mail-like and generated ones", () => {
    for (const name of ["alice", "alice@example.com", "3f1c2b9e-0c1d-4f7a-9d7e-2b1f0a9c8d7e", "jörg_m"]) {
      assert.equal(isValidUsername(name), true, name);
    }
  });

  it("refuses empty, overlong, non-string and whitespace or control characters", () => {
    for (const value of ["", "a".repeat(129), "with space", "tab\there", "nul\u0000", undefined, 7, {}]) {
      assert.equal(isValidUsername(value), false, String(value));
    }
  });
});
