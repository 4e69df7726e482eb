import { Fn, TerraformLocal, Token, ref } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { MESSAGES as ACTIONS_ROLE_MESSAGES } from "../policies/actions-role-validation";
import { cognitoSmsPolicy, cognitoSmsTrustPolicy } from "../policies/cognito-sms";
import { secretKeyPolicy } from "../policies/kms";
import { poolAttachPassRolePolicy, poolAttachPolicy } from "../policies/pool-attach";
import { lambdaTrustPolicy } from "../policies/trust";
import {
  createTriggerPolicy,
  defineTriggerPolicy,
  lambdaVpcAccessPolicy,
  verifyTriggerPolicy,
} from "../policies/triggers";
import type { PolicyDocument } from "../policies/types";
import { CorbadoActionsRole } from "./corbado-actions-role";
import {
  and,
  boolString,
  choose,
  countIf,
  equals,
  firstInstance,
  isNonEmptyList,
  isNull,
  isToken,
  not,
  numberString,
  type Condition,
} from "./expr";
import {
  EXTRA_AUTH_FLOWS,
  LOG_RETENTION_DAYS,
  MFA_AFTER_PASSKEY_MODES,
  NAME_PREFIX_PATTERN,
  POOL_MODES,
  RANGES,
} from "./limits";
import { DEFAULTS, type CorbadoPasskeysOptions, type CorbadoPasskeysProps, type FunctionName } from "./props";

/** Timeouts inside Cognito's 5 s budget for a trigger's answer. */
export const TRIGGER_TIMEOUT_SECONDS = {
  "define-auth-challenge": 3,
  "create-auth-challenge": 3,
  "verify-auth-challenge": 5,
} as const;
export const POOL_ATTACH_TIMEOUT_SECONDS = 60;
export const LAMBDA_RUNTIME = "nodejs24.x";
/** SSM read budget of verify-auth-challenge (contract default), in ms. */
export const SSM_TIMEOUT_MS = 1000;
/** Placeholder stored when the secret is set out of band: not a secret, and Corbado rejects it (fails closed). */
export const SECRET_PLACEHOLDER = "set-out-of-band";
/** Suffix of the external id a created pool sends when it assumes its SMS role (`<namePrefix>-cognito-sms`). */
export const SMS_EXTERNAL_ID_SUFFIX = "-cognito-sms";

/** Environment of the two Corbado actions, as an admin enters it in Corbado (docs/corbado-actions.md). */
export interface CorbadoActionsEnvironment {
  USER_POOL_ID: string;
  ASSUME_ROLE_ARN: string;
  ASSUME_ROLE_EXTERNAL_ID: string;
  MFA_AFTER_PASSKEY: string;
  POOL_SMS_MFA_CONFIGURED: string;
}

type TriggerName = keyof typeof TRIGGER_TIMEOUT_SECONDS;

/** What a role of this module is given, shared with roles added later (the Corbado actions role). */
export interface RoleDefaults {
  path: string;
  permissionsBoundary: string | undefined;
  tags: Record<string, string>;
}

export interface FunctionResources {
  logGroup: CloudwatchLogGroup;
  role: IamRole;
  policy: IamRolePolicy;
  vpcPolicy?: IamRolePolicy;
  fn: LambdaFunction;
  permission?: LambdaPermission;
}

/**
 * Passkey login for a Cognito user pool through Corbado Connect: the three custom-auth triggers with their
 * least-privilege roles, log groups and Cognito permissions, the Corbado secret (KMS + SSM SecureString), the
 * login settings parameter, an app client for the passkey login page, and the pool in one of three modes.
 */
