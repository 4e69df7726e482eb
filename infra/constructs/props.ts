import type { IResolvable } from "cdktf";
import { DEFINE_CONTRACT } from "../../functions/define-auth-challenge/config";
import { POST_APPEND_CONTRACT } from "../../functions/post-append/config";
import { VERIFY_CONTRACT } from "../../functions/verify-auth-challenge/config";
import { ADMIN_API_CONTRACT } from "../../functions/admin-api/config";
import { SELF_SERVICE_CONTRACT } from "../../functions/self-service/config";
import { ACTIONS_ROLE_MAX_SESSION_DURATION } from "../policies/actions-role-validation";

/**
 * Props of the CorbadoPasskeys construct. Each prop maps one to one onto a variable of the emitted Terraform
 * module (camelCase here, snake_case there; see infra/module/variables.ts). Every prop accepts a literal or a
 * CDKTF token (for example a TerraformVariable's value), so a CDKTF user can do everything a Terraform user can.
 * A prop with a few allowed literals takes one of them, or a token marked with `asToken` (expr.ts): the compiler
 * refuses any other literal, and editors offer the allowed ones.
 */
export const POOL_MODES = ["create", "external", "attach"] as const;
export type PoolMode = (typeof POOL_MODES)[number];
export const USER_POOL_TIERS = ["LITE", "ESSENTIALS", "PLUS"] as const;
export type UserPoolTier = (typeof USER_POOL_TIERS)[number];
export const SECRET_MANAGEMENT_MODES = ["out_of_band", "terraform"] as const;
export type SecretManagement = (typeof SECRET_MANAGEMENT_MODES)[number];
/** post-append's words for it (functions/post-append/config.ts). */
export const MFA_AFTER_PASSKEY_MODES = POST_APPEND_CONTRACT.mfaAfterPasskey.values;
export type MfaAfterPasskey = (typeof MFA_AFTER_PASSKEY_MODES)[number];
export const TRACING_MODES = ["Active", "PassThrough"] as const;
export type TracingMode = (typeof TRACING_MODES)[number];
export const LOG_FORMATS = ["JSON", "Text"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const EXTRA_AUTH_FLOWS = [
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_USER_AUTH",
] as const;
export type ExtraAuthFlow = (typeof EXTRA_AUTH_FLOWS)[number];

declare const TOKEN: unique symbol;
/**
 * A string known only at plan time (a TerraformVariable's value, a resource attribute) where a prop otherwise
 * takes one of a few literals. Made by `asToken(variable.stringValue)`, which refuses a literal.
 */
export type TokenString = string & { readonly [TOKEN]: "string" };
/** A list known only at plan time (`asToken(variable.listValue)`) where a prop otherwise takes a list of literals. */
export type TokenList = string[] & { readonly [TOKEN]: "list" };

/** A boolean prop: a literal, or a token such as `TerraformVariable.booleanValue`. */
export type BooleanInput = boolean | IResolvable;

export interface CorbadoPasskeysProps {
  /** `create` (the module owns a new pool), `external` (pool in the caller's Terraform), `attach` (pool outside Terraform). Default `create`. */
  readonly poolMode?: PoolMode | TokenString;
  /** Id of the existing pool (`external` and `attach` only). */
  readonly userPoolId?: string | null;
  /** Name of the pool created in `create` mode. Default: `namePrefix`. */
  readonly userPoolName?: string | null;
  /** Feature plan of the created pool. Default `ESSENTIALS`. */
  readonly userPoolTier?: UserPoolTier | TokenString;
  /** Deletion protection of the created pool. Default true. */
  readonly userPoolDeletionProtection?: BooleanInput;
  /** Whether people may sign themselves up to the created pool. Default false (admins create users). */
  readonly userPoolSelfSignUp?: BooleanInput;
  /** `attach` mode: replace a trigger another function holds instead of refusing. Default false. */
  readonly replaceForeignTriggers?: BooleanInput;
  /** `attach` mode: roles the pool already uses (its SMS role), passed back to Cognito unchanged. Default []. */
  readonly poolAttachPassRoleArns?: string[];

  /** Prefix of every name the module gives (functions, roles, log groups, parameters). Default `corbado-passkeys`. */
  readonly namePrefix?: string;
  /**
   * Put the region into names that are global to the account (the IAM roles: `<namePrefix>-<region>-<name>`),
   * so instances with the same `namePrefix` in several regions do not collide. Default false (becomes the
   * default at the next major version: turning it on replaces every role of a deployment).
   */
  readonly includeRegionInNames?: BooleanInput;
  /** Tags for every resource the module owns (never on a pool it does not own). Default {}. */
  readonly tags?: Record<string, string>;
  /** IAM path of every role. Default `/`. */
  readonly iamPath?: string;
  /** Permissions boundary attached to every role. Default none. */
  readonly permissionsBoundaryArn?: string | null;

  /** Memory of each trigger, in MB. Default 256. */
  readonly lambdaMemorySize?: number;
  /** Reserved concurrency of each trigger. Default none (unreserved). */
  readonly reservedConcurrentExecutions?: number | null;
  /** Subnets for the triggers; empty keeps them outside a VPC. Default []. */
  readonly vpcSubnetIds?: string[];
  /** Security groups for the triggers (with `vpcSubnetIds`). Default []. */
  readonly vpcSecurityGroupIds?: string[];
  /** Retention of each function's log group, in days (a CloudWatch Logs value). Default 365. */
  readonly logRetentionDays?: number;
  /** KMS key encrypting the log groups. Default none (CloudWatch Logs' own encryption). */
  readonly logKmsKeyArn?: string | null;
  /** Lambda's log format for every function: `JSON` (one JSON object per line, what SIEMs ingest) or `Text`. Default `JSON`. */
  readonly logFormat?: LogFormat | TokenString;
  /** X-Ray tracing of every function: `Active` or `PassThrough`. Default none (no tracing, no X-Ray permissions). */
  readonly tracingMode?: TracingMode | TokenString | null;
  /** Code signing configuration every function's package must satisfy (with signed packages, below). Default none. */
  readonly codeSigningConfigArn?: string | null;
  /** Bucket holding the functions' signed packages. Default none: the module's own zips are deployed. */
  readonly packageS3Bucket?: string | null;
  /** Function name (`define-auth-challenge`, ...) -> key of its signed package in `packageS3Bucket`. Default {}. */
  readonly packageS3Keys?: Record<string, string>;

  /**
   * Create the KMS key for the Corbado secret (rotation on). Default: true unless `kmsKeyArn` is given. A
   * separate switch because `count` cannot depend on whether a key ARN known only at apply time is null.
   */
  readonly createKmsKey?: BooleanInput;
  /** Caller's KMS key for the Corbado secret (with `createKmsKey` false). */
  readonly kmsKeyArn?: string | null;
  /** Waiting period before the created key is deleted, in days. Default 30. */
  readonly kmsKeyDeletionWindowDays?: number;
  /** `out_of_band` (an operator puts the value with the AWS CLI) or `terraform` (write-only argument). Default `out_of_band`. */
  readonly secretManagement?: SecretManagement | TokenString;
  /** `terraform` mode: base64(projectId:apiSecret), an ephemeral value that never reaches state or plan. */
  readonly corbadoApiSecret?: string | null;
  /** The secret's value is written on create and when this changes (`terraform` mode: bump it to write a new `corbadoApiSecret`). Default 1. */
  readonly corbadoApiSecretVersion?: number;
  /** Corbado Backend API base URL. Default `https://backendapi.cloud.corbado.io`. */
  readonly corbadoBackendApiUrl?: string;
  /** Time verify-auth-challenge waits for Corbado, in ms (Cognito allows 5 s in all). Default 2500. */
  readonly corbadoTimeoutMs?: number;

  /** Wrong answers allowed per login session before it fails. Default 3. */
  readonly maxChallengeAttempts?: number;
  /**
   * Login setting `passkeyFirst` (offer the passkey first) when the parameter is created. Later changes are made
   * in the parameter (console, CLI); Terraform ignores them. Default false.
   */
  readonly initialPasskeyFirst?: BooleanInput;
  /**
   * Login setting `killSwitch` (fail every passkey login; password login is unaffected) when the parameter is
   * created. Later changes are made in the parameter; Terraform ignores them. Default false.
   */
  readonly initialKillSwitch?: BooleanInput;
  /**
   * What define-auth-challenge does when it cannot read the login settings and has read none yet (per function
   * instance): true refuses passkey login (the safe default), false allows it. Password login is never affected.
   * Default true.
   */
  readonly killSwitchWhenSettingsUnreadable?: BooleanInput;
  /** How long define-auth-challenge caches the login settings, in ms, 1000-300000 (each instance reads SSM at most once per this). Default 30000. */
  readonly loginSettingsCacheTtlMs?: number;

  /** Create the passkey login app client. Default true. */
  readonly createAppClient?: BooleanInput;
  /** Auth flows added to ALLOW_CUSTOM_AUTH and ALLOW_REFRESH_TOKEN_AUTH on the app client. Default []. */
  readonly appClientExtraAuthFlows?: ExtraAuthFlow[] | TokenList;
  /** Lifetime of a login session (between challenge and answer), in minutes, 3-15. Default 3. */
  readonly authSessionValidityMinutes?: number;
  /** Lifetime of the app client's access tokens, in minutes, 5-1440. Default: Cognito's (60 minutes). */
  readonly accessTokenValidityMinutes?: number | null;
  /** Lifetime of the app client's ID tokens, in minutes, 5-1440. Default: Cognito's (60 minutes). */
  readonly idTokenValidityMinutes?: number | null;
  /** Lifetime of the app client's refresh tokens, in days, 1-3650. Default: Cognito's (30 days). */
  readonly refreshTokenValidityDays?: number | null;
  /** Whether the app client's refresh tokens can be revoked (RevokeToken), which revokes the tokens issued with them. Default true. */
  readonly enableTokenRevocation?: BooleanInput;

  /**
   * Metric filters over the functions' logs and CloudWatch alarms on them and on the functions' Lambda metrics,
   * sending to `alarmSnsTopicArns` (monitoring.ts; needs `logFormat` JSON). Default false.
   */
  readonly createAlarms?: BooleanInput;
  /** SNS topics (yours) the alarms notify, in alarm and back to OK. Default []. */
  readonly alarmSnsTopicArns?: string[];
  /** Period each alarm evaluates, in seconds (a multiple of 60). Default 300. */
  readonly alarmPeriodSeconds?: number;
  /** A trigger whose longest run in a period reaches this, in ms, alarms (Cognito waits 5 s). Default 4000. */
  readonly alarmDurationThresholdMs?: number;
  /** Corbado failures of one kind (timeouts, unreachable, HTTP errors, bad answers) in a period that alarm. Default 5. */
  readonly alarmCorbadoFailureThreshold?: number;
  /** A CloudWatch dashboard of the functions and the login metrics (`<namePrefix>-<region>`). Default false. */
  readonly createDashboard?: BooleanInput;

  /**
   * The role (or user) Corbado's actions (pre-login, post-append) run as, in Corbado's account. Set: the module
   * creates the cross-account role they assume. Default none (no role).
   */
  readonly corbadoActionsPrincipalArn?: string | null;
  /** The `sts:ExternalId` Corbado sends (required with the principal). Not a secret: shown in plans on purpose. */
  readonly corbadoActionsExternalId?: string | null;
  /** Accept an account root as `corbadoActionsPrincipalArn` (weaker: anyone that account allows). Default false. */
  readonly allowAccountRootPrincipal?: BooleanInput;
  /**
   * Longest session of the actions role anyone may ask for, in seconds (IAM: 3600-43200). The actions ask for
   * 900; a session outlives the removal of Corbado's trust by at most this unless revoked. Default 3600.
   */
  readonly corbadoActionsMaxSessionDuration?: number;
  /**
   * What post-append does after a passkey is added: `off` (nothing) or `sms` (make SMS MFA preferred for a user
   * with a verified phone and no MFA yet). `sms` grants the actions role AdminSetUserMFAPreference and, in `create`
   * mode, configures SMS MFA (optional, never required) on the created pool. Default `off`.
   */
  readonly mfaAfterPasskey?: MfaAfterPasskey | TokenString;
  /**
   * `external`/`attach` only: whether the existing pool has SMS MFA configured (passed to post-append as
   * POOL_SMS_MFA_CONFIGURED). In `create` mode the module knows it. Default false.
   */
  readonly poolSmsMfaConfigured?: BooleanInput;

  /**
   * The security console's backend: a console user pool (TOTP MFA, groups admins and auditors, managed login),
   * the audit table and the admin API's authenticated routes. Off, the admin API serves only
   * `GET /v1/public/login-config`. Default false.
   */
  readonly consoleEnabled?: BooleanInput;
  /** How long audit entries are kept before DynamoDB's TTL removes them, in days, 1-3650. Default 400. */
  readonly auditRetentionDays?: number;
  /**
   * Shards per day of the adoption counters: each write picks one, the admin API sums them. Size it from the
   * peak logins per second / 500 (one partition takes about 1,000 writes per second); raise it, never lower it
   * (the reader would miss the higher shards). 1-100. Default 4.
   */
  readonly counterShards?: number;
  /** Deletion protection of the module's DynamoDB tables (adoption counters, audit log). Default true. */
  readonly tableDeletionProtection?: BooleanInput;
  /** The console's origin (`https://console.example.com`): CORS of the console's routes, default callback URLs. Required with the console. */
  readonly consoleOrigin?: string | null;
  /** Callback URLs of the console's app client. Default `[<consoleOrigin>/auth/callback]`. */
  readonly consoleCallbackUrls?: string[] | TokenList;
  /** Sign-out URLs of the console's app client. Default `[<consoleOrigin>/signed-out]`. */
  readonly consoleLogoutUrls?: string[] | TokenList;
  /**
   * Prefix of the console pool's managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`), unique across
   * AWS. Default: `<namePrefix>-console-<10 hex of sha256(account/region/namePrefix)>`.
   */
  readonly consoleDomainPrefix?: string | null;
  /** The Corbado project id (`pro-…`): the admin API's Frontend API calls. Required with the console. */
  readonly corbadoProjectId?: string | null;
  /** Origins of the customer's login pages: CORS of `GET /v1/public/login-config`. Default []. */
  readonly loginPageOrigins?: string[] | TokenList;
  /** Steady requests per second the HTTP API's stage allows on each route (API Gateway throttling). Default 50. */
  readonly apiThrottlingRateLimit?: number;
  /** Burst the stage allows on each route. Default 100. */
  readonly apiThrottlingBurstLimit?: number;
  /** Requests per second on the public login-config route (it reads SSM, which define depends on). Default 20. */
  readonly publicConfigThrottlingRateLimit?: number;
  /** Burst on the public login-config route. Default 40. */
  readonly publicConfigThrottlingBurstLimit?: number;
  /** The self-service route `POST /v1/self/connect-tokens` for signed-in users' own passkeys. Default false. */
  readonly selfServiceEnabled?: BooleanInput;
  /** App clients of the customer pool whose tokens the route accepts. Default: the module's app client. */
  readonly selfServiceClientIds?: string[] | TokenList;
  /** Which tokens the route accepts: `id`, `access` or both. Default both. */
  readonly selfServiceTokenUses?: string[] | TokenList;
  /** Origins of the customer's app pages: CORS of the self-service route. Default [] (no browser may read it). */
  readonly selfServiceOrigins?: string[] | TokenList;
  /** The user attribute sent as an append token's display name. Default `email`. */
  readonly selfServiceDisplayNameAttribute?: string;
  /** A `passkey-append` token only this many seconds after the user signed in (`auth_time`), 30-3600. Default 300. */
  readonly selfServiceAppendMaxAuthAgeSeconds?: number;
  /** Lifetime of the connect tokens the route mints, in seconds, 10-600. Default 60. */
  readonly selfServiceTokenLifetimeSeconds?: number;
  /** Connect tokens one user may get per window, 1-1000. Default 20. */
  readonly selfServiceRateLimit?: number;
  /** The rate limit's fixed window, in seconds, 60-86400. Default 600. */
  readonly selfServiceRateWindowSeconds?: number;
  /**
   * Deploy the post-authentication trigger, which counts every successful login (password logins are derived from
   * it; docs/admin-api.md, "Writers"). null (default): on in `create` mode, where the module wires it into its pool;
   * off in `external` and `attach` mode, where it changes a pool the module does not own: `external` then outputs it
   * in `lambda_config` for the caller to wire, `attach` merges it in like the other triggers. Off, the console shows
   * password logins and the passkey share as unknown.
   */
  readonly countAllLogins?: BooleanInput | null;
  /**
   * Host the admin console (needs `consoleEnabled`): a private S3 bucket read by CloudFront through origin access
   * control, with a strict Content-Security-Policy, and the console's config.json written from the module's own
   * admin API and console pool (console-hosting.ts). Upload the console's build yourself (docs/console.md,
   * "Hosting"). Default false.
   */
  readonly consoleHostingEnabled?: BooleanInput;
}

/** Options of the construct that are not module variables (how the construct is wired, not what it deploys). */
export interface CorbadoPasskeysOptions {
  /**
   * Where each function's zip is, as Terraform sees it. Default `${path.module}/functions/<name>.zip` (the
   * module's layout); a CDKTF app passes `TerraformAsset` paths.
   */
  readonly packagePaths?: Partial<Record<FunctionName, string>>;
  /** Prefix for Terraform logical names, for more than one instance in a stack. Default "". */
  readonly logicalIdPrefix?: string;
}

/** What every role of this module is given (the functions' roles, the SMS role, the Corbado actions role). */
export interface RoleDefaults {
  path: string;
  permissionsBoundary: string | undefined;
  tags: Record<string, string>;
}

/** The functions the construct deploys, each from `<name>.zip`. */
export const FUNCTION_NAMES = [
  "define-auth-challenge",
  "create-auth-challenge",
  "verify-auth-challenge",
  "post-authentication",
  "pool-attach",
  "admin-api",
  "self-service",
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export const DEFAULTS = {
  poolMode: "create",
  userPoolTier: "ESSENTIALS",
  userPoolDeletionProtection: true,
  userPoolSelfSignUp: false,
  replaceForeignTriggers: false,
  poolAttachPassRoleArns: [] as string[],
  namePrefix: "corbado-passkeys",
  includeRegionInNames: false,
  tags: {} as Record<string, string>,
  iamPath: "/",
  lambdaMemorySize: 256,
  vpcSubnetIds: [] as string[],
  vpcSecurityGroupIds: [] as string[],
  logRetentionDays: 365,
  logFormat: "JSON",
  packageS3Keys: {} as Record<string, string>,
  kmsKeyDeletionWindowDays: 30,
  secretManagement: "out_of_band",
  corbadoApiSecretVersion: 1,
  corbadoBackendApiUrl: "https://backendapi.cloud.corbado.io",
  // What the module passes to a function defaults to that function's own default (functions/<fn>/config.ts).
  corbadoTimeoutMs: VERIFY_CONTRACT.timeoutMs.default,
  maxChallengeAttempts: DEFINE_CONTRACT.maxAttempts.default,
  initialPasskeyFirst: false,
  initialKillSwitch: false,
  killSwitchWhenSettingsUnreadable: DEFINE_CONTRACT.killSwitchWhenUnreadable.default,
  loginSettingsCacheTtlMs: DEFINE_CONTRACT.settingsCacheTtlMs.default,
  createAppClient: true,
  appClientExtraAuthFlows: [] as ExtraAuthFlow[],
  authSessionValidityMinutes: 3,
  enableTokenRevocation: true,
  createAlarms: false,
  alarmSnsTopicArns: [] as string[],
  alarmPeriodSeconds: 300,
  alarmDurationThresholdMs: 4000,
  alarmCorbadoFailureThreshold: 5,
  createDashboard: false,
  allowAccountRootPrincipal: false,
  corbadoActionsMaxSessionDuration: ACTIONS_ROLE_MAX_SESSION_DURATION.default,
  mfaAfterPasskey: POST_APPEND_CONTRACT.mfaAfterPasskey.default,
  poolSmsMfaConfigured: POST_APPEND_CONTRACT.poolSmsMfaConfigured.default,
  consoleEnabled: false,
  auditRetentionDays: ADMIN_API_CONTRACT.auditRetentionDays.default,
  counterShards: ADMIN_API_CONTRACT.counterShards.default,
  tableDeletionProtection: true,
  consoleCallbackUrls: [] as string[],
  consoleLogoutUrls: [] as string[],
  loginPageOrigins: [] as string[],
  apiThrottlingRateLimit: 50,
  apiThrottlingBurstLimit: 100,
  publicConfigThrottlingRateLimit: 20,
  publicConfigThrottlingBurstLimit: 40,
  selfServiceEnabled: false,
  selfServiceClientIds: [] as string[],
  selfServiceTokenUses: [...SELF_SERVICE_CONTRACT.tokenUses.default] as string[],
  selfServiceOrigins: [] as string[],
  selfServiceDisplayNameAttribute: SELF_SERVICE_CONTRACT.displayNameAttribute.default,
  selfServiceAppendMaxAuthAgeSeconds: SELF_SERVICE_CONTRACT.appendMaxAuthAgeSeconds.default,
  selfServiceTokenLifetimeSeconds: SELF_SERVICE_CONTRACT.connectTokenLifetimeSeconds.default,
  selfServiceRateLimit: SELF_SERVICE_CONTRACT.rateLimit.default,
  selfServiceRateWindowSeconds: SELF_SERVICE_CONTRACT.rateLimitWindowSeconds.default,
  consoleHostingEnabled: false,
} as const;
