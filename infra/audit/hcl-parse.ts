/**
 * The parser half of the IAM audit's reading of Terraform expressions: HCL's own parser (Go, compiled to
 * WebAssembly, from @cdktf/hcl2json) reads the source, and this file turns its syntax tree into the small
 * `Expr` tree hcl-eval.ts evaluates, refusing what the evaluator does not model.
 *
 * What hcl2json's tree gives and what it does not: node types, operators, function names and traversal steps,
 * but string literals as written (escapes not applied, `$${` not collapsed) and object keys without their
 * text (only a byte range). So literals are cooked here, and bare keys are read from the source by range.
 * Whitespace strip markers (`~`) are refused: the tree does not apply them either.
 *
 * A string of main.tf.json is a template in HCL's JSON syntax: no backslash escapes, only `$${` and `%%{`.
 * A heredoc has exactly those rules, so each template is parsed as the body of a heredoc whose added final
 * newline is dropped again.
 */
import { getExpressionAst, type TFExpressionSyntaxTree as Syntax } from "@cdktf/hcl2json";
import { FUNCTIONS, HclEvalError, isTemplate, type BinaryOperator, type Expr, type ParsedTemplates } from "./hcl-eval";

type Node = Syntax.ExpressionType;
type Step = string | number | Expr;

/** The file name HCL's diagnostics carry; also how a diagnostic is found in hcl2json's error message. */
const SOURCE_NAME = "audit-expression.tf";

const BINARY: Record<string, BinaryOperator> = {
  equal: "==",
  notEqual: "!=",
  lessThan: "<",
  lessThanOrEqual: "<=",
  greaterThan: ">",
  greaterThanOrEqual: ">=",
  add: "+",
  subtract: "-",
  multiply: "*",
  divide: "/",
  modulo: "%",
  logicalAnd: "&&",
  logicalOr: "||",
};

const cache = new Map<string, Promise<Expr>>();

/** Parses a template as it appears in a string of main.tf.json (parsed once per distinct text). */
export function parseTemplate(text: string): Promise<Expr> {
  let parsed = cache.get(text);
  if (!parsed) {
    parsed = isTemplate(text) ? parseHeredocBody(text) : Promise.resolve({ kind: "literal", value: text });
    cache.set(text, parsed);
  }
  return parsed;
}

/**
 * Parses every template among the strings of a JSON value (objects and arrays recursively). A template the
 * parser refuses is kept with its error, which evaluation throws if it ever reaches that template.
 */
