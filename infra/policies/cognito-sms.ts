import { policyDocument, type PolicyDocument } from "./types";

/**
 * The role a pool created by the module (`create` mode with `mfa_after_passkey = "sms"`) uses to send SMS codes
 * through Amazon SNS. Trust (confused-deputy protection): the Cognito service, only for user pools of this
 * account (aws:SourceAccount) in this region (aws:SourceArn), and only with the external id the pool's
 * sms_configuration sends.
 */
export interface CognitoSmsTrustPolicyInput {
  partition: string;
  region: string;
  accountId: string;
  /** Value of the pool's `sms_configuration.external_id`. */
  externalId: string;
}

export function cognitoSmsTrustPolicy(input: CognitoSmsTrustPolicyInput): PolicyDocument {
  return policyDocument({
    Sid: "CognitoAssumesSmsRole",
    Effect: "Allow",
    Principal: { Service: "cognito-idp.amazonaws.com" },
    Action: ["sts:AssumeRole"],
    Condition: {
      StringEquals: { "sts:ExternalId": input.externalId, "aws:SourceAccount": input.accountId },
      // The pool's own ARN is not known before the pool exists, and the pool needs this role to be created:
      // the guide allows a wildcard over the account's pools here.
      ArnLike: { "aws:SourceArn": `arn:${input.partition}:cognito-idp:${input.region}:${input.accountId}:userpool/*` },
    },
  });
}

/**
 * sns:Publish to phone numbers. A direct SMS has no resource ARN, so AWS requires "Resource": "*" (documented in
 * wildcards.ts); publishing to any topic is denied, so the role can send text messages and nothing else.
 */
export function cognitoSmsPolicy(input: { partition: string }): PolicyDocument {
  return policyDocument(
    {
      Sid: "PublishSmsToPhoneNumbers",
      Effect: "Allow",
      Action: ["sns:Publish"],
      Resource: ["*"],
    },
    {
      Sid: "NoPublishToTopics",
      Effect: "Deny",
      Action: ["sns:Publish"],
      Resource: [`arn:${input.partition}:sns:*:*:*`],
    },
  );
}
