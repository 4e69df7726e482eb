import { writeOwnLogsStatement } from "./logs";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./types";

export interface DefineTriggerPolicyInput {
  logGroupArn: string;
  loginSettingsParameterArn: string;
}

/** define-auth-challenge: its logs, and reading exactly the login-settings parameter (a plain String). */
export function defineTriggerPolicy(input: DefineTriggerPolicyInput): PolicyDocument {
  return policyDocument(writeOwnLogsStatement(input.logGroupArn), {
    Sid: "ReadLoginSettings",
    Effect: "Allow",
    Action: ["ssm:GetParameter"],
    Resource: [input.loginSettingsParameterArn],
  });
}

export interface CreateTriggerPolicyInput {
  logGroupArn: string;
}

/** create-auth-challenge: its logs and nothing else. */
export function createTriggerPolicy(input: CreateTriggerPolicyInput): PolicyDocument {
  return policyDocument(writeOwnLogsStatement(input.logGroupArn));
}

export interface VerifyTriggerPolicyInput {
  logGroupArn: string;
  secretParameterArn: string;
  kmsKeyArn: string;
  /** Region of the parameter: KMS may only be used through SSM in this region. */
  region: string;
}

/** verify-auth-challenge: its logs, the Corbado secret parameter, and Decrypt on its key only via SSM for it. */
export function verifyTriggerPolicy(input: VerifyTriggerPolicyInput): PolicyDocument {
  return policyDocument(
    writeOwnLogsStatement(input.logGroupArn),
    {
      Sid: "ReadCorbadoSecret",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: [input.secretParameterArn],
    },
    decryptViaSsmStatement(input),
  );
}

function decryptViaSsmStatement(input: VerifyTriggerPolicyInput): PolicyStatement {
  return {
    Sid: "DecryptCorbadoSecretViaSsm",
    Effect: "Allow",
    Action: ["kms:Decrypt"],
    Resource: [input.kmsKeyArn],
    Condition: {
      StringEquals: {
        "kms:ViaService": `ssm.${input.region}.amazonaws.com`,
        "kms:EncryptionContext:PARAMETER_ARN": input.secretParameterArn,
      },
    },
  };
}

/**
 * ENI management for a function placed in a VPC. AWS-required wildcard: ec2:Describe* and ENI creation for
 * Lambda do not support resource-level scoping in a way Lambda's service can use (this is the content of the
 * AWS managed policy AWSLambdaVPCAccessExecutionRole).
 */
export function lambdaVpcAccessPolicy(): PolicyDocument {
  return policyDocument({
    Sid: "ManageLambdaVpcInterfaces",
    Effect: "Allow",
    Action: [
      "ec2:AssignPrivateIpAddresses",
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:UnassignPrivateIpAddresses",
    ],
    Resource: ["*"],
  });
}
