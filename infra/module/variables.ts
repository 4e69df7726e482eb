import type { IResolvable } from "cdktf";
import { MAX_USER_POOL_ID_LENGTH } from "../../functions/shared/cognito-names";
import {
  BACKEND_API_URL_PATTERN,
  LOG_RETENTION_DAYS,
  NAME_PREFIX_PATTERN,
  OPTION_RANGES,
  RANGES,
  USER_POOL_ID_PATTERN,
} from "../constructs/limits";
import {
  DEFAULTS,
  EXTRA_AUTH_FLOWS,
  FUNCTION_NAMES,
  LOG_FORMATS,
  TRACING_MODES,
  MFA_AFTER_PASSKEY_MODES,
  POOL_MODES,
  SECRET_MANAGEMENT_MODES,
  USER_POOL_TIERS,
  type CorbadoPasskeysProps,
  type TokenList,
  type TokenString,
} from "../constructs/props";
import {
  ACTIONS_ROLE_MAX_SESSION_DURATION,
  actionsRoleTerraformValidations,
  DEFAULT_VARIABLE_NAMES,
  MESSAGES as ACTIONS_ROLE_MESSAGES,
} from "../policies/actions-role-validation";
import { ORIGIN_PATTERN } from "../../functions/self-service/config";

/** How a variable's value reaches the construct: the CDKTF token each kind of variable hands it. */
export interface VariableTokens {
  string: TokenString;
  number: number;
  bool: IResolvable;
  list: TokenList;
  map: Record<string, string>;
}
export type VariableKind = keyof VariableTokens;

/** The kinds of variable whose token a prop of type T accepts. */
type KindsFor<T> = { [K in VariableKind]: VariableTokens[K] extends T ? K : never }[VariableKind];

export interface VariableValidation {
  /** HCL expression. */
  condition: string;
  errorMessage: string;
}

export interface VariableSpec<K extends VariableKind = VariableKind> {
  /** snake_case name of the Terraform variable. */
  name: string;
  kind: K;
  /** HCL type constraint. */
  type: string;
  description: string;
  /** Absent: required. `null`: optional with no value. */
  default?: unknown;
  sensitive?: boolean;
  ephemeral?: boolean;
  validation?: VariableValidation[];
}

