// The console pool's sign-in on loopback: a standards-compliant OpenID Connect provider (npm oidc-provider) in the
// place of the console user pool's managed login. Authorization code with PKCE for one public client (the console),
// refresh tokens, RP-initiated logout, revocation, discovery and JWKS, with tokens shaped like Cognito's:
//   issuer     <origin>/<pool id>, as Cognito's https://cognito-idp.<region>.amazonaws.com/<pool id>: discovery at
//              <issuer>/.well-known/openid-configuration and keys at <issuer>/.well-known/jwks.json, where Cognito has
//              them, so the admin API verifies with the same variables (ISSUER, no JWKS_URI) as in AWS
//   access     a JWT (RS256) with token_use "access", client_id, username, cognito:groups, scope; unlike Cognito's it
//              also carries `aud` (the admin API's URL), which the admin API does not check
//   ID token   sub, cognito:username, cognito:groups, email, email_verified, token_use "id"
// Users sign in with a username and password on a small form of ours (no TOTP: the console pool's MFA is left out
// here). Every first-party consent is granted, as Cognito's managed login does not ask for one.
import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual, type JsonWebKey } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Provider, {
  type Adapter,
  type AdapterPayload,
  type Configuration,
  type KoaContextWithOIDC,
} from "oidc-provider";
import { listenLoopback, readBody, type ListenOptions } from "./http-util";

export const ADMIN_GROUP = "admins";
export const AUDITOR_GROUP = "auditors";

export interface ConsoleUser {
  /** A UUID, as Cognito's `sub`. */
  sub: string;
  username: string;
  email: string;
  password: string;
  groups: string[];
}

export interface ConsoleIdentityOptions extends ListenOptions {
  /** e.g. us-east-1_LocalConsole: the issuer's path, as in Cognito. */
  poolId: string;
  clientId: string;
  /** The console's origin: its redirect URI is <origin>/auth/callback, its post-logout URI <origin>/signed-out. */
  consoleOrigin: string;
  /** The audience of access tokens (the admin API's URL). */
  resource: string;
  users: ConsoleUser[];
  /** The private signing key (an RSA JWK, kept in the state folder so tokens survive a restart). */
  signingKey?: JsonWebKey;
  /** Keys that sign the provider's cookies. */
  cookieKeys?: string[];
  /** Where sessions, grants and tokens are kept across restarts (a JSON file); default memory only. */
  stateFile?: string;
}

export interface ConsoleIdentity {
  /** http://127.0.0.1:<port>/<pool id> */
  issuer: string;
  jwksUri: string;
  /** What the console's config.json needs besides the API URL. */
  consoleConfig: { issuer: string; clientId: string; logoutUrlTemplate: string };
  close(): Promise<void>;
}

/** A new RSA signing key for the provider (a private JWK). */
export function newSigningKey(): JsonWebKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: "jwk" }),
    kid: `console-${randomBytes(6).toString("hex")}`,
    alg: "RS256",
    use: "sig",
  };
}

interface Stored {
  payload: AdapterPayload;
  expiresAt?: number;
}

/**
 * oidc-provider's storage: one map for every model (sessions, grants, codes, tokens), optionally written to a file
 * after each change, so that console sign-ins survive a restart of the local stack.
 */
function fileStorage(file: string | undefined): (model: string) => Adapter {
  const all: Record<string, Stored> =
    file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, Stored>) : {};
  const live = (key: string): AdapterPayload | undefined => {
    const entry = all[key];
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      delete all[key];
      return undefined;
    }
    return entry.payload;
  };
  const save = () => {
    if (!file) return;
    for (const key of Object.keys(all)) live(key);
    writeFileSync(`${file}.tmp`, JSON.stringify(all));
    renameSync(`${file}.tmp`, file);
  };
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const find = (predicate: (p: AdapterPayload) => boolean) =>
      Object.keys(all)
        .filter((k) => k.startsWith(`${model}:`))
        .map(live)
        .find((p) => p !== undefined && predicate(p));
    return {
      upsert(id, payload, expiresIn) {
        all[key(id)] = { payload, ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}) };
        save();
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(live(key(id))),
      findByUserCode: (userCode) => Promise.resolve(find((p) => p.userCode === userCode)),
      findByUid: (uid) => Promise.resolve(find((p) => p.uid === uid)),
      consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        save();
        return Promise.resolve();
      },
      destroy(id) {
        delete all[key(id)];
        save();
        return Promise.resolve();
      },
      revokeByGrantId(grantId) {
        for (const k of Object.keys(all)) if (all[k]?.payload.grantId === grantId) delete all[k];
        save();
        return Promise.resolve();
      },
    };
  };
}

