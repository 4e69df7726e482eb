/**
 * GET /v1/public/login-config, for the customer's login page: whether passkey-first is on and whether passkey login
 * is available (kill switch off). Unauthenticated, so it must never become a way to exhaust the SSM throughput
 * define depends on: the value comes from define's own settings reader (same parsing, same fail-safe fallback,
 * a value cached for LOGIN_SETTINGS_CACHE_TTL_MS and a failed read for LOGIN_SETTINGS_RETRY_MS, so one instance
 * reads SSM at most once per TTL whatever the traffic), each instance
 * serves at most PUBLIC_CONFIG_RATE_PER_SECOND (429 beyond), and `cache-control` lets browsers and CDNs absorb the
 * rest.
 */
import { createSettingsReader, type SettingsResult } from "../define-auth-challenge/settings";

export interface LoginConfig {
  readonly passkeyFirst: boolean;
  readonly passkeyLoginAvailable: boolean;
}

export interface PublicConfigOptions {
  readonly parameterName: string;
  readonly cacheTtlMs: number;
  readonly retryMs: number;
  readonly killSwitchWhenUnreadable: boolean;
  readonly readParameter: (name: string) => Promise<string>;
  readonly now?: () => number;
}

/** A fallback (SSM unreadable, or a value that is not allowed) is cached by browsers and CDNs for at most this. */
export const FALLBACK_MAX_AGE_SECONDS = 5;

export function createLoginConfigReader(options: PublicConfigOptions) {
  const read = createSettingsReader({
    parameterName: options.parameterName,
    ttlMs: options.cacheTtlMs,
    retryMs: options.retryMs,
    killSwitchWhenUnreadable: options.killSwitchWhenUnreadable,
    readParameter: options.readParameter,
    ...(options.now ? { now: options.now } : {}),
  });
  const maxAge = Math.ceil(options.cacheTtlMs / 1000);
  return async (): Promise<{ config: LoginConfig; cacheControl: string; result: SettingsResult }> => {
    const result = await read();
    const fresh = result.source === "parameter";
    return {
      config: {
        passkeyFirst: result.settings.passkeyFirst,
        passkeyLoginAvailable: !result.settings.killSwitch,
      },
      cacheControl: `public, max-age=${fresh ? maxAge : Math.min(maxAge, FALLBACK_MAX_AGE_SECONDS)}`,
      result,
    };
  };
}

/** A token bucket per instance: `ratePerSecond` sustained, bursts up to twice that. */
export function createThrottle(ratePerSecond: number, now: () => number = Date.now) {
  const capacity = ratePerSecond * 2;
  let tokens = capacity;
  let last = now();
  return {
    /** True when the request may go on; false: answer 429. */
    take(): boolean {
      const t = now();
      tokens = Math.min(capacity, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
