/**
 * What infra and the docs need to know about a contract's variables beyond what the function reads
 * (./config-contract.ts): a one-line description, the unit of a number, and who sets the variable where the
 * function runs. Lives in each function's config.docs.ts, imported by infra, the docs and specs, never by a
 * function's code, so none of it reaches a Lambda bundle.
 */
import type { Contract } from "./config-contract";

/** Who gives a variable its value where the function runs. */
export type SetBy =
  /** The Terraform module (for the Corbado actions: its `corbado_actions_environment` output, entered in Corbado). */
  | "module"
  /** Nobody: the module deliberately leaves it to the function's default. */
  | "default"
  /** The Lambda runtime (region, credentials). */
  | "lambda"
  /** Tests and the local stack only; never set in production. */
  | "tests";

export interface VariableDoc {
  /** What the variable means, in one line (docs tables). */
  readonly about: string;
  readonly setBy: SetBy;
  /** Unit of a number, in words ("milliseconds"): Terraform's messages and the docs say it. */
  readonly unit?: string;
  /** A valid value in words, for a string with a pattern ("a Lambda function ARN"). */
  readonly shape?: string;
}

/** A variable's doc: a number names its unit, a pattern its shape; only a variable with a default can be left to it. */
type DocFor<V> = VariableDoc &
  (V extends { readonly kind: "int" } ? { readonly unit: string } : unknown) &
  (V extends { readonly pattern: string } ? { readonly shape: string } : unknown) &
  (V extends { readonly default: unknown } ? unknown : { readonly setBy: Exclude<SetBy, "default"> });

export type ContractDocs<C extends Contract> = { readonly [K in keyof C]: DocFor<C[K]> };

/** A contract with every variable's doc: what infra renders environments from and the docs' tables show. */
export type Documented<C extends Contract, D> = { readonly [K in keyof C]: C[K] & D[K & keyof D] };

/** Anything `documented` returns. */
export type DocumentedContract = Readonly<Record<string, Contract[string] & VariableDoc>>;

/** Joins a contract and its docs; the compiler refuses a variable without a doc, and a doc without a variable. */
export function documented<
  C extends Contract,
  const D extends ContractDocs<C> & Record<Exclude<keyof D, keyof C>, never>,
>(contract: C, docs: D): Documented<C, D> {
  return Object.fromEntries(Object.entries(contract).map(([key, v]) => [key, { ...v, ...docs[key] }])) as Documented<
    C,
    D
  >;
}
