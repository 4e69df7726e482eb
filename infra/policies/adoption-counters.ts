/**
 * What the adoption counters' writers may do to the aggregates table (docs/admin-api.md, "Writers"): the triggers
 * add to counter items and put first-passkey-login markers, the actions role adds to counter items; nothing reads,
 * deletes or touches another item. Items are told apart by their partition key's prefix
 * (functions/shared/adoption-counters.ts), which `dynamodb:LeadingKeys` carries on every item request.
 */
import { COUNTER_PK_PREFIX, MARKER_PK_PREFIX } from "../../functions/shared/adoption-counters";
import { writeOwnLogsStatement } from "./logs";
import { leadingKeysLike } from "./tables";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./types";

export interface AggregatesTableInput {
  /** The aggregates table (infra/constructs/adoption-tables.ts; an ARN built from its name). */
  aggregatesTableArn: string;
}

/** ADD to the day's and the total counters (UpdateItem), on counter items only. */
export function countAdoptionStatement(input: AggregatesTableInput): PolicyStatement {
  return {
    Sid: "CountAdoption",
    Effect: "Allow",
    Action: ["dynamodb:UpdateItem"],
    Resource: [input.aggregatesTableArn],
    Condition: leadingKeysLike([`${COUNTER_PK_PREFIX}*`]),
  };
}

/** verify: the conditional put of a user's first-passkey-login marker (PutItem), on marker items only. */
export function markFirstPasskeyLoginStatement(input: AggregatesTableInput): PolicyStatement {
  return {
    Sid: "MarkFirstPasskeyLogin",
    Effect: "Allow",
    Action: ["dynamodb:PutItem"],
    Resource: [input.aggregatesTableArn],
    Condition: leadingKeysLike([`${MARKER_PK_PREFIX}*`]),
  };
}

export interface PostAuthenticationTriggerPolicyInput extends AggregatesTableInput {
  logGroupArn: string;
}

/** The optional post-authentication trigger: its logs, and counting every login. */
export function postAuthenticationTriggerPolicy(input: PostAuthenticationTriggerPolicyInput): PolicyDocument {
  return policyDocument(writeOwnLogsStatement(input.logGroupArn), countAdoptionStatement(input));
}
