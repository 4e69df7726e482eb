import { writeOwnLogsStatement } from "./logs";
import { policyDocument, type PolicyDocument } from "./types";

export interface PoolAttachPolicyInput {
  logGroupArn: string;
  userPoolArn: string;
}

/**
 * The attach step: read and update exactly one pool (GetUserPoolMfaConfig proves the write kept the MFA
 * factor settings; see docs/attach-mode.md).
 */
export function poolAttachPolicy(input: PoolAttachPolicyInput): PolicyDocument {
  return policyDocument(writeOwnLogsStatement(input.logGroupArn), {
    Sid: "MergeTriggersIntoOnePool",
    Effect: "Allow",
    Action: ["cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:UpdateUserPool"],
    Resource: [input.userPoolArn],
  });
}

/**
 * Roles the pool already uses (its SMS role): UpdateUserPool must pass them back unchanged, which needs
 * iam:PassRole, and only towards Cognito. Not needed when the pool has no SMS configuration.
 */
export function poolAttachPassRolePolicy(passRoleArns: string[]): PolicyDocument {
  return policyDocument({
    Sid: "PassPoolSmsRoleBackToCognito",
    Effect: "Allow",
    Action: ["iam:PassRole"],
    Resource: passRoleArns,
    Condition: { StringEquals: { "iam:PassedToService": "cognito-idp.amazonaws.com" } },
  });
}
