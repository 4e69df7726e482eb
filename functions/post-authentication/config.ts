/**
 * post-authentication's configuration contract (../shared/config-contract.ts): the adoption counters'
 * (../shared/adoption-counters.ts's COUNTERS_CONTRACT) and the DynamoDB endpoint and credentials from the standard
 * AWS variables. Nothing here throws or refuses: without AGGREGATES_TABLE nothing is counted, and the sign-in goes
 * on whatever the configuration. Descriptions: config.docs.ts.
 */
import { COUNTERS_CONTRACT, counterTargetFromEnv, type CounterTarget } from "../shared/adoption-counters";
import type { Env } from "../shared/config-contract";

export const POST_AUTHENTICATION_CONTRACT = COUNTERS_CONTRACT;

export interface PostAuthenticationConfig {
  /** Where every successful login is counted. */
  readonly counters: CounterTarget;
}

export function postAuthenticationConfigFromEnv(env: Env): PostAuthenticationConfig {
  return { counters: counterTargetFromEnv(env) };
}
