/**
 * Login settings (passkey-first, kill switch) read from an SSM String parameter holding
 * {"passkeyFirst": boolean, "killSwitch": boolean}, cached briefly.
 *
 * The kill switch is an operational lever, not an authentication control (Corbado still verifies every login):
 * when the parameter cannot be read or parsed we keep the last value read, or the configured default when we
 * never read one, and report why.
 */
import { isObject } from "../shared/cognito-events";
import { createCache, SsmError } from "../shared/ssm";

export interface LoginSettings {
  readonly passkeyFirst: boolean;
  readonly killSwitch: boolean;
}

/** Largest parameter value we parse (a Standard SSM parameter holds at most 4 KB). */
export const MAX_SETTINGS_LENGTH = 4096;

/**
 * Parses the parameter value. `killSwitch` must be a boolean; `passkeyFirst` is a boolean or absent (false).
 * Anything else (not JSON, not an object, wrong types, too long) -> undefined.
 */
export function parseLoginSettings(raw: unknown): LoginSettings | undefined {
  if (typeof raw !== "string" || raw.length > MAX_SETTINGS_LENGTH) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.killSwitch !== "boolean") return undefined;
  if (value.passkeyFirst !== undefined && typeof value.passkeyFirst !== "boolean") return undefined;
  return { killSwitch: value.killSwitch, passkeyFirst: value.passkeyFirst === true };
}

export type SettingsSource =
  /** No LOGIN_SETTINGS_PARAMETER configured: KILL_SWITCH_DEFAULT applies. */
  | "not_configured"
  /** Read from the parameter (now or within the cache TTL). */
  | "parameter"
  /** The last read failed: the last value read successfully. */
  | "last_known"
  /** The last read failed and none ever succeeded: KILL_SWITCH_DEFAULT. */
  | "default";

export interface SettingsResult {
  readonly settings: LoginSettings;
  readonly source: SettingsSource;
  /** Why the parameter's value is not used (e.g. `settings_invalid`, `ssm_timeout`), when it is not. */
  readonly problem?: string;
}

export interface SettingsSourceOptions {
  /** SSM parameter name, or undefined when none is configured. */
  readonly parameterName: string | undefined;
  readonly ttlMs: number;
  readonly killSwitchDefault: boolean;
  /** Reads the parameter's value; rejects (ideally with SsmError) on failure. */
  readonly readParameter: (name: string) => Promise<string>;
  readonly now?: () => number;
}

/**
 * A cached settings reader. A read (successful or not) is reused for `ttlMs`, so an SSM outage costs at most
 * one timed-out call per TTL per container, not one per login.
 */
export function createSettingsReader(options: SettingsSourceOptions): () => Promise<SettingsResult> {
  const fallbackSettings: LoginSettings = { killSwitch: options.killSwitchDefault, passkeyFirst: false };
  const name = options.parameterName;
  if (!name) return async () => ({ settings: fallbackSettings, source: "not_configured" });
  let lastGood: LoginSettings | undefined;

  const fallback = (problem: string): SettingsResult =>
    lastGood
      ? { settings: lastGood, source: "last_known", problem }
      : { settings: fallbackSettings, source: "default", problem };

  // Never rejects: a failed read is a fallback result, cached for the TTL like a good one.
  const load = async (): Promise<SettingsResult> => {
    let raw: string;
    try {
      raw = await options.readParameter(name);
    } catch (error) {
      return fallback(error instanceof SsmError ? error.reason : "settings_unreadable");
    }
    const parsed = parseLoginSettings(raw);
    if (!parsed) return fallback("settings_invalid");
    lastGood = parsed;
    return { settings: parsed, source: "parameter" };
  };

  const cache = createCache(load, { ttlMs: options.ttlMs, now: options.now });
  return () => cache.get();
}
