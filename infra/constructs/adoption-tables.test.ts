import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { createTableRequest, TTL_ATTRIBUTE } from "../../functions/admin-api/tables";
import { synthesizeModule } from "../module/build-module";
import { CorbadoPasskeys } from "./corbado-passkeys";
import type { CorbadoPasskeysProps } from "./props";

type Block = Record<string, unknown>;
type Synth = { resource: Record<string, Record<string, Block>>; locals?: Record<string, unknown> };

function synth(props: CorbadoPasskeysProps = {}): { out: Synth; passkeys: CorbadoPasskeys } {
  const stack = new TerraformStack(Testing.app(), "tables");
  const passkeys = new CorbadoPasskeys(stack, "passkeys", props);
  return { out: JSON.parse(Testing.synth(stack)) as Synth, passkeys };
}
const tables = (out: Synth) => out.resource.aws_dynamodb_table ?? {};
const CALLER_KEY = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("the adoption and audit tables", () => {
  it("keys both tables exactly as the admin API creates them in the local stack and the specs", () => {
    const { out } = synth({ consoleEnabled: true });
    for (const [logicalId, name] of [
      ["aggregates", "corbado-passkeys-aggregates"],
      ["audit", "corbado-passkeys-audit"],
    ] as const) {
      const table = tables(out)[logicalId]!;
      const request = createTableRequest(name) as {
        KeySchema: Array<{ AttributeName: string; KeyType: string }>;
        AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
      };
      assert.equal(table.name, name);
      assert.equal(table.billing_mode, "PAY_PER_REQUEST");
      assert.equal(table.hash_key, request.KeySchema.find((k) => k.KeyType === "HASH")!.AttributeName);
      assert.equal(table.range_key, request.KeySchema.find((k) => k.KeyType === "RANGE")!.AttributeName);
      assert.deepEqual(
        table.attribute,
        request.AttributeDefinitions.map((a) => ({ name: a.AttributeName, type: a.AttributeType })),
      );
      assert.deepEqual(table.point_in_time_recovery, { enabled: true });
      assert.deepEqual(table.ttl, { attribute_name: TTL_ATTRIBUTE, enabled: true });
      assert.equal(table.deletion_protection_enabled, true);
      // The module's key (created here), never DynamoDB's default key.
      assert.deepEqual(table.server_side_encryption, { enabled: true, kms_key_arn: "${local.kms_key_arn}" });
    }
  });

  it("creates the aggregates table without the console (the auth path counts regardless) and the audit table only with it", () => {
    const { out, passkeys } = synth();
    assert.deepEqual(Object.keys(tables(out)), ["aggregates"]);
    assert.equal(passkeys.tables.auditEnabled, false);
    assert.deepEqual(Object.keys(tables(synth({ consoleEnabled: true }).out)).sort(), ["aggregates", "audit"]);
  });

  it("hands out names and ARNs built from names, known at plan, and says whose key it is", () => {
    const stack = new TerraformStack(Testing.app(), "tables");
    const passkeys = new CorbadoPasskeys(stack, "passkeys", { kmsKeyArn: CALLER_KEY });
    new TerraformOutput(stack, "refs", {
      value: { aggregates: passkeys.tables.aggregates, audit: passkeys.tables.audit },
    }).overrideLogicalId("refs");
    const refs = (JSON.parse(Testing.synth(stack)) as { output: { refs: { value: unknown } } }).output.refs.value;
    const arn = (name: string) =>
      `arn:\${local.partition}:dynamodb:\${local.region}:\${local.account_id}:table/${name}`;
    assert.deepEqual(refs, {
      aggregates: { name: "corbado-passkeys-aggregates", arn: arn("corbado-passkeys-aggregates") },
      audit: { name: "corbado-passkeys-audit", arn: arn("corbado-passkeys-audit") },
    });
    assert.equal(passkeys.tables.kmsKeyArn, CALLER_KEY);
    assert.equal(passkeys.tables.callerKey, true);
    assert.equal(synth().passkeys.tables.callerKey, false);
  });

  it("in the module: the audit table counted by console_enabled, the key and deletion protection from variables", () => {
    const resources = synthesizeModule().mainTfJson.resource as Synth["resource"];
    const audit = resources.aws_dynamodb_table!.audit!;
    assert.match(String(audit.count), /var\.console_enabled/);
    assert.equal(resources.aws_dynamodb_table!.aggregates!.count, undefined);
    assert.equal(audit.deletion_protection_enabled, "${var.table_deletion_protection}");
    assert.match(JSON.stringify(audit.server_side_encryption), /local\.kms_key_arn/);
  });
});
