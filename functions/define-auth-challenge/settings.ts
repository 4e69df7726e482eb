/**
 * Login settings (passkey-first, kill switch) read from an SSM String parameter holding exactly
 * {"passkeyFirst": boolean, "killSwitch": boolean}, cached briefly.
 *
 * The kill switch is the customer's fast lever when Corbado is not to be trusted, so it fails safe: an invalid
 * stored value means ON; an unreadable one keeps the last value this instance read, or, when it never read
 * one, means ON unless KILL_SWITCH_WHEN_UNREADABLE is false. ON refuses passkey login only: password login
 * never runs through define-auth-challenge's custom flow, so this costs one login method, never a lock-out.
 */
import { isObject } from "../shared/cognito-events";
import { SsmError } from "../shared/ssm";

export interface LoginSettings {
  readonly passkeyFirst: boolean;
  readonly killSwitch: boolean;
}

/** Largest parameter value we parse (a Standard SSM parameter holds at most 4 KB). */
export const MAX_SETTINGS_LENGTH = 4096;

// JSON's own whitespace only (RFC 8259; JS's \s and RE2's \s differ), a few characters per gap: enough for
// pretty-printed JSON, and it bounds what the pattern accepts far below MAX_SETTINGS_LENGTH.
const WS = "[ \\t\\n\\r]{0,16}";
const BOOL = "(?:true|false)";
const member = (key: string) => `"${key}"${WS}:${WS}${BOOL}`;
const pair = (a: string, b: string) => `${member(a)}${WS},${WS}${member(b)}`;

/**
 * The only values the parameter may hold, for SSM's `allowed_pattern` (checked at every write) and for
 * parseLoginSettings: both keys exactly once, in either order (Terraform's jsonencode sorts them), booleans
 * only, up to 16 JSON whitespace characters around each token. Means the same in JavaScript, RE2 (Terraform's regex()) and Java (SSM);
 * settings.test.ts checks the first two against each other and against the parser.
 */
export const LOGIN_SETTINGS_ALLOWED_PATTERN = `^${WS}\\{${WS}(?:${pair("passkeyFirst", "killSwitch")}|${pair("killSwitch", "passkeyFirst")})${WS}\\}${WS}$`;

const ALLOWED = new RegExp(LOGIN_SETTINGS_ALLOWED_PATTERN);

/** The value a stored value that is not allowed stands for. */
const KILL_SWITCH_ON: LoginSettings = Object.freeze({ killSwitch: true, passkeyFirst: false });

/** Parses the parameter value; anything LOGIN_SETTINGS_ALLOWED_PATTERN does not match -> undefined. */
export function parseLoginSettings(raw: unknown): LoginSettings | undefined {
  if (typeof raw !== "string" || raw.length > MAX_SETTINGS_LENGTH || !ALLOWED.test(raw)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  // The pattern already guarantees this; checked again so the parser never trusts a regex alone.
  if (!isObject(value) || Object.keys(value).length !== 2) return undefined;
  const { passkeyFirst, killSwitch } = value;
  if (typeof passkeyFirst !== "boolean" || typeof killSwitch !== "boolean") return undefined;
  return { passkeyFirst, killSwitch };
}

export type SettingsSource =
  /** Read from the parameter (now or within the cache TTL). */
  | "parameter"
  /** The parameter holds a value that is not allowed: kill switch ON. */
  | "invalid_value"
  /** The read failed: the last value this instance read (an invalid one counts as ON). */
  | "last_known"
  /** The read failed and this instance never read a value: KILL_SWITCH_WHEN_UNREADABLE. */
  | "unreadable_default";

export interface SettingsResult {
  readonly settings: LoginSettings;
  readonly source: SettingsSource;
  /** Why the parameter's value is not used: `settings_invalid`, `settings_not_configured`, `settings_unreadable` or an SSM code. */
  readonly problem?: string;
}

export interface SettingsSourceOptions {
  /** SSM parameter name; undefined (not configured) counts as unreadable. */
  readonly parameterName: string | undefined;
  /** How long a value read is reused. */
  readonly ttlMs: number;
  /** How long a failed read is reused before the next attempt. */
  readonly retryMs: number;
  /** The kill switch of an instance that has never read the parameter. */
  readonly killSwitchWhenUnreadable: boolean;
  /** Reads the parameter's value; rejects (ideally with SsmError) on failure. */
  readonly readParameter: (name: string) => Promise<string>;
  readonly now?: () => number;
}

/**
 * A cached settings reader that never rejects. A value read (valid or not) is reused for `ttlMs`, a failed
 * read for `retryMs`; concurrent callers share the one read in flight. So an SSM outage costs at most one
 * call per `retryMs` per instance, and the switch takes effect within `ttlMs` of a write.
 */
export function createSettingsReader(options: SettingsSourceOptions): () => Promise<SettingsResult> {
  const now = options.now ?? Date.now;
  const name = options.parameterName;
  const unreadableDefault: LoginSettings = { killSwitch: options.killSwitchWhenUnreadable, passkeyFirst: false };
  let lastKnown: LoginSettings | undefined;
  let cached: { result: SettingsResult; until: number } | undefined;
  let inflight: Promise<SettingsResult> | undefined;

  const unreadable = (problem: string): SettingsResult =>
    lastKnown
      ? { settings: lastKnown, source: "last_known", problem }
      : { settings: unreadableDefault, source: "unreadable_default", problem };

  const load = async (): Promise<{ result: SettingsResult; reuseMs: number }> => {
    if (!name) return { result: unreadable("settings_not_configured"), reuseMs: options.retryMs };
    let raw: string;
    try {
      raw = await options.readParameter(name);
    } catch (error) {
      const problem = error instanceof SsmError ? error.reason : "settings_unreadable";
      return { result: unreadable(problem), reuseMs: options.retryMs };
    }
    const parsed = parseLoginSettings(raw);
    lastKnown = parsed ?? KILL_SWITCH_ON;
    const result: SettingsResult = parsed
      ? { settings: parsed, source: "parameter" }
      : { settings: KILL_SWITCH_ON, source: "invalid_value", problem: "settings_invalid" };
    return { result, reuseMs: options.ttlMs };
  };

  return () => {
    if (cached && now() < cached.until) return Promise.resolve(cached.result);
    inflight ??= load()
      .then(({ result, reuseMs }) => {
        cached = { result, until: now() + reuseMs };
        return result;
      })
      .catch((): SettingsResult => unreadable("settings_unreadable"))
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
}