export class CorbadoPasskeys extends Construct {
  /** Id of the pool the triggers serve (created, or given). */
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  readonly kmsKeyArn: string;
  readonly secretParameter: SsmParameter;
  /**
   * The secret parameter's ARN, built from its name (not the resource's attribute): a key policy can name it
   * without a cycle (the parameter depends on the key).
   */
  readonly secretParameterArn: string;
  readonly loginSettingsParameter: SsmParameter;
  readonly triggers: Record<TriggerName, FunctionResources>;
  readonly poolAttach: FunctionResources;
  readonly poolAttachInvocation: LambdaInvocation;
  readonly userPool: CognitoUserPool;
  readonly appClient: CognitoUserPoolClient;
  /** Path, boundary and tags every role of this module takes (the cross-account actions role too). */
  readonly roleDefaults: RoleDefaults;
  /** The role Corbado's actions assume; absent when `corbadoActionsPrincipalArn` is literally unset. */
  readonly actionsRole?: CorbadoActionsRole;
  /** Whether the actions role exists: a literal, or a Terraform condition (the principal variable is set). */
  readonly actionsRoleEnabled: Condition;
  /** What the admin enters in Corbado for both actions; absent when there is no actions role. */
  readonly corbadoActionsEnvironment?: CorbadoActionsEnvironment;
  /** `create` mode with `mfaAfterPasskey = "sms"`: the pool's SNS role for SMS codes (counted). */
  readonly smsRole?: IamRole;
  /** Whether the module configures SMS MFA on a pool it creates (a literal or a Terraform condition). */
  readonly configuresPoolSmsMfa: Condition;
  /** Trigger ARNs in the shape of `aws_cognito_user_pool.lambda_config`. */
  readonly lambdaConfig: {
    define_auth_challenge: string;
    create_auth_challenge: string;
    verify_auth_challenge_response: string;
  };

  private readonly p: ResolvedProps;
  private readonly idPrefix: string;
  private readonly packagePaths: Partial<Record<FunctionName, string>>;