const html = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&quot;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title><style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);width:min(22rem,90vw)}
h1{font-size:1.25rem;margin-top:0}label{display:block;margin:.75rem 0 .25rem}input{width:100%;box-sizing:border-box;padding:.5rem}
button{margin-top:1rem;width:100%;padding:.6rem;background:#1f4fd1;color:#fff;border:0;border-radius:4px;font-size:1rem}
.error{color:#b00020}.note{color:#555;font-size:.85rem}</style></head><body><main>${body}</main></body></html>`;
}

function loginForm(action: string, username: string, error?: string): string {
  return page(
    "Sign in to the console",
    `<h1>Sign in to the passkeys console</h1>
${error ? `<p class="error" role="alert">${html(error)}</p>` : ""}
<form method="post" action="${html(action)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required value="${html(username)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<p class="note">Local stack: the console pool's stand-in (no MFA). The credentials are in npm start's summary.</p>`,
  );
}

const sameSecret = (a: string, b: string): boolean => {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
};

export async function startConsoleIdentity(options: ConsoleIdentityOptions): Promise<ConsoleIdentity> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503);
    res.end();
  };
  const running = await listenLoopback((req, res) => handler(req, res), options);
  const mount = `/${options.poolId}`;
  const issuer = `${running.url}${mount}`;
  const users = new Map(options.users.map((u) => [u.sub, u]));
  const byUsername = new Map(options.users.map((u) => [u.username, u]));
  const signingKey = options.signingKey ?? newSigningKey();

  const storage = fileStorage(options.stateFile);
  const configuration: Configuration = {
    adapter: storage,
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: [`${options.consoleOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${options.consoleOrigin}/signed-out`],
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: options.cookieKeys ?? [randomBytes(32).toString("base64url")] },
    routes: { jwks: "/.well-known/jwks.json" },
    scopes: ["openid", "email", "profile"],
    claims: {
      openid: ["sub", "cognito:username", "cognito:groups", "token_use"],
      email: ["email", "email_verified"],
      profile: [],
    },
    // Scope claims in the ID token itself (the console reads them there and never calls userinfo), as Cognito does.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AccessToken: 3600,
      IdToken: 3600,
      RefreshToken: 30 * 86400,
      AuthorizationCode: 300,
      Interaction: 600,
      Session: 86400,
      Grant: 30 * 86400,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Cognito's /logout signs out at once: submit the provider's logout form without asking.
        logoutSource: (ctx, form) => {
          ctx.body = page(
            "Signing out",
            `<p>Signing out…</p>${form.replace("</form>", '<input type="hidden" name="logout" value="yes"></form>')}
<script>document.forms[0].submit()</script>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = page("Signed out", "<p>You are signed out.</p>");
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "openid email profile",
          accessTokenFormat: "jwt",
          audience: options.resource,
        }),
      },
    },
    interactions: { url: (_ctx, interaction) => `${mount}/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          "cognito:username": user.username,
          "cognito:groups": user.groups,
          token_use: "id",
          email: user.email,
          email_verified: true,
        }),
      };
    },
    extraTokenClaims: (_ctx, token) => {
      if (token.kind !== "AccessToken") return undefined;
      const user = users.get(token.accountId);
      if (!user) return undefined;
      return { token_use: "access", username: user.username, "cognito:groups": user.groups };
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    // The console calls the token and revocation endpoints from its own origin.
    clientBasedCORS: (_ctx, origin) => origin === options.consoleOrigin,
    // First-party: every scope the console asks for is granted without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      if (!oidc.session?.accountId) return undefined;
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session.accountId });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["sub", "cognito:username", "cognito:groups", "token_use", "email", "email_verified"]);
      grant.addResourceScope(options.resource, "openid email profile");
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = page(
        "Sign-in error",
        `<h1>Sign-in error</h1><p class="error">${html(String(out.error))}: ${html(String(out.error_description ?? ""))}</p>`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, submit: boolean): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const action = `${mount}/interaction/${uid}/login`;
    const send = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(body);
    };
    if (details.prompt.name !== "login") {
      // Consent is granted by loadExistingGrant; nothing else is asked.
      return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    }
    if (!submit) return send(200, loginForm(action, ""));
    const form = new URLSearchParams(await readBody(req, 16 * 1024));
    const username = form.get("username") ?? "";
    const user = byUsername.get(username);
    if (!user || !sameSecret(form.get("password") ?? "", user.password)) {
      return send(200, loginForm(action, username, "Incorrect username or password."));
    }
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
  }

  handler = (req, res) => {
    const url = req.url ?? "/";
    if (url === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
      return;
    }
    if (url !== mount && !url.startsWith(`${mount}/`) && !url.startsWith(`${mount}?`)) {
      res.writeHead(404);
      res.end();
      return;
    }
    const inner = url.slice(mount.length) || "/";
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(inner.split("?")[0]!);
    if (match) {
      interaction(req, res, match[1]!, req.method === "POST" && match[2] !== undefined).catch(() => {
        if (!res.headersSent) {
          res.writeHead(400, { "content-type": "text/html; charset=utf-8" });
          res.end(
            page(
              "Sign-in error",
              '<p class="error">This sign-in has expired. Go back to the console and start again.</p>',
            ),
          );
        } else res.destroy();
      });
      return;
    }
    // oidc-provider reads its mount path from originalUrl, as when mounted by express.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = inner;
    void callback(req, res);
  };

  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    consoleConfig: {
      issuer,
      clientId: options.clientId,
      logoutUrlTemplate: `${issuer}/session/end?client_id={clientId}&post_logout_redirect_uri={logoutUri}`,
    },
    close: () => running.close(),
  };
}

