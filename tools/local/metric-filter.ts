/**
 * CloudWatch Logs' JSON filter patterns, for the subset this project writes (the module's metric filters,
 * infra/constructs/monitoring.ts, and the patterns docs/triggers.md recommends), so specs can prove a pattern
 * matches the log lines the functions really write. Supported:
 *
 *   { $.a.b = "text" }        the field is a string equal to text; `*` in text matches any run of characters
 *   { $.a.b IS TRUE }         the field is the boolean true (IS FALSE likewise)
 *   { t1 && t2 && ... }       every term holds (no `||`, no parentheses)
 *
 * Anything else is refused with an error rather than guessed: a pattern this matcher cannot read proves nothing.
 * A log event that is not a JSON object matches no JSON pattern, as in CloudWatch.
 */

interface Term {
  path: string[];
  test: (value: unknown) => boolean;
}

const TERM = /^\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(?:=\s*"((?:[^"\\]|\\.)*)"|IS\s+(TRUE|FALSE))$/;

function wildcard(text: string): RegExp {
  const unescaped = text.replace(/\\(.)/g, "$1");
  const source = unescaped
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s");
}

/** Parses a pattern of the supported subset; throws on anything else. */
export function parseJsonFilterPattern(pattern: string): Term[] {
  const body = /^\{\s*(.*?)\s*\}$/s.exec(pattern.trim())?.[1];
  if (body === undefined) throw new Error(`not a JSON filter pattern: ${pattern}`);
  if (/\|\||[()]/.test(body)) throw new Error(`|| and parentheses are not supported: ${pattern}`);
  return body.split("&&").map((raw) => {
    const term = TERM.exec(raw.trim());
    if (!term) throw new Error(`unsupported term "${raw.trim()}" in ${pattern}`);
    const path = term[1]!.slice(1).split(".");
    if (term[3]) {
      const expected = term[3] === "TRUE";
      return { path, test: (value: unknown) => value === expected };
    }
    const text = wildcard(term[2]!);
    return { path, test: (value: unknown) => typeof value === "string" && text.test(value) };
  });
}

/** Whether a log event (one line, as CloudWatch Logs stores it) matches the pattern. */
export function matchesJsonFilter(pattern: string, event: string): boolean {
  const terms = parseJsonFilterPattern(pattern);
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    return false;
  }
  return terms.every((term) => {
    let value: unknown = parsed;
    for (const key of term.path) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
      value = (value as Record<string, unknown>)[key];
    }
    return term.test(value);
  });
}

/**
 * One console call as Lambda's JSON log format writes it for a Node.js function (the runtime interface
 * client's formatter): `{timestamp, level, requestId, message}`, where `message` is the call's single argument
 * as it is: an object stays an object, a string stays a string.
 */
export function lambdaJsonLogEvent(level: "INFO" | "WARN" | "ERROR", requestId: string, message: unknown): string {
  return JSON.stringify({ timestamp: new Date().toISOString(), level, requestId, message });
}
