import { RATE_LIMIT_NAME } from "../../functions/self-service/app";
import { rateLimitKey } from "../../functions/api-shared/rate-limit";
import { writeOwnLogsStatement } from "./logs";
import { leadingKeysLike } from "./tables";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./types";

/**
 * DynamoDB partition keys each API may touch (functions/admin-api/tables.ts, docs/admin-api.md): the roles'
 * `dynamodb:LeadingKeys` conditions (which also require a key: tables.ts), so a function reaches only its own items
 * in a shared table.
 */
export const LEADING_KEYS = {
  /** Adoption counters (day and total items), read by the admin API. */
  counters: ["counters#*"],
  /** The admin API's passkey-delete rate limit and settings-write claims. */
  adminWrites: [`${rateLimitKey("passkey-delete", "")}*`, "settings-lock"],
  /** Audit entries and the settings history. */
  audit: ["audit#*", "settings-history"],
  /** The self-service route's per-user rate limit. */
  selfService: [`${rateLimitKey(RATE_LIMIT_NAME, "")}*`],
} as const;

function onItems(sid: string, actions: string[], tableArn: string, leadingKeys: readonly string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: actions,
    Resource: [tableArn],
    Condition: leadingKeysLike(leadingKeys),
  };
}

export interface AdminApiPolicyInput {
  logGroupArn: string;
  loginSettingsParameterArn: string;
}

export interface AdminApiConsolePolicyInput {
  userPoolArn: string;
  loginSettingsParameterArn: string;
  secretParameterArn: string;
  aggregatesTableArn: string;
  auditTableArn: string;
}

/**
 * The admin API in every configuration: its logs and reading the login settings (GET /v1/public/login-config,
 * with define's reader). Nothing else: without the console this is all the function does.
 */
export function adminApiPolicy(input: AdminApiPolicyInput): PolicyDocument {
  return policyDocument(writeOwnLogsStatement(input.logGroupArn), {
    Sid: "ReadLoginSettings",
    Effect: "Allow",
    Action: ["ssm:GetParameter"],
    Resource: [input.loginSettingsParameterArn],
  });
}

/**
 * The admin API's console routes (a policy of its own, counted by console_enabled): the customer pool's users
 * (list, one user, the pool's size), writing the login settings, reading the Corbado secret (decrypting it is
 * granted where the key is named: policies/kms.ts, or callerKeyDecryptPolicy), and exactly its items in the
 * tables: counters read, its rate-limit and settings-lock items updated, audit entries and the settings history
 * added and listed. Never UpdateItem or DeleteItem on the audit table.
 */
export function adminApiConsolePolicy(input: AdminApiConsolePolicyInput): PolicyDocument {
  return policyDocument(
    {
      Sid: "ReadCustomerPoolUsers",
      Effect: "Allow",
      Action: ["cognito-idp:AdminGetUser", "cognito-idp:DescribeUserPool", "cognito-idp:ListUsers"],
      Resource: [input.userPoolArn],
    },
    {
      Sid: "WriteLoginSettings",
      Effect: "Allow",
      Action: ["ssm:PutParameter"],
      Resource: [input.loginSettingsParameterArn],
    },
    {
      Sid: "ReadCorbadoSecret",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: [input.secretParameterArn],
    },
    onItems(
      "ReadAdoptionCounters",
      ["dynamodb:BatchGetItem", "dynamodb:Query"],
      input.aggregatesTableArn,
      LEADING_KEYS.counters,
    ),
    onItems(
      "TakeRateLimitAndSettingsLock",
      ["dynamodb:UpdateItem"],
      input.aggregatesTableArn,
      LEADING_KEYS.adminWrites,
    ),
    onItems("AppendAndListAudit", ["dynamodb:PutItem", "dynamodb:Query"], input.auditTableArn, LEADING_KEYS.audit),
  );
}

export interface SelfServicePolicyInput {
  logGroupArn: string;
  userPoolArn: string;
  secretParameterArn: string;
  aggregatesTableArn: string;
}

/**
 * The self-service route faces end users: no admin privilege. Its logs, one user of the customer pool
 * (AdminGetUser: exists, enabled, confirmed), the Corbado secret (decrypt: where the key is named), and its own
 * rate-limit items.
 */
export function selfServicePolicy(input: SelfServicePolicyInput): PolicyDocument {
  return policyDocument(
    writeOwnLogsStatement(input.logGroupArn),
    {
      Sid: "ReadCustomerPoolUser",
      Effect: "Allow",
      Action: ["cognito-idp:AdminGetUser"],
      Resource: [input.userPoolArn],
    },
    {
      Sid: "ReadCorbadoSecret",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: [input.secretParameterArn],
    },
    onItems("TakeOwnRateLimit", ["dynamodb:UpdateItem"], input.aggregatesTableArn, LEADING_KEYS.selfService),
  );
}
