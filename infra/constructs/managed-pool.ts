import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { cognitoSmsPolicy, cognitoSmsTrustPolicy } from "../policies/cognito-sms";
import { renderPolicy } from "../policies/render";
import {
  choose,
  countIf,
  firstInstance,
  isToken,
  logicalIds,
  not,
  oneOrNull,
  roleNamePrecondition,
  type Condition,
} from "./expr";
import { ExclusiveRolePolicies } from "./exclusive-role-policies";
import type { BooleanInput, RoleDefaults, TokenString, UserPoolTier } from "./props";

/** Suffix of the external id a created pool sends when it assumes its SMS role (`<namePrefix>-cognito-sms`). */
export const SMS_EXTERNAL_ID_SUFFIX = "-cognito-sms";

export interface ManagedPoolProps {
  /** Whether the pool exists (`create` mode): a literal or a condition; the pool is always counted. */
  readonly enabled: Condition;
  /** Whether the pool gets optional SMS MFA with an SNS role of its own (`create` mode with `sms`). */
  readonly smsMfa: Condition;
  readonly namePrefix: string;
  /** Prefix of the SMS role's name, global to the account (the region may be in it). */
  readonly roleNamePrefix: string;
  readonly userPoolName?: string | null;
  readonly userPoolTier: UserPoolTier | TokenString;
  readonly deletionProtection: BooleanInput;
  readonly selfSignUp: BooleanInput;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly roleDefaults: RoleDefaults;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

/**
 * The user pool of `create` mode (email sign-in, deletion protection, a strong password policy for the
 * fallback) and, with SMS MFA, its SNS role: MFA optional, never required, so a user without a phone can still
 * log in. Logical ids: `aws_cognito_user_pool.this`, `cognito_sms`.
 */
export class ManagedPool extends Construct {
  readonly userPool: CognitoUserPool;
  /** Present unless SMS MFA is literally off (counted). */
  readonly smsRole?: IamRole;

  constructor(scope: Construct, id: string, props: ManagedPoolProps) {
    super(scope, id);
    const named = logicalIds(props.logicalIdPrefix);
    const smsMfa = props.smsMfa;
    const smsExternalId = `${props.namePrefix}${SMS_EXTERNAL_ID_SUFFIX}`;
    let smsPolicy: IamRolePolicy | undefined;
    const smsRoleName = `${props.roleNamePrefix}-cognito-sms`;
    const smsRoleFits = roleNamePrecondition(smsRoleName);
    if (smsMfa !== false) {
      this.smsRole = named(
        new IamRole(this, "sms-role", {
          count: countIf(smsMfa),
          name: smsRoleName,
          description: "Assumed by Cognito to send the created pool's SMS MFA codes through Amazon SNS.",
          ...props.roleDefaults,
          lifecycle: smsRoleFits.length > 0 ? { precondition: smsRoleFits } : undefined,
          assumeRolePolicy: renderPolicy(
            this,
            `${props.logicalIdPrefix}cognito_sms_trust_policy`,
            cognitoSmsTrustPolicy({
              partition: props.partition,
              region: props.region,
              accountId: props.accountId,
              externalId: smsExternalId,
            }),
          ),
        }),
        "cognito_sms",
      );
      smsPolicy = named(
        new IamRolePolicy(this, "sms-policy", {
          count: countIf(smsMfa),
          name: "send-sms",
          role: firstInstance(this.smsRole, "id"),
          policy: renderPolicy(
            this,
            `${props.logicalIdPrefix}cognito_sms_policy`,
            cognitoSmsPolicy({ partition: props.partition }),
          ),
        }),
        "cognito_sms",
      );
      new ExclusiveRolePolicies(this, "sms-exclusive", {
        roleName: firstInstance(this.smsRole, "name"),
        count: countIf(smsMfa),
        policies: [smsPolicy],
        named,
        logicalId: "cognito_sms",
      });
    }

    // Its lambda_config is set by wireTriggers, once the functions exist.
    this.userPool = named(
      new CognitoUserPool(this, "pool", {
        count: countIf(props.enabled),
        name: isToken(props.userPoolName)
          ? Token.asString(Fn.coalesce([props.userPoolName, props.namePrefix]))
          : (props.userPoolName ?? props.namePrefix),
        userPoolTier: props.userPoolTier,
        deletionProtection: choose(props.deletionProtection, "ACTIVE", "INACTIVE"),
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        usernameConfiguration: { caseSensitive: false },
        adminCreateUserConfig: { allowAdminCreateUserOnly: not(props.selfSignUp) },
        accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
        passwordPolicy: {
          minimumLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 3,
        },
        tags: props.tags,
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
        content: { external_id: smsExternalId, sns_caller_arn: oneOrNull(this.smsRole!, "arn") },
      });
    }
  }

  /** Sets the pool's three custom-auth triggers. */
  wireTriggers(triggers: {
    defineAuthChallenge: string;
    createAuthChallenge: string;
    verifyAuthChallengeResponse: string;
    /** The optional post-authentication trigger (null in Terraform when it is not deployed). */
    postAuthentication?: string;
  }): void {
    this.userPool.putLambdaConfig(triggers);
  }
}
