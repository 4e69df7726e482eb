import type { IResolvable } from "cdktf";
import { MAX_USER_POOL_ID_LENGTH } from "../../functions/shared/cognito-names";
import {
  BACKEND_API_URL_PATTERN,
  LOG_RETENTION_DAYS,
  NAME_PREFIX_PATTERN,
  RANGES,
  USER_POOL_ID_PATTERN,
} from "../constructs/limits";
import {
  DEFAULTS,
  EXTRA_AUTH_FLOWS,
  MFA_AFTER_PASSKEY_MODES,
  POOL_MODES,
  SECRET_MANAGEMENT_MODES,
  USER_POOL_TIERS,
  type CorbadoPasskeysProps,
  type TokenList,
  type TokenString,
} from "../constructs/props";
import { actionsRoleTerraformValidations, DEFAULT_VARIABLE_NAMES } from "../policies/actions-role-validation";

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
const hclList = (values: readonly (string | number)[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
const between = (name: string, [min, max, unit]: readonly [number, number, string]): VariableValidation => ({
  condition: `var.${name} >= ${min} && var.${name} <= ${max} && floor(var.${name}) == var.${name}`,
  errorMessage: `${name} must be a whole number of ${unit} from ${min} to ${max}.`,
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
    description: "Reserved concurrency of each trigger function. Default: unreserved (shares the account's pool).",
    default: null,
    validation: [
      {
        // A conditional, not ||: Terraform evaluates both sides of || (and floor(null) fails).
        condition:
          "var.reserved_concurrent_executions == null ? true : var.reserved_concurrent_executions >= 0 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions",
        errorMessage: "reserved_concurrent_executions must be a whole number of 0 or more, or null.",
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
  passkeyFirst: {
    name: "passkey_first",
    kind: "bool",
    type: "bool",
    description: "Login setting: offer the passkey first on the login page.",
    default: DEFAULTS.passkeyFirst,
  },
  killSwitch: {
    name: "kill_switch",
    kind: "bool",
    type: "bool",
    description: "Login setting: fail every passkey login (password login is unaffected).",
    default: DEFAULTS.killSwitch,
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
      "How long define-auth-challenge caches the login settings, in ms (how fast the kill switch takes effect).",
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
};

export const VARIABLE_SPECS: VariableSpec[] = Object.values(VARIABLES);
