/**
 * A small evaluator for the Terraform expressions that appear in the synthesized module (main.tf.json):
 * string templates with `${...}` interpolations, references (`var.x`, `local.x`, `data.t.n.attr`,
 * `aws_x.name[0].attr`, `path.module`), literals, lists and objects, `!`, `-`, comparison, `&&`/`||`,
 * arithmetic, the conditional operator and a handful of functions.
 *
 * It exists so the IAM report can turn the module's policy JSON into concrete documents. Anything it does not
 * understand (an unknown function, a splat, a `for` expression, a template directive) throws: a reference the
 * audit cannot resolve must fail loudly, never be guessed. The conditional operator and `&&`/`||` evaluate
 * lazily, so a branch that refers to a resource absent in the current scenario is never touched.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A reference: root name and the keys after it, e.g. ["aws_iam_role", "verify", 0, "arn"]. */
export type Traversal = [string, ...(string | number)[]];

export interface EvalScope {
  resolve(traversal: Traversal): Value;
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

/**
 * Evaluates a string of main.tf.json as Terraform does: a string that is exactly one interpolation yields the
 * expression's value (any type); otherwise the parts are joined into a string.
 */
export function evaluateTemplate(template: string, scope: EvalScope): Value {
  const parser = new Parser(template, scope);
  const parts = parser.templateParts(null);
  if (parts.length === 1 && typeof parts[0] !== "string") return parts[0]!();
  return parts.map((p) => (typeof p === "string" ? p : stringify(p()))).join("");
}

/** Evaluates every string inside a JSON value (objects and arrays recursively) as a template. */
export function evaluateDeep(value: unknown, scope: EvalScope): Value {
  if (typeof value === "string") return evaluateTemplate(value, scope);
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, scope));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateDeep(v, scope)]));
  }
  if (value === undefined) return null;
  return value as Value;
}

/** Evaluates a bare expression (no surrounding `${}`). */
export function evaluateExpression(source: string, scope: EvalScope): Value {
  const parser = new Parser(source, scope);
  const thunk = parser.expression();
  parser.expectEnd();
  return thunk();
}

type Thunk = () => Value;
type Part = string | Thunk;

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

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
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
  element: ([v, i]) => {
    const l = list(v ?? null, "element");
    return l[num(i ?? null, "element() index") % l.length] ?? null;
  },
};

