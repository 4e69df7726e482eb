/**
 * post-append's configuration contract: what both Corbado actions read (../actions-shared/config.ts) and the
 * MFA setting, strictly: an unknown value makes the action answer 500 instead of guessing. The module renders
 * both MFA variables into its `corbado_actions_environment` output. Descriptions: config.docs.ts.
 */
import { ACTIONS_CONTRACT, withRegion, type ConfigResult } from "../actions-shared/config";
import { requireConfig, type CompleteConfigOf, type Contract, type Env } from "../shared/config-contract";

export const POST_APPEND_CONTRACT = {
  ...ACTIONS_CONTRACT,
  /** Module setting `mfa_after_passkey`. */
  mfaAfterPasskey: { kind: "enum", env: "MFA_AFTER_PASSKEY", values: ["off", "sms"], default: "off" },
  /**
   * Whether the pool has SMS MFA configured, set by the module from its own configuration: the role may not
   * call DescribeUserPool, so the action cannot ask Cognito.
   */
  poolSmsMfaConfigured: { kind: "bool", env: "POOL_SMS_MFA_CONFIGURED", default: false },
} as const satisfies Contract;

export type PostAppendConfig = CompleteConfigOf<typeof POST_APPEND_CONTRACT> & { readonly region: string };

export function postAppendConfigFromEnv(env: Env): ConfigResult<PostAppendConfig> {
  return withRegion(requireConfig(POST_APPEND_CONTRACT, env));
}
