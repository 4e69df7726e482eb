// The whole passkey login on loopback: Corbado stand-in mints a signedPasskeyData for a user (as Corbado's
// login component would), the Cognito front runs CUSTOM_AUTH with the real triggers, which read the Corbado
// secret from the SSM stand-in and verify the JWT at the Corbado stand-in.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import {
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createVerifyAuthChallengeHandler } from "../../functions/verify-auth-challenge/handler-factory";
import { getParameter, ssmConfigFromEnv, SsmError } from "../../functions/shared/ssm";
import {
  cognitoFrontClient,
  createCognitoHarness,
  decodeJwtClaims,
  startCognitoFront,
  type AuthOutput,
  type CognitoFront,
  type CognitoHarness,
} from "./cognito-harness";
import { TEST_MINT_PATH } from "./corbado-standin";
import { LOGIN_SETTINGS_PARAMETER, SECRET_PARAMETER, startLoginStack, type LoginStack } from "./login-stack";

const USERS = [
  { username: "a1b2c3d4-alice", email: "alice@example.com" },
  { username: "e5f6a7b8-bob", email: "bob@example.com" },
];
const [ALICE, BOB] = USERS.map((u) => u.username) as [string, string];

let stack: LoginStack;
let front: CognitoFront;
/** The AWS SDK's Cognito client, as a login page's backend or Amplify would use it, talking to the front. */
let cognito: CognitoIdentityProviderClient;
const originalLog = console.log;

before(async () => {
  console.log = () => {};
  stack = await startLoginStack({ users: USERS });
  front = await startCognitoFront(stack.harness);
  cognito = cognitoFrontClient(front.url, stack.harness.region);
});
after(async () => {
  console.log = originalLog;
  cognito.destroy();
  await front.close();
  await stack.close();
});

const initiate = (username: string) =>
  cognito.send(
    new InitiateAuthCommand({
      AuthFlow: "CUSTOM_AUTH",
      ClientId: stack.harness.clientId,
      AuthParameters: { USERNAME: username },
    }),
  );

const respond = (username: string, session: string | undefined, answer: string) =>
  cognito.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: "CUSTOM_CHALLENGE",
      ClientId: stack.harness.clientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, ANSWER: answer },
    }),
  );

async function mintOverHttp(username: string): Promise<string> {
  const res = await fetch(stack.corbado.url + TEST_MINT_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { signedPasskeyData: string }).signedPasskeyData;
}

/** InitiateAuth + one RespondToAuthChallenge through the SDK. */
async function login(username: string, answer: string) {
  const init = await initiate(username);
  assert.equal(init.$metadata.httpStatusCode, 200);
  assert.equal(init.ChallengeName, "CUSTOM_CHALLENGE");
  return respond(username, init.Session, answer);
}

const lastVerifyResults = (from: number) =>
  stack.corbado.requests
    .slice(from)
    .filter((r) => r.path === "/v2/passkey/verifySignedData")
    .map((r) => (r.response as { verificationResult?: string }).verificationResult);

describe("end-to-end passkey login on loopback", () => {
  test("a JWT minted for a user logs that user in and yields Cognito tokens", async () => {
    const from = stack.corbado.requests.length;
    const out = await login(ALICE, await mintOverHttp(ALICE));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const claims = decodeJwtClaims(out.AuthenticationResult?.IdToken ?? "");
    assert.equal(claims["cognito:username"], ALICE);
    assert.equal(claims.email, "alice@example.com");
    assert.equal(claims.iss, stack.harness.issuer);
    assert.deepEqual(lastVerifyResults(from), ["success"]);
    const ssmReads = stack.ssm.requests.filter((r) => r.target === "AmazonSSM.GetParameter");
    assert.ok(
      ssmReads.some((r) => isDeepStrictEqual(r.body, { Name: SECRET_PARAMETER, WithDecryption: true })),
      "the secret came from SSM",
    );
    assert.ok(
      ssmReads.some((r) => (r.body as { Name?: string }).Name === LOGIN_SETTINGS_PARAMETER),
      "define read the login settings (passkey login is on only while a value says so)",
    );
  });

  test("replaying the same JWT fails: Corbado calls it an invalid challenge and no tokens are issued", async () => {
    const jwt = await mintOverHttp(ALICE);
    assert.ok((await login(ALICE, jwt)).AuthenticationResult);
    const from = stack.corbado.requests.length;
    const replay = await login(ALICE, jwt);
    assert.equal(replay.ChallengeName, "CUSTOM_CHALLENGE", "another try, not tokens");
    assert.equal(replay.AuthenticationResult, undefined);
    assert.deepEqual(lastVerifyResults(from), ["invalid_challenge"]);
  });

  test("a JWT minted for user A does not log in user B", async () => {
    const out = await login(BOB, await mintOverHttp(ALICE));
    assert.equal(out.AuthenticationResult, undefined);
    assert.equal(out.ChallengeName, "CUSTOM_CHALLENGE");
  });

  test("with early rejection off, Corbado's user_mismatch verdict still keeps user B out", async () => {
    const ssm = ssmConfigFromEnv(process.env, 1000);
    assert.ok(!(ssm instanceof SsmError));
    const verify = createVerifyAuthChallengeHandler({
      getSecret: () => getParameter(SECRET_PARAMETER, ssm),
      config: { backendApiUrl: stack.corbado.url, timeoutMs: 2000, earlyReject: false },
    });
    const harness: CognitoHarness = createCognitoHarness({ handlers: { ...stack.handlers, verify }, users: USERS });
    const from = stack.corbado.requests.length;
    const init = (await harness.initiateAuth({ AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: BOB } })) as {
      Session: string;
    };
    const out: AuthOutput = await harness.respondToAuthChallenge({
      ChallengeName: "CUSTOM_CHALLENGE",
      Session: init.Session,
      ChallengeResponses: { USERNAME: BOB, ANSWER: stack.corbado.mintSignedPasskeyData({ username: ALICE }) },
    });
    assert.equal(out.AuthenticationResult, undefined);
    assert.deepEqual(lastVerifyResults(from), ["user_mismatch"]);
  });

  test("three failed passkey answers over HTTP end in NotAuthorizedException", async () => {
    let session = (await initiate(ALICE)).Session;
    for (let i = 0; i < 2; i++) {
      const retry = await respond(ALICE, session, await mintOverHttp(BOB));
      assert.equal(retry.ChallengeName, "CUSTOM_CHALLENGE");
      session = retry.Session;
    }
    await assert.rejects(respond(ALICE, session, await mintOverHttp(BOB)), (err: unknown) => {
      assert.ok(err instanceof NotAuthorizedException, String(err));
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, "Incorrect username or password.");
      return true;
    });
  });
});
