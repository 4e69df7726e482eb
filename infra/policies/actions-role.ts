import { ACTION_SESSION_NAMES } from "../../functions/actions-shared/session";
import { countAdoptionStatement } from "./adoption-counters";
import { policyDocument, type PolicyDocument } from "./types";

/**
 * The cross-account role Corbado's actions (pre-login, post-append) assume in the customer's account.
 * Pure functions of the ARNs: the module renders them with Terraform expressions, the IAM report and its tests
 * simulate them with concrete ARNs.
 */

export interface ActionsRoleTrustPolicyInput {
  /** The one role (or user) Corbado's actions run as, in Corbado's account. */
  trustedPrincipalArn: string;
  /** Value Corbado must send as `sts:ExternalId` (confused-deputy protection). */
  externalId: string;
}

/** The session names the actions use (functions/actions-shared/session.ts), the only ones the role accepts. */
export const ACTIONS_ROLE_SESSION_NAMES: string[] = Object.values(ACTION_SESSION_NAMES);

/**
 * Trust policy: exactly one principal may assume the role, only with the agreed external id, and only under one
 * of the actions' fixed session names, so every call in CloudTrail names the action that made it.
 */
export function actionsRoleTrustPolicy(input: ActionsRoleTrustPolicyInput): PolicyDocument {
  return policyDocument({
    Sid: "CorbadoActionsAssumeRoleWithExternalId",
    Effect: "Allow",
    Principal: { AWS: input.trustedPrincipalArn },
    Action: ["sts:AssumeRole"],
    Condition: {
      StringEquals: { "sts:ExternalId": input.externalId, "sts:RoleSessionName": ACTIONS_ROLE_SESSION_NAMES },
    },
  });
}

const LOOKUP_ACTIONS = ["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"];
const MFA_ACTIONS = ["cognito-idp:AdminSetUserMFAPreference"];

/**
 * pre-login and post-append: look users up in exactly one pool; post-append also counts a passkey added (counter
 * items of the aggregates table only).
 */
export function actionsRoleLookupPolicy(input: { userPoolArn: string; aggregatesTableArn: string }): PolicyDocument {
  return policyDocument(
    {
      Sid: "CorbadoActionsLookUpUsers",
      Effect: "Allow",
      Action: LOOKUP_ACTIONS,
      Resource: [input.userPoolArn],
    },
    { ...countAdoptionStatement(input), Sid: "CorbadoActionsCountPasskeysAdded" },
  );
}

/**
 * post-append with mfa_after_passkey = sms: set a user's MFA preference in exactly one pool. A separate policy
 * so the module can leave it out when the setting is off: the same call can also switch a user's MFA off.
 */
export function actionsRoleMfaPolicy(input: { userPoolArn: string }): PolicyDocument {
  return policyDocument({
    Sid: "CorbadoActionsSetMfaPreference",
    Effect: "Allow",
    Action: MFA_ACTIONS,
    Resource: [input.userPoolArn],
  });
}
