import { Fn, Op, TerraformLocal, TerraformStack, Token, ref, type IResolvable } from "cdktf";
import type { Construct } from "constructs";
import type { TokenList, TokenString } from "./props";

/**
 * Helpers that let one construct serve two audiences: a CDKTF user passing literal props gets plain values at
 * synth time, the emitted module passes Terraform variables and gets `count`/conditional expressions.
 */
export type Condition = boolean | IResolvable;

export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** `value == literal`, decided at synth time when value is known; the literal must be one the value can take. */
export function equals<T extends string>(value: T | TokenString, literal: NoInfer<T>): Condition {
  return isToken(value) ? Op.eq(value, literal) : value === literal;
}

export function isNull(value: unknown): Condition {
  if (value === undefined || value === null) return true;
  return isToken(value) ? Op.eq(value, ref("null")) : false;
}

export function not(condition: Condition): Condition {
  return typeof condition === "boolean" ? !condition : Op.not(condition);
}

export function and(left: Condition, right: Condition): Condition {
  if (typeof left === "boolean") return left ? right : false;
  if (typeof right === "boolean") return right ? left : false;
  return Op.and(left, right);
}

export function or(left: Condition, right: Condition): Condition {
  if (typeof left === "boolean") return left ? true : right;
  if (typeof right === "boolean") return right ? true : left;
  return Op.or(left, right);
}

export function isNonEmptyList(list: string[]): Condition {
  return isToken(list) ? Op.gte(Fn.lengthOf(list), 1) : list.length > 0;
}

/** `condition ? whenTrue : whenFalse`, resolved at synth time when the condition is known. */
export function choose<T>(condition: Condition, whenTrue: T, whenFalse: T): T {
  if (typeof condition === "boolean") return condition ? whenTrue : whenFalse;
  return Fn.conditional(condition, whenTrue, whenFalse) as T;
}

/** A `count` of 1 or 0. */
export function countIf(condition: Condition): number {
  if (typeof condition === "boolean") return condition ? 1 : 0;
  return Token.asNumber(Fn.conditional(condition, 1, 0));
}

/** Reference to an attribute of the first (only) instance of a counted resource: `type.name[0].attr`. */
export function firstInstance(
  resource: { terraformResourceType: string; friendlyUniqueId: string },
  attribute: string,
): string {
  return Token.asString(ref(`${resource.terraformResourceType}.${resource.friendlyUniqueId}[0].${attribute}`));
}

/** Number as a string (Lambda environment variables are strings). */
export function numberString(value: number): string {
  return isToken(value) ? Token.asString(Fn.tostring(value)) : String(value);
}

/**
 * A condition as the "true"/"false" a Lambda environment variable carries: `tostring(...)` when it is an
 * expression (not `cond ? "true" : "false"`: Fn.conditional does not parenthesize a conditional condition).
 */
export function conditionString(value: Condition): string {
  return typeof value === "boolean" ? String(value) : Token.asString(Fn.tostring(value));
}

type Referenceable = { terraformResourceType: string; friendlyUniqueId: string };

/**
 * An attribute of a resource that may be counted: `type.name[0].attr` when it is, the plain reference (`direct`,
 * e.g. `role.arn`) when it is not.
 */
export function instanceAttribute(
  counted: boolean,
  resource: Referenceable,
  attribute: string,
  direct: string,
): string {
  return counted ? firstInstance(resource, attribute) : direct;
}

/** `one(type.name[*].attr)`: the attribute of a counted resource, or null when it has no instance. */
export function oneOrNull(resource: Referenceable, attribute: string): string {
  return Token.asString(Fn.one(ref(`${resource.terraformResourceType}.${resource.friendlyUniqueId}[*].${attribute}`)));
}

/** A function that gives Terraform elements the logical ids users see (`<prefix><id>`, no hash suffix). */
export type Namer = <T extends { overrideLogicalId(id: string): void }>(element: T, logicalId: string) => T;

export function logicalIds(prefix: string): Namer {
  return (element, logicalId) => {
    element.overrideLogicalId(`${prefix}${logicalId}`);
    return element;
  };
}

/** A Terraform local when the value is an expression (the module), the value itself when it is known. */
/** A condition as a named local when it is a Terraform expression (read once in plan), as it is when a literal. */
export function localCondition(scope: Construct, named: Namer, name: string, condition: Condition): Condition {
  if (typeof condition === "boolean") return condition;
  return named(new TerraformLocal(scope, name, condition), name).asBoolean;
}

export function localValue(scope: Construct, named: Namer, name: string, value: string): string {
  if (!isToken(value)) return value;
  return named(new TerraformLocal(scope, name, value), name).asString;
}

/** IAM's limit on a role name. */
export const IAM_ROLE_NAME_MAX = 64;

/**
 * A precondition for a role whose name is known only at plan time (the region in it, with
 * `includeRegionInNames`): a name past IAM's limit is refused at plan rather than at apply. None for a literal
 * name, which `namePrefix`'s own limit keeps short enough.
 */
export function roleNamePrecondition(name: string): { condition: IResolvable; errorMessage: string }[] {
  if (!isToken(name)) return [];
  return [
    {
      condition: Op.lte(Fn.lengthOf(name), IAM_ROLE_NAME_MAX),
      errorMessage: `The IAM role name ${name} is longer than IAM's ${IAM_ROLE_NAME_MAX} characters: with include_region_in_names = true, shorten name_prefix (the region takes up to 15 of them).`,
    },
  ];
}

/** `define-auth-challenge` -> `define_auth_challenge`: a function's name as Terraform logical ids and keys spell it. */
export function snakeCase(name: string): string {
  return name.replace(/-/g, "_");
}

/**
 * Marks a CDKTF token (a TerraformVariable's value, a resource attribute) for a prop that otherwise takes one of
 * a few literals (`poolMode: asToken(mode.stringValue)`). Throws on a literal: literals are checked by the compiler.
 */
export function asToken(value: string): TokenString;
export function asToken(value: string[]): TokenList;
export function asToken(value: string | string[]): TokenString | TokenList {
  if (!isToken(value))
    throw new Error("asToken takes a token (such as a TerraformVariable's value); pass a literal as it is.");
  return value as TokenString | TokenList;
}

/**
 * A JSON document (a policy, an invocation's input) as a Terraform local holding the object, one line per
 * value in main.tf.json, so a one-value change is a one-line change in a diff; returns the argument a resource
 * takes, `${jsonencode(local.<name>)}`, which `terraform plan` shows as a structured document. `localName` is
 * the full logical id (prefix included). The same name with the same value is one local (the three triggers
 * share their trust policy); the same name with another value is a defect.
 */
export function jsonLocal(scope: Construct, localName: string, value: object): string {
  const stack = TerraformStack.of(scope);
  const text = JSON.stringify(value);
  const existing = stack.node.tryFindChild(localName);
  if (existing) {
    if (!(existing instanceof TerraformLocal) || JSON_LOCALS.get(existing) !== text)
      throw new Error(`local.${localName} is rendered twice with different values`);
    return Token.asString(Fn.jsonencode(existing.expression));
  }
  const local = new TerraformLocal(stack, localName, value);
  local.overrideLogicalId(localName);
  JSON_LOCALS.set(local, text);
  return Token.asString(Fn.jsonencode(local.expression));
}

/** What each jsonLocal holds, as JSON text (TerraformLocal hands back only a reference). */
const JSON_LOCALS = new WeakMap<TerraformLocal, string>();
