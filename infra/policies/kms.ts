import { tablesKeyStatement, type TablesKeyStatementInput } from "./tables";
import { policyDocument, type PolicyDocument } from "./types";

export interface SecretKeyPolicyInput {
  /** arn:<partition>:iam::<account>:root */
  accountRootArn: string;
  /** The verify-auth-challenge execution role, the only principal the key names for Decrypt. */
  decrypterRoleArn: string;
  /** The Corbado secret parameter: SSM's encryption context binds each Decrypt to it. */
  secretParameterArn: string;
  region: string;
  accountId: string;
  /** The module's DynamoDB tables, encrypted with the same key (policies/tables.ts); absent: no statement. */
  tables?: Pick<TablesKeyStatementInput, "principalArnPattern" | "tableNames">;
}

/**
 * Key policy of the customer-managed key protecting the Corbado secret. "Resource": "*" is how a key policy
 * names its own key (AWS-required). The account root keeps administration so the key can never become
 * unmanageable (AWS's default key policy); IAM policies in the account decide who else may use the key.
 * verify's role may decrypt only through SSM, from this account, and only for the Corbado secret parameter (SSM
 * puts the parameter's ARN into the encryption context), not for any other parameter encrypted under the key.
 * That statement is the role's only grant on this key (a key policy naming a role of its own account needs no
 * IAM policy beside it); no identity policy names the key, whose ARN is unknown until it exists. The module's
 * tables use the same key through DynamoDB only (tablesKeyStatement).
 */
export function secretKeyPolicy(input: SecretKeyPolicyInput): PolicyDocument {
  return policyDocument(
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: input.accountRootArn },
      Action: ["kms:*"],
      Resource: ["*"],
    },
    {
      Sid: "VerifyTriggerDecryptsViaSsm",
      Effect: "Allow",
      Principal: { AWS: input.decrypterRoleArn },
      Action: ["kms:Decrypt"],
      Resource: ["*"],
      Condition: {
        StringEquals: {
          "kms:ViaService": `ssm.${input.region}.amazonaws.com`,
          "kms:CallerAccount": input.accountId,
          "kms:EncryptionContext:PARAMETER_ARN": input.secretParameterArn,
        },
      },
    },
    ...(input.tables
      ? [tablesKeyStatement({ ...input.tables, region: input.region, accountId: input.accountId })]
      : []),
  );
}
