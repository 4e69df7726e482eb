/**
 * The ListUsers filter for an e-mail prefix: pre-login's character rules and escaping (functions/pre-login/logic.ts)
 * applied to a prefix. A prefix holding a double quote, a backslash, any space or a control, format, surrogate or
 * unassigned code point is refused (400), never escaped into a filter; users-filter.test.ts proves the rule refuses
 * exactly the characters pre-login refuses, and that the escaping is pre-login's.
 */
import { buildEmailFilter, MAX_FILTER_LENGTH } from "../pre-login/logic";

/** The same set as pre-login's FORBIDDEN_RE (not exported there). */
export const FORBIDDEN_IN_PREFIX = /["\\\p{C}\s]/u;

const OPERATOR = 'email ^= "';
/** The longest prefix whose filter fits Cognito's 256 characters (245). */
export const MAX_PREFIX_LENGTH = MAX_FILTER_LENGTH - OPERATOR.length - 1;

/** A prefix that may go into a filter as it is: 1..245 characters, none of the forbidden ones. */
export const isSearchablePrefix = (prefix: string): boolean =>
  prefix.length > 0 && prefix.length <= MAX_PREFIX_LENGTH && !FORBIDDEN_IN_PREFIX.test(prefix);

/**
 * `email ^= "<prefix>"`, with pre-login's escaping (its filter for the same text, operator swapped) and its
 * length check. Throws RangeError for a prefix that is not searchable: callers validate first.
 */
export function buildEmailPrefixFilter(prefix: string): string {
  if (!isSearchablePrefix(prefix)) throw new RangeError("prefix is not searchable");
  const exact = buildEmailFilter(prefix); // `email = "<escaped>"`
  const filter = OPERATOR + exact.slice('email = "'.length);
  if (filter.length > MAX_FILTER_LENGTH) throw new RangeError("filter exceeds Cognito's 256-character limit");
  return filter;
}
