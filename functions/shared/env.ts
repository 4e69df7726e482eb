/** Parsing of environment variables with defaults and bounds. Never throws. */

export type Env = Readonly<Record<string, string | undefined>>;

export interface IntOptions {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/**
 * A decimal integer from the environment. Missing, empty or unparseable -> default;
 * out of range -> clamped to [min, max].
 */
export function envInt(env: Env, name: string, options: IntOptions): number {
  const raw = env[name]?.trim();
  if (raw === undefined || !/^-?\d{1,15}$/.test(raw)) return options.default;
  const value = Number(raw);
  return Math.min(options.max, Math.max(options.min, value));
}

/** "true"/"1"/"yes"/"on" -> true, "false"/"0"/"no"/"off" -> false (case-insensitive), else default. */
export function envBool(env: Env, name: string, defaultValue: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === "true" || raw === "1" || raw === "yes" || raw === "on") return true;
  if (raw === "false" || raw === "0" || raw === "no" || raw === "off") return false;
  return defaultValue;
}

/** A non-empty trimmed string, else undefined. */
export function envString(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** True for the loopback host names plain http is allowed for (a URL's `hostname`). */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname);

/**
 * A base URL for a service we send secrets to (or receive them from): https, or http only on loopback
 * (local stack and tests). Returns the URL without a trailing slash, or undefined when unacceptable.
 */
export function safeBaseUrl(raw: string | undefined): string | undefined {
  // The parser reports a bare `?` or `#` as an empty search or hash, and keeps it in the URL it serializes.
  if (!raw || raw.includes("?") || raw.includes("#")) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) return undefined;
  return url.toString().replace(/\/+$/, "");
}
