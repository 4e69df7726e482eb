/**
 * Amplify v6 itself (aws-amplify, unmodified) logging in against the customer pool's front on loopback: the passkey
 * login through docs/login-page/passkeys.js's `signInWithAmplify` (`signIn` with CUSTOM_WITHOUT_SRP, `confirmSignIn`
 * with the signedPasskeyData) running the real define/create/verify triggers, and a password login through
 * cognito-local. Amplify reaches the front through `userPoolEndpoint`; its tokens verify against the front's JWKS.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { Amplify } from "aws-amplify";
import { cognitoUserPoolsTokenProvider } from "aws-amplify/auth/cognito";
import { confirmSignIn, fetchAuthSession, getCurrentUser, signIn, signOut } from "aws-amplify/auth";
import { ConsoleLogger } from "aws-amplify/utils";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { signInWithAmplify } from "../../docs/login-page/passkeys.js";
import { startCustomerPool, writeCognitoStore, type CustomerPool, type PoolUser } from "./cognito-pool";
import { startLoginStack, type LoginStack } from "./login-stack";

const POOL = "us-east-1_AmplifySpec";
const WEB_CLIENT = "webclient00000000000000001";
const PASSKEY_CLIENT = "passkeyclient0000000000001";
const PASSWORD = "Amplify-Spec-Pass-1";
const ALICE = "0a1b2c3d-0000-4000-8000-00000000a11c";
const BOB = "0a1b2c3d-0000-4000-8000-000000000b0b";

const user = (username: string, email: string): PoolUser => ({
  username,
  password: PASSWORD,
  attributes: { sub: username, email, email_verified: "true" },
  enabled: true,
  status: "CONFIRMED",
  created: 1_760_000_000_000,
});

// Amplify warns on every call that the endpoint is a custom one: that is the point here.
ConsoleLogger.LOG_LEVEL = "ERROR";

/** Amplify's token store in Node: a Map (a browser app keeps the default, localStorage). */
const store = new Map<string, string>();
cognitoUserPoolsTokenProvider.setKeyValueStorage({
  setItem: async (key, value) => void store.set(key, value),
  getItem: async (key) => store.get(key) ?? null,
  removeItem: async (key) => void store.delete(key),
  clear: async () => store.clear(),
});

let dir: string;
let stack: LoginStack;
let pool: CustomerPool;
/** The front's JWKS verifying a token of this pool. */
let verify: (jwt: string) => Promise<Record<string, unknown>>;
const originalLog = console.log;

function configure(clientId: string) {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: POOL, userPoolClientId: clientId, userPoolEndpoint: pool.url } },
  });
}

