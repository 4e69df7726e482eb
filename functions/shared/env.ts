/**
 * The rules every function applies to a URL it sends secrets or signed requests to. Variables themselves are
 * read through each function's contract (./config-contract.ts).
 */

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** True for the loopback host names plain http is allowed for (a URL's `hostname`). */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname);

/** The URL's protocol when we may call it: https, or plain http on a loopback host (local stack and tests). */
export function allowedProtocol(url: URL): "https:" | "http:" | undefined {
  const { protocol } = url;
  return protocol === "https:" || (protocol === "http:" && isLoopbackHost(url.hostname)) ? protocol : undefined;
}

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
  if (url.username || url.password || url.search || url.hash || !allowedProtocol(url)) return undefined;
  return url.toString().replace(/\/+$/, "");
}
