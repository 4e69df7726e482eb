import { policyDocument, type PolicyCondition, type PolicyDocument, type PolicyStatement } from "./types";

/**
 * Item requests whose partition keys (`dynamodb:LeadingKeys`) all match `patterns`: how every role is held to its
 * own items of a shared table. The Null test makes the key required: ForAllValues alone is true for a request that
 * carries no key at all.
 */
export const leadingKeysLike = (patterns: readonly string[]): PolicyCondition => ({
  "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...patterns] },
  Null: { "dynamodb:LeadingKeys": "false" },
});

/** What DynamoDB asks KMS for on behalf of a principal that reads or writes items of a table under a key. */
export const TABLE_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

export interface TablesKeyStatementInput {
  /** The module's roles: `arn:<partition>:iam::<account>:role<path><role name prefix>-*`. */
  principalArnPattern: string;
  /** The module's tables (DynamoDB puts the table's name into the encryption context). */
  tableNames: string[];
  region: string;
  accountId: string;
}

/**
 * Key policy statement of the module's key for its DynamoDB tables. A key policy that names a role needs the
 * role to exist, and which table users exist depends on switches; so the statement names no principal and
 * instead holds every use to: this account, a role of this module (by name prefix), through DynamoDB in this
 * region, for this module's tables (encryption context). Which role may touch which item is decided by the
 * roles' table policies (the IAM report simulates them); this statement only keeps the key out of other hands.
 */
export function tablesKeyStatement(input: TablesKeyStatementInput): PolicyStatement {
  return {
    Sid: "ModuleRolesUseKeyForTablesViaDynamoDb",
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: TABLE_KEY_ACTIONS,
    Resource: ["*"],
    Condition: {
      StringEquals: {
        "kms:ViaService": `dynamodb.${input.region}.amazonaws.com`,
        "kms:CallerAccount": input.accountId,
        "kms:EncryptionContext:aws:dynamodb:tableName": input.tableNames,
      },
      ArnLike: { "aws:PrincipalArn": input.principalArnPattern },
    },
  };
}

export interface CallerKeyTablesPolicyInput {
  /** The caller's key (`kms_key_arn`). */
  kmsKeyArn: string;
  /** Only the tables this role uses. */
  tableNames: string[];
  region: string;
}

/**
 * A role's use of the caller's key for its tables, through DynamoDB only. A policy of its own (like
 * callerKeyDecryptPolicy): a key ARN the caller creates in the same apply is unknown at plan and would hide the
 * role's other statements.
 */
export function callerKeyTablesPolicy(input: CallerKeyTablesPolicyInput): PolicyDocument {
  return policyDocument({
    Sid: "UseCallerKeyForTablesViaDynamoDb",
    Effect: "Allow",
    Action: TABLE_KEY_ACTIONS,
    Resource: [input.kmsKeyArn],
    Condition: {
      StringEquals: {
        "kms:ViaService": `dynamodb.${input.region}.amazonaws.com`,
        "kms:EncryptionContext:aws:dynamodb:tableName": input.tableNames,
      },
    },
  });
}
