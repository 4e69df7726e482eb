/**
 * The writers' grants on the aggregates table, simulated (the same engine as the IAM report, infra/audit): a counter
 * item may be added to, a marker put (verify only), and nothing else: no other item, no other table, no other action,
 * no request without a partition key.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { counterPk, markerPk } from "../../functions/shared/adoption-counters";
import { actionsRoleLookupPolicy } from "./actions-role";
import { postAuthenticationTriggerPolicy } from "./adoption-counters";
import { defineTriggerPolicy, verifyTriggerPolicy } from "./triggers";
import { decideItemRequest, SIMULATED_ACCOUNT } from "./item-simulation";
import type { PolicyDocument } from "./types";

const ACCOUNT = SIMULATED_ACCOUNT;
const TABLE = `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/corbado-passkeys-aggregates`;
const OTHER_TABLE = `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/corbado-passkeys-audit`;
const logGroupArn = `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/lambda/x`;
const input = { logGroupArn, aggregatesTableArn: TABLE };

const POLICIES: Record<string, PolicyDocument> = {
  define: defineTriggerPolicy({
    ...input,
    loginSettingsParameterArn: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/s`,
  }),
  verify: verifyTriggerPolicy({ ...input, secretParameterArn: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/c` }),
  "post-authentication": postAuthenticationTriggerPolicy(input),
  "actions role": actionsRoleLookupPolicy({
    userPoolArn: `arn:aws:cognito-idp:eu-central-1:${ACCOUNT}:userpool/eu-central-1_AbC`,
    aggregatesTableArn: TABLE,
  }),
};

const decide = decideItemRequest;

const COUNTER = [counterPk(3)];
const MARKER = [markerPk("0f6c3e2a-1111-2222-3333-444455556666")];

describe("the adoption writers' grants on the aggregates table (simulated)", () => {
  for (const [who, policy] of Object.entries(POLICIES)) {
    it(`${who}: UpdateItem on a counter item only; not on another item, another table, or without a key`, async () => {
      assert.equal(await decide(policy, "dynamodb:UpdateItem", TABLE, COUNTER), "Allowed");
      for (const [resource, keys] of [
        [TABLE, MARKER],
        [TABLE, ["settings#lock"]],
        [TABLE, [...COUNTER, ...MARKER]],
        [TABLE, undefined],
        [OTHER_TABLE, COUNTER],
      ] as const) {
        assert.equal(
          await decide(policy, "dynamodb:UpdateItem", resource, keys ? [...keys] : undefined),
          "ImplicitlyDenied",
          `${resource} ${String(keys)}`,
        );
      }
      for (const action of ["dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan"]) {
        assert.equal(await decide(policy, action, TABLE, COUNTER), "ImplicitlyDenied", action);
      }
    });
  }

  it("verify alone puts a first-passkey-login marker, and only a marker", async () => {
    for (const [who, policy] of Object.entries(POLICIES)) {
      const expected = who === "verify" ? "Allowed" : "ImplicitlyDenied";
      assert.equal(await decide(policy, "dynamodb:PutItem", TABLE, MARKER), expected, who);
      assert.equal(await decide(policy, "dynamodb:PutItem", TABLE, COUNTER), "ImplicitlyDenied", who);
      assert.equal(await decide(policy, "dynamodb:PutItem", OTHER_TABLE, MARKER), "ImplicitlyDenied", who);
    }
  });

  it("the key prefixes granted are the ones the writers write (functions/shared/adoption-counters.ts)", () => {
    const prefixes = Object.values(POLICIES)
      .flatMap((p) => p.Statement)
      .flatMap((s) => s.Condition?.["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"] ?? []);
    assert.ok(prefixes.length >= 5, "control case: the writers' statements are found");
    for (const prefix of prefixes) {
      const stem = String(prefix).replace(/\*$/, "");
      assert.ok(counterPk(0).startsWith(stem) || MARKER[0]!.startsWith(stem), String(prefix));
    }
  });
});
