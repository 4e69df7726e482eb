/**
 * The invocation payload, as aws_lambda_invocation sends it with lifecycle_scope = "CRUD":
 * the resource's `input` JSON plus a `tf` key {action: "create"|"update"|"delete", prev_input: object|null}
 * (hashicorp/aws docs for aws_lambda_invocation, "CRUD Lifecycle Scope"; the key name is the
 * resource's `terraform_key`, default "tf").
 */
import { isObject } from "../shared/cognito-events";
import { isUserPoolId } from "../shared/cognito-names";
import { EVERY_TRIGGER, OUR_TRIGGERS, type OurTrigger, type TriggerArns } from "./merge";

export interface AttachInput {
  userPoolId: string;
  triggers: TriggerArns;
  replaceForeignTriggers: boolean;
}

export type LifecycleAction = "create" | "update" | "delete";

export interface AttachRequest {
  action: LifecycleAction;
  input: AttachInput;
  /** prev_input for update (and delete, where the provider sends the current input again); null on create. */
  previous: AttachInput | null;
}

/** The payload is malformed. Thrown before any AWS call. */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
}

/** A Lambda function ARN, optionally qualified with a version or alias; valid in RE2 too. */
export const FUNCTION_ARN_PATTERN =
  "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$";
export const FUNCTION_ARN = new RegExp(FUNCTION_ARN_PATTERN);

/** Validates one input object; `where` names it in error messages ("input" or "tf.prev_input"). */
export function parseAttachInput(value: unknown, where: string): AttachInput {
  if (!isObject(value)) throw new InvalidInputError(`${where} must be a JSON object`);
  const { userPoolId, triggers, replaceForeignTriggers } = value;
  if (!isUserPoolId(userPoolId)) {
    throw new InvalidInputError(`${where}.userPoolId must be a user pool id like eu-central-1_AbC123`);
  }
  if (!isObject(triggers)) throw new InvalidInputError(`${where}.triggers must be an object`);
  const arns: Partial<Record<OurTrigger, string>> = {};
  for (const trigger of EVERY_TRIGGER) {
    const arn = triggers[trigger];
    // The optional trigger is absent when it is not deployed.
    if (arn === undefined && !(OUR_TRIGGERS as readonly string[]).includes(trigger)) continue;
    if (typeof arn !== "string" || !FUNCTION_ARN.test(arn)) {
      throw new InvalidInputError(`${where}.triggers.${trigger} must be a Lambda function ARN`);
    }
    arns[trigger] = arn;
  }
  const extra = Object.keys(triggers).filter((k) => !(EVERY_TRIGGER as readonly string[]).includes(k));
  if (extra.length > 0) {
    throw new InvalidInputError(
      `${where}.triggers may only hold ${EVERY_TRIGGER.join(", ")}; unexpected: ${extra.map((k) => JSON.stringify(k)).join(", ")}`,
    );
  }
  if (replaceForeignTriggers !== undefined && typeof replaceForeignTriggers !== "boolean") {
    throw new InvalidInputError(`${where}.replaceForeignTriggers must be true or false`);
  }
  return { userPoolId, triggers: arns as TriggerArns, replaceForeignTriggers: replaceForeignTriggers === true };
}

/**
 * Reads the payload (index.ts then refuses it unless its input equals the configuration). Without a `tf` key (lifecycle_scope CREATE_ONLY, or a manual `aws lambda invoke`)
 * the call is treated as "create": attach, never detach.
 */
export function parseEvent(event: unknown, terraformKey = "tf"): AttachRequest {
  if (!isObject(event)) throw new InvalidInputError("the payload must be a JSON object");
  const input = parseAttachInput(event, "input");
  const tf = event[terraformKey];
  if (tf === undefined) return { action: "create", input, previous: null };
  if (!isObject(tf)) throw new InvalidInputError(`${terraformKey} must be an object`);
  const action = tf.action;
  if (action !== "create" && action !== "update" && action !== "delete") {
    throw new InvalidInputError(`${terraformKey}.action must be create, update or delete`);
  }
  const prev = tf.prev_input;
  const previous = prev === null || prev === undefined ? null : parseAttachInput(prev, `${terraformKey}.prev_input`);
  return { action, input, previous };
}
