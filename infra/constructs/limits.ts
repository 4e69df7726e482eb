/**
 * Limits on the construct's props, shared by the module's variable validations (HCL, infra/module/variables.ts)
 * and the construct's synth-time checks of literal props, so both refuse the same values.
 */
import { DEFINE_ENVIRONMENT } from "../../functions/define-auth-challenge/config.docs";
import { VERIFY_ENVIRONMENT } from "../../functions/verify-auth-challenge/config.docs";
import { ADMIN_API_ENVIRONMENT } from "../../functions/admin-api/config.docs";
import { MESSAGES as ACTIONS_ROLE_MESSAGES } from "../policies/actions-role-validation";
import { isToken } from "./expr";
import {
  EXTRA_AUTH_FLOWS,
  LOG_FORMATS,
  TRACING_MODES,
  MFA_AFTER_PASSKEY_MODES,
  POOL_MODES,
  SECRET_MANAGEMENT_MODES,
  USER_POOL_TIERS,
  type CorbadoPasskeysProps,
} from "./props";

/** CloudWatch Logs' allowed retention values (0, "never expire", deliberately left out). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** 2-28 characters so that "<prefix>-verify-auth-challenge" fits IAM's 64. Valid in JS and in Terraform (RE2). */
export const NAME_PREFIX_PATTERN = "^[a-zA-Z][a-zA-Z0-9-]{0,26}[a-zA-Z0-9]$";

/** A user pool id (`eu-central-1_AbC123`): the same rule the functions check at run time, valid in RE2 too. */
export { USER_POOL_ID_PATTERN } from "../../functions/shared/cognito-names";
import { isUserPoolId } from "../../functions/shared/cognito-names";

const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const PORT = "(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})";
/** The last label starts with a letter: a URL parser would read an all-digit (or 0x) one as an IPv4 number. */
const DNS_NAME = "([A-Za-z0-9_-]+\\.)*[A-Za-z][A-Za-z0-9_-]*";
/** RFC 3986 path characters: no `?` or `#` (not even bare), no space or backslash a parser would rewrite. */
const PATH = "(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?";

/**
 * The Corbado Backend API base URL (a `url` variable of verify's contract), refused wherever
 * verify-auth-challenge would refuse it at run time (functions/shared/env.ts safeBaseUrl: https, or plain http
 * only on loopback; no user info, query or fragment). Only the canonical spelling: lower-case scheme, an ASCII
 * host, no empty port or labels.
 */
export const BACKEND_API_URL_PATTERN = `^(https://(${DNS_NAME}|${OCTET}(\\.${OCTET}){3}|\\[::1\\])|http://(localhost|127\\.0\\.0\\.1|\\[::1\\]))(:${PORT})?${PATH}$`;
export function isAcceptedBackendApiUrl(url: string): boolean {
  return new RegExp(BACKEND_API_URL_PATTERN).test(url);
}

/** A number the module passes to a function: the bounds and unit of the function's contract. */
const rangeOf = (v: { readonly min: number; readonly max: number; readonly unit: string }) =>
  [v.min, v.max, v.unit] as const;

/** Whole-number props: [min, max, unit]. */
export const RANGES = {
  lambdaMemorySize: [128, 10240, "MB"],
  kmsKeyDeletionWindowDays: [7, 30, "days"],
  corbadoTimeoutMs: rangeOf(VERIFY_ENVIRONMENT.timeoutMs),
  maxChallengeAttempts: rangeOf(DEFINE_ENVIRONMENT.maxAttempts),
  loginSettingsCacheTtlMs: rangeOf(DEFINE_ENVIRONMENT.settingsCacheTtlMs),
  authSessionValidityMinutes: [3, 15, "minutes"],
  auditRetentionDays: rangeOf(ADMIN_API_ENVIRONMENT.auditRetentionDays),
  counterShards: rangeOf(ADMIN_API_ENVIRONMENT.counterShards),
} as const satisfies Partial<Record<keyof CorbadoPasskeysProps, readonly [number, number, string]>>;

