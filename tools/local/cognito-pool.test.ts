/**
 * The customer pool's front before cognito-local: what it answers itself (CUSTOM_AUTH, ListUsers paging,
 * DescribeUserPool's user count, AdminSetUserMFAPreference) and that password and passkey logins give tokens one
 * JWKS verifies, each after the post-authentication trigger ran. Simple trigger stand-ins here: the real triggers
 * run through this front in tools/local/stack/local-stack.test.ts.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { JwtRsaVerifier } from "aws-jwt-verify";
import {
  offsetOf,
  pageOf,
  pageToken,
  startCustomerPool,
  writeCognitoStore,
  type CustomerPool,
  type PoolUser,
} from "./cognito-pool";

const POOL = "us-east-1_FrontSpec";
const WEB_CLIENT = "webclient00000000000000001";
const PASSKEY_CLIENT = "passkeyclient0000000000001";
const PASSWORD = "Front-Spec-Pass-1";

const user = (n: number, over: Partial<PoolUser> = {}): PoolUser => ({
  username: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  password: PASSWORD,
  attributes: {
    sub: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    email: `user${String(n).padStart(3, "0")}@example.com`,
    email_verified: "true",
  },
  enabled: true,
  status: "CONFIRMED",
  created: 1_760_000_000_000 + n,
  ...over,
});

let dir: string;
let pool: CustomerPool;
let client: CognitoIdentityProviderClient;
const postAuthentications: string[] = [];
const smsSent: { destination: string; code: string }[] = [];
let failPostAuthentication = false;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cognito-pool-spec-"));
  const users = Array.from({ length: 130 }, (_, i) => user(i));
  users.push(
    user(901, {
      attributes: {
        ...user(901).attributes,
        email: "mfa@example.org",
        phone_number: "+15555550101",
        phone_number_verified: "true",
      },
      mfa: ["SMS_MFA"],
    }),
    user(900, {
      attributes: {
        ...user(900).attributes,
        email: "phone@example.org",
        phone_number: "+15555550100",
        phone_number_verified: "true",
      },
    }),
  );
  await writeCognitoStore(dir, {
    poolId: POOL,
    name: "customers",
    usernameAttributes: ["email"],
    mfaConfiguration: "OPTIONAL",
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
    users,
  });
  // Trigger stand-ins: define issues tokens after one correct custom answer, verify accepts "open sesame".
  const handlers = {
    define: (e: unknown) => {
      const event = e as { request: { session: { challengeResult: boolean }[] }; response: Record<string, unknown> };
      const last = event.request.session.at(-1);
      event.response = last?.challengeResult
        ? { issueTokens: true, failAuthentication: false }
        : event.request.session.length >= 3
          ? { issueTokens: false, failAuthentication: true }
          : { challengeName: "CUSTOM_CHALLENGE", issueTokens: false, failAuthentication: false };
      return event;
    },
    create: (e: unknown) => ({ ...(e as object), response: { publicChallengeParameters: { kind: "passkey" } } }),
    verify: (e: unknown) => {
      const event = e as { request: { challengeAnswer: string } };
      return { ...event, response: { answerCorrect: event.request.challengeAnswer === "open sesame" } };
    },
    postAuthentication: (e: unknown) => {
      const event = e as { userName: string; triggerSource: string };
      if (failPostAuthentication) throw new Error("counting failed");
      postAuthentications.push(`${event.triggerSource}:${event.userName}`);
      return e;
    },
  };
  pool = await startCustomerPool({
    workDir: dir,
    poolId: POOL,
    passkeyClientId: PASSKEY_CLIENT,
    anyClientId: WEB_CLIENT,
    handlers,
    onSmsCode: (destination, code) => smsSent.push({ destination, code }),
  });
  client = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: pool.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
});

after(async () => {
  client?.destroy();
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

async function passkeyLogin(username: string, answer: string) {
  const init = await client.send(
    new InitiateAuthCommand({
      AuthFlow: "CUSTOM_AUTH",
      ClientId: PASSKEY_CLIENT,
      AuthParameters: { USERNAME: username },
    }),
  );
  return client.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: "CUSTOM_CHALLENGE",
      ClientId: PASSKEY_CLIENT,
      Session: init.Session,
      ChallengeResponses: { USERNAME: username, ANSWER: answer },
    }),
  );
}

describe("customer pool front", () => {
  it("gives password and passkey logins tokens that one JWKS verifies, each after post-authentication ran", async () => {
    const verifier = JwtRsaVerifier.create({ issuer: pool.issuer, jwksUri: pool.jwksUri, audience: null });
    // aws-jwt-verify's own fetcher refuses http: hand it the JWKS the front serves.
    verifier.cacheJwks((await (await fetch(pool.jwksUri)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
    const before = postAuthentications.length;
    const password = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: WEB_CLIENT,
        AuthParameters: { USERNAME: "user007@example.com", PASSWORD },
      }),
    );
    const passkey = await passkeyLogin("user007@example.com", "open sesame");
    for (const result of [password.AuthenticationResult, passkey.AuthenticationResult]) {
      const claims = await verifier.verify(result?.IdToken ?? "");
      assert.equal(claims["cognito:username"], user(7).username);
      assert.equal(claims.email, "user007@example.com");
      const access = await verifier.verify(result?.AccessToken ?? "");
      assert.equal(access.token_use, "access");
    }
    assert.deepEqual(postAuthentications.slice(before), [
      `PostAuthentication_Authentication:${user(7).username}`,
      `PostAuthentication_Authentication:${user(7).username}`,
    ]);
  });

  it("issues no passkey-login tokens when post-authentication fails", async () => {
    // (cognito-local logs and ignores a failing post-authentication on password logins: docs/local-stack.md.)
    failPostAuthentication = true;
    try {
      await assert.rejects(passkeyLogin("user008@example.com", "open sesame"), /PostAuthentication failed/);
    } finally {
      failPostAuthentication = false;
    }
  });

  it("refuses CUSTOM_AUTH on an app client without it, and wrong answers get no tokens", async () => {
    await assert.rejects(
      client.send(
        new InitiateAuthCommand({
          AuthFlow: "CUSTOM_AUTH",
          ClientId: WEB_CLIENT,
          AuthParameters: { USERNAME: "user001@example.com" },
        }),
      ),
      (err: Error) => err.name === "InvalidParameterException",
    );
    const wrong = await passkeyLogin("user001@example.com", "guess");
    assert.equal(wrong.AuthenticationResult, undefined);
    assert.equal(wrong.ChallengeName, "CUSTOM_CHALLENGE");
  });

  it("pages ListUsers as Cognito does: Limit per page, a token to the next, every user exactly once", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListUsersCommand({ UserPoolId: POOL, Limit: 50, PaginationToken: token }));
      assert.ok((page.Users ?? []).length <= 50);
      seen.push(...(page.Users ?? []).map((u) => u.Username!));
      token = page.PaginationToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.equal(seen.length, 132);
    assert.equal(new Set(seen).size, 132);
    const filtered = await client.send(
      new ListUsersCommand({ UserPoolId: POOL, Filter: 'email ^= "user01"', Limit: 4 }),
    );
    assert.equal(filtered.Users?.length, 4);
    assert.ok(filtered.PaginationToken);
  });

  it("refuses a Limit above 60 and a token from another query", async () => {
    await assert.rejects(
      client.send(new ListUsersCommand({ UserPoolId: POOL, Limit: 61 })),
      (err: Error) => err.name === "InvalidParameterException",
    );
    const first = await client.send(new ListUsersCommand({ UserPoolId: POOL, Filter: 'email ^= "user0"', Limit: 5 }));
    await assert.rejects(
      client.send(
        new ListUsersCommand({ UserPoolId: POOL, Filter: 'email ^= "user1"', PaginationToken: first.PaginationToken }),
      ),
      (err: Error) => err.name === "InvalidParameterException",
    );
  });

  it("counts the pool's users in DescribeUserPool", async () => {
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: POOL }));
    assert.equal(UserPool?.EstimatedNumberOfUsers, 132);
    assert.equal(UserPool?.Id, POOL);
  });

  it("sets a user's MFA preference with AdminSetUserMFAPreference, by username or alias", async () => {
    await client.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: POOL,
        Username: "phone@example.org",
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const got = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: user(900).username }));
    assert.deepEqual(got.UserMFASettingList, ["SMS_MFA"]);
    assert.equal(got.PreferredMfaSetting, "SMS_MFA");
    const untouched = await client.send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: user(901 - 900).username }),
    );
    assert.equal(untouched.PreferredMfaSetting, undefined);
    await assert.rejects(
      client.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: POOL,
          Username: "nobody@example.com",
          SMSMfaSettings: { Enabled: true },
        }),
      ),
      (err: Error) => err.name === "UserNotFoundException",
    );
  });
});

describe("customer pool front: SMS MFA", () => {
  const passwordLogin = (email: string) =>
    client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: WEB_CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
  const answer = (session: string | undefined, code: string) =>
    client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "SMS_MFA",
        ClientId: WEB_CLIENT,
        Session: session,
        ChallengeResponses: { USERNAME: "phone@example.org", SMS_MFA_CODE: code },
      }),
    );

  it("after SMS MFA was set through AdminSetUserMFAPreference, asks a password login for the code it sent", async () => {
    // (the spec above turned SMS MFA on for phone@example.org, as post-append does)
    const first = await passwordLogin("phone@example.org");
    assert.equal(first.ChallengeName, "SMS_MFA");
    assert.equal(first.ChallengeParameters?.CODE_DELIVERY_DESTINATION, "+*******0100");
    assert.equal(first.AuthenticationResult, undefined);
    const sent = smsSent.at(-1)!;
    assert.equal(sent.destination, "+15555550100");
    await assert.rejects(
      answer(first.Session, sent.code === "000000" ? "000001" : "000000"),
      (err: Error) => err.name === "CodeMismatchException",
    );
    const before = postAuthentications.length;
    const done = await answer(first.Session, sent.code);
    assert.ok(done.AuthenticationResult?.IdToken);
    assert.equal(postAuthentications.length, before + 1, "post-authentication ran after the MFA step");
    await assert.rejects(
      answer(first.Session, sent.code),
      (err: Error) => err.name === "NotAuthorizedException",
      "single use",
    );
  });

  it("never reaches the SMS step with a wrong password", async () => {
    const sent = smsSent.length;
    await assert.rejects(
      client.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: WEB_CLIENT,
          AuthParameters: { USERNAME: "phone@example.org", PASSWORD: "Wrong-Pass-1" },
        }),
      ),
      (err: Error) => err.name === "NotAuthorizedException",
    );
    assert.equal(smsSent.length, sent);
  });

  it("leaves a user seeded with SMS MFA to cognito-local's own SMS step", async () => {
    const first = await passwordLogin("mfa@example.org");
    assert.equal(first.ChallengeName, "SMS_MFA");
    assert.equal(first.ChallengeParameters?.CODE_DELIVERY_DESTINATION, "+15555550101", "cognito-local's unmasked form");
  });
});

describe("ListUsers page tokens", () => {
  it("continue only the query they came from", () => {
    const token = pageToken(60, 'email ^= "a"');
    assert.equal(offsetOf(token, 'email ^= "a"'), 60);
    assert.equal(offsetOf(token, 'email ^= "b"'), undefined);
    assert.equal(offsetOf("not-a-token", ""), undefined);
    const forged = Buffer.from(JSON.stringify({ o: 5, f: "x" })).toString("base64url");
    assert.equal(offsetOf(forged, ""), undefined);
  });

  it("end with the last page, which has no token", () => {
    const all = Array.from({ length: 7 }, (_, i) => i);
    const first = pageOf(all, 3, undefined, "");
    assert.deepEqual(first, { page: [0, 1, 2], next: pageToken(3, "") });
    const last = pageOf(all, 4, pageToken(3, ""), "");
    assert.deepEqual(last, { page: [3, 4, 5, 6] });
    assert.deepEqual(pageOf(all, 60, undefined, ""), { page: all });
  });
});
