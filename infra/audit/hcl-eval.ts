/**
 * The evaluator half of the IAM audit's reading of Terraform expressions (the parser half, hcl-parse.ts, turns
 * HCL source into the `Expr` tree below with HCL's own parser). It evaluates what appears in the synthesized
 * module (main.tf.json): string templates with interpolations, references (`var.x`, `local.x`,
 * `data.t.n.attr`, `aws_x.name[0].attr`, `path.module`), literals, lists and objects, `!`, `-`, comparison,
 * `&&`/`||`, arithmetic, the conditional operator and a handful of functions.
 *
 * It exists so the IAM report can turn the module's policy JSON into concrete documents. Anything it does not
 * understand (an unknown function, a splat, a `for` expression, a template directive) is refused: a reference
 * the audit cannot resolve must fail loudly, never be guessed. The conditional operator and `&&`/`||`
 * evaluate lazily, so a branch that refers to a resource absent in the current scenario is never touched.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A reference: root name and the keys after it, e.g. ["aws_iam_role", "verify", 0, "arn"]. */
export type Traversal = [string, ...(string | number)[]];

export interface EvalScope {
  resolve(traversal: Traversal): Value;
  /** The instances a splat (`aws_x.name[*].attr`) ranges over: their number for a counted resource, else undefined. */
  splatCount?(traversal: Traversal): number | undefined;
}

export class HclEvalError extends Error {
  constructor(message: string, source?: string) {
    super(
      source === undefined
        ? message
        : `${message} (in: ${source.length > 300 ? `${source.slice(0, 300)}...` : source})`,
    );
    this.name = "HclEvalError";
  }
}

export type BinaryOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%" | "&&" | "||";

/** An expression as the parser half hands it over. */
export type Expr =
  | { kind: "literal"; value: Value }
  /** Parts joined into a string; a template that is one interpolation and nothing else yields its value. */
  | { kind: "template"; parts: (string | Expr)[] }
  /** A reference the scope resolves; an `Expr` step is an index computed at evaluation (`x[var.i]`). */
  | { kind: "reference"; root: string; steps: (string | number | Expr)[] }
  /** An attribute or index of a computed value (`jsondecode(x).a`, `f(x)[0]`). */
  | { kind: "index"; collection: Expr; key: Expr }
  | { kind: "call"; name: string; args: Expr[] }
  | { kind: "conditional"; condition: Expr; whenTrue: Expr; whenFalse: Expr }
  | { kind: "binary"; operator: BinaryOperator; left: Expr; right: Expr }
  | { kind: "unary"; operator: "!" | "-"; operand: Expr }
  /** `source[*].each`: `each` of every instance of a counted resource (one value when it is not counted). */
  | { kind: "splat"; source: { kind: "reference"; root: string; steps: (string | number)[] }; each: string[] }
  | { kind: "tuple"; items: Expr[] }
  | { kind: "object"; entries: [Expr, Expr][] };

/**
 * Templates parsed ahead of evaluation (hcl-parse.ts), by their source text. A template the parser refused
 * holds its error, thrown only if the template is evaluated (the module has expressions the audit never reads).
 */
export type ParsedTemplates = ReadonlyMap<string, Expr | HclEvalError>;

/** True when a string of main.tf.json is a template to parse (plain strings are their own value). */
export function isTemplate(text: string): boolean {
  return text.includes("${") || text.includes("%{");
}

/** Evaluates an expression; only the chosen branch of a conditional (and of `&&`, `||`) is evaluated. */
export function evaluate(expr: Expr, scope: EvalScope): Value {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template": {
      const [only] = expr.parts;
      if (expr.parts.length === 1 && typeof only !== "string") return evaluate(only!, scope);
      return expr.parts.map((p) => (typeof p === "string" ? p : stringify(evaluate(p, scope)))).join("");
    }
    case "reference":
      return scope.resolve([
        expr.root,
        ...expr.steps.map((step) => (typeof step === "object" ? key(step, scope) : step)),
      ]);
    case "index":
      return index(evaluate(expr.collection, scope), key(expr.key, scope));
    case "call":
      return FUNCTIONS[expr.name]!(expr.args.map((a) => evaluate(a, scope)));
    case "conditional":
      return truthy(evaluate(expr.condition, scope), "condition")
        ? evaluate(expr.whenTrue, scope)
        : evaluate(expr.whenFalse, scope);
    case "binary":
      return binary(expr.operator, expr.left, expr.right, scope);
    case "unary":
      return expr.operator === "!"
        ? !truthy(evaluate(expr.operand, scope), "! operand")
        : -num(evaluate(expr.operand, scope), "- operand");
    case "splat": {
      const source: Traversal = [expr.source.root, ...expr.source.steps];
      const count = scope.splatCount?.(source);
      if (count === undefined) return [scope.resolve([...source, ...expr.each])];
      return Array.from({ length: count }, (_, i) => scope.resolve([...source, i, ...expr.each]));
    }
    case "tuple":
      return expr.items.map((i) => evaluate(i, scope));
    case "object":
      return Object.fromEntries(expr.entries.map(([k, v]) => [stringify(evaluate(k, scope)), evaluate(v, scope)]));
  }
}

/**
 * Evaluates every string inside a JSON value (objects and arrays recursively) as Terraform does: a template
 * (parsed beforehand, see hcl-parse.ts) that is one interpolation yields the expression's value (any type);
 * otherwise the parts are joined into a string.
 */