  constructor(scope: Construct, id: string, props: CorbadoPasskeysProps = {}, options: CorbadoPasskeysOptions = {}) {
    super(scope, id);
    this.p = { ...DEFAULTS, ...withoutUndefined(props) } as ResolvedProps;
    this.idPrefix = options.logicalIdPrefix ?? "";
    this.packagePaths = options.packagePaths ?? {};
    validateLiteralProps(this.p);
    const p = this.p;

    const modeCreate = equals(p.poolMode, "create");
    const modeAttach = equals(p.poolMode, "attach");

    const partition = this.named(new DataAwsPartition(this, "partition"), "current");
    const region = this.named(new DataAwsRegion(this, "region"), "current");
    const caller = this.named(new DataAwsCallerIdentity(this, "caller"), "current");
    this.partition = partition.partition;
    this.region = region.region;
    this.accountId = caller.accountId;

    this.roleDefaults = {
      path: p.iamPath,
      permissionsBoundary: p.permissionsBoundaryArn ?? undefined,
      tags: p.tags,
    };

    // create mode with mfa_after_passkey = sms: SMS MFA (optional, never required: a user without a phone must
    // still be able to log in) with an SNS role of the module's own. Nothing SMS-related otherwise.
    const smsWanted = equals(p.mfaAfterPasskey, "sms");
    const smsMfa = and(modeCreate, smsWanted);
    this.configuresPoolSmsMfa = smsMfa;
    const smsExternalId = `${p.namePrefix}${SMS_EXTERNAL_ID_SUFFIX}`;
    let smsPolicy: IamRolePolicy | undefined;
    if (smsMfa !== false) {
      this.smsRole = this.named(
        new IamRole(this, "sms-role", {
          count: countIf(smsMfa),
          name: `${p.namePrefix}-cognito-sms`,
          description: "Assumed by Cognito to send the created pool's SMS MFA codes through Amazon SNS.",
          ...this.roleDefaults,
          assumeRolePolicy: renderPolicy(
            cognitoSmsTrustPolicy({
              partition: this.partition,
              region: this.region,
              accountId: this.accountId,
              externalId: smsExternalId,
            }),
          ),
        }),
        "cognito_sms",
      );
      smsPolicy = this.named(
        new IamRolePolicy(this, "sms-policy", {
          count: countIf(smsMfa),
          name: "send-sms",
          role: firstInstance(this.smsRole, "id"),
          policy: renderPolicy(cognitoSmsPolicy({ partition: this.partition })),
        }),
        "cognito_sms",
      );
    }

    // The pool (create mode only). Its lambda_config is filled below, once the functions exist.
    this.userPool = this.named(
      new CognitoUserPool(this, "user-pool", {
        count: countIf(modeCreate),
        name: isToken(p.userPoolName)
          ? Token.asString(Fn.coalesce([p.userPoolName, p.namePrefix]))
          : (p.userPoolName ?? p.namePrefix),
        userPoolTier: p.userPoolTier,
        deletionProtection: choose(p.userPoolDeletionProtection, "ACTIVE", "INACTIVE"),
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        usernameConfiguration: { caseSensitive: false },
        adminCreateUserConfig: { allowAdminCreateUserOnly: not(p.userPoolSelfSignUp) },
        accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
        passwordPolicy: {
          minimumLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 3,
        },
        tags: p.tags,
        // Cognito checks at creation that it may assume the SMS role.
        dependsOn: smsPolicy ? [smsPolicy] : undefined,
      }),
      "this",
    );
    if (smsMfa === true) {
      this.userPool.mfaConfiguration = "OPTIONAL";
      this.userPool.putSmsConfiguration({
        externalId: smsExternalId,
        snsCallerArn: firstInstance(this.smsRole!, "arn"),
      });
    } else if (smsMfa !== false) {
      this.userPool.mfaConfiguration = choose(smsMfa, "OPTIONAL", "OFF");
      // A dynamic block: no sms_configuration at all unless SMS MFA is wanted.
      this.userPool.addOverride("dynamic.sms_configuration", {
        for_each: choose(smsMfa, [1], []),
        content: {
          external_id: smsExternalId,
          sns_caller_arn: Token.asString(
            Fn.one(ref(`${this.smsRole!.terraformResourceType}.${this.smsRole!.friendlyUniqueId}[*].arn`)),
          ),
        },
      });
    }

    const poolId = choose(modeCreate, firstInstance(this.userPool, "id"), p.userPoolId ?? "");
    const poolArn = choose(
      modeCreate,
      firstInstance(this.userPool, "arn"),
      `arn:${this.partition}:cognito-idp:${this.region}:${this.accountId}:userpool/${p.userPoolId ?? ""}`,
    );
    this.userPoolId = this.local("user_pool_id", poolId);
    this.userPoolArn = this.local("user_pool_arn", poolArn);

    // The Corbado secret: a customer-managed key (or the caller's) and a SecureString whose value never
    // enters state: either put out of band, or written through the write-only argument value_wo.
    const ownKey: Condition = p.createKmsKey ?? isNull(p.kmsKeyArn);
    const key = this.named(
      new KmsKey(this, "secret-key", {
        count: countIf(ownKey),
        description: `Encrypts the Corbado Backend API secret of ${p.namePrefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: p.kmsKeyDeletionWindowDays,
        tags: p.tags,
      }),
      "corbado_secret",
    );
    this.named(
      new KmsAlias(this, "secret-key-alias", {
        count: countIf(ownKey),
        name: `alias/${p.namePrefix}-corbado-secret`,
        targetKeyId: firstInstance(key, "key_id"),
      }),
      "corbado_secret",
    );
    this.kmsKeyArn = this.local("kms_key_arn", choose(ownKey, firstInstance(key, "arn"), p.kmsKeyArn ?? ""));

    const writeSecret = equals(p.secretManagement, "terraform");
    this.secretParameter = this.named(
      new SsmParameter(this, "secret-parameter", {
        name: `/${p.namePrefix}/corbado-backend-api-secret`,
        description: "Corbado Backend API secret, base64(projectId:apiSecret). Read by verify-auth-challenge.",
        type: "SecureString",
        keyId: this.kmsKeyArn,
        valueWo: choose(writeSecret, p.corbadoApiSecret ?? "", SECRET_PLACEHOLDER),
        // The value is written on create and whenever the version changes, in either mode: switching
        // modes alone never overwrites a secret that is in place.
        valueWoVersion: p.corbadoApiSecretVersion,
        tags: p.tags,
      }),
      "corbado_secret",
    );

    this.secretParameterArn = this.local(
      "secret_parameter_arn",
      `arn:${this.partition}:ssm:${this.region}:${this.accountId}:parameter/${p.namePrefix}/corbado-backend-api-secret`,
    );

    this.loginSettingsParameter = this.named(
      new SsmParameter(this, "login-settings", {
        name: `/${p.namePrefix}/login-settings`,
        description: "Passkey login settings read by define-auth-challenge: passkey-first and the kill switch.",
        type: "String",
        value: Fn.jsonencode({ passkeyFirst: p.passkeyFirst, killSwitch: p.killSwitch }),
        tags: p.tags,
      }),
      "login_settings",
    );

    // The three triggers.
    const define = this.lambda("define-auth-challenge", (logGroupArn) =>
      defineTriggerPolicy({ logGroupArn, loginSettingsParameterArn: this.loginSettingsParameter.arn }),
    );
    const create = this.lambda("create-auth-challenge", (logGroupArn) => createTriggerPolicy({ logGroupArn }));
    const verify = this.lambda("verify-auth-challenge", (logGroupArn) =>
      verifyTriggerPolicy({
        logGroupArn,
        secretParameterArn: this.secretParameter.arn,
        kmsKeyArn: this.kmsKeyArn,
        region: this.region,
      }),
    );
    define.fn.putEnvironment({
      variables: {
        MAX_CHALLENGE_ATTEMPTS: numberString(p.maxChallengeAttempts),
        LOGIN_SETTINGS_PARAMETER: this.loginSettingsParameter.name,
        KILL_SWITCH_DEFAULT: boolString(p.killSwitch),
        LOGIN_SETTINGS_CACHE_TTL_MS: numberString(p.loginSettingsCacheTtlMs),
      },
    });
    verify.fn.putEnvironment({
      variables: {
        CORBADO_SECRET_PARAMETER: this.secretParameter.name,
        CORBADO_BACKEND_API_URL: p.corbadoBackendApiUrl,
        CORBADO_TIMEOUT_MS: numberString(p.corbadoTimeoutMs),
        SSM_TIMEOUT_MS: String(SSM_TIMEOUT_MS),
        EARLY_REJECT: "true",
      },
    });
    this.triggers = {
      "define-auth-challenge": define,
      "create-auth-challenge": create,
      "verify-auth-challenge": verify,
    };
    this.lambdaConfig = {
      define_auth_challenge: define.fn.arn,
      create_auth_challenge: create.fn.arn,
      verify_auth_challenge_response: verify.fn.arn,
    };

    // The key names verify's role, the only principal allowed to decrypt (through SSM).
    key.policy = JSON.stringify(
      secretKeyPolicy({
        accountRootArn: `arn:${this.partition}:iam::${this.accountId}:root`,
        decrypterRoleArn: verify.role.arn,
        secretParameterArn: this.secretParameterArn,
        region: this.region,
        accountId: this.accountId,
      }),
    );

    // Cognito may invoke each trigger, for this pool in this account only (confused-deputy protection).
    for (const [name, resources] of Object.entries(this.triggers) as [TriggerName, FunctionResources][]) {
      resources.permission = this.named(
        new LambdaPermission(this, `${name}-permission`, {
          statementId: "AllowCognitoUserPool",
          action: "lambda:InvokeFunction",
          functionName: resources.fn.functionName,
          principal: "cognito-idp.amazonaws.com",
          sourceArn: this.userPoolArn,
          sourceAccount: this.accountId,
        }),
        snake(name),
      );
    }

    this.userPool.putLambdaConfig({
      defineAuthChallenge: define.fn.arn,
      createAuthChallenge: create.fn.arn,
      verifyAuthChallengeResponse: verify.fn.arn,
    });

    // Attach mode: a function invoked at apply time merges our triggers into the existing pool and, on
    // destroy, removes exactly ours.
    this.poolAttach = this.lambda(
      "pool-attach",
      (logGroupArn) => poolAttachPolicy({ logGroupArn, userPoolArn: this.userPoolArn }),
      modeAttach,
    );
    const passRoles = p.poolAttachPassRoleArns;
    const passRolePolicy = this.named(
      new IamRolePolicy(this, "pool-attach-pass-role", {
        count: countIf(and(modeAttach, isNonEmptyList(passRoles))),
        name: "pass-pool-roles",
        role: firstInstance(this.poolAttach.role, "id"),
        policy: renderPolicy(poolAttachPassRolePolicy(passRoles)),
      }),
      "pool_attach_pass_role",
    );
    this.poolAttachInvocation = this.named(
      new LambdaInvocation(this, "pool-attach-invocation", {
        count: countIf(modeAttach),
        functionName: firstInstance(this.poolAttach.fn, "function_name"),
        lifecycleScope: "CRUD",
        terraformKey: "tf",
        input: Fn.jsonencode({
          userPoolId: this.userPoolId,
          triggers: {
            DefineAuthChallenge: define.fn.arn,
            CreateAuthChallenge: create.fn.arn,
            VerifyAuthChallengeResponse: verify.fn.arn,
          },
          replaceForeignTriggers: p.replaceForeignTriggers,
        }),
        // Cognito must be allowed to call the triggers before they are wired; the role keeps its policy
        // until the detach on destroy has run.
        dependsOn: [
          ...Object.values(this.triggers).map((t) => t.permission!),
          this.poolAttach.policy,
          passRolePolicy,
          this.poolAttach.logGroup,
        ],
      }),
      "pool_attach",
    );

    // The passkey login page's own client: custom auth only (plus what the caller asks), no secret.
    this.appClient = this.named(
      new CognitoUserPoolClient(this, "app-client", {
        count: countIf(p.createAppClient),
        name: `${p.namePrefix}-passkey-login`,
        userPoolId: this.userPoolId,
        generateSecret: false,
        explicitAuthFlows: isToken(p.appClientExtraAuthFlows)
          ? Token.asList(
              Fn.distinct(Fn.concat([["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], p.appClientExtraAuthFlows])),
            )
          : [...new Set(["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", ...p.appClientExtraAuthFlows])],
        authSessionValidity: p.authSessionValidityMinutes,
        enableTokenRevocation: true,
        preventUserExistenceErrors: "ENABLED",
        supportedIdentityProviders: ["COGNITO"],
      }),
      "passkey_login",
    );

    // The cross-account role Corbado's actions (pre-login, post-append) assume, when a principal is given.
    const principal = p.corbadoActionsPrincipalArn;
    this.actionsRoleEnabled = not(isNull(principal));
    if (this.actionsRoleEnabled !== false) {
      this.actionsRole = new CorbadoActionsRole(this, "corbado-actions", {
        userPoolArn: this.userPoolArn,
        trustedPrincipalArn: principal!,
        externalId: p.corbadoActionsExternalId!,
        allowAccountRootPrincipal: p.allowAccountRootPrincipal,
        allowSetMfaPreference: smsWanted,
        enabled: this.actionsRoleEnabled,
        namePrefix: p.namePrefix,
        ...this.roleDefaults,
        logicalIdPrefix: this.idPrefix,
      });
      this.corbadoActionsEnvironment = {
        USER_POOL_ID: this.userPoolId,
        ASSUME_ROLE_ARN: this.actionsRole.roleArnOrNull,
        ASSUME_ROLE_EXTERNAL_ID: p.corbadoActionsExternalId!,
        MFA_AFTER_PASSKEY: p.mfaAfterPasskey,
        // The module knows its own pool; for a pool it does not manage, the caller says.
        POOL_SMS_MFA_CONFIGURED: conditionString(choose(modeCreate, smsWanted, p.poolSmsMfaConfigured)),
      };
    }
  }

  /** Creates the log group, role, policies and function of one Lambda, optionally switched by a condition. */
  private lambda(
    name: TriggerName | "pool-attach",
    policyOf: (logGroupArn: string) => PolicyDocument,
    enabled: Condition = true,
  ): FunctionResources {
    const p = this.p;
    const id = snake(name);
    const counted = enabled !== true;
    const count = counted ? countIf(enabled) : undefined;
    const pick = <T extends { terraformResourceType: string; friendlyUniqueId: string }>(
      r: T,
      attr: string,
      direct: string,
    ) => (counted ? firstInstance(r, attr) : direct);
    const functionName = `${p.namePrefix}-${name}`;

    const logGroup = this.named(
      new CloudwatchLogGroup(this, `${name}-logs`, {
        count,
        name: `/aws/lambda/${functionName}`,
        retentionInDays: p.logRetentionDays,
        kmsKeyId: p.logKmsKeyArn ?? undefined,
        tags: p.tags,
      }),
      id,
    );
    const role = this.named(
      new IamRole(this, `${name}-role`, {
        count,
        name: functionName,
        ...this.roleDefaults,
        assumeRolePolicy: renderPolicy(lambdaTrustPolicy()),
      }),
      id,
    );
    const roleId = pick(role, "id", role.id);
    const policy = this.named(
      new IamRolePolicy(this, `${name}-policy`, {
        count,
        name: name,
        role: roleId,
        policy: renderPolicy(policyOf(pick(logGroup, "arn", logGroup.arn))),
      }),
      id,
    );
    const inVpc = isNonEmptyList(p.vpcSubnetIds);
    const vpcPolicy =
      name === "pool-attach"
        ? undefined
        : this.named(
            new IamRolePolicy(this, `${name}-vpc-access`, {
              count: countIf(inVpc),
              name: "vpc-access",
              role: roleId,
              policy: renderPolicy(lambdaVpcAccessPolicy()),
            }),
            `${id}_vpc_access`,
          );
    const packagePath = this.packagePaths[name] ?? `\${path.module}/functions/${name}.zip`;
    const timeout = name === "pool-attach" ? POOL_ATTACH_TIMEOUT_SECONDS : TRIGGER_TIMEOUT_SECONDS[name];
    const fn = this.named(
      new LambdaFunction(this, `${name}-function`, {
        count,
        functionName,
        description: `Corbado passkeys: ${name}`,
        role: pick(role, "arn", role.arn),
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        filename: packagePath,
        // Written as an expression string: Fn.filebase64sha256 would escape ${path.module} (FIELD-NOTES).
        sourceCodeHash: `\${filebase64sha256("${packagePath}")}`,
        timeout,
        memorySize: name === "pool-attach" ? 256 : p.lambdaMemorySize,
        reservedConcurrentExecutions:
          name === "pool-attach" ? undefined : (p.reservedConcurrentExecutions ?? undefined),
        loggingConfig: { logFormat: "Text", logGroup: pick(logGroup, "name", logGroup.name) },
        tags: p.tags,
        dependsOn: vpcPolicy ? [policy, vpcPolicy] : [policy],
      }),
      id,
    );
    if (name !== "pool-attach" && inVpc !== false) {
      // A dynamic block: no vpc_config at all when no subnets are given.
      fn.addOverride("dynamic.vpc_config", {
        for_each: choose(inVpc, [1], []),
        content: { subnet_ids: p.vpcSubnetIds, security_group_ids: p.vpcSecurityGroupIds },
      });
    }
    return { logGroup, role, policy, vpcPolicy, fn };
  }

  private named<T extends { overrideLogicalId(id: string): void }>(element: T, logicalId: string): T {
    element.overrideLogicalId(`${this.idPrefix}${logicalId}`);
    return element;
  }

  /** A Terraform local when the value is an expression (the module), the value itself when it is known. */
  private local(name: string, value: string): string {
    if (!isToken(value)) return value;
    const local = new TerraformLocal(this, name, value);
    local.overrideLogicalId(`${this.idPrefix}${name}`);
    return local.asString;
  }
}

type ResolvedProps = CorbadoPasskeysProps & {
  [K in keyof typeof DEFAULTS]-?: NonNullable<CorbadoPasskeysProps[K]>;
};

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A condition as the "true"/"false" a Lambda environment variable carries: `tostring(...)` when it is an expression. */
function conditionString(value: Condition): string {
  return typeof value === "boolean" ? String(value) : Token.asString(Fn.tostring(value));
}

function snake(name: string): string {
  return name.replace(/-/g, "_");
}

/**
 * Renders a policy document as JSON; ARNs may be Terraform references (`${...}`) and stay as templates. A
 * Resource list that is itself a token (a list variable) becomes `${jsonencode(...)}` in place.
 */
export function renderPolicy(document: PolicyDocument): string {
  const lists: string[][] = [];
  const statements = document.Statement.map((statement) => {
    if (!statement.Resource || !isToken(statement.Resource)) return statement;
    lists.push(statement.Resource);
    return { ...statement, Resource: `__TOKEN_LIST_${lists.length - 1}__` };
  });
  let json = JSON.stringify({ ...document, Statement: statements });
  lists.forEach((list, i) => {
    json = json.replace(`"__TOKEN_LIST_${i}__"`, Token.asString(Fn.jsonencode(list)));
  });
  return json;
}

/** Refuses literal props Terraform's validation would refuse, so a CDKTF user hears it at synth time. */
function validateLiteralProps(p: CorbadoPasskeysProps): void {
  const mode = p.poolMode;
  if (typeof mode === "string" && !isToken(mode)) {
    if (!(POOL_MODES as readonly string[]).includes(mode))
      throw new Error(`poolMode must be create, external or attach, got "${mode}".`);
    if (mode !== "create" && !p.userPoolId)
      throw new Error(`poolMode "${mode}" needs userPoolId (the existing pool's id).`);
    if (mode === "create" && typeof p.userPoolId === "string" && !isToken(p.userPoolId))
      throw new Error(`poolMode "create" creates its own pool: leave userPoolId unset.`);
  }
  for (const [prop, [min, max, unit]] of Object.entries(RANGES)) {
    const value = p[prop as keyof typeof RANGES];
    if (typeof value !== "number" || isToken(value)) continue;
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${prop} must be a whole number of ${unit} from ${min} to ${max}, got ${value}.`);
  }
  if (typeof p.logRetentionDays === "number" && !isToken(p.logRetentionDays)) {
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(p.logRetentionDays))
      throw new Error(`logRetentionDays must be one of CloudWatch Logs' values: ${LOG_RETENTION_DAYS.join(", ")}.`);
  }
  if (typeof p.namePrefix === "string" && !isToken(p.namePrefix) && !new RegExp(NAME_PREFIX_PATTERN).test(p.namePrefix))
    throw new Error(
      `namePrefix must be 2 to 28 characters: letters, digits and hyphens, starting with a letter and not ending with a hyphen, got "${p.namePrefix}".`,
    );
  if (Array.isArray(p.appClientExtraAuthFlows) && !isToken(p.appClientExtraAuthFlows)) {
    const unknown = p.appClientExtraAuthFlows.filter((f) => !(EXTRA_AUTH_FLOWS as readonly string[]).includes(f));
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
  if (
    typeof p.mfaAfterPasskey === "string" &&
    !isToken(p.mfaAfterPasskey) &&
    !(MFA_AFTER_PASSKEY_MODES as readonly string[]).includes(p.mfaAfterPasskey)
  )
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
