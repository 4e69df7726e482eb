/**
 * The console's security headers, one definition for CloudFront's response headers policy (./console-hosting.ts)
 * and the local stack's static server (tools/local/stack/local-stack.ts), so the end-to-end test runs the console
 * under the policy the module deploys. Plain strings (Terraform expressions are allowed as origins); no CDKTF here.
 */

export interface ConsoleCspOptions {
  /** Origins the console calls besides its own: the admin API, the issuer, the managed-login domain (tokens, revocation). */
  readonly connectOrigins: readonly string[];
  /** Served over https (CloudFront): browsers then also upgrade any http request. Off on the loopback stack. */
  readonly https: boolean;
}

/**
 * Scripts only from the console's own origin (the build has no inline script: angular.json turns critical-CSS
 * inlining off, whose loader is one); no frames, no objects, no framing by anyone; requests only to the origins named.
 */
export function consoleContentSecurityPolicy(options: ConsoleCspOptions): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Angular adds each component's styles as <style> elements at run time; a static host has no nonce to give them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${["'self'", ...options.connectOrigins].join(" ")}`,
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The other headers, as CloudFront's security headers config names them. */
export const CONSOLE_HEADER_VALUES = {
  /** Two years, subdomains included; not preloaded (that is the domain owner's decision). */
  hstsMaxAgeSeconds: 63_072_000,
  frameOptions: "DENY",
  referrerPolicy: "no-referrer",
  permissionsPolicy: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  crossOriginOpenerPolicy: "same-origin",
} as const;

/** Every header as name and value (the local stack's static server; CloudFront's policy sets the same). */
export function consoleSecurityHeaders(options: ConsoleCspOptions): Record<string, string> {
  return {
    "content-security-policy": consoleContentSecurityPolicy(options),
    ...(options.https
      ? { "strict-transport-security": `max-age=${CONSOLE_HEADER_VALUES.hstsMaxAgeSeconds}; includeSubDomains` }
      : {}),
    "x-frame-options": CONSOLE_HEADER_VALUES.frameOptions,
    "x-content-type-options": "nosniff",
    "referrer-policy": CONSOLE_HEADER_VALUES.referrerPolicy,
    "permissions-policy": CONSOLE_HEADER_VALUES.permissionsPolicy,
    "cross-origin-opener-policy": CONSOLE_HEADER_VALUES.crossOriginOpenerPolicy,
  };
}