export function evaluateDeep(value: unknown, scope: EvalScope, templates: ParsedTemplates): Value {
  if (typeof value === "string") {
    if (!isTemplate(value)) return value;
    const parsed = templates.get(value);
    if (!parsed) throw new HclEvalError("template was not parsed before evaluation", value);
    if (parsed instanceof HclEvalError) throw new HclEvalError(parsed.message);
    return evaluate(parsed, scope);
  }
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, scope, templates));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateDeep(v, scope, templates)]));
  }
  if (value === undefined) return null;
  return value as Value;
}

function key(expr: Expr, scope: EvalScope): string | number {
  const v = evaluate(expr, scope);
  if (typeof v === "number" || typeof v === "string") return v;
  throw new HclEvalError(`index must be a number or string, got ${JSON.stringify(v)}`);
}

function binary(operator: BinaryOperator, left: Expr, right: Expr, scope: EvalScope): Value {
  if (operator === "&&")
    return truthy(evaluate(left, scope), "&& operand") && truthy(evaluate(right, scope), "&& operand");
  if (operator === "||")
    return truthy(evaluate(left, scope), "|| operand") || truthy(evaluate(right, scope), "|| operand");
  const a = evaluate(left, scope);
  const b = evaluate(right, scope);
  switch (operator) {
    case "==":
      return equal(a, b);
    case "!=":
      return !equal(a, b);
    case "<":
      return num(a, operator) < num(b, operator);
    case "<=":
      return num(a, operator) <= num(b, operator);
    case ">":
      return num(a, operator) > num(b, operator);
    case ">=":
      return num(a, operator) >= num(b, operator);
    case "+":
      return num(a, operator) + num(b, operator);
    case "-":
      return num(a, operator) - num(b, operator);
    case "*":
      return num(a, operator) * num(b, operator);
    case "/":
      return num(a, operator) / num(b, operator);
    case "%":
      return num(a, operator) % num(b, operator);
  }
}

function stringify(value: Value): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) throw new HclEvalError("cannot interpolate null into a string");
  throw new HclEvalError("cannot interpolate a list or object into a string");
}

function truthy(value: Value, what: string): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new HclEvalError(`${what} must be a boolean, got ${JSON.stringify(value)}`);
}

function num(value: Value, what: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  throw new HclEvalError(`${what} must be a number, got ${JSON.stringify(value)}`);
}

function equal(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function jsonEncode(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(jsonEncode).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jsonEncode(value[k]!)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function list(value: Value, fn: string): Value[] {
  if (Array.isArray(value)) return value;
  throw new HclEvalError(`${fn}() expects a list, got ${JSON.stringify(value)}`);
}

/** The functions the evaluator knows; the parser refuses a call to any other. */
export const FUNCTIONS: Readonly<Record<string, (args: Value[]) => Value>> = {
  jsonencode: ([v]) => jsonEncode(v ?? null),
  jsondecode: ([v]) => JSON.parse(stringify(v ?? null)) as Value,
  tostring: ([v]) => (v === null || v === undefined ? null : stringify(v)),
  tonumber: ([v]) => (v === null || v === undefined ? null : num(v, "tonumber()")),
  tobool: ([v]) => (v === null || v === undefined ? null : truthy(v, "tobool()")),
  tolist: ([v]) => list(v ?? null, "tolist"),
  toset: ([v]) => [...new Map(list(v ?? null, "toset").map((x) => [JSON.stringify(x), x])).values()],
  length: ([v]) => {
    if (typeof v === "string") return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (v !== null && typeof v === "object") return Object.keys(v).length;
    throw new HclEvalError(`length() of ${JSON.stringify(v)}`);
  },
  concat: (args) => args.flatMap((a) => list(a, "concat")),
  distinct: ([v]) => [...new Map(list(v ?? null, "distinct").map((x) => [JSON.stringify(x), x])).values()],
  compact: ([v]) => list(v ?? null, "compact").filter((x) => x !== null && x !== ""),
  flatten: ([v]) => list(v ?? null, "flatten").flatMap((x) => (Array.isArray(x) ? x : [x])),
  coalesce: (args) => {
    const found = args.find((a) => a !== null && a !== "");
    if (found === undefined) throw new HclEvalError("coalesce() found no non-null argument");
    return found;
  },
  join: ([sep, v]) =>
    list(v ?? null, "join")
      .map(stringify)
      .join(stringify(sep ?? null)),
  contains: ([v, x]) => list(v ?? null, "contains").some((e) => equal(e, x ?? null)),
  lower: ([v]) => stringify(v ?? null).toLowerCase(),
  upper: ([v]) => stringify(v ?? null).toUpperCase(),
  merge: (args) => Object.assign({}, ...args.filter((a) => a !== null)) as Value,
  one: ([v]) => {
    const l = list(v ?? null, "one");
    if (l.length > 1) throw new HclEvalError(`one() of a list of ${l.length}`);
    return l[0] ?? null;
  },
  element: ([v, i]) => {
    const l = list(v ?? null, "element");
    return l[num(i ?? null, "element() index") % l.length] ?? null;
  },
};

function index(value: Value, key: string | number): Value {
  if (Array.isArray(value) && typeof key === "number") {
    if (key >= value.length) throw new HclEvalError(`index ${key} out of range`);
    return value[key]!;
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value) && String(key) in value) {
    return value[String(key)]!;
  }
  throw new HclEvalError(`no ${JSON.stringify(key)} in ${JSON.stringify(value)}`);
}
