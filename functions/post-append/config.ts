/**
 * post-append's configuration contract: what both Corbado actions read (../actions-shared/config.ts), the MFA
 * setting and where the passkeys added are counted, strictly: an unknown value makes the action answer 500 instead
 * of guessing. The module renders the MFA variables (and, once it creates the adoption table, AGGREGATES_TABLE)
 * into its `corbado_actions_environment` output. Descriptions: config.docs.ts.
 */
import { ACTIONS_CONTRACT, endpointOverride, withRegion, type ConfigResult } from "../actions-shared/config";
import { COUNTERS_CONTRACT } from "../shared/adoption-counters";
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
  /** The adoption table, in the pool's account and region: unset, nothing is counted (./counts.ts). */
  aggregatesTable: COUNTERS_CONTRACT.aggregatesTable,
  counterShards: COUNTERS_CONTRACT.counterShards,
  /** DynamoDB endpoint override; undefined in production. */
  dynamodbEndpoint: endpointOverride("AWS_ENDPOINT_URL_DYNAMODB"),
} as const satisfies Contract;

export type PostAppendConfig = CompleteConfigOf<typeof POST_APPEND_CONTRACT> & { readonly region: string };

export function postAppendConfigFromEnv(env: Env): ConfigResult<PostAppendConfig> {
  return withRegion(requireConfig(POST_APPEND_CONTRACT, env));
}
