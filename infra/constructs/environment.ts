import { Fn, Token } from "cdktf";
import { formatValue, readConfig, type Variable } from "../../functions/shared/config-contract";
import type { DocumentedContract, SetBy } from "../../functions/shared/config-docs";
import { conditionString, isToken, numberString } from "./expr";
import type { BooleanInput, TokenList, TokenString } from "./props";

/** What a variable takes here: a literal of its type, or a CDKTF token standing for one. */
export type InputOf<V> = V extends { readonly kind: "int" }
  ? number
  : V extends { readonly kind: "bool" }
    ? BooleanInput
    : V extends { readonly kind: "enum"; readonly values: readonly (infer E)[] }
      ? E | TokenString
      : V extends { readonly kind: "list" }
        ? string[] | TokenList
        : string;

type KeysSetBy<D, S extends SetBy> = { [K in keyof D]-?: D[K] extends { readonly setBy: S } ? K : never }[keyof D];

/** An optional variable may be left unset on purpose: `undefined`, said where the environment is rendered. */
type ModuleInputOf<V> = InputOf<V> | (V extends { readonly optional: true } ? undefined : never);

/**
 * The values infra gives a function: every variable the module sets (a missing one does not compile; an optional
 * one may be given as `undefined`, which leaves it unset), any variable left to the function's default (usually
 * none), and nothing the Lambda runtime or only tests set.
 */
export type EnvironmentValues<D extends DocumentedContract> = {
  readonly [K in KeysSetBy<D, "module">]: ModuleInputOf<D[K]>;
} & { readonly [K in KeysSetBy<D, "default">]?: InputOf<D[K]> };

/** A value as the string the variable holds: Terraform expressions for tokens, the function's spelling otherwise. */
function render(variable: Variable, value: unknown): string {
  switch (variable.kind) {
    case "int":
      return numberString(value as number);
    case "bool":
      // tostring(...) of an expression, never `? "true" : "false"`: a conditional inside one would bind wrongly.
      return conditionString(value as BooleanInput);
    case "list":
      return isToken(value) ? Token.asString(Fn.join(",", value as string[])) : formatValue(value as string[]);
    default:
      return value as string;
  }
}

/**
 * A function's environment, rendered from its contract (functions/<fn>/config.docs.ts): the Lambda
 * `environment.variables` or, for the Corbado actions, the map an admin enters in Corbado. Literal values are
 * read back with the function's own reader at synth time, so one the function would refuse never synthesizes.
 */
export function renderEnvironment<D extends DocumentedContract>(
  contract: D,
  values: EnvironmentValues<D>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  const literal: Record<string, Variable> = {};
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const variable = contract[key];
    if (!variable) throw new Error(`${key} is not a variable of this function's contract`);
    if (value === undefined) continue;
    if (variable.setBy !== "module" && variable.setBy !== "default")
      throw new Error(`${variable.env} is set by ${variable.setBy === "lambda" ? "Lambda" : "tests"}, never by infra`);
    environment[variable.env] = render(variable, value);
    if (!isToken(environment[variable.env])) literal[key] = variable;
  }
  const { problems } = readConfig(literal, environment);
  if (problems.length > 0)
    throw new Error(`the function would refuse the environment rendered for it: ${problems.join(", ")}`);
  return environment;
}
