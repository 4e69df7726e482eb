/**
 * verify-auth-challenge's configuration contract (../shared/config-contract.ts), read once per container.
 * Nothing here throws or refuses: a missing secret parameter or Backend API URL makes every answer false
 * (handler-factory.ts), and any other unusable value means the default (a number out of range: the nearest
 * bound). Descriptions: config.docs.ts.
 */
import { counterTargetFromEnv, type CounterTarget } from "../shared/adoption-counters";
import { readPlainConfig, type ConfigOf, type Contract, type Env } from "../shared/config-contract";
import { MAX_CACHE_TTL_MS, SSM_TIMEOUT_MS, ssmConfigFromEnv, type SsmConfig, type SsmError } from "../shared/ssm";

export const VERIFY_CONTRACT = {
  secretParameter: { kind: "string", env: "CORBADO_SECRET_PARAMETER" },
  backendApiUrl: { kind: "url", env: "CORBADO_BACKEND_API_URL" },
  // Cognito gives a trigger 5 s: at most 3 s here, SSM's 1.25 s and the counts' 0.25 s leave 0.5 s for the rest.
  // Under 100 ms no call completes (TLS handshake and verification), so a smaller value would only fail every
  // passkey login.
  timeoutMs: { kind: "int", env: "CORBADO_TIMEOUT_MS", min: 100, max: 3000, default: 2500 },
  earlyReject: { kind: "bool", env: "EARLY_REJECT", default: true, loose: true },
  ssmTimeoutMs: SSM_TIMEOUT_MS,
  secretCacheTtlMs: { kind: "int", env: "SECRET_CACHE_TTL_MS", min: 0, max: MAX_CACHE_TTL_MS, default: 300_000 },
} as const satisfies Contract;

export type VerifyConfig = ConfigOf<typeof VERIFY_CONTRACT> & {
  /** How the secret is read (the standard AWS variables, ../shared/ssm.ts's SSM_CLIENT_CONTRACT). */
  readonly ssm: SsmConfig | SsmError;
  /** Where the adoption counts go (../shared/adoption-counters.ts's COUNTERS_CONTRACT; unset table: none). */
  readonly counters: CounterTarget;
};

export function verifyConfigFromEnv(env: Env): VerifyConfig {
  const { config } = readPlainConfig(VERIFY_CONTRACT, env);
  return { ...config, ssm: ssmConfigFromEnv(env, config.ssmTimeoutMs), counters: counterTargetFromEnv(env) };
}