/** Recursive-descent parser producing thunks, so evaluation stays lazy where Terraform's is. */
class Parser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly scope: EvalScope,
  ) {}

  private fail(message: string): never {
    throw new HclEvalError(`${message} at offset ${this.pos}`, this.src);
  }

  /** Template parts until the closing quote (`terminator` = '"', HCL escapes apply) or the end (null). */
  templateParts(terminator: '"' | null): Part[] {
    const parts: Part[] = [];
    let text = "";
    for (;;) {
      if (this.pos >= this.src.length) {
        if (terminator !== null) this.fail("unterminated string");
        break;
      }
      const c = this.src[this.pos]!;
      if (terminator !== null && c === terminator) {
        this.pos++;
        break;
      }
      if (this.src.startsWith("$${", this.pos) || this.src.startsWith("%%{", this.pos)) {
        text += this.src.slice(this.pos + 1, this.pos + 3);
        this.pos += 3;
        continue;
      }
      if (this.src.startsWith("%{", this.pos)) this.fail("template directives (%{...}) are not supported");
      if (this.src.startsWith("${", this.pos)) {
        if (text !== "") parts.push(text);
        text = "";
        this.pos += 2;
        this.skipSpace(true);
        if (this.src[this.pos] === "~") this.pos++;
        const thunk = this.expression();
        this.skipSpace(true);
        if (this.src[this.pos] === "~") this.pos++;
        this.expectChar("}");
        parts.push(thunk);
        continue;
      }
      if (terminator !== null && c === "\\") {
        text += this.escape();
        continue;
      }
      text += c;
      this.pos++;
    }
    if (text !== "") parts.push(text);
    return parts;
  }

  private escape(): string {
    const next = this.src[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "u": {
        const hex = this.src.slice(this.pos, this.pos + 4);
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return this.fail(`unknown escape \\${next}`);
    }
  }

  private skipSpace(multiline = true): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === " " || c === "\t" || (multiline && (c === "\n" || c === "\r"))) this.pos++;
      else break;
    }
  }

  private peek(token: string): boolean {
    this.skipSpace();
    return this.src.startsWith(token, this.pos);
  }

  private accept(token: string): boolean {
    if (this.peek(token)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private expectChar(token: string): void {
    if (!this.accept(token)) this.fail(`expected "${token}"`);
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.pos < this.src.length) this.fail("unexpected trailing input");
  }

  expression(): Thunk {
    const condition = this.or();
    if (this.accept("?")) {
      const whenTrue = this.expression();
      this.expectChar(":");
      const whenFalse = this.expression();
      return () => (truthy(condition(), "condition") ? whenTrue() : whenFalse());
    }
    return condition;
  }

  private or(): Thunk {
    let left = this.and();
    while (this.accept("||")) {
      const l = left;
      const r = this.and();
      left = () => truthy(l(), "|| operand") || truthy(r(), "|| operand");
    }
    return left;
  }

  private and(): Thunk {
    let left = this.comparison();
    while (this.accept("&&")) {
      const l = left;
      const r = this.comparison();
      left = () => truthy(l(), "&& operand") && truthy(r(), "&& operand");
    }
    return left;
  }

  private comparison(): Thunk {
    let left = this.additive();
    for (;;) {
      const op = ["==", "!=", "<=", ">=", "<", ">"].find((o) => this.peek(o));
      if (!op) return left;
      this.pos += op.length;
      const l = left;
      const r = this.additive();
      left = () => {
        const a = l();
        const b = r();
        switch (op) {
          case "==":
            return equal(a, b);
          case "!=":
            return !equal(a, b);
          case "<=":
            return num(a, op) <= num(b, op);
          case ">=":
            return num(a, op) >= num(b, op);
          case "<":
            return num(a, op) < num(b, op);
          default:
            return num(a, op) > num(b, op);
        }
      };
    }
  }

  private additive(): Thunk {
    let left = this.multiplicative();
    for (;;) {
      const op = this.peek("+") ? "+" : this.peek("-") ? "-" : null;
      if (!op) return left;
      this.pos++;
      const l = left;
      const r = this.multiplicative();
      left = () => (op === "+" ? num(l(), "+") + num(r(), "+") : num(l(), "-") - num(r(), "-"));
    }
  }

  private multiplicative(): Thunk {
    let left = this.unary();
    for (;;) {
      const op = ["*", "/", "%"].find((o) => this.peek(o));
      if (!op) return left;
      this.pos++;
      const l = left;
      const r = this.unary();
      left = () => {
        const a = num(l(), op);
        const b = num(r(), op);
        return op === "*" ? a * b : op === "/" ? a / b : a % b;
      };
    }
  }

  private unary(): Thunk {
    if (this.accept("!")) {
      const operand = this.unary();
      return () => !truthy(operand(), "! operand");
    }
    if (this.peek("-") && !/\d/.test(this.src[this.pos + 1] ?? "")) {
      this.pos++;
      const operand = this.unary();
      return () => -num(operand(), "- operand");
    }
    return this.postfix(this.primary());
  }

  private primary(): Thunk {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === undefined) this.fail("unexpected end of expression");
    if (c === "(") {
      this.pos++;
      const inner = this.expression();
      this.expectChar(")");
      return inner;
    }
    if (c === '"') {
      this.pos++;
      const parts = this.templateParts('"');
      return () => parts.map((p) => (typeof p === "string" ? p : stringify(p()))).join("");
    }
    if (c === "<" && this.src.startsWith("<<", this.pos)) this.fail("heredocs are not supported");
    if (c === "[") {
      this.pos++;
      if (this.peek("for ")) this.fail("for expressions are not supported");
      const items: Thunk[] = [];
      while (!this.accept("]")) {
        items.push(this.expression());
        if (!this.accept(",")) {
          this.expectChar("]");
          break;
        }
      }
      return () => items.map((i) => i());
    }
    if (c === "{") {
      this.pos++;
      if (this.peek("for ")) this.fail("for expressions are not supported");
      const entries: [Thunk, Thunk][] = [];
      while (!this.accept("}")) {
        const key = this.objectKey();
        if (!this.accept("=")) this.expectChar(":");
        entries.push([key, this.expression()]);
        this.accept(",");
      }
      return () => Object.fromEntries(entries.map(([k, v]) => [stringify(k()), v()]));
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      const value = Number(number[0]);
      return () => value;
    }
    const ident = this.identifier();
    if (ident === "true" || ident === "false") return () => ident === "true";
    if (ident === "null") return () => null;
    if (this.src[this.pos] === "(") {
      this.pos++;
      const args: Thunk[] = [];
      while (!this.accept(")")) {
        args.push(this.expression());
        if (this.accept("...")) this.fail("argument expansion (...) is not supported");
        if (!this.accept(",")) {
          this.expectChar(")");
          break;
        }
      }
      const fn = FUNCTIONS[ident];
      if (!fn) this.fail(`function ${ident}() is not supported by the audit's evaluator`);
      return () => fn(args.map((a) => a()));
    }
    if (["for", "in", "if"].includes(ident)) this.fail(`unexpected keyword ${ident}`);
    return this.traversal(ident);
  }

  private objectKey(): Thunk {
    this.skipSpace();
    if (this.src[this.pos] === "(") return this.primary();
    if (this.src[this.pos] === '"') return this.primary();
    const ident = this.identifier();
    return () => ident;
  }

  private identifier(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!m) this.fail("expected an identifier, a literal or an expression");
    this.pos += m[0].length;
    return m[0];
  }

  /** `root.a.b[0]["k"].c`: collected statically (index expressions evaluated at resolve time). */
  private traversal(root: string): Thunk {
    const steps: (() => string | number)[] = [];
    for (;;) {
      if (this.src.startsWith(".*", this.pos) || this.src.startsWith("[*]", this.pos))
        this.fail("splat expressions are not supported");
      if (this.src[this.pos] === "." && /[A-Za-z_]/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        const name = this.identifier();
        steps.push(() => name);
        continue;
      }
      if (this.src[this.pos] === "." && /\d/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        const m = /^\d+/.exec(this.src.slice(this.pos))!;
        this.pos += m[0].length;
        const index = Number(m[0]);
        steps.push(() => index);
        continue;
      }
      if (this.src[this.pos] === "[") {
        this.pos++;
        const index = this.expression();
        this.expectChar("]");
        steps.push(() => {
          const v = index();
          if (typeof v === "number" || typeof v === "string") return v;
          throw new HclEvalError(`index must be a number or string, got ${JSON.stringify(v)}`);
        });
        continue;
      }
      break;
    }
    return () => this.scope.resolve([root, ...steps.map((s) => s())]);
  }

  /** A value's own index/attribute access after a call or parenthesis, e.g. `jsondecode(x).a`. */
  private postfix(thunk: Thunk): Thunk {
    let current = thunk;
    for (;;) {
      if (this.src[this.pos] === "." && /[A-Za-z_]/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        const name = this.identifier();
        const base = current;
        current = () => index(base(), name);
        continue;
      }
      if (this.src[this.pos] === "[" && this.src[this.pos + 1] !== "*") {
        this.pos++;
        const key = this.expression();
        this.expectChar("]");
        const base = current;
        current = () => index(base(), key() as string | number);
        continue;
      }
      return current;
    }
  }
}

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
