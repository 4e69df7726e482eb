/**
 * Pure logic of the post-append action: whether to make SMS the user's preferred MFA after they added a
 * passkey. Every "no" is a logged reason with a 200 answer; nothing here can lock a user out.
 */
import type { POST_APPEND_CONTRACT } from "./config";

export type MfaAfterPasskey = (typeof POST_APPEND_CONTRACT.mfaAfterPasskey.values)[number];

export interface MfaSettings {
  /** Module setting `mfa_after_passkey` (env MFA_AFTER_PASSKEY); default `off`. */
  readonly mfaAfterPasskey: MfaAfterPasskey;
  /**
   * Whether the pool has SMS MFA configured (env POOL_SMS_MFA_CONFIGURED, set by the module from its own
   * configuration). The role may not call DescribeUserPool, so the action cannot ask Cognito.
   */
  readonly poolSmsMfaConfigured: boolean;
}

export type UnchangedReason =
  | "mfa_after_passkey_off"
  | "pool_sms_mfa_not_configured"
  | "user_not_found"
  | "user_disabled"
  | "user_federated"
  | "user_not_confirmed"
  | "mfa_already_set"
  | "phone_number_not_verified";

export type MfaDecision =
  { readonly action: "set_sms_preferred" } | { readonly action: "unchanged"; readonly reason: UnchangedReason };

/** Decides from configuration alone; undefined means "look at the user". No AWS call is needed when off. */
export function decideFromSettings(settings: MfaSettings): Extract<MfaDecision, { action: "unchanged" }> | undefined {
  if (settings.mfaAfterPasskey === "off") return { action: "unchanged", reason: "mfa_after_passkey_off" };
  if (!settings.poolSmsMfaConfigured) return { action: "unchanged", reason: "pool_sms_mfa_not_configured" };
  return undefined;
}

/** The fields of AdminGetUser's answer that decide. */
export interface UserMfaState {
  readonly Enabled?: boolean | undefined;
  readonly UserStatus?: string | undefined;
  readonly UserMFASettingList?: readonly string[] | undefined;
  readonly PreferredMfaSetting?: string | undefined;
  /** Legacy SMS MFA settings; a user who has them is not "without MFA". */
  readonly MFAOptions?: readonly unknown[] | undefined;
  readonly UserAttributes?: readonly { Name?: string | undefined; Value?: string | undefined }[] | undefined;
}

/**
 * SMS becomes preferred only for an enabled, CONFIRMED account of the pool itself (not federated, not linked
 * to an identity provider: Corbado names the user, and its word alone must not change any other account) with
 * no MFA setting at all and a verified phone number: an existing choice is never overridden, and an
 * unverified number could not receive the code.
 */
export function decideForUser(user: UserMfaState): MfaDecision {
  const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
  if (user.Enabled !== true) return { action: "unchanged", reason: "user_disabled" };
  if (user.UserStatus === "EXTERNAL_PROVIDER" || attribute("identities") !== undefined) {
    return { action: "unchanged", reason: "user_federated" };
  }
  if (user.UserStatus !== "CONFIRMED") return { action: "unchanged", reason: "user_not_confirmed" };
  const hasMfaSetting =
    (user.UserMFASettingList?.length ?? 0) > 0 || !!user.PreferredMfaSetting || (user.MFAOptions?.length ?? 0) > 0;
  if (hasMfaSetting) return { action: "unchanged", reason: "mfa_already_set" };
  if (!attribute("phone_number") || attribute("phone_number_verified") !== "true") {
    return { action: "unchanged", reason: "phone_number_not_verified" };
  }
  return { action: "set_sms_preferred" };
}

export type MfaPreferenceResult = "unchanged" | "sms_preferred";

export interface PostAppendResponse {
  readonly statusCode: 200 | 400 | 500;
  readonly body: { readonly mfaPreference: MfaPreferenceResult } | { readonly error: { readonly code: string } };
}

export function ok(mfaPreference: MfaPreferenceResult): PostAppendResponse {
  return { statusCode: 200, body: { mfaPreference } };
}

/** A fixed body: no exception text, no AWS detail, no user data. */
export function failure(statusCode: 400 | 500, code: "invalid_username" | "internal_error"): PostAppendResponse {
  return { statusCode, body: { error: { code } } };
}
