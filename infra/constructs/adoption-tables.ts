import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KEY_ATTRIBUTES, TTL_ATTRIBUTE } from "../../functions/admin-api/tables";
import { dynamodbTableArn, type ArnScope } from "../policies/arns";
import { countIf, logicalIds, type Condition } from "./expr";
import type { BooleanInput } from "./props";

/** A table as the policies name it: both values are built from the name, so they are known at plan. */
export interface TableRef {
  readonly name: string;
  readonly arn: string;
}

/**
 * What other parts grant on: the tables' names and ARNs (from names, known at plan), whether the audit table
 * exists, and the key that encrypts both. Roles that read or write items need kms:Decrypt/GenerateDataKey via
 * DynamoDB: the module's key allows the module's roles in its key policy (policies/tables.ts); with the caller's
 * key (`callerKey`), each role gets callerKeyTablesPolicy for the tables it uses.
 */
export interface AdoptionTablesRef {
  /** Adoption counters, first-passkey-login markers, rate-limit and settings-lock items (docs/admin-api.md). */
  readonly aggregates: TableRef;
  /** Audit entries and the settings history, append-only; exists only while `auditEnabled`. */
  readonly audit: TableRef;
  readonly auditEnabled: Condition;
  /** The key of both tables (the module's, or `kms_key_arn`). */
  readonly kmsKeyArn: string;
  /** Whether the key is the caller's: roles then need an IAM grant on it (a literal or a condition). */
  readonly callerKey: Condition;
}

export interface AdoptionTablesProps {
  readonly namePrefix: string;
  /** Whether the audit table exists (`console_enabled`). */
  readonly auditEnabled: Condition;
  readonly kmsKeyArn: string;
  readonly callerKey: Condition;
  readonly deletionProtection: BooleanInput;
  readonly arnScope: ArnScope;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

/** Table names: `<namePrefix>-aggregates`, `<namePrefix>-audit` (regional, so no region in them). */
export const tableNames = (namePrefix: string) => ({
  aggregates: `${namePrefix}-aggregates`,
  audit: `${namePrefix}-audit`,
});

/**
 * The admin API's DynamoDB tables, keyed as functions/admin-api/tables.ts declares: string `pk` and `sk`,
 * on-demand, point-in-time recovery, encrypted with the module's key or the caller's, TTL on `expiresAt`.
 * The aggregates table exists in every configuration: the auth path writes it whether or not the console is
 * on (a console turned on later shows what was counted before). The audit table exists with the console; the
 * audit entries' own `expiresAt` (AUDIT_RETENTION_DAYS) is what TTL removes. Both take deletion protection from
 * one variable (default on, like the user pool's): an audit log a plan can destroy is no audit log, and the
 * counters cannot be rebuilt. Logical ids: `aws_dynamodb_table.aggregates`, `aws_dynamodb_table.audit`.
 */
export class AdoptionTables extends Construct implements AdoptionTablesRef {
  readonly aggregates: TableRef;
  readonly audit: TableRef;
  readonly auditEnabled: Condition;
  readonly kmsKeyArn: string;
  readonly callerKey: Condition;
  readonly aggregatesTable: DynamodbTable;
  readonly auditTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: AdoptionTablesProps) {
    super(scope, id);
    const named = logicalIds(props.logicalIdPrefix);
    const names = tableNames(props.namePrefix);
    this.auditEnabled = props.auditEnabled;
    this.kmsKeyArn = props.kmsKeyArn;
    this.callerKey = props.callerKey;
    this.aggregates = { name: names.aggregates, arn: dynamodbTableArn(props.arnScope, names.aggregates) };
    this.audit = { name: names.audit, arn: dynamodbTableArn(props.arnScope, names.audit) };

    const table = (logicalId: string, name: string, count: number | undefined) =>
      named(
        new DynamodbTable(this, logicalId, {
          count,
          name,
          billingMode: "PAY_PER_REQUEST",
          hashKey: KEY_ATTRIBUTES.partition,
          rangeKey: KEY_ATTRIBUTES.sort,
          attribute: [
            { name: KEY_ATTRIBUTES.partition, type: "S" },
            { name: KEY_ATTRIBUTES.sort, type: "S" },
          ],
          pointInTimeRecovery: { enabled: true },
          serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
          ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
          deletionProtectionEnabled: props.deletionProtection,
          tags: props.tags,
        }),
        logicalId,
      );
    this.aggregatesTable = table("aggregates", names.aggregates, undefined);
    if (props.auditEnabled !== false) {
      this.auditTable = table(
        "audit",
        names.audit,
        props.auditEnabled === true ? undefined : countIf(props.auditEnabled),
      );
    }
  }
}
