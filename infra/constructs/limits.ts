/**
 * Limits on the construct's props, shared by the module's variable validations (HCL, infra/module/variables.ts)
 * and the construct's synth-time checks of literal props, so both refuse the same values.
 */
import type { CorbadoPasskeysProps } from "./props";

export const POOL_MODES = ["create", "external", "attach"] as const;

export const MFA_AFTER_PASSKEY_MODES = ["off", "sms"] as const;

/** CloudWatch Logs' allowed retention values (0, "never expire", deliberately left out). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const EXTRA_AUTH_FLOWS = [
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_USER_AUTH",
] as const;

/** 2-28 characters so that "<prefix>-verify-auth-challenge" fits IAM's 64. Valid in JS and in Terraform (RE2). */
export const NAME_PREFIX_PATTERN = "^[a-zA-Z][a-zA-Z0-9-]{0,26}[a-zA-Z0-9]$";

/** Whole-number props: [min, max, unit]. */
export const RANGES = {
  lambdaMemorySize: [128, 10240, "MB"],
  kmsKeyDeletionWindowDays: [7, 30, "days"],
  corbadoTimeoutMs: [100, 3000, "milliseconds"],
  maxChallengeAttempts: [1, 10, "attempts"],
  loginSettingsCacheTtlMs: [0, 300000, "milliseconds"],
  authSessionValidityMinutes: [3, 15, "minutes"],
} as const satisfies Partial<Record<keyof CorbadoPasskeysProps, readonly [number, number, string]>>;