export interface ConsoleTokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

/**
 * Signs a console user in the way the console does (authorization code with PKCE through the provider's login form),
 * without a browser: for the local stack's checks and tests that call the admin API as a console user.
 */
export async function signInToConsole(options: {
  issuer: string;
  clientId: string;
  consoleOrigin: string;
  username: string;
  password: string;
}): Promise<ConsoleTokens> {
  const cookies = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...init.headers, cookie: cookie() } });
    remember(res);
    return res;
  };
  const redirectUri = `${options.consoleOrigin}/auth/callback`;
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const auth = new URL(`${options.issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: options.clientId,
    response_type: "code",
    scope: "openid email profile",
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: randomBytes(8).toString("hex"),
  })) {
    auth.searchParams.set(k, v);
  }
  let res = await go(auth.href);
  let location = res.headers.get("location");
  // Follow redirects until the login form, submit it, then follow until the console's callback with a code.
  for (let hops = 0; hops < 10 && location && !location.startsWith(redirectUri); hops++) {
    const next = new URL(location, auth).href;
    res = await go(next);
    if (res.status === 200 && /\/interaction\/[\w-]+$/.test(new URL(next).pathname)) {
      res = await go(`${next}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: options.username, password: options.password }).toString(),
      });
      if (res.status === 200) throw new Error("console sign-in refused");
    }
    location = res.headers.get("location");
  }
  const code = location ? new URL(location).searchParams.get("code") : null;
  if (!code) throw new Error("console sign-in gave no code");
  const token = await fetch(`${options.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: options.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  if (!token.ok) throw new Error(`console token exchange failed: HTTP ${token.status}`);
  return (await token.json()) as ConsoleTokens;
}
