// The Cognito CUSTOM_AUTH harness running the REAL trigger handlers (functions/*/index.ts), configured through
// their environment variables to use the loopback SSM and Corbado stand-ins.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { JwtRsaVerifier } from "aws-jwt-verify";
import {
  CognitoError,
  cognitoFrontClient,
  createCognitoHarness,
  decodeJwtClaims,
  INCORRECT,
  INVALID_SESSION,
  startCognitoFront,
  type AuthOutput,
  type ChallengeOutput,
  type CognitoHarness,
  type TriggerHandler,
} from "./cognito-harness";
import { startLoginStack, type LoginStack } from "./login-stack";

const USERS = [
  { username: "alice", email: "alice@example.com" },
  { username: "bob", email: "bob@example.com" },
  { username: "carol", email: "carol@example.com", enabled: false },
];

let now = Date.now();
let stack: LoginStack;
let harness: CognitoHarness;
const logLines: string[] = [];
const originalLog = console.log;

before(async () => {
  console.log = (...args: unknown[]) => {
    logLines.push(args.map(String).join(" "));
  };
  stack = await startLoginStack({ users: USERS, clock: () => now, sessionTtlMs: 180_000 });
  harness = stack.harness;
});
after(async () => {
  console.log = originalLog;
  await stack.close();
});
beforeEach(() => {
  now = Date.now();
});

const start = (username: string) =>
  harness.initiateAuth({ AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: username } }) as Promise<ChallengeOutput>;
const answer = (username: string, session: string, ANSWER: string, h: CognitoHarness = harness) =>
  h.respondToAuthChallenge({
    ChallengeName: "CUSTOM_CHALLENGE",
    Session: session,
    ChallengeResponses: { USERNAME: username, ANSWER },
  });