/**
 * Whole-number props that are no function's environment (the app client, the alarms): [min, max, unit]. A prop
 * that may be null (Cognito's or CloudWatch's default) is checked only when given.
 */
export const OPTION_RANGES = {
  /** Cognito's bounds for access and ID tokens: 5 minutes to 1 day. */
  accessTokenValidityMinutes: [5, 1440, "minutes"],
  idTokenValidityMinutes: [5, 1440, "minutes"],
  /** Cognito's bounds for refresh tokens, in whole days: 1 day (it allows 60 minutes) to 10 years. */
  refreshTokenValidityDays: [1, 3650, "days"],
  alarmPeriodSeconds: [60, 86400, "seconds"],
  /** A login that takes this long is close to Cognito's 5 s limit for a trigger's answer. */
  alarmDurationThresholdMs: [1000, 4900, "milliseconds"],
  alarmCorbadoFailureThreshold: [1, 100000, "failures"],
} as const satisfies Partial<Record<keyof CorbadoPasskeysProps, readonly [number, number, string]>>;

/** Refuses literal props Terraform's validation would refuse, so a CDKTF user hears it at synth time. */
export function assertLiteralProps(p: CorbadoPasskeysProps): void {
  const mode = p.poolMode;
  if (typeof mode === "string" && !isToken(mode)) {
    if (unknownLiteral(mode, POOL_MODES))
      throw new Error(`poolMode must be create, external or attach, got "${mode}".`);
    if (mode !== "create" && !p.userPoolId)
      throw new Error(`poolMode "${mode}" needs userPoolId (the existing pool's id).`);
    if (mode === "create" && typeof p.userPoolId === "string" && !isToken(p.userPoolId))
      throw new Error(`poolMode "create" creates its own pool: leave userPoolId unset.`);
    if (mode !== "create" && typeof p.userPoolId === "string" && !isToken(p.userPoolId)) {
      if (!isUserPoolId(p.userPoolId))
        throw new Error(`userPoolId must be a user pool id such as "eu-central-1_AbC123", got "${p.userPoolId}".`);
    }
  }
  for (const [prop, [min, max, unit]] of [...Object.entries(RANGES), ...Object.entries(OPTION_RANGES)]) {
    const value = p[prop as keyof typeof RANGES | keyof typeof OPTION_RANGES];
    if (typeof value !== "number" || isToken(value)) continue;
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${prop} must be a whole number of ${unit} from ${min} to ${max}, got ${value}.`);
  }
  const reserved = p.reservedConcurrentExecutions;
  if (typeof reserved === "number" && !isToken(reserved) && !(Number.isInteger(reserved) && reserved >= 1))
    throw new Error(
      `reservedConcurrentExecutions must be a whole number of 1 or more (0 throttles every login), got ${reserved}.`,
    );
  if (typeof p.logRetentionDays === "number" && !isToken(p.logRetentionDays)) {
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(p.logRetentionDays))
      throw new Error(`logRetentionDays must be one of CloudWatch Logs' values: ${LOG_RETENTION_DAYS.join(", ")}.`);
  }
  if (typeof p.corbadoBackendApiUrl === "string" && !isToken(p.corbadoBackendApiUrl)) {
    if (!isAcceptedBackendApiUrl(p.corbadoBackendApiUrl))
      throw new Error(
        `corbadoBackendApiUrl must be an https:// URL (plain http only on localhost, 127.0.0.1 or [::1]) without user info, query or fragment, got "${p.corbadoBackendApiUrl}".`,
      );
  }
  if (typeof p.namePrefix === "string" && !isToken(p.namePrefix) && !new RegExp(NAME_PREFIX_PATTERN).test(p.namePrefix))
    throw new Error(
      `namePrefix must be 2 to 28 characters: letters, digits and hyphens, starting with a letter and not ending with a hyphen, got "${p.namePrefix}".`,
    );
  if (Array.isArray(p.appClientExtraAuthFlows) && !isToken(p.appClientExtraAuthFlows)) {
    const unknown = p.appClientExtraAuthFlows.filter((f) => unknownLiteral(f, EXTRA_AUTH_FLOWS));
    if (unknown.length > 0)
      throw new Error(
        `appClientExtraAuthFlows may only hold ${EXTRA_AUTH_FLOWS.join(", ")}; got ${unknown.join(", ")}.`,
      );
  }
  const keyGiven = p.kmsKeyArn !== undefined && p.kmsKeyArn !== null;
  if (p.createKmsKey === true && keyGiven && !isToken(p.kmsKeyArn))
    throw new Error("createKmsKey true creates the key: leave kmsKeyArn unset, or set createKmsKey false.");
  if (p.createKmsKey === false && !keyGiven) throw new Error("createKmsKey false needs kmsKeyArn (your key's ARN).");
  if (p.secretManagement === "terraform" && (p.corbadoApiSecret === undefined || p.corbadoApiSecret === null))
    throw new Error(`secretManagement "terraform" needs corbadoApiSecret (an ephemeral value).`);
  if (unknownLiteral(p.userPoolTier, USER_POOL_TIERS))
    throw new Error(`userPoolTier must be ${USER_POOL_TIERS.join(", ")}, got "${p.userPoolTier}".`);
  if (unknownLiteral(p.secretManagement, SECRET_MANAGEMENT_MODES))
    throw new Error(`secretManagement must be "out_of_band" or "terraform", got "${p.secretManagement}".`);
  if (p.createAlarms === true && p.logFormat === "Text")
    throw new Error(
      `createAlarms needs logFormat "JSON": the metric filters read the records where Lambda's JSON format puts them.`,
    );
  const topics = p.alarmSnsTopicArns;
  if (p.createAlarms === true && Array.isArray(topics) && !isToken(topics) && topics.length === 0)
    throw new Error("createAlarms needs alarmSnsTopicArns: at least one SNS topic the alarms notify.");
  if (unknownLiteral(p.logFormat, LOG_FORMATS))
    throw new Error(`logFormat must be "JSON" or "Text", got "${p.logFormat}".`);
  if (unknownLiteral(p.tracingMode, TRACING_MODES))
    throw new Error(`tracingMode must be "Active", "PassThrough" or null, got "${p.tracingMode}".`);
  if (typeof p.packageS3Bucket === "string" && !isToken(p.packageS3Bucket) && !isToken(p.packageS3Keys)) {
    const missing = ["define-auth-challenge", "create-auth-challenge", "verify-auth-challenge"].filter(
      (f) => !p.packageS3Keys?.[f],
    );
    if (missing.length > 0) throw new Error(`packageS3Keys needs the key of ${missing.join(", ")} in the bucket.`);
  }
  if (unknownLiteral(p.mfaAfterPasskey, MFA_AFTER_PASSKEY_MODES))
    throw new Error(`mfaAfterPasskey must be "off" or "sms", got "${p.mfaAfterPasskey}".`);
  if (p.poolSmsMfaConfigured === true && mode === "create")
    throw new Error(
      `poolSmsMfaConfigured is for a pool the module does not manage: in poolMode "create" the module configures SMS MFA itself when mfaAfterPasskey is "sms".`,
    );
  const principalGiven = p.corbadoActionsPrincipalArn !== undefined && p.corbadoActionsPrincipalArn !== null;
  const externalIdGiven = p.corbadoActionsExternalId !== undefined && p.corbadoActionsExternalId !== null;
  if (principalGiven && !externalIdGiven) throw new Error(ACTIONS_ROLE_MESSAGES.externalIdRequired);
  if (typeof p.corbadoApiSecret === "string" && !isToken(p.corbadoApiSecret))
    throw new Error(
      "corbadoApiSecret must be a token (an ephemeral TerraformVariable), never a literal: a literal would be written into the synthesized configuration.",
    );
}

/** A literal (not a token) that is none of the allowed values: what a JavaScript caller or a cast can pass. */
function unknownLiteral(value: unknown, allowed: readonly string[]): boolean {
  return typeof value === "string" && !isToken(value) && !allowed.includes(value);
}