before(async () => {
  console.log = () => {};
  dir = await mkdtemp(path.join(tmpdir(), "amplify-login-spec-"));
  stack = await startLoginStack();
  await writeCognitoStore(dir, {
    poolId: POOL,
    name: "customers",
    usernameAttributes: ["email"],
    mfaConfiguration: "OFF",
    created: 1_760_000_000_000,
    clients: [
      {
        clientId: WEB_CLIENT,
        name: "web",
        explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      },
      {
        clientId: PASSKEY_CLIENT,
        name: "passkeys",
        explicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      },
    ],
    users: [user(ALICE, "alice@example.com"), user(BOB, "bob@example.com")],
  });
  pool = await startCustomerPool({
    workDir: dir,
    poolId: POOL,
    passkeyClientId: PASSKEY_CLIENT,
    anyClientId: WEB_CLIENT,
    handlers: stack.handlers,
  });
  const verifier = JwtRsaVerifier.create({ issuer: pool.issuer, jwksUri: pool.jwksUri, audience: null });
  // aws-jwt-verify's own fetcher refuses http: hand it the JWKS the front serves.
  verifier.cacheJwks((await (await fetch(pool.jwksUri)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
  verify = (jwt) => verifier.verify(jwt);
});

after(async () => {
  console.log = originalLog;
  await pool?.close();
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  configure(PASSKEY_CLIENT);
  await signOut();
});

/** The tokens Amplify keeps, verified against the front's JWKS. */
async function verifiedSession() {
  const { tokens } = await fetchAuthSession();
  assert.ok(tokens?.idToken && tokens.accessToken, "Amplify keeps an ID and an access token");
  const id = await verify(tokens.idToken.toString());
  const access = await verify(tokens.accessToken.toString());
  return { id, access };
}

const verifyResults = (from: number) =>
  stack.corbado.requests
    .slice(from)
    .filter((r) => r.path === "/v2/passkey/verifySignedData")
    .map((r) => (r.response as { verificationResult?: string }).verificationResult);

describe("Amplify v6 against the local Cognito front", () => {
  it("logs in with a passkey: signIn CUSTOM_WITHOUT_SRP, confirmSignIn with the signedPasskeyData", async () => {
    const from = stack.corbado.requests.length;
    const calls = pool.requests.length;
    await signInWithAmplify({ signIn, confirmSignIn }, stack.corbado.mintSignedPasskeyData({ username: ALICE }));
    assert.deepEqual(
      pool.requests.slice(calls).map((r) => `${r.operation} ${r.status}`),
      ["InitiateAuth 200", "RespondToAuthChallenge 200"],
    );
    assert.deepEqual(verifyResults(from), ["success"]);
    const { id, access } = await verifiedSession();
    assert.equal(id["cognito:username"], ALICE);
    assert.equal(id.email, "alice@example.com");
    assert.equal(id.aud, PASSKEY_CLIENT);
    assert.equal(access.token_use, "access");
    assert.equal(access.client_id, PASSKEY_CLIENT);
    assert.equal((await getCurrentUser()).username, ALICE);
  });

  it("refuses signIn while a user is signed in, and signs in after signOut", async () => {
    await signInWithAmplify({ signIn, confirmSignIn }, stack.corbado.mintSignedPasskeyData({ username: ALICE }));
    const calls = pool.requests.length;
    await assert.rejects(
      signInWithAmplify({ signIn, confirmSignIn }, stack.corbado.mintSignedPasskeyData({ username: BOB })),
      { name: "UserAlreadyAuthenticatedException" },
    );
    assert.equal(pool.requests.length, calls, "refused before any call to Cognito");
    assert.equal((await verifiedSession()).id["cognito:username"], ALICE, "still Alice's tokens");
    await signOut();
    assert.equal((await fetchAuthSession()).tokens, undefined, "signOut drops the tokens");
    await signInWithAmplify({ signIn, confirmSignIn }, stack.corbado.mintSignedPasskeyData({ username: BOB }));
    assert.equal((await verifiedSession()).id["cognito:username"], BOB);
  });

  it("a replayed signedPasskeyData is no sign-in: passkey_login_failed, and Amplify keeps no tokens", async () => {
    const spd = stack.corbado.mintSignedPasskeyData({ username: ALICE });
    await signInWithAmplify({ signIn, confirmSignIn }, spd);
    await signOut();
    const from = stack.corbado.requests.length;
    await assert.rejects(signInWithAmplify({ signIn, confirmSignIn }, spd), /passkey_login_failed/);
    assert.deepEqual(verifyResults(from), ["invalid_challenge"]);
    assert.equal((await fetchAuthSession()).tokens, undefined);
  });

  it("a signedPasskeyData of another user does not log in the named user", async () => {
    await assert.rejects(
      signInWithAmplify({ signIn, confirmSignIn }, stack.corbado.mintSignedPasskeyData({ username: ALICE }), BOB),
      /passkey_login_failed/,
    );
    assert.equal((await fetchAuthSession()).tokens, undefined);
  });

  it("logs in with a password (USER_PASSWORD_AUTH on the pool's other app client) to tokens the same JWKS verifies", async () => {
    configure(WEB_CLIENT);
    const out = await signIn({
      username: "bob@example.com",
      password: PASSWORD,
      options: { authFlowType: "USER_PASSWORD_AUTH" },
    });
    assert.equal(out.isSignedIn, true);
    const { id, access } = await verifiedSession();
    assert.equal(id["cognito:username"], BOB);
    assert.equal(id.aud, WEB_CLIENT);
    assert.equal(access.client_id, WEB_CLIENT);
    await signOut();
    await assert.rejects(
      signIn({ username: "bob@example.com", password: "wrong", options: { authFlowType: "USER_PASSWORD_AUTH" } }),
      { name: "NotAuthorizedException" },
    );
    assert.equal((await fetchAuthSession()).tokens, undefined);
  });
});