const mint = (username: string) => stack.corbado.mintSignedPasskeyData({ username });
/** A JWT with the right shape and webauthnId but a signature Corbado did not make. */
const forge = (username: string) => {
  const [h, c] = mint("someone-else").split(".") as [string, string];
  const claims = { ...JSON.parse(Buffer.from(c, "base64url").toString()), webauthnId: username };
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${Buffer.from("x".repeat(256)).toString("base64url")}`;
};
const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CognitoError, `a Cognito error, got ${String(err)}`);
    return { type: err.type, message: err.message };
  }
  assert.fail("expected the call to fail");
};
const count = (trigger: string, from: number) =>
  harness.invocations.slice(from).filter((i) => i.trigger === trigger).length;

describe("Cognito CUSTOM_AUTH harness with the real triggers", () => {
  test("a user with a fresh Corbado-signed passkey answer gets ID, access and refresh tokens", async () => {
    const from = harness.invocations.length;
    const challenge = await start("alice");
    assert.equal(challenge.ChallengeName, "CUSTOM_CHALLENGE");
    assert.ok(challenge.Session.length > 100, "an opaque Session string");
    assert.equal(challenge.ChallengeParameters.USERNAME, "alice");
    assert.ok(Object.keys(challenge.ChallengeParameters).length >= 2, "at least one public parameter from create");
    const out = await answer("alice", challenge.Session, mint("alice"));
    assert.ok(out.AuthenticationResult, "tokens issued");
    const { IdToken, AccessToken, RefreshToken } = out.AuthenticationResult;
    const verifier = JwtRsaVerifier.create({
      issuer: harness.issuer,
      audience: null,
      jwksUri: `${harness.issuer}/.well-known/jwks.json`,
    });
    verifier.cacheJwks(harness.jwks as Parameters<typeof verifier.cacheJwks>[0]);
    const id = await verifier.verify(IdToken, { audience: harness.clientId });
    assert.equal(id["cognito:username"], "alice");
    assert.equal(id.email, "alice@example.com");
    assert.equal(id.token_use, "id");
    const access = await verifier.verify(AccessToken);
    assert.equal(access.sub, id.sub);
    assert.equal(access.token_use, "access");
    assert.ok(RefreshToken.length > 0);
    assert.deepEqual(
      harness.invocations.slice(from).map((i) => i.trigger),
      ["define", "create", "verify", "define"],
    );
  });

  test("trigger events carry Cognito's documented shape", async () => {
    const from = harness.invocations.length;
    const challenge = await start("alice");
    await answer("alice", challenge.Session, mint("alice"));
    const [define1, create, verify, define2] = harness.invocations.slice(from).map((i) => i.event);
    for (const [event, source] of [
      [define1, "DefineAuthChallenge_Authentication"],
      [create, "CreateAuthChallenge_Authentication"],
      [verify, "VerifyAuthChallengeResponse_Authentication"],
    ] as const) {
      assert.equal(event?.version, "1");
      assert.equal(event?.region, harness.region);
      assert.equal(event?.userPoolId, harness.userPoolId);
      assert.equal(event?.userName, "alice");
      assert.deepEqual(event?.callerContext, { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: harness.clientId });
      assert.equal(event?.triggerSource, source);
    }
    assert.deepEqual((define1?.request as { session: unknown }).session, []);
    assert.equal((create?.request as { challengeName: string }).challengeName, "CUSTOM_CHALLENGE");
    const verifyRequest = verify?.request as { privateChallengeParameters: object; userNotFound: boolean };
    assert.ok(Object.keys(verifyRequest.privateChallengeParameters).length > 0);
    assert.equal(verifyRequest.userNotFound, false);
    const session = (define2?.request as { session: { challengeName: string; challengeResult: boolean }[] }).session;
    assert.equal(session.length, 1);
    assert.equal(session[0]?.challengeName, "CUSTOM_CHALLENGE");
    assert.equal(session[0]?.challengeResult, true);
  });

  test("three wrong answers end the flow with NotAuthorized, and a fourth answer is never verified", async () => {
    const from = harness.invocations.length;
    let challenge = await start("alice");
    const wrong = ["not-a-jwt", mint("bob"), forge("alice")];
    for (let i = 0; i < 2; i++) {
      const next = await answer("alice", challenge.Session, wrong[i] as string);
      assert.equal(next.ChallengeName, "CUSTOM_CHALLENGE", `attempt ${i + 1} gets another challenge`);
      challenge = next as ChallengeOutput;
    }
    assert.deepEqual(await rejection(answer("alice", challenge.Session, wrong[2] as string)), {
      type: "NotAuthorizedException",
      message: INCORRECT,
    });
    assert.deepEqual(await rejection(answer("alice", challenge.Session, mint("alice"))), {
      type: "NotAuthorizedException",
      message: INVALID_SESSION,
    });
    assert.equal(count("verify", from), 3, "only three answers reached verify-auth-challenge");
  });

  test("a Session string is single use: replaying it fails even with a correct answer", async () => {
    const challenge = await start("alice");
    const retry = await answer("alice", challenge.Session, "wrong");
    assert.equal(retry.ChallengeName, "CUSTOM_CHALLENGE");
    const from = harness.invocations.length;
    assert.deepEqual(await rejection(answer("alice", challenge.Session, mint("alice"))), {
      type: "NotAuthorizedException",
      message: INVALID_SESSION,
    });
    assert.equal(count("verify", from), 0);
    const ok = await answer("alice", (retry as ChallengeOutput).Session, mint("alice"));
    assert.ok(ok.AuthenticationResult, "the fresh session still works");
  });

  test("an expired Session is refused without calling verify", async () => {
    const challenge = await start("alice");
    now += 180_001;
    const from = harness.invocations.length;
    assert.deepEqual(await rejection(answer("alice", challenge.Session, mint("alice"))), {
      type: "NotAuthorizedException",
      message: INVALID_SESSION,
    });
    assert.equal(count("verify", from), 0);
  });

  test("a session holding an SRP step fails at once, before any challenge is created", async () => {
    for (const call of [
      () =>
        harness.initiateAuth(
          { AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: "alice" } },
          {
            seedSession: [
              { challengeName: "SRP_A", challengeResult: true },
              { challengeName: "PASSWORD_VERIFIER", challengeResult: true },
            ],
          },
        ),
      () => harness.initiateAuth({ AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: "alice", SRP_A: "abc123" } }),
    ]) {
      const from = harness.invocations.length;
      assert.deepEqual(await rejection(call()), { type: "NotAuthorizedException", message: INCORRECT });
      assert.deepEqual(
        harness.invocations.slice(from).map((i) => i.trigger),
        ["define"],
      );
    }
  });

  test("an unknown user cannot be told apart from a real user giving wrong answers, and never gets tokens", async () => {
    const observe = async (username: string, answers: string[]) => {
      const seen: unknown[] = [];
      let challenge = await start(username);
      seen.push({
        name: challenge.ChallengeName,
        params: challenge.ChallengeParameters,
        len: challenge.Session.length,
      });
      for (const a of answers) {
        try {
          const next: AuthOutput = await answer(username, challenge.Session, a);
          assert.equal(next.AuthenticationResult, undefined, "never tokens");
          challenge = next as ChallengeOutput;
          seen.push({ name: next.ChallengeName, params: next.ChallengeParameters, len: next.Session?.length });
        } catch (err) {
          seen.push({ error: (err as CognitoError).type, message: (err as CognitoError).message });
          break;
        }
      }
      return seen;
    };
    const from = harness.invocations.length;
    const ghost = await observe("ghost", [mint("ghost"), mint("ghost"), mint("ghost")]);
    const unknownEvents = harness.invocations.slice(from);
    const real = await observe("bob", ["wrong", "wrong", "wrong"]);
    const normalise = (s: unknown[], name: string) => JSON.parse(JSON.stringify(s).replaceAll(`"${name}"`, '"X"'));
    assert.deepEqual(normalise(ghost, "ghost"), normalise(real, "bob"));
    assert.equal(ghost.length, 4, "challenge, two retries, then NotAuthorized");
    assert.ok(unknownEvents.every((i) => (i.event.request as { userNotFound: boolean }).userNotFound === true));
    assert.ok(
      unknownEvents.every((i) => i.event.userName !== "ghost"),
      "triggers see a stand-in username",
    );
  });

  test("a disabled user with a correct answer gets no tokens", async () => {
    const challenge = await start("carol");
    assert.equal((await rejection(answer("carol", challenge.Session, mint("carol")))).type, "NotAuthorizedException");
  });

  test("no trigger log line contains a passkey answer, the Corbado secret or a token", async () => {
    const jwt = mint("alice");
    const challenge = await start("alice");
    const out = await answer("alice", challenge.Session, jwt);
    const logs = logLines.join("\n");
    assert.ok(logLines.length > 0, "the triggers did log");
    for (const secret of [jwt, stack.corbado.apiSecret, stack.corbado.basicSecret, out.AuthenticationResult?.IdToken]) {
      assert.ok(secret && !logs.includes(secret));
    }
    assert.ok(!/eyJ[A-Za-z0-9_-]{10,}/.test(logs), "nothing JWT-shaped is logged");
  });
});

describe("the harness fails closed when a trigger misbehaves", () => {
  const wrapped = (overrides: Partial<Record<"define" | "create" | "verify", TriggerHandler>>) =>
    createCognitoHarness({
      handlers: { ...stack.handlers, ...overrides },
      users: USERS,
      clock: () => now,
      triggerTimeoutMs: 300,
    });

  test("a throwing verify trigger is an error, never tokens", async () => {
    const h = wrapped({
      verify: () => {
        throw new Error("boom");
      },
    });
    const challenge = (await h.initiateAuth({
      AuthFlow: "CUSTOM_AUTH",
      AuthParameters: { USERNAME: "alice" },
    })) as ChallengeOutput;
    await assert.rejects(answer("alice", challenge.Session, mint("alice"), h), {
      name: "UserLambdaValidationException",
      message: "VerifyAuthChallengeResponse failed with error boom.",
    });
  });

  test("malformed trigger responses are errors, never tokens", async () => {
    const cases: Partial<Record<"define" | "create" | "verify", TriggerHandler>>[] = [
      { verify: async (e) => ({ ...(e as object), response: { answerCorrect: "true" } }) },
      { verify: async () => undefined },
      { create: async (e) => ({ ...(e as object), response: { publicChallengeParameters: {} } }) },
      {
        define: async (e) => {
          const ev = e as { request: { session: unknown[] } };
          return {
            ...ev,
            response: ev.request.session.length ? { issueTokens: "yes" } : { challengeName: "CUSTOM_CHALLENGE" },
          };
        },
      },
    ];
    for (const overrides of cases) {
      const h = wrapped(overrides);
      const run = async () => {
        const c = (await h.initiateAuth({
          AuthFlow: "CUSTOM_AUTH",
          AuthParameters: { USERNAME: "alice" },
        })) as ChallengeOutput;
        return answer("alice", c.Session, mint("alice"), h);
      };
      await assert.rejects(
        run(),
        (err: unknown) => err instanceof CognitoError && err.type === "InvalidLambdaResponseException",
      );
    }
  });

  test("a trigger slower than Cognito's budget is an error, never tokens", async () => {
    const h = wrapped({ verify: () => new Promise(() => {}) });
    const c = (await h.initiateAuth({
      AuthFlow: "CUSTOM_AUTH",
      AuthParameters: { USERNAME: "alice" },
    })) as ChallengeOutput;
    await assert.rejects(answer("alice", c.Session, mint("alice"), h), { name: "UnexpectedLambdaException" });
  });
});

describe("the HTTP front speaks Cognito's JSON protocol", () => {
  let front: Awaited<ReturnType<typeof startCognitoFront>>;
  let client: CognitoIdentityProviderClient;
  before(async () => {
    front = await startCognitoFront(harness);
    client = cognitoFrontClient(front.url, harness.region);
  });
  after(async () => {
    client.destroy();
    await front.close();
  });

  test("the AWS SDK logs a user in through InitiateAuth and RespondToAuthChallenge", async () => {
    const init = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "CUSTOM_AUTH",
        ClientId: harness.clientId,
        AuthParameters: { USERNAME: "alice" },
      }),
    );
    assert.equal(init.ChallengeName, "CUSTOM_CHALLENGE");
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "CUSTOM_CHALLENGE",
        ClientId: harness.clientId,
        Session: init.Session,
        ChallengeResponses: { USERNAME: "alice", ANSWER: mint("alice") },
      }),
    );
    assert.equal(decodeJwtClaims(done.AuthenticationResult?.IdToken ?? "")["cognito:username"], "alice");
    const jwks = await fetch(`${front.url}/${harness.userPoolId}/.well-known/jwks.json`);
    assert.deepEqual(await jwks.json(), harness.jwks);
  });

  test("errors arrive as the SDK's typed exceptions", async () => {
    await assert.rejects(
      client.send(
        new RespondToAuthChallengeCommand({
          ChallengeName: "CUSTOM_CHALLENGE",
          ClientId: harness.clientId,
          Session: "bogus",
          ChallengeResponses: { USERNAME: "alice", ANSWER: mint("alice") },
        }),
      ),
      (err: unknown) => err instanceof NotAuthorizedException && err.message === INVALID_SESSION,
    );
  });
});

describe("password logins and the post-authentication trigger", () => {
  const PASSWORD_USERS = [...USERS, { username: "dave", email: "dave@example.com", password: "s3cret pass" }];
  function withPostAuthentication(postAuthentication: TriggerHandler) {
    const seen: Record<string, unknown>[] = [];
    const h = createCognitoHarness({
      handlers: {
        ...stack.handlers,
        postAuthentication: (event, context) => (
          seen.push(event as Record<string, unknown>),
          postAuthentication(event, context)
        ),
      },
      users: PASSWORD_USERS,
      clock: () => now,
      triggerTimeoutMs: 300,
    });
    return { h, seen };
  }
  const returnsEvent: TriggerHandler = async (event) => event;
  const password = (h: CognitoHarness, username: string, PASSWORD: string) =>
    h.initiateAuth({ AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } });

  test("runs post-authentication once after a password login and after a passkey login, with Cognito's event", async () => {
    const { h, seen } = withPostAuthentication(returnsEvent);
    assert.ok((await password(h, "dave", "s3cret pass")).AuthenticationResult);
    const challenge = (await h.initiateAuth({
      AuthFlow: "CUSTOM_AUTH",
      AuthParameters: { USERNAME: "alice" },
    })) as ChallengeOutput;
    assert.ok((await answer("alice", challenge.Session, mint("alice"), h)).AuthenticationResult);
    assert.deepEqual(
      seen.map((e) => [e.triggerSource, e.userName]),
      [
        ["PostAuthentication_Authentication", "dave"],
        ["PostAuthentication_Authentication", "alice"],
      ],
    );
    assert.deepEqual(
      h.invocations.map((i) => i.trigger),
      ["postAuthentication", "define", "create", "verify", "define", "postAuthentication"],
    );
  });

  test("a wrong password, an unknown user or a passkey-only user gets the same refusal and no post-authentication", async () => {
    const { h, seen } = withPostAuthentication(returnsEvent);
    for (const [username, pass] of [
      ["dave", "wrong"],
      ["nobody", "s3cret pass"],
      ["alice", "s3cret pass"],
    ] as const) {
      assert.deepEqual(await rejection(password(h, username, pass)), {
        type: "NotAuthorizedException",
        message: INCORRECT,
      });
    }
    assert.equal(seen.length, 0);
  });

  test("a failing post-authentication fails the sign-in, as in Cognito: no tokens", async () => {
    const { h } = withPostAuthentication(() => {
      throw new Error("boom");
    });
    assert.deepEqual(await rejection(password(h, "dave", "s3cret pass")), {
      type: "UserLambdaValidationException",
      message: "PostAuthentication failed with error boom.",
    });
    const slow = withPostAuthentication(() => new Promise(() => {}));
    assert.equal((await rejection(password(slow.h, "dave", "s3cret pass"))).type, "UnexpectedLambdaException");
  });
});
