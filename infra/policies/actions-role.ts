import { policyDocument, type PolicyDocument } from "./types";

/**
 * The cross-account role Corbado's actions (pre-login, post-append) assume in the customer's account.
 * Pure functions of the ARNs: the module renders them with Terraform expressions, the IAM report and its tests
 * simulate them with concrete ARNs.
 */

/** The only Cognito actions the two Corbado actions call, and why (shown in docs/iam-report.md). */
export const ACTIONS_ROLE_PERMISSIONS = [
  {
    action: "cognito-idp:AdminGetUser",
    reason: "pre-login: look the typed identifier up as a username; post-append: read the user's MFA settings",
  },
  {
    action: "cognito-idp:ListUsers",
    reason: 'pre-login: find the username by email (`email = "..."` filter) when AdminGetUser finds none',
  },
  {
    action: "cognito-idp:AdminSetUserMFAPreference",
    reason: "post-append with mfa_after_passkey = sms: make SMS MFA preferred for a user who has no MFA setting",
  },
] as const;

export interface ActionsRoleTrustPolicyInput {
  /** The one role (or user) Corbado's actions run as, in Corbado's account. */
  trustedPrincipalArn: string;
  /** Value Corbado must send as `sts:ExternalId` (confused-deputy protection). */
  externalId: string;
}

/** Trust policy: exactly one principal may assume the role, and only with the agreed external id. */
export function actionsRoleTrustPolicy(input: ActionsRoleTrustPolicyInput): PolicyDocument {
  return policyDocument({
    Sid: "CorbadoActionsAssumeRoleWithExternalId",
    Effect: "Allow",
    Principal: { AWS: input.trustedPrincipalArn },
    Action: ["sts:AssumeRole"],
    Condition: { StringEquals: { "sts:ExternalId": input.externalId } },
  });
}

export interface ActionsRolePolicyInput {
  /** ARN of the one user pool the actions may read and update. */
  userPoolArn: string;
}

/** Permissions: look users up and set an MFA preference, in exactly one pool. */
export function actionsRolePolicy(input: ActionsRolePolicyInput): PolicyDocument {
  return policyDocument({
    Sid: "CorbadoActionsOnOnePool",
    Effect: "Allow",
    Action: ACTIONS_ROLE_PERMISSIONS.map((p) => p.action),
    Resource: [input.userPoolArn],
  });
}
