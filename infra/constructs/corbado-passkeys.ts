import { Fn, Op, Token, dependable } from "cdktf";
import { Construct } from "constructs";
import type { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import type { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import type { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { POST_APPEND_ENVIRONMENT } from "../../functions/post-append/config.docs";
import { iamRoleArn, ssmParameterArn, userPoolArn, type ArnScope } from "../policies/arns";
import { AdoptionTables, type AdoptionTablesRef } from "./adoption-tables";
import { AdminApi, listOr } from "./admin-api";
import { ConsolePool } from "./console-pool";
import { writerCallerKeyPolicy, type AdoptionWriterProps } from "./adoption-writers";
import { PasskeyAppClient } from "./app-client";
import { AuthChallengeTriggers, type TriggerName } from "./auth-triggers";
import { CorbadoActionsRole } from "./corbado-actions-role";
import { ConsoleHosting } from "./console-hosting";
import { CorbadoSecret } from "./corbado-secret";
import {
  and,
  choose,
  equals,
  firstInstance,
  isNull,
  localCondition,
  localValue,
  logicalIds,
  not,
  oneOrNull,
  type Condition,
} from "./expr";
import { renderEnvironment } from "./environment";
import { assertLiteralProps } from "./limits";
import { LoginSettings } from "./login-settings";
import { ManagedPool } from "./managed-pool";
import { Monitoring } from "./monitoring";
import type { FunctionDefaults, PasskeyFunction } from "./passkey-function";
import { PoolAttachStep } from "./pool-attach-step";
import { PostAuthenticationTrigger } from "./post-authentication";
import { DEFAULTS, type CorbadoPasskeysOptions, type CorbadoPasskeysProps, type RoleDefaults } from "./props";

/**
 * Passkey login for a Cognito user pool through Corbado Connect: the three custom-auth triggers with their
 * least-privilege roles, log groups and Cognito permissions, the Corbado secret (KMS + SSM SecureString), the
 * login settings parameter, an app client for the passkey login page, and the pool in one of three modes.
 * This class only decides which parts exist in which pool mode and wires them; each part is its own construct.
 */
export class CorbadoPasskeys extends Construct {
  /** Id of the pool the triggers serve (created, or given). */
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  readonly kmsKeyArn: string;
  /** The secret's key id (created, or the caller's) and the created key's alias (null with the caller's key). */
  readonly kmsKeyId: string;
  readonly kmsKeyAlias: string | null;
  readonly secretParameter: SsmParameter;
  /**
   * The secret parameter's ARN, built from its name (not the resource's attribute): a key policy can name it
   * without a cycle (the parameter depends on the key).
   */
  readonly secretParameterArn: string;
  readonly loginSettingsParameter: SsmParameter;
  /** The DynamoDB tables of the adoption counters and (with the console) the audit log: names and ARNs at plan. */
  readonly tables: AdoptionTablesRef;
  /** The HTTP API, the admin API function and (with self_service_enabled) the self-service function. */
  readonly api: AdminApi;
  /** The security console's pool, domain and client (counted by console_enabled). */
  readonly consolePool: ConsolePool;
  /** Whether the console exists (a literal or a Terraform condition). */
  readonly consoleEnabled: Condition;
  /** Whether the self-service route exists. */
  readonly selfServiceEnabled: Condition;
  /**
   * Whether every successful login is counted (the post-authentication trigger, `countAllLogins`): the admin API
   * reports password logins only then, and "unknown" otherwise.
   */
  readonly passwordLoginsCounted: Condition;
  readonly triggers: Record<TriggerName, PasskeyFunction>;
  /** The post-authentication trigger that counts every login (counted by `countAllLogins`). */
  readonly postAuthentication: PasskeyFunction;
  /** Whether it is deployed: `countAllLogins`, or by pool mode when null (a literal or a Terraform condition). */
  readonly countAllLogins: Condition;
  readonly poolAttach: PasskeyFunction;
  readonly poolAttachInvocation: LambdaInvocation;
  /** Whether the attach step exists (attach mode): a literal or a Terraform condition. */
  readonly poolAttachEnabled: Condition;
  /** Metric filters, alarms and the dashboard (each counted by its switch). */
  readonly monitoring: Monitoring;
  readonly userPool: CognitoUserPool;
  readonly appClient: CognitoUserPoolClient;
  /** Path, boundary and tags every role of this module takes (the cross-account actions role too). */
  readonly roleDefaults: RoleDefaults;
  /** The role Corbado's actions assume; absent when `corbadoActionsPrincipalArn` is literally unset. */
  readonly actionsRole?: CorbadoActionsRole;
  /** Whether the actions role exists: a literal, or a Terraform condition (the principal variable is set). */
  readonly actionsRoleEnabled: Condition;
  /**
   * What the admin enters in Corbado for both actions (docs/corbado-actions.md), rendered from post-append's
   * contract, which holds pre-login's; absent when there is no actions role.
   */
  readonly corbadoActionsEnvironment?: Record<string, string>;
  /** `create` mode with `mfaAfterPasskey = "sms"`: the pool's SNS role for SMS codes (counted). */
  readonly smsRole?: IamRole;
  /** Whether the module configures SMS MFA on a pool it creates (a literal or a Terraform condition). */
  readonly configuresPoolSmsMfa: Condition;
  /** The console's static hosting (S3 + CloudFront), counted by `consoleHostingEnabled`. */
  readonly consoleHosting: ConsoleHosting;
  /** Trigger ARNs in the shape of `aws_cognito_user_pool.lambda_config`. */
  readonly lambdaConfig: {
    define_auth_challenge: string;
    create_auth_challenge: string;
    verify_auth_challenge_response: string;
    /** null when the post-authentication trigger is not deployed (`count_all_logins`). */
    post_authentication: string | null;
  };

  constructor(scope: Construct, id: string, props: CorbadoPasskeysProps = {}, options: CorbadoPasskeysOptions = {}) {
    super(scope, id);
    const p = { ...DEFAULTS, ...withoutUndefined(props) } as ResolvedProps;
    assertLiteralProps(p);
    const logicalIdPrefix = options.logicalIdPrefix ?? "";
    const named = logicalIds(logicalIdPrefix);
    const packagePaths = options.packagePaths ?? {};

    const modeCreate = equals(p.poolMode, "create");
    const modeAttach = equals(p.poolMode, "attach");
    const smsWanted = equals(p.mfaAfterPasskey, "sms");

    // Read while planning: ARNs built from them and from names are known in the first plan (policies/arns.ts).
    const partition = named(new DataAwsPartition(this, "aws-partition"), "current").partition;
    const region = named(new DataAwsRegion(this, "aws-region"), "current").region;
    const accountId = named(new DataAwsCallerIdentity(this, "aws-caller-identity"), "current").accountId;
    this.partition = localValue(this, named, "partition", partition);
    this.region = localValue(this, named, "region", region);
    this.accountId = localValue(this, named, "account_id", accountId);
    const account: ArnScope = { partition: this.partition, region: this.region, accountId: this.accountId };
    this.roleDefaults = { path: p.iamPath, permissionsBoundary: p.permissionsBoundaryArn ?? undefined, tags: p.tags };
    // IAM role names are global to the account: with the opt-in, the region keeps two regions' instances apart.
    const roleNamePrefix = localValue(
      this,
      named,
      "role_name_prefix",
      choose(p.includeRegionInNames, `${p.namePrefix}-${this.region}`, p.namePrefix),
    );
    const functions: FunctionDefaults = {
      namePrefix: p.namePrefix,
      roleNamePrefix,
      logRetentionDays: p.logRetentionDays,
      logKmsKeyArn: p.logKmsKeyArn,
      roleDefaults: this.roleDefaults,
      tags: p.tags,
      logicalIdPrefix,
      arnScope: account,
      logFormat: p.logFormat,
      tracingMode: p.tracingMode,
      codeSigningConfigArn: p.codeSigningConfigArn,
      packageS3Bucket: p.packageS3Bucket,
      packageS3Keys: p.packageS3Keys,
    };

    // create mode: the module's own pool; with mfa_after_passkey = sms, optional SMS MFA with its SNS role.
    this.configuresPoolSmsMfa = and(modeCreate, smsWanted);
    const pool = new ManagedPool(this, "pool", {
      enabled: modeCreate,
      smsMfa: this.configuresPoolSmsMfa,
      namePrefix: p.namePrefix,
      roleNamePrefix,
      userPoolName: p.userPoolName,
      userPoolTier: p.userPoolTier,
      deletionProtection: p.userPoolDeletionProtection,
      selfSignUp: p.userPoolSelfSignUp,
      ...account,
      roleDefaults: this.roleDefaults,
      tags: p.tags,
      logicalIdPrefix,
    });
    this.userPool = pool.userPool;
    this.smsRole = pool.smsRole;

    // The pool the triggers serve: the created one, or the one given.
    this.userPoolId = localValue(
      this,
      named,
      "user_pool_id",
      choose(modeCreate, firstInstance(this.userPool, "id"), p.userPoolId ?? ""),
    );
    this.userPoolArn = localValue(
      this,
      named,
      "user_pool_arn",
      choose(modeCreate, firstInstance(this.userPool, "arn"), userPoolArn(account, p.userPoolId ?? "")),
    );

    const secret = new CorbadoSecret(this, "secret", {
      namePrefix: p.namePrefix,
      createKmsKey: p.createKmsKey,
      kmsKeyArn: p.kmsKeyArn,
      kmsKeyDeletionWindowDays: p.kmsKeyDeletionWindowDays,
      secretManagement: p.secretManagement,
      corbadoApiSecret: p.corbadoApiSecret,
      corbadoApiSecretVersion: p.corbadoApiSecretVersion,
      ...account,
      tags: p.tags,
      logicalIdPrefix,
    });
    this.kmsKeyArn = secret.kmsKeyArn;
    this.kmsKeyId = secret.kmsKeyId;
    this.kmsKeyAlias = secret.kmsKeyAlias;
    this.secretParameter = secret.parameter;
    this.secretParameterArn = secret.parameterArn;

    const loginSettings = new LoginSettings(this, "login-settings", {
      namePrefix: p.namePrefix,
      initialPasskeyFirst: p.initialPasskeyFirst,
      initialKillSwitch: p.initialKillSwitch,
      tags: p.tags,
      logicalIdPrefix,
    });
    this.loginSettingsParameter = loginSettings.parameter;

    // The adoption counters (always: the auth path writes them) and, with the console, the audit log.
    const consoleEnabled: Condition = p.consoleEnabled;
    const tables = new AdoptionTables(this, "tables", {
      namePrefix: p.namePrefix,
      auditEnabled: consoleEnabled,
      kmsKeyArn: this.kmsKeyArn,
      callerKey: not(secret.ownKey),
      callerKeyArn: p.kmsKeyArn ?? "",
      deletionProtection: p.tableDeletionProtection,
      arnScope: account,
      tags: p.tags,
      logicalIdPrefix,
    });
    this.tables = tables;

    const loginSettingsParameterArn = localValue(
      this,
      named,
      "login_settings_parameter_arn",
      ssmParameterArn(account, loginSettings.parameterName),
    );
    // What every writer of the adoption counters needs: the table, the shard count the admin API sums.
    const counters: AdoptionWriterProps = { tables, counterShards: p.counterShards, region: this.region };
    const triggers = new AuthChallengeTriggers(this, "triggers", {
      functions,
      packagePaths,
      memorySize: p.lambdaMemorySize,
      reservedConcurrentExecutions: p.reservedConcurrentExecutions,
      vpc: { subnetIds: p.vpcSubnetIds, securityGroupIds: p.vpcSecurityGroupIds },
      userPoolArn: this.userPoolArn,
      accountId: this.accountId,
      loginSettings: {
        parameterName: this.loginSettingsParameter.name,
        parameterArn: loginSettingsParameterArn,
      },
      secret: { parameterName: secret.parameter.name, parameterArn: secret.parameterArn },
      maxChallengeAttempts: p.maxChallengeAttempts,
      killSwitchWhenSettingsUnreadable: p.killSwitchWhenSettingsUnreadable,
      loginSettingsCacheTtlMs: p.loginSettingsCacheTtlMs,
      corbadoBackendApiUrl: p.corbadoBackendApiUrl,
      corbadoTimeoutMs: p.corbadoTimeoutMs,
      counters,
    });
    this.triggers = triggers.byName;

    // Every successful login, counted by the optional post-authentication trigger: by default only where the
    // module owns the pool (props.ts countAllLogins).
    this.countAllLogins = localCondition(
      this,
      named,
      "count_all_logins",
      choose(isNull(p.countAllLogins), modeCreate, p.countAllLogins ?? false),
    );
    this.passwordLoginsCounted = this.countAllLogins;
    const postAuthentication = new PostAuthenticationTrigger(this, "post-authentication", {
      enabled: this.countAllLogins,
      functions,
      packagePath: packagePaths["post-authentication"],
      memorySize: p.lambdaMemorySize,
      reservedConcurrentExecutions: p.reservedConcurrentExecutions,
      vpc: { subnetIds: p.vpcSubnetIds, securityGroupIds: p.vpcSecurityGroupIds },
      invokedBy: triggers.invokedBy,
      ...counters,
    });
    this.postAuthentication = postAuthentication.function;
    // null when it is not deployed: an optional argument of aws_cognito_user_pool's lambda_config.
    const postAuthenticationArn =
      this.countAllLogins === true ? this.postAuthentication.fn.arn : oneOrNull(this.postAuthentication.fn, "arn");
    this.lambdaConfig = {
      ...triggers.lambdaConfig,
      post_authentication: this.countAllLogins === false ? null : postAuthenticationArn,
    };
    // The key names verify's role, the only principal allowed to decrypt (through SSM); a caller's key gets
    // a role policy, which verify waits for like for its own.
    const callerKeyPolicy = secret.allowDecrypt(
      {
        logicalId: "verify_auth_challenge",
        roleArn: triggers.verify.arns.role,
        roleId: triggers.verify.refs.roleId,
        role: triggers.verify.role,
      },
      // The created key also encrypts the tables, for the module's roles through DynamoDB (policies/tables.ts).
      {
        // The APIs' roles by name (they exist by switches; each also needs ssm:GetParameter on the secret).
        apiDecrypterRoleArns: apiDecrypters(
          [
            [consoleEnabled, iamRoleArn(account, p.iamPath, `${roleNamePrefix}-admin-api`)],
            [p.selfServiceEnabled, iamRoleArn(account, p.iamPath, `${roleNamePrefix}-self-service`)],
          ],
          triggers.verify.arns.role,
        ),
        tableNames: [tables.aggregates.name, tables.audit.name],
        principalArnPattern: iamRoleArn(account, p.iamPath, `${roleNamePrefix}-*`),
      },
    );
    if (callerKeyPolicy) {
      triggers.verify.fn.dependsOn = [...(triggers.verify.fn.dependsOn ?? []), dependable(callerKeyPolicy)];
      triggers.verify.exclusive.add(callerKeyPolicy);
    }
    pool.wireTriggers({
      defineAuthChallenge: triggers.define.fn.arn,
      createAuthChallenge: triggers.create.fn.arn,
      verifyAuthChallengeResponse: triggers.verify.fn.arn,
      ...(this.countAllLogins === false ? {} : { postAuthentication: postAuthenticationArn }),
    });

    // Operations: metric filters and alarms on the triggers, and a dashboard, each when asked for.
    this.monitoring = new Monitoring(this, "monitoring", {
      alarms: p.createAlarms,
      dashboard: p.createDashboard,
      triggers: this.triggers,
      namePrefix: p.namePrefix,
      region: this.region,
      snsTopicArns: p.alarmSnsTopicArns,
      periodSeconds: p.alarmPeriodSeconds,
      durationThresholdMs: p.alarmDurationThresholdMs,
      corbadoFailureThreshold: p.alarmCorbadoFailureThreshold,
      tags: p.tags,
      logicalIdPrefix,
    });

    // attach mode: an apply-time step merges the triggers into the existing pool and removes exactly them on destroy.
    const attach = new PoolAttachStep(this, "pool-attach", {
      enabled: modeAttach,
      functions,
      packagePath: packagePaths["pool-attach"],
      userPoolId: this.userPoolId,
      userPoolArn: this.userPoolArn,
      triggers: {
        DefineAuthChallenge: triggers.define.arns.function,
        CreateAuthChallenge: triggers.create.arns.function,
        VerifyAuthChallengeResponse: triggers.verify.arns.function,
        PostAuthentication: this.postAuthentication.arns.function,
      },
      postAuthenticationEnabled: this.countAllLogins,
      triggerPermissions: [triggers.define, triggers.create, triggers.verify, this.postAuthentication].map(
        (t) => t.permission!,
      ),
      replaceForeignTriggers: p.replaceForeignTriggers,
      passRoleArns: p.poolAttachPassRoleArns,
    });
    this.poolAttach = attach.function;
    this.poolAttachEnabled = modeAttach;
    this.poolAttachInvocation = attach.invocation;

    this.appClient = new PasskeyAppClient(this, "app-client", {
      enabled: p.createAppClient,
      namePrefix: p.namePrefix,
      userPoolId: this.userPoolId,
      extraAuthFlows: p.appClientExtraAuthFlows,
      authSessionValidityMinutes: p.authSessionValidityMinutes,
      accessTokenValidityMinutes: p.accessTokenValidityMinutes,
      idTokenValidityMinutes: p.idTokenValidityMinutes,
      refreshTokenValidityDays: p.refreshTokenValidityDays,
      enableTokenRevocation: p.enableTokenRevocation,
      logicalIdPrefix,
    }).client;

    // The security console's identity, and the HTTP API with the admin API and self-service functions.
    this.consoleEnabled = consoleEnabled;
    this.selfServiceEnabled = p.selfServiceEnabled;
    this.consolePool = new ConsolePool(this, "console", {
      enabled: consoleEnabled,
      namePrefix: p.namePrefix,
      domainPrefix: p.consoleDomainPrefix,
      consoleOrigin: p.consoleOrigin,
      callbackUrls: p.consoleCallbackUrls,
      logoutUrls: p.consoleLogoutUrls,
      deletionProtection: p.userPoolDeletionProtection,
      accountId: this.accountId,
      region: this.region,
      tags: p.tags,
      logicalIdPrefix,
    });
    this.api = new AdminApi(this, "api", {
      functions,
      packagePaths,
      consoleEnabled,
      selfServiceEnabled: p.selfServiceEnabled,
      console: {
        issuer: this.consolePool.issuer,
        clientId: this.consolePool.clientId,
        consoleOrigin: p.consoleOrigin ?? "",
      },
      userPoolId: this.userPoolId,
      userPoolArn: this.userPoolArn,
      loginSettings: {
        parameterName: this.loginSettingsParameter.name,
        parameterArn: loginSettingsParameterArn,
      },
      secret: { parameterName: secret.parameter.name, parameterArn: secret.parameterArn },
      tables,
      region: this.region,
      loginSettingsCacheTtlMs: p.loginSettingsCacheTtlMs,
      killSwitchWhenSettingsUnreadable: p.killSwitchWhenSettingsUnreadable,
      loginPageOrigins: p.loginPageOrigins,
      corbadoProjectId: p.corbadoProjectId ?? "",
      corbadoBackendApiUrl: p.corbadoBackendApiUrl,
      counterShards: p.counterShards,
      auditRetentionDays: p.auditRetentionDays,
      passwordLoginsCounted: this.passwordLoginsCounted,
      throttle: { rateLimit: p.apiThrottlingRateLimit, burstLimit: p.apiThrottlingBurstLimit },
      publicConfigThrottle: {
        rateLimit: p.publicConfigThrottlingRateLimit,
        burstLimit: p.publicConfigThrottlingBurstLimit,
      },
      selfService: {
        // Default: the module's own app client, when it creates one.
        clientIds: listOr(p.selfServiceClientIds, [choose(p.createAppClient, firstInstance(this.appClient, "id"), "")]),
        tokenUses: p.selfServiceTokenUses,
        origins: p.selfServiceOrigins,
        displayNameAttribute: p.selfServiceDisplayNameAttribute,
        appendMaxAuthAgeSeconds: p.selfServiceAppendMaxAuthAgeSeconds,
        connectTokenLifetimeSeconds: p.selfServiceTokenLifetimeSeconds,
        rateLimit: p.selfServiceRateLimit,
        rateLimitWindowSeconds: p.selfServiceRateWindowSeconds,
      },
    });

    // The hosted console (with the console): its config.json and CSP from the module's own API and console pool.
    this.consoleHosting = new ConsoleHosting(this, "console-hosting", {
      enabled: and(consoleEnabled, p.consoleHostingEnabled),
      namePrefix: roleNamePrefix,
      partition: this.partition,
      accountId: this.accountId,
      apiUrl: this.api.url,
      issuer: this.consolePool.issuer,
      clientId: this.consolePool.clientId,
      // Cognito's /logout is not the standard end-session endpoint: the console fills in the two placeholders.
      logoutUrlTemplate: `${this.consolePool.domainUrl}/logout?client_id={clientId}&logout_uri={logoutUri}`,
      revocationEndpoint: `${this.consolePool.domainUrl}/oauth2/revoke`,
      tags: p.tags,
      logicalIdPrefix,
    });

    // The cross-account role Corbado's actions (pre-login, post-append) assume, when a principal is given.
    const principal = p.corbadoActionsPrincipalArn;
    this.actionsRoleEnabled = not(isNull(principal));
    if (this.actionsRoleEnabled !== false) {
      this.actionsRole = new CorbadoActionsRole(this, "corbado-actions", {
        userPoolArn: this.userPoolArn,
        aggregatesTableArn: tables.aggregates.arn,
        trustedPrincipalArn: principal!,
        externalId: p.corbadoActionsExternalId!,
        allowAccountRootPrincipal: p.allowAccountRootPrincipal,
        maxSessionDuration: p.corbadoActionsMaxSessionDuration,
        allowSetMfaPreference: smsWanted,
        enabled: this.actionsRoleEnabled,
        namePrefix: roleNamePrefix,
        ...this.roleDefaults,
        logicalIdPrefix,
      });
      this.corbadoActionsEnvironment = renderEnvironment(POST_APPEND_ENVIRONMENT, {
        userPoolId: this.userPoolId,
        roleArn: this.actionsRole.roleArnOrNull,
        externalId: p.corbadoActionsExternalId!,
        mfaAfterPasskey: p.mfaAfterPasskey,
        // The module knows its own pool; for a pool it does not manage, the caller says.
        poolSmsMfaConfigured: choose(modeCreate, smsWanted, p.poolSmsMfaConfigured),
        aggregatesTable: tables.aggregates.name,
        counterShards: p.counterShards,
      });
      this.actionsRole.exclusive.add(
        writerCallerKeyPolicy(
          this,
          { logicalId: "corbado_actions", roleId: this.actionsRole.roleId, enabled: this.actionsRoleEnabled },
          { ...counters, logicalIdPrefix },
        ),
      );
    }
  }
}

/**
 * The API roles that read the secret in this configuration (the admin API only with the console). As an expression
 * when a switch is a variable: the roles switched on, or verify's own ARN when none is (a condition on an empty
 * list is refused by KMS, and verify may decrypt anyway).
 */
function apiDecrypters(roles: Array<[Condition, string]>, fallback: string): string[] {
  if (roles.every(([on]) => typeof on === "boolean")) return roles.filter(([on]) => on === true).map(([, arn]) => arn);
  const on = Fn.compact(roles.map(([when, arn]) => choose(when, arn, "")));
  return Token.asList(Fn.conditional(Op.gte(Fn.lengthOf(on), 1), on, [fallback]));
}

type ResolvedProps = CorbadoPasskeysProps & {
  [K in keyof typeof DEFAULTS]-?: NonNullable<CorbadoPasskeysProps[K]>;
};

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
