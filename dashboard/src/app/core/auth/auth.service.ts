import { Injectable, computed, inject, signal } from "@angular/core";
import { RuntimeConfigService } from "../config/runtime-config.service";
import { logoutUrl } from "../config/runtime-config";
import { BROWSER_LOCATION } from "./browser-location";
import { OIDC_CLIENT_FACTORY, SIGNED_OUT_PATH, oidcSettings, type OidcClient, type OidcUser } from "./oidc";
import { groupsOf, roleOf } from "./roles";

export type SessionStatus = "signed-out" | "signed-in" | "expired";

/**
 * Where to go after sign-in: only a path of this console (starting with one `/`), so that a crafted state cannot
 * send an admin to another site.
 */
export function safeReturnUrl(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) && value.length <= 2048 ? value : "/";
}

@Injectable({ providedIn: "root" })
export class AuthService {
  private readonly configService = inject(RuntimeConfigService);
  private readonly createClient = inject(OIDC_CLIENT_FACTORY);
  private readonly location = inject(BROWSER_LOCATION);
  private clientInstance: OidcClient | undefined;

  private readonly user = signal<OidcUser | null>(null);
  private readonly expired = signal(false);

  readonly status = computed<SessionStatus>(() =>
    this.expired() ? "expired" : this.user() ? "signed-in" : "signed-out",
  );
  readonly groups = computed(() => {
    const user = this.user();
    return user ? groupsOf(user.access_token, user.profile) : [];
  });
  readonly role = computed(() => roleOf(this.groups()));
  readonly isAdmin = computed(() => this.role() === "admin");
  /** Who is signed in, as shown in the header: e-mail, else username, else subject. */
  readonly displayName = computed(() => {
    const profile = this.user()?.profile ?? {};
    for (const claim of ["email", "cognito:username", "username", "sub"]) {
      if (typeof profile[claim] === "string") return profile[claim] as string;
    }
    return "";
  });

  private client(): OidcClient {
    if (!this.clientInstance) {
      const config = this.configService.require();
      const client = this.createClient(oidcSettings(config, this.location.baseUri()));
      client.events.addUserLoaded((user) => {
        this.user.set(user);
        this.expired.set(false);
      });
      client.events.addAccessTokenExpired(() => this.markExpired());
      client.events.addSilentRenewError(() => this.markExpired());
      this.clientInstance = client;
    }
    return this.clientInstance;
  }

  /** Picks up a user already in the (in-memory) store; after a reload there is none and the guard signs in again. */
  async start(): Promise<void> {
    const user = await this.client().getUser();
    if (user && !user.expired) this.user.set(user);
  }

  /** The access token for the admin API, while the session lasts. */
  accessToken(): string | undefined {
    return this.status() === "signed-in" ? this.user()?.access_token : undefined;
  }

  /** Leaves for the issuer's sign-in page (authorization code + PKCE); comes back to `returnUrl`. */
  signIn(returnUrl: string): Promise<void> {
    return this.client().signinRedirect({ state: { returnUrl: safeReturnUrl(returnUrl) } });
  }

  /** Exchanges the code on the callback URL for tokens; resolves where to go next. */
  async completeSignIn(): Promise<string> {
    const user = await this.client().signinRedirectCallback(this.location.href());
    this.user.set(user);
    this.expired.set(false);
    const state = user.state as { returnUrl?: unknown } | undefined;
    return safeReturnUrl(state?.returnUrl);
  }

  /** The session ended without sign-out (expiry, failed refresh, the API's 401): the shell offers to sign in again. */
  markExpired(): void {
    if (this.user()) this.expired.set(true);
  }

  /**
   * Revokes the refresh token (best effort: the tokens are forgotten and the managed-login session ended either way),
   * forgets every token, then ends the managed-login session through the configured logout URL.
   */
  async signOut(): Promise<void> {
    const config = this.configService.require();
    const client = this.client();
    if (this.user()?.refresh_token) {
      try {
        await client.revokeTokens(["refresh_token"]);
      } catch {
        // No revocation endpoint or the issuer is unreachable: the refresh token then lapses at its expiry.
      }
    }
    await client.removeUser();
    this.user.set(null);
    this.expired.set(false);
    this.location.assign(logoutUrl(config, new URL(SIGNED_OUT_PATH, this.location.baseUri()).href));
  }
}
