/**
 * The admin API's and the self-service route's grants on the tables, simulated (the same engine as the IAM report,
 * infra/audit): each reaches the items its function writes, and nothing without a partition key (a keyless request
 * makes `ForAllValues` true, so each LeadingKeys condition must also require the key).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { auditPk } from "../../functions/admin-api/audit";
import { rateLimitKey } from "../../functions/api-shared/rate-limit";
import { RATE_LIMIT_NAME } from "../../functions/self-service/app";
import { counterPk } from "../../functions/shared/adoption-counters";
import { adminApiConsolePolicy, selfServicePolicy } from "./admin-api";
import { decideItemRequest, SIMULATED_ACCOUNT } from "./item-simulation";

const ACCOUNT = SIMULATED_ACCOUNT;
const AGGREGATES = `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/corbado-passkeys-aggregates`;
const AUDIT = `arn:aws:dynamodb:eu-central-1:${ACCOUNT}:table/corbado-passkeys-audit`;
const SECRET = `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/c`;

const ADMIN = adminApiConsolePolicy({
  userPoolArn: `arn:aws:cognito-idp:eu-central-1:${ACCOUNT}:userpool/eu-central-1_AbC`,
  loginSettingsParameterArn: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/s`,
  secretParameterArn: SECRET,
  aggregatesTableArn: AGGREGATES,
  auditTableArn: AUDIT,
});
const SELF_SERVICE = selfServicePolicy({
  logGroupArn: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/lambda/x`,
  userPoolArn: `arn:aws:cognito-idp:eu-central-1:${ACCOUNT}:userpool/eu-central-1_AbC`,
  secretParameterArn: SECRET,
  aggregatesTableArn: AGGREGATES,
});

const decide = decideItemRequest;

/** The partition keys the functions write (functions/admin-api/tables.ts), built by their own code where it has one. */
const COUNTER = counterPk(0);
const DELETE_RATE_LIMIT = rateLimitKey("passkey-delete", "admin-sub");
const AUDIT_ENTRY = auditPk("2026-11-21T10:00:00.000Z");
const SELF_RATE_LIMIT = rateLimitKey(RATE_LIMIT_NAME, "user-sub");

/** [action, table, a key the function uses there]: every item request each function makes. */
const ADMIN_REQUESTS: Array<[string, string, string]> = [
  ["dynamodb:BatchGetItem", AGGREGATES, COUNTER],
  ["dynamodb:Query", AGGREGATES, COUNTER],
  ["dynamodb:UpdateItem", AGGREGATES, DELETE_RATE_LIMIT],
  ["dynamodb:UpdateItem", AGGREGATES, "settings-lock"],
  ["dynamodb:PutItem", AUDIT, AUDIT_ENTRY],
  ["dynamodb:PutItem", AUDIT, "settings-history"],
  ["dynamodb:Query", AUDIT, AUDIT_ENTRY],
  ["dynamodb:Query", AUDIT, "settings-history"],
];
const SELF_SERVICE_REQUESTS: Array<[string, string, string]> = [["dynamodb:UpdateItem", AGGREGATES, SELF_RATE_LIMIT]];

describe("the admin API's and the self-service route's grants on the tables (simulated)", () => {
  for (const [who, policy, requests] of [
    ["admin API", ADMIN, ADMIN_REQUESTS],
    ["self-service route", SELF_SERVICE, SELF_SERVICE_REQUESTS],
  ] as const) {
    it(`${who}: each item request on its own partition key, none without a partition key`, async () => {
      for (const [action, table, pk] of requests) {
        assert.equal(await decide(policy, action, table, [pk]), "Allowed", `control: ${action} ${pk}`);
        assert.equal(await decide(policy, action, table, undefined), "ImplicitlyDenied", `${action} without a key`);
      }
    });
  }

  it("neither reaches the other's items, the writers' markers, or its own items mixed with another's", async () => {
    assert.equal(await decide(ADMIN, "dynamodb:UpdateItem", AGGREGATES, [SELF_RATE_LIMIT]), "ImplicitlyDenied");
    assert.equal(await decide(ADMIN, "dynamodb:UpdateItem", AGGREGATES, [COUNTER]), "ImplicitlyDenied");
    assert.equal(
      await decide(ADMIN, "dynamodb:BatchGetItem", AGGREGATES, [COUNTER, "passkey-user#0f6c"]),
      "ImplicitlyDenied",
    );
    assert.equal(await decide(ADMIN, "dynamodb:PutItem", AGGREGATES, [AUDIT_ENTRY]), "ImplicitlyDenied");
    for (const pk of [DELETE_RATE_LIMIT, "settings-lock", COUNTER])
      assert.equal(await decide(SELF_SERVICE, "dynamodb:UpdateItem", AGGREGATES, [pk]), "ImplicitlyDenied", pk);
    for (const action of ["dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:Scan", "dynamodb:PutItem"])
      assert.equal(await decide(SELF_SERVICE, action, AGGREGATES, [SELF_RATE_LIMIT]), "ImplicitlyDenied", action);
  });
});
