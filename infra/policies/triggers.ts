import { countAdoptionStatement, markFirstPasskeyLoginStatement, type AggregatesTableInput } from "./adoption-counters";
import { writeOwnLogsStatement } from "./logs";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./types";

export interface DefineTriggerPolicyInput extends AggregatesTableInput {
  logGroupArn: string;
  loginSettingsParameterArn: string;
}

/**
 * define-auth-challenge: its logs, reading exactly the login-settings parameter (a plain String), and counting
 * passkey logins (counter items of the aggregates table).
 */
export function defineTriggerPolicy(input: DefineTriggerPolicyInput): PolicyDocument {
  return policyDocument(
    writeOwnLogsStatement(input.logGroupArn),
    {
      Sid: "ReadLoginSettings",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: [input.loginSettingsParameterArn],
    },
    countAdoptionStatement(input),
  );
}

export interface CreateTriggerPolicyInput {
  logGroupArn: string;
}

/** create-auth-challenge: its logs and nothing else. */
export function createTriggerPolicy(input: CreateTriggerPolicyInput): PolicyDocument {
  return policyDocument(writeOwnLogsStatement(input.logGroupArn));
}

export interface VerifyTriggerPolicyInput extends AggregatesTableInput {
  logGroupArn: string;
  secretParameterArn: string;
}

/**
 * verify-auth-challenge: its logs, the Corbado secret parameter, and counting (failures on counter items, a user's
 * first passkey login as a marker item). Decrypting the secret is granted where the key is named: the module's own
 * key names this role in its key policy (kms.ts); a caller's key gets callerKeyDecryptPolicy.
 */
export function verifyTriggerPolicy(input: VerifyTriggerPolicyInput): PolicyDocument {
  return policyDocument(
    writeOwnLogsStatement(input.logGroupArn),
    {
      Sid: "ReadCorbadoSecret",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: [input.secretParameterArn],
    },
    countAdoptionStatement(input),
    markFirstPasskeyLoginStatement(input),
  );
}

export interface CallerKeyDecryptPolicyInput {
  /** The caller's key (`kms_key_arn`). */
  kmsKeyArn: string;
  secretParameterArn: string;
  /** Region of the parameter: KMS may only be used through SSM in this region. */
  region: string;
}

/**
 * verify-auth-challenge with the caller's key: Decrypt on that key only via SSM, for the secret parameter only.
 * A policy of its own: it names a key ARN, which is `(known after apply)` when the caller creates the key in
 * the same apply, and would hide every other statement of the trigger's policy in the plan.
 */
export function callerKeyDecryptPolicy(input: CallerKeyDecryptPolicyInput): PolicyDocument {
  return policyDocument(decryptViaSsmStatement(input));
}

function decryptViaSsmStatement(input: CallerKeyDecryptPolicyInput): PolicyStatement {
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