export async function parseTemplatesIn(value: unknown): Promise<ParsedTemplates> {
  const texts = new Set<string>();
  const collect = (v: unknown): void => {
    if (typeof v === "string") {
      if (isTemplate(v)) texts.add(v);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(collect);
  };
  collect(value);
  const parsed = new Map<string, Expr | HclEvalError>();
  for (const text of texts) {
    try {
      parsed.set(text, await parseTemplate(text));
    } catch (error) {
      if (!(error instanceof HclEvalError)) throw error;
      parsed.set(text, error);
    }
  }
  return parsed;
}

/** Parses a bare expression in HCL's native syntax (no surrounding `${}`). */
export async function parseExpression(source: string): Promise<Expr> {
  return new Converter(source).expression(await syntaxTree(source));
}

async function parseHeredocBody(text: string): Promise<Expr> {
  if (/\$\{~|%\{~|~\}/.test(text)) throw new HclEvalError("whitespace strip markers (~) are not supported", text);
  let marker = "AUDIT_TEMPLATE";
  while (text.includes(marker)) marker += "_";
  const source = `<<${marker}\n${text}\n${marker}\n`;
  const converter = new Converter(source, text);
  const parts = converter.templateParts(await syntaxTree(source, text), "heredoc");
  const last = parts.at(-1);
  if (typeof last !== "string" || !last.endsWith("\n")) throw new HclEvalError("unexpected heredoc shape", text);
  if (last === "\n") parts.pop();
  else parts[parts.length - 1] = last.slice(0, -1);
  return { kind: "template", parts };
}

async function syntaxTree(source: string, shown: string = source): Promise<Node> {
  let tree: Node | null;
  try {
    tree = await getExpressionAst(SOURCE_NAME, source);
  } catch (error) {
    const message = (error as Error).message;
    const at = message.lastIndexOf(`${SOURCE_NAME}:`);
    throw new HclEvalError(`HCL syntax error: ${at >= 0 ? message.slice(at).trim() : message}`, shown);
  }
  if (!tree) throw new HclEvalError("HCL found no expression", shown);
  return tree;
}

/** Converts one syntax tree; `source` is what was parsed (object keys are read from it by byte range). */
class Converter {
  private readonly bytes: Buffer;

  constructor(
    source: string,
    /** What error messages show: the template as written, not its heredoc wrapping. */
    private readonly shown: string = source,
  ) {
    this.bytes = Buffer.from(source, "utf8");
  }

  private fail(message: string): never {
    throw new HclEvalError(message, this.shown);
  }

  /** The parts of a template: cooked literal text and interpolated expressions. */
  templateParts(node: Node, context: "quoted" | "heredoc"): (string | Expr)[] {
    if (node.type !== "template" && node.type !== "templateWrap") this.fail("expected a template");
    const parts: (string | Expr)[] = [];
    for (const child of node.children) {
      if (child.type === "literalValue" && child.meta.type === "string") {
        const text = this.cook(child.meta.value, context);
        const previous = parts.at(-1);
        if (typeof previous === "string") parts[parts.length - 1] = previous + text;
        else parts.push(text);
      } else if ((child.type as string) === "templateJoin" || child.meta?.value.startsWith("%{")) {
        this.fail("template directives (%{...}) are not supported");
      } else {
        parts.push(this.expression(child));
      }
    }
    return parts;
  }

  expression(node: Node): Expr {
    switch (node.type) {
      case "literalValue":
        return this.literal(node);
      case "template":
      case "templateWrap":
        if (node.meta.value.startsWith("<<")) this.fail("heredocs are not supported inside an expression");
        return { kind: "template", parts: this.templateParts(node, "quoted") };
      case "scopeTraversal": {
        const [root, ...rest] = node.meta.traversal;
        if (!root || root.type !== "nameTraversal") this.fail("a reference must start with a name");
        return { kind: "reference", root: root.segment, steps: rest.map((p) => this.step(p)) };
      }
      case "relativeTraversal":
        return node.meta.traversal.reduce<Expr>(
          (target, part) => this.extend(target, this.step(part)),
          this.expression(this.only(node)),
        );
      case "index": {
        const [collection, key] = node.children;
        if (!collection || !key) this.fail("index without a collection or key");
        return this.extend(this.expression(collection), this.expression(key));
      }
      case "function": {
        const name = node.meta.name;
        if (node.meta.expandedFinalArgument) this.fail("argument expansion (...) is not supported");
        if (!Object.hasOwn(FUNCTIONS, name)) this.fail(`function ${name}() is not supported by the audit's evaluator`);
        return { kind: "call", name, args: node.children.map((c) => this.expression(c)) };
      }
      case "conditional": {
        const [condition, whenTrue, whenFalse] = node.children.map((c) => this.expression(c));
        if (!condition || !whenTrue || !whenFalse) this.fail("conditional without three operands");
        return { kind: "conditional", condition, whenTrue, whenFalse };
      }
      case "binaryOp": {
        const operator = BINARY[node.meta.operator];
        const [left, right] = node.children.map((c) => this.expression(c));
        if (!operator) this.fail(`operator ${node.meta.operator} is not supported`);
        if (!left || !right) this.fail(`${operator} without two operands`);
        return { kind: "binary", operator, left, right };
      }
      case "unaryOp": {
        const operator = node.meta.operator === "logicalNot" ? "!" : node.meta.operator === "negate" ? "-" : null;
        if (!operator) this.fail(`operator ${node.meta.operator} is not supported`);
        return { kind: "unary", operator, operand: this.expression(this.only(node)) };
      }
      case "tuple":
        return { kind: "tuple", items: node.children.map((c) => this.expression(c)) };
      case "object": {
        const entries: [Expr, Expr][] = [];
        for (let i = 0; i < node.children.length; i += 2) {
          const value = node.children[i + 1];
          if (!value) this.fail("object key without a value");
          entries.push([this.objectKey(node.children[i]!), this.expression(value)]);
        }
        return { kind: "object", entries };
      }
      case "for":
        return this.fail("for expressions are not supported");
      case "splat":
        return this.splat(node);
      default: {
        // Parentheses: a node without a type around the one expression inside.
        const untyped = node as { type: string; children: Node[] };
        if (untyped.type === "" && untyped.children.length === 1) return this.expression(untyped.children[0]!);
        return this.fail(`expression of type "${untyped.type}" is not supported`);
      }
    }
  }

  /** Only `resource.name[*].attr`: the form a counted resource's optional attribute takes (`one(...)`). */
  private splat(node: Node): Expr {
    const [source, each] = node.children;
    const steps = each?.type === "relativeTraversal" ? each.meta.traversal.map((p) => this.step(p)) : [];
    const reference = source ? this.expression(source) : undefined;
    if (reference?.kind !== "reference" || steps.length === 0 || !steps.every((p) => typeof p === "string"))
      return this.fail("only splats of the form resource.name[*].attribute are supported");
    const bare = reference.steps.every((p) => typeof p !== "object");
    if (!bare) return this.fail("only splats of the form resource.name[*].attribute are supported");
    return {
      kind: "splat",
      source: { kind: "reference", root: reference.root, steps: reference.steps as (string | number)[] },
      each: steps as string[],
    };
  }

  private literal(node: Syntax.LiteralValueExpression): Expr {
    const { type, value } = node.meta;
    if (type === "number") return { kind: "literal", value: Number(value) };
    if (type === "bool") return { kind: "literal", value: value === "true" };
    if (value === "null") return { kind: "literal", value: null };
    return this.fail(`literal of type ${type} is not supported`);
  }

  /** `a.b` and `a[0]` of a reference stay a reference (the scope resolves the whole path); others index a value. */
  private extend(target: Expr, step: Step): Expr {
    if (target.kind === "reference") return { ...target, steps: [...target.steps, step] };
    return {
      kind: "index",
      collection: target,
      key: typeof step === "object" ? step : { kind: "literal", value: step },
    };
  }

  private step(part: Syntax.TerraformTraversalPart): Step {
    if (part.type === "nameTraversal") return part.segment;
    const segment = part.segment;
    if (/^\d+$/.test(segment)) return Number(segment);
    if (segment.startsWith('"') && segment.endsWith('"')) return this.cook(segment.slice(1, -1), "quoted");
    return this.fail(`index ${segment} is not supported`);
  }

  /** A bare key (`name = ...`) is its own text; a quoted or parenthesized key is an expression. */
  private objectKey(node: Node): Expr {
    if (node.children.length === 0) {
      const { start, end } = node.range;
      return { kind: "literal", value: this.bytes.subarray(start.byte, end.byte).toString("utf8") };
    }
    return this.expression(this.only(node));
  }

  private only(node: Node): Node {
    const [child] = node.children;
    if (!child || node.children.length !== 1) this.fail(`expected one operand in ${node.type || "parentheses"}`);
    return child;
  }

  /** Literal text as written -> its value: `$${` and `%%{` everywhere, backslash escapes in quoted strings. */
  private cook(raw: string, context: "quoted" | "heredoc"): string {
    const pattern = context === "quoted" ? /\$\$\{|%%\{|\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs : /\$\$\{|%%\{/g;
    return raw.replace(pattern, (match: string) => {
      if (!match.startsWith("\\")) return match.slice(1);
      const escape = match.slice(1);
      switch (escape[0]) {
        case "n":
          return "\n";
        case "r":
          return "\r";
        case "t":
          return "\t";
        case '"':
          return '"';
        case "\\":
          return "\\";
        case "u":
        case "U":
          return String.fromCodePoint(parseInt(escape.slice(1), 16));
        default:
          return this.fail(`unknown escape \\${escape}`);
      }
    });
  }
}
