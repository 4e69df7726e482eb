/**
 * The console pool's stand-in (oidc-provider): sign-in with authorization code + PKCE through its form, tokens the
 * admin API's own verifier accepts with the variables it has in AWS (ISSUER only: keys where Cognito has them),
 * Cognito's claims, refresh, and the discovery document the console reads.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTokenVerifier } from "../../functions/admin-api/auth";
import { decodeJwtClaims } from "./cognito-harness";
import { signInToConsole, startConsoleIdentity, type ConsoleIdentity } from "./console-identity";

const CONSOLE = "http://127.0.0.1:4999";
const CLIENT = "consoleclient0000000000001";
const API = "http://127.0.0.1:4998";
const admin = {
  sub: randomUUID(),
  username: "admin",
  email: "admin@console.local",
  password: "Admin-Pass-1",
  groups: ["admins"],
};
const auditor = {
  sub: randomUUID(),
  username: "auditor",
  email: "auditor@console.local",
  password: "Audit-Pass-1",
  groups: ["auditors"],
};

let identity: ConsoleIdentity;

before(async () => {
  identity = await startConsoleIdentity({
    poolId: "us-east-1_SpecConsole",
    clientId: CLIENT,
    consoleOrigin: CONSOLE,
    resource: API,
    users: [admin, auditor],
  });
});
after(() => identity.close());

const signIn = (user: { username: string; password: string }) =>
  signInToConsole({ issuer: identity.issuer, clientId: CLIENT, consoleOrigin: CONSOLE, ...user });

describe("console identity (oidc-provider in the console pool's place)", () => {
  it("publishes discovery and keys where Cognito does, under an issuer shaped like Cognito's", async () => {
    assert.match(identity.issuer, /^http:\/\/127\.0\.0\.1:\d+\/us-east-1_SpecConsole$/);
    const discovery = (await (await fetch(`${identity.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    assert.equal(discovery.issuer, identity.issuer);
    assert.equal(discovery.jwks_uri, `${identity.issuer}/.well-known/jwks.json`);
    assert.equal(discovery.authorization_endpoint, `${identity.issuer}/auth`);
    assert.ok(typeof discovery.revocation_endpoint === "string");
    assert.ok(typeof discovery.end_session_endpoint === "string");
    assert.deepEqual(discovery.code_challenge_methods_supported, ["S256"]);
  });

  it("signs a user in with code + PKCE and issues tokens the admin API's verifier accepts with ISSUER alone", async () => {
    const tokens = await signIn(admin);
    const verify = createTokenVerifier({
      issuer: identity.issuer,
      jwksUri: `${identity.issuer}/.well-known/jwks.json`,
      clientIds: [CLIENT],
      jwksTimeoutMs: 2000,
    });
    const who = await verify(tokens.access_token);
    assert.deepEqual(who, { sub: admin.sub, username: "admin", groups: ["admins"], clientId: CLIENT });
    const access = decodeJwtClaims(tokens.access_token);
    assert.equal(access.token_use, "access");
    const id = decodeJwtClaims(tokens.id_token);
    assert.equal(id["cognito:username"], "admin");
    assert.deepEqual(id["cognito:groups"], ["admins"]);
    assert.equal(id.email, "admin@console.local");
    assert.equal(id.token_use, "id");
    await assert.rejects(verify(tokens.id_token), /token_invalid/, "an ID token is not an access token");
  });

  it("refuses a wrong password and knows each user's groups", async () => {
    await assert.rejects(signIn({ username: "admin", password: "guess" }), /refused/);
    await assert.rejects(signIn({ username: "nobody", password: "x" }), /refused/);
    const tokens = await signIn(auditor);
    assert.deepEqual(decodeJwtClaims(tokens.access_token)["cognito:groups"], ["auditors"]);
  });

  it("refreshes with the refresh token, as the console does before its access token expires", async () => {
    const tokens = await signIn(auditor);
    assert.ok(tokens.refresh_token);
    const res = await fetch(`${identity.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: CLIENT,
      }).toString(),
    });
    assert.equal(res.status, 200);
    const refreshed = (await res.json()) as { access_token: string };
    assert.equal(decodeJwtClaims(refreshed.access_token).username, "auditor");
  });

  it("refuses an authorization request without PKCE or with a redirect URI it does not know", async () => {
    const auth = (params: Record<string, string>) =>
      fetch(
        `${identity.issuer}/auth?${new URLSearchParams({ client_id: CLIENT, response_type: "code", scope: "openid", ...params })}`,
        {
          redirect: "manual",
        },
      );
    const noPkce = await auth({ redirect_uri: `${CONSOLE}/auth/callback` });
    assert.match(decodeURIComponent(noPkce.headers.get("location") ?? ""), /error=invalid_request/);
    const elsewhere = await auth({
      redirect_uri: "http://127.0.0.1:1/steal",
      code_challenge: "x".repeat(43),
      code_challenge_method: "S256",
    });
    assert.equal(elsewhere.status, 400);
    assert.match(await elsewhere.text(), /redirect_uri/);
  });
});
