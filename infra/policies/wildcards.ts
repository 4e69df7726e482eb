/**
 * The only places a policy of this module may use a wildcard, each because AWS requires it. The
 * least-privilege spec (least-privilege.test.ts) fails on any other "*" and the IAM report quotes the reasons.
 */
export interface WildcardException {
  /** Sid of the statement allowed to use the wildcard. */
  sid: string;
  where: "key policy" | "identity policy";
  /** Exactly the actions the statement may hold. */
  actions: string[];
  reason: string;
}

export const AWS_REQUIRED_WILDCARDS: readonly WildcardException[] = [
  {
    sid: "AccountAdministersKey",
    where: "key policy",
    actions: ["kms:*"],
    reason:
      'In a key policy, "Resource": "*" means this key. The account root keeps full control (AWS\'s default key policy) so the key can never become unmanageable; IAM policies in the account decide who else may use it.',
  },
  {
    sid: "VerifyTriggerDecryptsViaSsm",
    where: "key policy",
    actions: ["kms:Decrypt"],
    reason:
      'In a key policy, "Resource": "*" means this key: verify-auth-challenge\'s role may decrypt it only through SSM and only for the Corbado secret parameter (encryption context).',
  },
  {
    sid: "ModuleRolesUseKeyForTablesViaDynamoDb",
    where: "key policy",
    actions: ["kms:Decrypt", "kms:GenerateDataKey"],
    reason:
      'In a key policy, "Resource": "*" means this key: the module\'s own roles (aws:PrincipalArn, by name prefix) in this account may use it only through DynamoDB in this region and only for the module\'s tables (encryption context); which role reads or writes which items is left to the roles\' table policies.',
  },
  {
    sid: "ManageLambdaVpcInterfaces",
    where: "identity policy",
    actions: [
      "ec2:AssignPrivateIpAddresses",
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:UnassignPrivateIpAddresses",
    ],
    reason:
      "Only when the functions run in a VPC: Lambda manages the network interfaces with the function's role; ec2:Describe* has no resource-level permissions. Same actions as the AWS managed policy AWSLambdaVPCAccessExecutionRole.",
  },
  {
    sid: "WriteXrayTraces",
    where: "identity policy",
    actions: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
    reason:
      "Only with tracing_mode set: Lambda sends the function's X-Ray trace segments with the function's role, and these two actions have no resource-level permissions (the write part of the AWS managed policy AWSXRayDaemonWriteAccess).",
  },
  {
    sid: "PublishSmsToPhoneNumbers",
    where: "identity policy",
    actions: ["sns:Publish"],
    reason:
      'Only in create mode with mfa_after_passkey = "sms": Cognito sends SMS codes with the pool\'s SNS role. An SMS sent straight to a phone number has no resource ARN, so sns:Publish needs "Resource": "*" (the role Cognito\'s console creates has the same); a Deny statement in the same policy refuses every SNS topic.',
  },
];
