/**
 * The console's runtime configuration, `config.json` beside index.html, fetched once at start so that one build
 * serves every environment (the Terraform module and the local stack write it). Parsed here, never trusted as is.
 */

export interface RuntimeConfig {
  /** Base URL of the admin API (its routes are under `/v1/`), without a trailing slash. */
  readonly apiUrl: string;
  /** The console pool's OIDC issuer; its discovery document is read from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** The console pool's public app client (authorization code + PKCE, no secret). */
  readonly clientId: string;
  /**
   * Where sign-out ends the managed-login session: Cognito's `/logout` is not the standard end-session endpoint, so
   * the URL is a template with `{clientId}` and `{logoutUri}` (both URL-encoded when filled in).
   */
  readonly logoutUrlTemplate: string;
  /**
   * Token revocation endpoint when the issuer's discovery document lists none (Cognito's: https://<domain>/oauth2/revoke).
   * Without either, sign-out cannot revoke the refresh token and says so.
   */
  readonly revocationEndpoint?: string;
  /** Scopes requested at sign-in. */
  readonly scope: string;
}

export const DEFAULT_SCOPE = "openid email profile";

export type ConfigParseResult =
  { readonly ok: true; readonly config: RuntimeConfig } | { readonly ok: false; readonly problems: readonly string[] };

const CLIENT_ID_RE = /^[\w+-]{1,128}$/;
const SCOPE_RE = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** https, or plain http on a loopback host (the local stack); no credentials or fragment. */
function secureUrl(raw: unknown): URL | undefined {
  if (typeof raw !== "string" || raw.length > 2048) return undefined;
  try {
    const url = new URL(raw);
    if (url.username || url.password || url.hash) return undefined;
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname)) ? url : undefined;
  } catch {
    return undefined;
  }
}

const withoutTrailingSlash = (raw: string): string => raw.replace(/\/+$/, "");

/** Checks config.json's content; each problem is a code naming the field (`api_url_invalid`), never its value. */
export function parseRuntimeConfig(value: unknown): ConfigParseResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problems: ["config_not_an_object"] };
  }
  const raw = value as Record<string, unknown>;
  const problems: string[] = [];
  const url = (field: string, code: string): string | undefined => {
    if (raw[field] === undefined) {
      problems.push(`${code}_missing`);
      return undefined;
    }
    const parsed = secureUrl(raw[field]);
    if (!parsed || parsed.search) problems.push(`${code}_invalid`);
    return parsed && !parsed.search ? withoutTrailingSlash(String(raw[field])) : undefined;
  };
  const apiUrl = url("apiUrl", "api_url");
  const issuer = url("issuer", "issuer");

  const clientId = raw["clientId"];
  if (clientId === undefined) problems.push("client_id_missing");
  else if (typeof clientId !== "string" || !CLIENT_ID_RE.test(clientId)) problems.push("client_id_invalid");

  const template = raw["logoutUrlTemplate"];
  if (template === undefined) problems.push("logout_url_template_missing");
  else if (
    typeof template !== "string" ||
    !template.includes("{logoutUri}") ||
    !secureUrl(template.replaceAll("{clientId}", "x").replaceAll("{logoutUri}", "x"))
  ) {
    problems.push("logout_url_template_invalid");
  }

  let revocationEndpoint: string | undefined;
  if (raw["revocationEndpoint"] !== undefined) {
    const parsed = secureUrl(raw["revocationEndpoint"]);
    if (parsed) revocationEndpoint = String(raw["revocationEndpoint"]);
    else problems.push("revocation_endpoint_invalid");
  }

  const scope = raw["scope"] ?? DEFAULT_SCOPE;
  if (typeof scope !== "string" || !SCOPE_RE.test(scope) || !scope.split(" ").includes("openid")) {
    problems.push("scope_invalid");
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      apiUrl: apiUrl!,
      issuer: issuer!,
      clientId: clientId as string,
      logoutUrlTemplate: template as string,
      scope: scope as string,
      ...(revocationEndpoint ? { revocationEndpoint } : {}),
    },
  };
}

/** The managed-login logout URL: the template with the client id and where to land afterwards, both encoded. */
export function logoutUrl(config: RuntimeConfig, logoutUri: string): string {
  return config.logoutUrlTemplate
    .replaceAll("{clientId}", encodeURIComponent(config.clientId))
    .replaceAll("{logoutUri}", encodeURIComponent(logoutUri));
}