const ARN_PARTITION = String.raw`arn:aws[a-z-]*`;
const RETENTION_DAYS = LOG_RETENTION_DAYS;
/** Origins as the APIs accept them (functions/self-service/config.ts). */
const origins = (name: string): VariableValidation => ({
  condition: `alltrue([for o in var.${name} : can(regex(${JSON.stringify(ORIGIN_PATTERN)}, o))])`,
  errorMessage: `${name} must hold https origins without path or trailing slash (plain http only on localhost, 127.0.0.1 or [::1]).`,
});
/** Callback and sign-out URLs: https, or http on loopback; no query or fragment. */
const URL_PATTERN = String.raw`^(https://[^\s/?#]+|http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?)(/[^\s?#]*)?$`;
const httpsUrls = (name: string): VariableValidation => ({
  condition: `alltrue([for u in var.${name} : can(regex(${JSON.stringify(URL_PATTERN)}, u))])`,
  errorMessage: `${name} must hold https URLs (plain http only on localhost, 127.0.0.1 or [::1]) without query or fragment.`,
});
const hclList = (values: readonly (string | number)[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
/** The functions every configuration deploys (pool-attach, post-authentication and self-service depend on switches). */
const ALWAYS_DEPLOYED = FUNCTION_NAMES.filter(
  (f) => f !== "pool-attach" && f !== "post-authentication" && f !== "self-service",
);
/** Whether post-authentication is deployed: count_all_logins, or by pool mode when it is null (props.ts). */
export const COUNT_ALL_LOGINS_HCL = `(var.count_all_logins == null ? var.pool_mode == "create" : var.count_all_logins)`;
const between = (name: string, [min, max, unit]: readonly [number, number, string]): VariableValidation => ({
  condition: `var.${name} >= ${min} && var.${name} <= ${max} && floor(var.${name}) == var.${name}`,
  errorMessage: `${name} must be a whole number of ${unit} from ${min} to ${max}.`,
});
/** As `between`, for a variable that may be null (a conditional: Terraform evaluates both sides of ||). */
const optionalBetween = (name: string, [min, max, unit]: readonly [number, number, string]): VariableValidation => ({
  condition: `var.${name} == null ? true : var.${name} >= ${min} && var.${name} <= ${max} && floor(var.${name}) == var.${name}`,
  errorMessage: `${name} must be a whole number of ${unit} from ${min} to ${max}, or null.`,
});
const optionalMatch = (name: string, regex: string, what: string): VariableValidation => ({
  condition: `var.${name} == null || can(regex(${JSON.stringify(regex)}, var.${name}))`,
  errorMessage: `${name} must be ${what}, or null.`,
});
const kmsKeyArn = String.raw`^${ARN_PARTITION}:kms:[a-z0-9-]+:\d{12}:key/[a-zA-Z0-9-]+$`;
/** The actions role's rules, shared with the construct (infra/policies/actions-role-validation.ts). */
const actionsRoleRules = actionsRoleTerraformValidations();

/** For each prop, the spec of the variable feeding it, of a kind whose token the prop accepts. */
export type ModuleVariables = {
  [P in keyof CorbadoPasskeysProps]-?: VariableSpec<KindsFor<NonNullable<CorbadoPasskeysProps[P]>>>;
};

/**
 * Every variable of the module, keyed by the construct prop it feeds: the type makes the compiler refuse a prop
 * without a variable (and the reverse), and a variable whose kind of token the prop does not accept, so the two
 * stay one to one. Order here is the order of variables.tf and of the README.
 */
export const VARIABLES: ModuleVariables = {
  poolMode: {
    name: "pool_mode",
    kind: "string",
    type: "string",
    description:
      'How the module relates to the user pool: "create" (the module creates and owns a pool), "external" (the pool is managed by your Terraform; add the lambda_config output to it), "attach" (a pool outside Terraform; an apply-time step adds the three triggers and removes exactly them on destroy).',
    default: DEFAULTS.poolMode,
    validation: [
      {
        condition: `contains(${hclList(POOL_MODES)}, var.pool_mode)`,
        errorMessage: 'pool_mode must be "create", "external" or "attach".',
      },
    ],
  },
  userPoolId: {
    name: "user_pool_id",
    kind: "string",
    type: "string",
    description:
      'Id of the existing user pool (for example "eu-central-1_AbC123"). Required in "external" and "attach" modes, must be null in "create" mode.',
    default: null,
    validation: [
      {
        // What the attach function and the Corbado actions take as USER_POOL_ID (their contracts).
        condition: `var.pool_mode == "create" ? var.user_pool_id == null : can(regex(${JSON.stringify(USER_POOL_ID_PATTERN)}, var.user_pool_id)) && try(length(var.user_pool_id) <= ${MAX_USER_POOL_ID_LENGTH}, false)`,
        errorMessage:
          'user_pool_id must be a user pool id such as "eu-central-1_AbC123" when pool_mode is "external" or "attach", and null when pool_mode is "create".',
      },
    ],
  },
  userPoolName: {
    name: "user_pool_name",
    kind: "string",
    type: "string",
    description: 'Name of the pool created in "create" mode. Default: name_prefix.',
    default: null,
    validation: [
      optionalMatch("user_pool_name", String.raw`^[\w\s+=,.@-]{1,128}$`, "1 to 128 letters, digits, spaces or +=,.@_-"),
    ],
  },
  userPoolTier: {
    name: "user_pool_tier",
    kind: "string",
    type: "string",
    description: 'Feature plan of the pool created in "create" mode: LITE, ESSENTIALS or PLUS.',
    default: DEFAULTS.userPoolTier,
    validation: [
      {
        condition: `contains(${hclList(USER_POOL_TIERS)}, var.user_pool_tier)`,
        errorMessage: "user_pool_tier must be LITE, ESSENTIALS or PLUS.",
      },
    ],
  },
  userPoolDeletionProtection: {
    name: "user_pool_deletion_protection",
    kind: "bool",
    type: "bool",
    description:
      'Deletion protection of the pool created in "create" mode. Turn it off before destroying the module on purpose.',
    default: DEFAULTS.userPoolDeletionProtection,
  },
  userPoolSelfSignUp: {
    name: "user_pool_self_sign_up",
    kind: "bool",
    type: "bool",
    description:
      'Whether people may sign themselves up to the pool created in "create" mode. Default: only admins create users.',
    default: DEFAULTS.userPoolSelfSignUp,
  },
  replaceForeignTriggers: {
    name: "replace_foreign_triggers",
    kind: "bool",
    type: "bool",
    description:
      '"attach" mode: replace a define/create/verify auth challenge trigger that another function already holds. Default false: the apply stops with a message naming the function.',
    default: DEFAULTS.replaceForeignTriggers,
  },
  poolAttachPassRoleArns: {
    name: "pool_attach_pass_role_arns",
    kind: "list",
    type: "list(string)",
    description:
      '"attach" mode: IAM roles the existing pool already uses (its SMS role). UpdateUserPool passes them back unchanged, which needs iam:PassRole (to cognito-idp only). Leave empty when the pool sends no SMS.',
    default: DEFAULTS.poolAttachPassRoleArns,
    validation: [
      {
        condition: String.raw`alltrue([for arn in var.pool_attach_pass_role_arns : can(regex("^${ARN_PARTITION}:iam::\\d{12}:role/.+$", arn))])`,
        errorMessage: "pool_attach_pass_role_arns must hold IAM role ARNs (arn:aws:iam::<account>:role/<name>).",
      },
    ],
  },
  namePrefix: {
    name: "name_prefix",
    kind: "string",
    type: "string",
    description:
      "Prefix of every name the module gives: functions, roles, log groups, SSM parameters, the KMS alias, the app client.",
    default: DEFAULTS.namePrefix,
    validation: [
      {
        condition: `can(regex(${JSON.stringify(NAME_PREFIX_PATTERN)}, var.name_prefix))`,
        errorMessage:
          "name_prefix must be 2 to 28 characters: letters, digits and hyphens, starting with a letter and not ending with a hyphen (names such as <prefix>-verify-auth-challenge must fit IAM's 64 characters).",
      },
    ],
  },
  includeRegionInNames: {
    name: "include_region_in_names",
    kind: "bool",
    type: "bool",
    description:
      'Put the region into the names that are global to the account, the IAM roles (<name_prefix>-<region>-verify-auth-challenge), so that instances with the same name_prefix in several regions do not collide (IAM refuses the second at apply, not at plan). Turning it on for a deployed module replaces its roles (see docs/deploy.md, "Several regions"). Becomes the default in the next major version.',
    default: DEFAULTS.includeRegionInNames,
  },
  tags: {
    name: "tags",
    kind: "map",
    type: "map(string)",
    description: "Tags for every resource the module owns. Never applied to a pool the module did not create.",
    default: DEFAULTS.tags,
    validation: [
      {
        condition: `alltrue([for key in keys(var.tags) : !startswith(lower(key), "aws:")])`,
        errorMessage: 'tags must not use the reserved "aws:" prefix.',
      },
    ],
  },
  iamPath: {
    name: "iam_path",
    kind: "string",
    type: "string",
    description: 'IAM path of every role the module creates, for example "/app/passkeys/".',
    default: DEFAULTS.iamPath,
    validation: [
      {
        condition: String.raw`can(regex("^/([A-Za-z0-9+=,.@_-]+/)*$", var.iam_path)) && length(var.iam_path) <= 512`,
        errorMessage:
          'iam_path must start and end with "/" (for example "/" or "/app/passkeys/"), with letters, digits and +=,.@_- between.',
      },
    ],
  },
  permissionsBoundaryArn: {
    name: "permissions_boundary_arn",
    kind: "string",
    type: "string",
    description: "ARN of an IAM policy attached as permissions boundary to every role the module creates.",
    default: null,
    validation: [
      optionalMatch(
        "permissions_boundary_arn",
        String.raw`^${ARN_PARTITION}:iam::(\d{12}|aws):policy/.+$`,
        "an IAM policy ARN (arn:aws:iam::<account>:policy/<name>)",
      ),
    ],
  },
  lambdaMemorySize: {
    name: "lambda_memory_size",
    kind: "number",
    type: "number",
    description: "Memory of each trigger function, in MB (CPU grows with it).",
    default: DEFAULTS.lambdaMemorySize,
    validation: [between("lambda_memory_size", RANGES.lambdaMemorySize)],
  },
  reservedConcurrentExecutions: {
    name: "reserved_concurrent_executions",
    kind: "number",
    type: "number",
    description:
      "Reserved concurrency of each trigger function: at most this many logins run at once, and the account keeps that many for them. At least 1 (0 would throttle every login). Default: unreserved (shares the account's pool).",
    default: null,
    validation: [
      {
        // A conditional, not ||: Terraform evaluates both sides of || (and floor(null) fails).
        condition:
          "var.reserved_concurrent_executions == null ? true : var.reserved_concurrent_executions >= 1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions",
        errorMessage:
          "reserved_concurrent_executions must be a whole number of 1 or more, or null: 0 throttles every invocation, so no passkey login could run.",
      },
    ],
  },
  vpcSubnetIds: {
    name: "vpc_subnet_ids",
    kind: "list",
    type: "list(string)",
    description:
      "Subnets to run the trigger functions in. Empty: no VPC. The subnets need a route to Corbado and to SSM (NAT or VPC endpoint).",
    default: DEFAULTS.vpcSubnetIds,
    validation: [
      {
        condition: `alltrue([for id in var.vpc_subnet_ids : startswith(id, "subnet-")])`,
        errorMessage: 'vpc_subnet_ids must hold subnet ids ("subnet-...").',
      },
    ],
  },
  vpcSecurityGroupIds: {
    name: "vpc_security_group_ids",
    kind: "list",
    type: "list(string)",
    description: "Security groups of the trigger functions when vpc_subnet_ids is set.",
    default: DEFAULTS.vpcSecurityGroupIds,
    validation: [
      {
        condition: `alltrue([for id in var.vpc_security_group_ids : startswith(id, "sg-")]) && (length(var.vpc_subnet_ids) == 0 || length(var.vpc_security_group_ids) > 0)`,
        errorMessage:
          'vpc_security_group_ids must hold security group ids ("sg-..."), at least one when vpc_subnet_ids is set.',
      },
    ],
  },
  logRetentionDays: {
    name: "log_retention_days",
    kind: "number",
    type: "number",
    description: "Days each function's log group keeps events. One of CloudWatch Logs' values.",
    default: DEFAULTS.logRetentionDays,
    validation: [
      {
        condition: `contains(${hclList(RETENTION_DAYS)}, var.log_retention_days)`,
        errorMessage: `log_retention_days must be one of CloudWatch Logs' values: ${RETENTION_DAYS.join(", ")}.`,
      },
    ],
  },
  logKmsKeyArn: {
    name: "log_kms_key_arn",
    kind: "string",
    type: "string",
    description:
      "KMS key ARN encrypting the log groups (its key policy must allow the CloudWatch Logs service). Default: CloudWatch Logs' own encryption.",
    default: null,
    validation: [
      optionalMatch("log_kms_key_arn", kmsKeyArn, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)"),
    ],
  },
  logFormat: {
    name: "log_format",
    kind: "string",
    type: "string",
    description:
      'Lambda\'s log format for every function: "JSON" (each line a JSON object with timestamp, level, requestId and the function\'s own record under message; what SIEMs ingest, and what the alarms\' metric filters read) or "Text".',
    default: DEFAULTS.logFormat,
    validation: [
      {
        condition: `contains(${hclList(LOG_FORMATS)}, var.log_format)`,
        errorMessage: 'log_format must be "JSON" or "Text".',
      },
    ],
  },
  tracingMode: {
    name: "tracing_mode",
    kind: "string",
    type: "string",
    description:
      'X-Ray tracing of every function: "Active" or "PassThrough". Set, each function\'s role may also write X-Ray traces (xray:PutTraceSegments, xray:PutTelemetryRecords). Default: no tracing.',
    default: null,
    validation: [
      {
        condition: `var.tracing_mode == null ? true : contains(${hclList(TRACING_MODES)}, var.tracing_mode)`,
        errorMessage: 'tracing_mode must be "Active", "PassThrough" or null.',
      },
    ],
  },
  codeSigningConfigArn: {
    name: "code_signing_config_arn",
    kind: "string",
    type: "string",
    description:
      "ARN of a Lambda code signing configuration every function's package must satisfy. Sign the module's zips with your signer profile and pass them with package_s3_bucket and package_s3_keys (docs/deploy.md, \"Code signing\"). Default: none.",
    default: null,
    validation: [
      optionalMatch(
        "code_signing_config_arn",
        String.raw`^${ARN_PARTITION}:lambda:[a-z0-9-]+:\d{12}:code-signing-config:csc-[a-z0-9]+$`,
        "a Lambda code signing configuration ARN (arn:aws:lambda:<region>:<account>:code-signing-config:csc-...)",
      ),
    ],
  },
  packageS3Bucket: {
    name: "package_s3_bucket",
    kind: "string",
    type: "string",
    description:
      "S3 bucket holding signed packages of the functions (the output of an AWS Signer job); with package_s3_keys. Default: null, the module's own zips in functions/ are deployed.",
    default: null,
    validation: [optionalMatch("package_s3_bucket", "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", "an S3 bucket name")],
  },
  packageS3Keys: {
    name: "package_s3_keys",
    kind: "map",
    type: "map(string)",
    description: `With package_s3_bucket: the S3 key of each function's signed package, by function name (${FUNCTION_NAMES.join(", ")}; pool-attach in "attach" mode only). A new key redeploys that function.`,
    default: DEFAULTS.packageS3Keys,
    validation: [
      {
        condition: `alltrue([for name in keys(var.package_s3_keys) : contains(${hclList(FUNCTION_NAMES)}, name)]) && (var.package_s3_bucket == null ? length(var.package_s3_keys) == 0 : alltrue([for name in concat(${hclList(ALWAYS_DEPLOYED)}, var.pool_mode == "attach" ? ["pool-attach"] : [], var.self_service_enabled ? ["self-service"] : [], ${COUNT_ALL_LOGINS_HCL} ? ["post-authentication"] : []) : contains(keys(var.package_s3_keys), name)]))`,
        errorMessage: `package_s3_keys must name a key for each function the module deploys (${ALWAYS_DEPLOYED.join(", ")}, pool-attach in "attach" mode, self-service with self_service_enabled, post-authentication when count_all_logins is on) when package_s3_bucket is set, and be empty when it is not.`,
      },
    ],
  },
  createKmsKey: {
    name: "create_kms_key",
    kind: "bool",
    type: "bool",
    description:
      "Create the KMS key for the Corbado secret (rotation on, key policy naming the account and the verify-auth-challenge role). Set false and give kms_key_arn to use your own key.",
    default: true,
  },
  kmsKeyArn: {
    name: "kms_key_arn",
    kind: "string",
    type: "string",
    description:
      "Your KMS key ARN for the Corbado secret, with create_kms_key = false. Its key policy must let the verify-auth-challenge role decrypt through SSM (see docs/deploy.md).",
    default: null,
    validation: [
      optionalMatch(
        "kms_key_arn",
        kmsKeyArn,
        "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases are not accepted",
      ),
      {
        condition: "var.create_kms_key == (var.kms_key_arn == null)",
        errorMessage: "kms_key_arn must be set when create_kms_key is false, and null when it is true.",
      },
    ],
  },
  kmsKeyDeletionWindowDays: {
    name: "kms_key_deletion_window_days",
    kind: "number",
    type: "number",
    description: "Waiting period before the module's KMS key is deleted after a destroy, in days.",
    default: DEFAULTS.kmsKeyDeletionWindowDays,
    validation: [between("kms_key_deletion_window_days", RANGES.kmsKeyDeletionWindowDays)],
  },
  secretManagement: {
    name: "secret_management",
    kind: "string",
    type: "string",
    description:
      'How the Corbado secret gets its value. "out_of_band": the module creates the parameter with a placeholder and an operator puts the value with the AWS CLI (Terraform never sees it). "terraform": Terraform writes corbado_api_secret through the write-only argument value_wo (never stored in state or plan).',
    default: DEFAULTS.secretManagement,
    validation: [
      {
        condition: `contains(${hclList(SECRET_MANAGEMENT_MODES)}, var.secret_management)`,
        errorMessage: 'secret_management must be "out_of_band" or "terraform".',
      },
    ],
  },
  corbadoApiSecret: {
    name: "corbado_api_secret",
    kind: "string",
    type: "string",
    description:
      'secret_management = "terraform" only: base64(projectId:apiSecret) of your Corbado project. Ephemeral: never stored in state or plan; pass it on every run (for example TF_VAR_corbado_api_secret from your secret store).',
    default: null,
    sensitive: true,
    ephemeral: true,
  },
  corbadoApiSecretVersion: {
    name: "corbado_api_secret_version",
    kind: "number",
    type: "number",
    description:
      'The secret parameter\'s value is written on create and each time this number changes, never otherwise (it is a write-only value). With secret_management = "terraform", increase it to write a new corbado_api_secret; with "out_of_band", leave it alone (a change would write the placeholder over your secret).',
    default: DEFAULTS.corbadoApiSecretVersion,
    validation: [
      {
        condition:
          "var.corbado_api_secret_version >= 1 && floor(var.corbado_api_secret_version) == var.corbado_api_secret_version",
        errorMessage: "corbado_api_secret_version must be a whole number of 1 or more.",
      },
    ],
  },
  corbadoBackendApiUrl: {
    name: "corbado_backend_api_url",
    kind: "string",
    type: "string",
    description: "Base URL of Corbado's Backend API.",
    default: DEFAULTS.corbadoBackendApiUrl,
    validation: [
      {
        condition: `can(regex(${JSON.stringify(BACKEND_API_URL_PATTERN)}, var.corbado_backend_api_url))`,
        errorMessage:
          "corbado_backend_api_url must be an https:// URL (plain http only on localhost, 127.0.0.1 or [::1]) without user info, query or fragment.",
      },
    ],
  },
  corbadoTimeoutMs: {
    name: "corbado_timeout_ms",
    kind: "number",
    type: "number",
    description:
      "How long verify-auth-challenge waits for Corbado, in ms. Cognito gives a trigger 5 s in all and verify also reads SSM (1 s budget).",
    default: DEFAULTS.corbadoTimeoutMs,
    validation: [between("corbado_timeout_ms", RANGES.corbadoTimeoutMs)],
  },
  maxChallengeAttempts: {
    name: "max_challenge_attempts",
    kind: "number",
    type: "number",
    description: "Wrong passkey answers allowed in one login session before it fails.",
    default: DEFAULTS.maxChallengeAttempts,
    validation: [between("max_challenge_attempts", RANGES.maxChallengeAttempts)],
  },
  initialPasskeyFirst: {
    name: "initial_passkey_first",
    kind: "bool",
    type: "bool",
    description:
      "Login setting passkeyFirst (offer the passkey first on the login page) written when the login-settings parameter is created. Terraform ignores later changes of the parameter (admin console, AWS CLI); changing this variable does not change a deployed value.",
    default: DEFAULTS.initialPasskeyFirst,
  },
  initialKillSwitch: {
    name: "initial_kill_switch",
    kind: "bool",
    type: "bool",
    description:
      "Login setting killSwitch (fail every passkey login; password login is unaffected) written when the login-settings parameter is created. Terraform ignores later changes of the parameter, so an apply never undoes a kill switch set in an emergency; every plan warns while it is on. Changing this variable does not change a deployed value (see docs/deploy.md).",
    default: DEFAULTS.initialKillSwitch,
  },
  killSwitchWhenSettingsUnreadable: {
    name: "kill_switch_when_settings_unreadable",
    kind: "bool",
    type: "bool",
    description:
      "What define-auth-challenge does when it cannot read the login settings and has read none yet (per function instance): true refuses passkey login (the safe default), false allows it. Password login is never affected.",
    default: DEFAULTS.killSwitchWhenSettingsUnreadable,
  },
  loginSettingsCacheTtlMs: {
    name: "login_settings_cache_ttl_ms",
    kind: "number",
    type: "number",
    description:
      "How long define-auth-challenge caches the login settings, in ms (how fast the kill switch takes effect), 1000 to 300000: each instance reads SSM at most once per this.",
    default: DEFAULTS.loginSettingsCacheTtlMs,
    validation: [between("login_settings_cache_ttl_ms", RANGES.loginSettingsCacheTtlMs)],
  },
  createAppClient: {
    name: "create_app_client",
    kind: "bool",
    type: "bool",
    description: "Create an app client for the passkey login page. Existing clients are never changed.",
    default: DEFAULTS.createAppClient,
  },
  appClientExtraAuthFlows: {
    name: "app_client_extra_auth_flows",
    kind: "list",
    type: "list(string)",
    description: `Auth flows the app client allows besides ALLOW_CUSTOM_AUTH and ALLOW_REFRESH_TOKEN_AUTH, for a password fallback on the same client: any of ${EXTRA_AUTH_FLOWS.join(", ")}.`,
    default: DEFAULTS.appClientExtraAuthFlows,
    validation: [
      {
        condition: `alltrue([for flow in var.app_client_extra_auth_flows : contains(${hclList(EXTRA_AUTH_FLOWS)}, flow)])`,
        errorMessage: `app_client_extra_auth_flows may only hold ${EXTRA_AUTH_FLOWS.join(", ")}.`,
      },
    ],
  },
  authSessionValidityMinutes: {
    name: "auth_session_validity_minutes",
    kind: "number",
    type: "number",
    description: "Lifetime of a login session on the app client (between InitiateAuth and the answer), in minutes.",
    default: DEFAULTS.authSessionValidityMinutes,
    validation: [between("auth_session_validity_minutes", RANGES.authSessionValidityMinutes)],
  },
  accessTokenValidityMinutes: {
    name: "access_token_validity_minutes",
    kind: "number",
    type: "number",
    description: "Lifetime of the app client's access tokens, in minutes (5 to 1440). Default: Cognito's (60).",
    default: null,
    validation: [optionalBetween("access_token_validity_minutes", OPTION_RANGES.accessTokenValidityMinutes)],
  },
  idTokenValidityMinutes: {
    name: "id_token_validity_minutes",
    kind: "number",
    type: "number",
    description: "Lifetime of the app client's ID tokens, in minutes (5 to 1440). Default: Cognito's (60).",
    default: null,
    validation: [optionalBetween("id_token_validity_minutes", OPTION_RANGES.idTokenValidityMinutes)],
  },
  refreshTokenValidityDays: {
    name: "refresh_token_validity_days",
    kind: "number",
    type: "number",
    description:
      "Lifetime of the app client's refresh tokens, in days (1 to 3650). Default: Cognito's (30). A user signs in again, with a passkey or a password, when it runs out.",
    default: null,
    validation: [optionalBetween("refresh_token_validity_days", OPTION_RANGES.refreshTokenValidityDays)],
  },
  enableTokenRevocation: {
    name: "enable_token_revocation",
    kind: "bool",
    type: "bool",
    description:
      "Whether the app client's refresh tokens can be revoked (RevokeToken, global sign-out), which also invalidates the access and ID tokens issued with them. Keep it on unless a client library cannot handle the origin_jti claim it adds.",
    default: DEFAULTS.enableTokenRevocation,
  },
  corbadoActionsPrincipalArn: {
    name: DEFAULT_VARIABLE_NAMES.principalArn,
    kind: "string",
    type: "string",
    description:
      "ARN of the IAM role (or user) Corbado's pre-login and post-append actions run as, in Corbado's account. Set: the module creates the role they assume (output corbado_actions_role_arn), trusting exactly this principal with corbado_actions_external_id. Null: no role.",
    default: null,
    validation: actionsRoleRules[DEFAULT_VARIABLE_NAMES.principalArn],
  },
  corbadoActionsExternalId: {
    name: DEFAULT_VARIABLE_NAMES.externalId,
    kind: "string",
    type: "string",
    description:
      "The sts:ExternalId Corbado sends when it assumes the actions role: required with corbado_actions_principal_arn, 2-1224 characters of letters, digits and _+=,.@:/-. Deliberately not sensitive: AWS does not treat an external id as a secret, and auditors must see changes to the role's trust in plan output.",
    default: null,
    validation: actionsRoleRules[DEFAULT_VARIABLE_NAMES.externalId],
  },
  allowAccountRootPrincipal: {
    name: DEFAULT_VARIABLE_NAMES.allowAccountRootPrincipal,
    kind: "bool",
    type: "bool",
    description:
      "Accept an account root (arn:aws:iam::<account>:root or a bare account id) as corbado_actions_principal_arn. Weaker, not recommended: the role then trusts every principal that account's own policies allow to assume it.",
    default: DEFAULTS.allowAccountRootPrincipal,
  },
  corbadoActionsMaxSessionDuration: {
    name: "corbado_actions_max_session_duration",
    kind: "number",
    type: "number",
    description:
      "Maximum session duration of the Corbado actions role, in seconds (IAM accepts 3600 to 43200; the default is IAM's minimum). The actions ask for 900-second sessions; this bounds what anyone holding Corbado's principal could ask for, and so how long a session can outlive the removal of Corbado's trust unless revoked (docs/corbado-actions.md).",
    default: DEFAULTS.corbadoActionsMaxSessionDuration,
    validation: [
      {
        condition: `var.corbado_actions_max_session_duration >= ${ACTIONS_ROLE_MAX_SESSION_DURATION.min} && var.corbado_actions_max_session_duration <= ${ACTIONS_ROLE_MAX_SESSION_DURATION.max} && floor(var.corbado_actions_max_session_duration) == var.corbado_actions_max_session_duration`,
        errorMessage: ACTIONS_ROLE_MESSAGES.maxSessionDuration,
      },
    ],
  },
  mfaAfterPasskey: {
    name: "mfa_after_passkey",
    kind: "string",
    type: "string",
    description:
      'What Corbado\'s post-append action does after a passkey is added: "off" (nothing) or "sms" (make SMS MFA preferred for a user with a verified phone number and no MFA setting yet; never a lockout). "sms" grants the actions role AdminSetUserMFAPreference and, in "create" mode, configures SMS MFA on the created pool: mfa_configuration "OPTIONAL" (never "ON") with an SNS role of the module\'s own.',
    default: DEFAULTS.mfaAfterPasskey,
    validation: [
      {
        condition: `contains(${hclList(MFA_AFTER_PASSKEY_MODES)}, var.mfa_after_passkey)`,
        errorMessage: 'mfa_after_passkey must be "off" or "sms".',
      },
    ],
  },
  poolSmsMfaConfigured: {
    name: "pool_sms_mfa_configured",
    kind: "bool",
    type: "bool",
    description:
      '"external" and "attach" modes: whether your pool has SMS MFA configured (an SMS configuration with an SNS role, MFA optional or on). Passed to post-append as POOL_SMS_MFA_CONFIGURED in the corbado_actions_environment output. In "create" mode the module knows (true exactly when mfa_after_passkey = "sms"); leave it false there.',
    default: DEFAULTS.poolSmsMfaConfigured,
    validation: [
      {
        condition: `var.pool_mode != "create" || !var.pool_sms_mfa_configured`,
        errorMessage:
          'pool_sms_mfa_configured must be false in "create" mode: the module configures SMS MFA on its own pool exactly when mfa_after_passkey = "sms".',
      },
    ],
  },
  createAlarms: {
    name: "create_alarms",
    kind: "bool",
    type: "bool",
    description:
      "Create metric filters over the functions' logs and CloudWatch alarms (trigger errors, throttles and durations near Cognito's 5 s, fail-closed answers, Corbado failures by reason, login-settings fallbacks) that notify alarm_sns_topic_arns. Needs log_format = \"JSON\". See docs/operations.md.",
    default: DEFAULTS.createAlarms,
    validation: [
      {
        condition: `!var.create_alarms || var.log_format == "JSON"`,
        errorMessage:
          "create_alarms needs log_format = \"JSON\": the metric filters read the functions' records where Lambda's JSON format puts them.",
      },
    ],
  },
  alarmSnsTopicArns: {
    name: "alarm_sns_topic_arns",
    kind: "list",
    type: "list(string)",
    description:
      "Your SNS topics the alarms notify, in alarm and back to OK. At least one with create_alarms. The topic's policy must let cloudwatch.amazonaws.com publish (and its KMS key, if encrypted, let CloudWatch use it).",
    default: DEFAULTS.alarmSnsTopicArns,
    validation: [
      {
        condition: String.raw`alltrue([for arn in var.alarm_sns_topic_arns : can(regex("^${ARN_PARTITION}:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$", arn))]) && (!var.create_alarms || length(var.alarm_sns_topic_arns) > 0)`,
        errorMessage:
          "alarm_sns_topic_arns must hold SNS topic ARNs (arn:aws:sns:<region>:<account>:<topic>), at least one when create_alarms is true.",
      },
    ],
  },
  alarmPeriodSeconds: {
    name: "alarm_period_seconds",
    kind: "number",
    type: "number",
    description: "Period each alarm evaluates, in seconds: a multiple of 60, up to one day.",
    default: DEFAULTS.alarmPeriodSeconds,
    validation: [
      {
        ...between("alarm_period_seconds", OPTION_RANGES.alarmPeriodSeconds),
        condition: `${between("alarm_period_seconds", OPTION_RANGES.alarmPeriodSeconds).condition} && var.alarm_period_seconds % 60 == 0`,
        errorMessage: "alarm_period_seconds must be a multiple of 60 seconds from 60 to 86400.",
      },
    ],
  },
  alarmDurationThresholdMs: {
    name: "alarm_duration_threshold_ms",
    kind: "number",
    type: "number",
    description:
      "A trigger whose longest run in a period reaches this many milliseconds alarms: Cognito waits 5000 ms for a trigger's answer, then fails the login.",
    default: DEFAULTS.alarmDurationThresholdMs,
    validation: [between("alarm_duration_threshold_ms", OPTION_RANGES.alarmDurationThresholdMs)],
  },
  alarmCorbadoFailureThreshold: {
    name: "alarm_corbado_failure_threshold",
    kind: "number",
    type: "number",
    description:
      "Corbado failures of one kind (timeouts, unreachable, HTTP errors, bad answers) in one period that alarm. A rejected secret (HTTP 401) and an unreadable secret alarm at the first occurrence.",
    default: DEFAULTS.alarmCorbadoFailureThreshold,
    validation: [between("alarm_corbado_failure_threshold", OPTION_RANGES.alarmCorbadoFailureThreshold)],
  },
  createDashboard: {
    name: "create_dashboard",
    kind: "bool",
    type: "bool",
    description:
      "Create a CloudWatch dashboard (<name_prefix>-<region>: dashboards are global to the account) with the functions' invocations, errors, throttles and durations and, with create_alarms, the login metrics.",
    default: DEFAULTS.createDashboard,
  },
  consoleEnabled: {
    name: "console_enabled",
    kind: "bool",
    type: "bool",
    description:
      "Create the security console's backend: a console user pool (admin-created users, TOTP MFA required, groups admins and auditors, managed login), the audit table and the admin API's authenticated routes. Off, the admin API serves only GET /v1/public/login-config.",
    default: DEFAULTS.consoleEnabled,
  },
  auditRetentionDays: {
    name: "audit_retention_days",
    kind: "number",
    type: "number",
    description:
      "How long the audit log keeps an entry, in days, 1 to 3650: DynamoDB's TTL removes it afterwards (within about two days).",
    default: DEFAULTS.auditRetentionDays,
    validation: [between("audit_retention_days", RANGES.auditRetentionDays)],
  },
  counterShards: {
    name: "counter_shards",
    kind: "number",
    type: "number",
    description:
      "Shards per day of the adoption counters, 1 to 100: each count goes to one, the admin API sums them. Size it from your peak logins per second / 500 (one DynamoDB partition takes about 1,000 writes per second). Raise it, never lower it: the reader would miss the counts in the higher shards.",
    default: DEFAULTS.counterShards,
    validation: [between("counter_shards", RANGES.counterShards)],
  },
  tableDeletionProtection: {
    name: "table_deletion_protection",
    kind: "bool",
    type: "bool",
    description:
      "Deletion protection of the module's DynamoDB tables (adoption counters; audit log with console_enabled). Turn it off before destroying the module on purpose: the counts and the audit log cannot be rebuilt.",
    default: DEFAULTS.tableDeletionProtection,
  },
  consoleOrigin: {
    name: "console_origin",
    kind: "string",
    type: "string",
    description:
      "The security console's origin (https://console.example.com, no path): CORS of the console's routes and the default callback and sign-out URLs. Required with console_enabled.",
    default: null,
    validation: [
      {
        condition: `var.console_origin == null ? !var.console_enabled : can(regex(${JSON.stringify(ORIGIN_PATTERN)}, var.console_origin))`,
        errorMessage:
          "console_origin must be an https origin without path or trailing slash (plain http only on localhost, 127.0.0.1 or [::1]); it is required with console_enabled.",
      },
    ],
  },
  consoleCallbackUrls: {
    name: "console_callback_urls",
    kind: "list",
    type: "list(string)",
    description: "Callback URLs of the console's app client. Empty: [<console_origin>/auth/callback].",
    default: DEFAULTS.consoleCallbackUrls,
    validation: [httpsUrls("console_callback_urls")],
  },
  consoleLogoutUrls: {
    name: "console_logout_urls",
    kind: "list",
    type: "list(string)",
    description: "Sign-out URLs of the console's app client. Empty: [<console_origin>/signed-out].",
    default: DEFAULTS.consoleLogoutUrls,
    validation: [httpsUrls("console_logout_urls")],
  },
  consoleDomainPrefix: {
    name: "console_domain_prefix",
    kind: "string",
    type: "string",
    description:
      "Prefix of the console pool's managed-login domain (<prefix>.auth.<region>.amazoncognito.com), unique across AWS. Null: <name_prefix>-console-<10 hex characters of sha256(account/region/name_prefix)>, unique per deployment without revealing the account.",
    default: null,
    validation: [
      {
        condition:
          'var.console_domain_prefix == null ? true : can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.console_domain_prefix)) && !can(regex("aws|amazon|cognito", var.console_domain_prefix))',
        errorMessage:
          "console_domain_prefix must be 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen, without aws, amazon or cognito; or null.",
      },
    ],
  },
  corbadoProjectId: {
    name: "corbado_project_id",
    kind: "string",
    type: "string",
    description:
      "Your Corbado project id (pro-…): the admin API calls Corbado's Frontend API for a user's passkeys. Required with console_enabled.",
    default: null,
    validation: [
      {
        condition:
          'var.corbado_project_id == null ? !var.console_enabled : can(regex("^pro-[0-9]{1,32}$", var.corbado_project_id))',
        errorMessage: "corbado_project_id must be pro- and digits; it is required with console_enabled.",
      },
    ],
  },
  loginPageOrigins: {
    name: "login_page_origins",
    kind: "list",
    type: "list(string)",
    description:
      "Origins of your login pages (https, no path): CORS of GET /v1/public/login-config, which tells a page whether passkey-first is on and passkey login available.",
    default: DEFAULTS.loginPageOrigins,
    validation: [origins("login_page_origins")],
  },
  apiThrottlingRateLimit: {
    name: "api_throttling_rate_limit",
    kind: "number",
    type: "number",
    description: "Steady requests per second the HTTP API allows on each route (stage default), 1 to 10000.",
    default: DEFAULTS.apiThrottlingRateLimit,
    validation: [between("api_throttling_rate_limit", OPTION_RANGES.apiThrottlingRateLimit)],
  },
  apiThrottlingBurstLimit: {
    name: "api_throttling_burst_limit",
    kind: "number",
    type: "number",
    description: "Burst the HTTP API allows on each route (stage default), 1 to 5000.",
    default: DEFAULTS.apiThrottlingBurstLimit,
    validation: [between("api_throttling_burst_limit", OPTION_RANGES.apiThrottlingBurstLimit)],
  },
  publicConfigThrottlingRateLimit: {
    name: "public_config_throttling_rate_limit",
    kind: "number",
    type: "number",
    description:
      "Steady requests per second on GET /v1/public/login-config, 1 to 10000: it reads the SSM parameter define-auth-challenge depends on (cached per instance).",
    default: DEFAULTS.publicConfigThrottlingRateLimit,
    validation: [between("public_config_throttling_rate_limit", OPTION_RANGES.publicConfigThrottlingRateLimit)],
  },
  publicConfigThrottlingBurstLimit: {
    name: "public_config_throttling_burst_limit",
    kind: "number",
    type: "number",
    description: "Burst on GET /v1/public/login-config, 1 to 5000.",
    default: DEFAULTS.publicConfigThrottlingBurstLimit,
    validation: [between("public_config_throttling_burst_limit", OPTION_RANGES.publicConfigThrottlingBurstLimit)],
  },
  selfServiceEnabled: {
    name: "self_service_enabled",
    kind: "bool",
    type: "bool",
    description:
      "Create the self-service route POST /v1/self/connect-tokens: a signed-in user of your pool gets connect tokens for their own passkeys (append after a fresh sign-in, list, delete), so your app needs no backend code for it.",
    default: DEFAULTS.selfServiceEnabled,
  },
  selfServiceClientIds: {
    name: "self_service_client_ids",
    kind: "list",
    type: "list(string)",
    description:
      "App clients of your pool whose tokens the self-service route accepts. Empty: the module's app client.",
    default: DEFAULTS.selfServiceClientIds,
    validation: [
      {
        condition: `alltrue([for id in var.self_service_client_ids : can(regex(${JSON.stringify(String.raw`^[\w+-]{1,128}$`)}, id))])`,
        errorMessage: "self_service_client_ids must hold app client ids (letters, digits, _, + and -).",
      },
    ],
  },
  selfServiceTokenUses: {
    name: "self_service_token_uses",
    kind: "list",
    type: "list(string)",
    description: 'Which of your pool\'s tokens the self-service route accepts: "id", "access" or both.',
    default: DEFAULTS.selfServiceTokenUses,
    validation: [
      {
        condition:
          'length(var.self_service_token_uses) > 0 && alltrue([for u in var.self_service_token_uses : contains(["id", "access"], u)])',
        errorMessage: 'self_service_token_uses must hold "id", "access" or both.',
      },
    ],
  },
  selfServiceOrigins: {
    name: "self_service_origins",
    kind: "list",
    type: "list(string)",
    description:
      "Origins of your app's pages (https, no path): CORS of the self-service route. Empty: no browser may read its answers.",
    default: DEFAULTS.selfServiceOrigins,
    validation: [origins("self_service_origins")],
  },
  selfServiceDisplayNameAttribute: {
    name: "self_service_display_name_attribute",
    kind: "string",
    type: "string",
    description:
      "The user attribute sent as an append token's display name (email, preferred_username, custom:<name>).",
    default: DEFAULTS.selfServiceDisplayNameAttribute,
    validation: [
      {
        condition: 'can(regex("^(custom:)?[A-Za-z0-9_-]{1,32}$", var.self_service_display_name_attribute))',
        errorMessage:
          "self_service_display_name_attribute must be a Cognito attribute name such as email or custom:name.",
      },
    ],
  },
  selfServiceAppendMaxAuthAgeSeconds: {
    name: "self_service_append_max_auth_age_seconds",
    kind: "number",
    type: "number",
    description:
      "Step-up for enrolment: a passkey-append token only this many seconds after the user signed in (auth_time), 30 to 3600; later: 401 reauthentication_required.",
    default: DEFAULTS.selfServiceAppendMaxAuthAgeSeconds,
    validation: [between("self_service_append_max_auth_age_seconds", RANGES.selfServiceAppendMaxAuthAgeSeconds)],
  },
  selfServiceTokenLifetimeSeconds: {
    name: "self_service_token_lifetime_seconds",
    kind: "number",
    type: "number",
    description: "Lifetime (maxLifetimeInSeconds) of the connect tokens the self-service route mints, 10 to 600.",
    default: DEFAULTS.selfServiceTokenLifetimeSeconds,
    validation: [between("self_service_token_lifetime_seconds", RANGES.selfServiceTokenLifetimeSeconds)],
  },
  selfServiceRateLimit: {
    name: "self_service_rate_limit",
    kind: "number",
    type: "number",
    description: "Connect tokens one user may get per window, 1 to 1000; more get 429 with Retry-After.",
    default: DEFAULTS.selfServiceRateLimit,
    validation: [between("self_service_rate_limit", RANGES.selfServiceRateLimit)],
  },
  selfServiceRateWindowSeconds: {
    name: "self_service_rate_window_seconds",
    kind: "number",
    type: "number",
    description: "The fixed window of self_service_rate_limit, in seconds, 60 to 86400.",
    default: DEFAULTS.selfServiceRateWindowSeconds,
    validation: [between("self_service_rate_window_seconds", RANGES.selfServiceRateWindowSeconds)],
  },
  countAllLogins: {
    name: "count_all_logins",
    kind: "bool",
    type: "bool",
    description:
      'Deploy the post-authentication trigger, which counts every successful login (the console derives password logins and the passkey share from it). null: on in "create" mode (wired into the module\'s pool), off in "external" and "attach" mode. On in "external" mode, wire the output lambda_config\'s post_authentication into your pool; on in "attach" mode, the attach step merges it in like the other triggers (refusing a foreign one unless replace_foreign_triggers). Off, the console shows password logins as unknown.',
    default: null,
  },
  consoleHostingEnabled: {
    name: "console_hosting_enabled",
    kind: "bool",
    type: "bool",
    description:
      "Host the admin console (needs console_enabled): a private S3 bucket read only by CloudFront (origin access control), served over https with a strict Content-Security-Policy, and its config.json written from the module's admin API and console pool. Upload the console's build yourself and add console_url to the console's origin, callback and sign-out URLs (docs/console.md, \"Hosting\").",
    default: DEFAULTS.consoleHostingEnabled,
    validation: [
      {
        condition: "!var.console_hosting_enabled || var.console_enabled",
        errorMessage:
          "console_hosting_enabled needs console_enabled: the hosted console signs in against the console pool.",
      },
    ],
  },
};

export const VARIABLE_SPECS: VariableSpec[] = Object.values(VARIABLES);
