import { MAX_EMAIL_PREFIX_LENGTH } from "../../core/api/admin-api.types";

/** What the API refuses in a prefix (functions/admin-api/users-filter.ts): quotes, backslashes, spaces, controls. */
const FORBIDDEN_IN_PREFIX = /["\\\p{C}\s]/u;

/** Why a typed prefix cannot be searched for, as a sentence for the form (never echoing it); undefined when it can. */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix.length > MAX_EMAIL_PREFIX_LENGTH) return `Type at most ${MAX_EMAIL_PREFIX_LENGTH} characters.`;
  if (FORBIDDEN_IN_PREFIX.test(prefix)) return "An e-mail prefix cannot contain spaces, quotes or backslashes.";
  return undefined;
}
