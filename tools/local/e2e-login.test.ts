// The whole passkey login on loopback: Corbado stand-in mints a signedPasskeyData for a user (as Corbado's
// login component would), the Cognito front runs CUSTOM_AUTH with the real triggers, which read the Corbado
// secret from the SSM stand-in and verify the JWT at the Corbado stand-in.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { createVerifyAuthChallengeHandler } from "../../functions/verify-auth-challenge/handler-factory";
import { getParameter, ssmConfigFromEnv, SsmError } from "../../functions/shared/ssm";
import {
  callCognitoFront,
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
const originalLog = console.log;

before(async () => {
  console.log = () => {};
  stack = await startLoginStack({ users: USERS });
  front = await startCognitoFront(stack.harness);
});
after(async () => {
  console.log = originalLog;
  await front.close();
  await stack.close();
});

interface WireBody {
  __type?: string;
  message?: string;
  ChallengeName?: string;
  Session?: string;
  AuthenticationResult?: { IdToken: string };
}

async function cognito(operation: string, body: Record<string, unknown>): Promise<{ status: number; body: WireBody }> {
  return callCognitoFront<WireBody>(front.url, stack.harness.clientId, operation, body);
}

async function mintOverHttp(username: string): Promise<string> {
  const res = await fetch(stack.corbado.url + TEST_MINT_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { signedPasskeyData: string }).signedPasskeyData;
}

/** InitiateAuth + one RespondToAuthChallenge over HTTP. */
async function login(username: string, answer: string) {
  const init = await cognito("InitiateAuth", { AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: username } });
  assert.equal(init.status, 200);
  assert.equal(init.body.ChallengeName, "CUSTOM_CHALLENGE");
  return cognito("RespondToAuthChallenge", {
    ChallengeName: "CUSTOM_CHALLENGE",
    Session: init.body.Session,
    ChallengeResponses: { USERNAME: username, ANSWER: answer },
  });
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
    assert.equal(out.status, 200);
    const claims = decodeJwtClaims(out.body.AuthenticationResult?.IdToken ?? "");
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
    assert.equal((await login(ALICE, jwt)).status, 200);
    const from = stack.corbado.requests.length;
    const replay = await login(ALICE, jwt);
    assert.equal(replay.status, 200);
    assert.equal(replay.body.ChallengeName, "CUSTOM_CHALLENGE", "another try, not tokens");
    assert.equal(replay.body.AuthenticationResult, undefined);
    assert.deepEqual(lastVerifyResults(from), ["invalid_challenge"]);
  });

  test("a JWT minted for user A does not log in user B", async () => {
    const out = await login(BOB, await mintOverHttp(ALICE));
    assert.equal(out.body.AuthenticationResult, undefined);
    assert.equal(out.body.ChallengeName, "CUSTOM_CHALLENGE");
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
    const init = await cognito("InitiateAuth", { AuthFlow: "CUSTOM_AUTH", AuthParameters: { USERNAME: ALICE } });
    let session = init.body.Session;
    let last: { status: number; body: WireBody } | undefined;
    for (let i = 0; i < 3; i++) {
      last = await cognito("RespondToAuthChallenge", {
        ChallengeName: "CUSTOM_CHALLENGE",
        Session: session,
        ChallengeResponses: { USERNAME: ALICE, ANSWER: await mintOverHttp(BOB) },
      });
      session = last.body.Session;
    }
    assert.equal(last?.status, 400);
    assert.equal(last?.body.__type, "NotAuthorizedException");
    assert.equal(last?.body.message, "Incorrect username or password.");
  });
});
