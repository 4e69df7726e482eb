/**
 * define-auth-challenge's configuration contract (../shared/config-contract.ts), read once per container.
 * Nothing here throws or refuses: an unusable value means the default (a number out of range: the nearest
 * bound), and the settings reader fails safe whatever the configuration. Descriptions: config.docs.ts.
 */
import { counterTargetFromEnv, type CounterTarget } from "../shared/adoption-counters";
import { readPlainConfig, type ConfigOf, type Contract, type Env } from "../shared/config-contract";
import { SSM_TIMEOUT_MS, ssmConfigFromEnv, type SsmConfig, type SsmError } from "../shared/ssm";

export const DEFINE_CONTRACT = {
  maxAttempts: { kind: "int", env: "MAX_CHALLENGE_ATTEMPTS", min: 1, max: 10, default: 3 },
  settingsParameter: { kind: "string", env: "LOGIN_SETTINGS_PARAMETER" },
  // At least 1 s: shorter reads SSM on (almost) every login and spends the account's SSM throughput
  // (docs/triggers.md). At most 5 minutes: the kill switch takes effect within this.
  settingsCacheTtlMs: { kind: "int", env: "LOGIN_SETTINGS_CACHE_TTL_MS", min: 1000, max: 300_000, default: 30_000 },
  // A failed read is retried after this, never sooner: an SSM outage costs no SSM call per login.
  settingsRetryMs: { kind: "int", env: "LOGIN_SETTINGS_RETRY_MS", min: 100, max: 60_000, default: 2000 },
  // Anything but an explicit false keeps the fail-safe default.
  killSwitchWhenUnreadable: { kind: "bool", env: "KILL_SWITCH_WHEN_UNREADABLE", default: true, loose: true },
  ssmTimeoutMs: SSM_TIMEOUT_MS,
} as const satisfies Contract;

export type DefineConfig = ConfigOf<typeof DEFINE_CONTRACT> & {
  /** How the login settings are read (the standard AWS variables, ../shared/ssm.ts's SSM_CLIENT_CONTRACT). */
  readonly ssm: SsmConfig | SsmError;
  /** Where the adoption counts go (../shared/adoption-counters.ts's COUNTERS_CONTRACT; unset table: none). */
  readonly counters: CounterTarget;
};

export function defineConfigFromEnv(env: Env): DefineConfig {
  const { config } = readPlainConfig(DEFINE_CONTRACT, env);
  return { ...config, ssm: ssmConfigFromEnv(env, config.ssmTimeoutMs), counters: counterTargetFromEnv(env) };
}
