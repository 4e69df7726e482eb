/**
 * The boundary to the OIDC client library (oidc-client-ts): the settings we give it and the few calls we make, so
 * that specs replace the library here and nothing else in the console touches tokens directly.
 */
import { InjectionToken } from "@angular/core";
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type UserManagerSettings } from "oidc-client-ts";
import type { RuntimeConfig } from "../config/runtime-config";

/** What the console reads of a signed-in user (a subset of oidc-client-ts's User). */
export interface OidcUser {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expired?: boolean;
  readonly profile: Readonly<Record<string, unknown>>;
  readonly state?: unknown;
}

/** The calls the console makes on oidc-client-ts's UserManager. */
export interface OidcClient {
  signinRedirect(args: { state: unknown }): Promise<void>;
  signinRedirectCallback(url: string): Promise<OidcUser>;
  getUser(): Promise<OidcUser | null>;
  revokeTokens(types: ["refresh_token"]): Promise<void>;
  removeUser(): Promise<void>;
  readonly events: {
    addUserLoaded(cb: (user: OidcUser) => void): unknown;
    addAccessTokenExpired(cb: () => void): unknown;
    addSilentRenewError(cb: (error: Error) => void): unknown;
  };
}

export type OidcClientFactory = (settings: UserManagerSettings) => OidcClient;

export const OIDC_CLIENT_FACTORY = new InjectionToken<OidcClientFactory>("OIDC_CLIENT_FACTORY", {
  providedIn: "root",
  factory: () => (settings) => new UserManager(settings),
});

/** Paths (relative to the document's base URL) the console pool's app client must list as callback and sign-out URLs. */
export const CALLBACK_PATH = "auth/callback";
export const SIGNED_OUT_PATH = "signed-out";

/**
 * Authorization code with PKCE (oidc-client-ts's default for response_type code). Tokens are kept in memory only:
 * nothing another script on the origin could read from storage survives the tab, and a reload signs in again through
 * the managed-login session (a redirect, no typing). Only the sign-in request's state and PKCE verifier go to
 * sessionStorage, because they must survive the redirect to the issuer and back.
 */
export function oidcSettings(config: RuntimeConfig, baseUri: string): UserManagerSettings {
  return {
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: new URL(CALLBACK_PATH, baseUri).href,
    post_logout_redirect_uri: new URL(SIGNED_OUT_PATH, baseUri).href,
    response_type: "code",
    scope: config.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    // Refreshes with the refresh token a minute before the access token expires; a failure ends the session visibly.
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    // The ID token carries every claim we show; an OIDC provider's userinfo refuses JWT access tokens with an aud.
    loadUserInfo: false,
    ...(config.revocationEndpoint ? { metadataSeed: { revocation_endpoint: config.revocationEndpoint } } : {}),
  };
}
