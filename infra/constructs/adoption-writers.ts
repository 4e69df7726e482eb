import type { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { renderPolicy } from "../policies/render";
import { callerKeyTablesPolicy } from "../policies/tables";
import type { AdoptionTablesRef } from "./adoption-tables";
import { and, countIf, logicalIds, type Condition } from "./expr";

/** What a writer of the adoption counters needs to know of the tables (infra/constructs/adoption-tables.ts). */
export interface AdoptionWriterProps {
  readonly tables: AdoptionTablesRef;
  /** COUNTER_SHARDS of every writer (and the admin API's reader): `counter_shards`. */
  readonly counterShards: number;
  /** The tables' region: the caller's key may be used through DynamoDB in this region only. */
  readonly region: string;
}

/**
 * A writer role's use of the caller's key for the aggregates table (policies/tables.ts callerKeyTablesPolicy), which
 * exists only when the key is the caller's (the module's own key allows its roles in its key policy) and the writer
 * does. Logical id `<logicalId>_tables_caller_key`; add it to the role's exclusive policies.
 */
export function writerCallerKeyPolicy(
  scope: Construct,
  writer: { readonly logicalId: string; readonly roleId: string; readonly enabled: Condition },
  props: AdoptionWriterProps & { readonly logicalIdPrefix: string },
): IamRolePolicy | undefined {
  const exists = and(writer.enabled, props.tables.callerKey);
  if (exists === false) return undefined;
  const named = logicalIds(props.logicalIdPrefix);
  return named(
    new IamRolePolicy(scope, `${writer.logicalId}-tables-caller-key`, {
      count: exists === true ? undefined : countIf(exists),
      name: "use-caller-key-for-adoption-counts",
      role: writer.roleId,
      policy: renderPolicy(
        scope,
        `${props.logicalIdPrefix}${writer.logicalId}_tables_caller_key_policy`,
        callerKeyTablesPolicy({
          kmsKeyArn: props.tables.kmsKeyArn,
          tableNames: [props.tables.aggregates.name],
          region: props.region,
        }),
      ),
    }),
    `${writer.logicalId}_tables_caller_key`,
  );
}
