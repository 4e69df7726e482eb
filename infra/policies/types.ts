/**
 * IAM policy documents as plain data. The same objects are rendered into the module (where ARNs are
 * Terraform expressions) and fed to an IAM simulator with concrete ARNs, so keep them free of tokens logic.
 */
export type ConditionOperator =
  "StringEquals" | "StringLike" | "ArnEquals" | "ArnLike" | "Bool" | "Null" | "ForAllValues:StringLike";

export type PolicyCondition = Partial<Record<ConditionOperator, Record<string, string | string[]>>>;

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource?: string[];
  Principal?: { Service?: string | string[]; AWS?: string | string[] };
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}
