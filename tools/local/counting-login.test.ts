// Logins through the Cognito front with the adoption counts on: the real define and post-authentication triggers
// count into dynalite behind a switch, so that the same stack can meet a DynamoDB that works, that refuses every
// connection, or that never answers. A count may be lost; a login never is, nor delayed past the count's timeout.
import assert from "node:assert/strict";
import { request, type IncomingMessage, type ServerResponse } from "node:http";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { COUNTER_TIMEOUT_MS, counterPk } from "../../functions/shared/adoption-counters";
import { cognitoFrontClient, startCognitoFront, type CognitoFront } from "./cognito-harness";
import { startDynalite, type RunningDynalite } from "./dynalite";
import { listenLoopback } from "./http-util";
import { startLoginStack, type LoginStack } from "./login-stack";

const TABLE = "passkeys-aggregates";
const ALICE = { username: "a1b2c3d4-alice", email: "alice@example.com", password: "correct horse battery" };

type Mode = "works" | "refuses" | "stalls";
let mode: Mode = "works";
let db: RunningDynalite;
let dynamodb: { url: string; close(): Promise<void> };
let stack: LoginStack;
let front: CognitoFront;
let cognito: CognitoIdentityProviderClient;
const lines: string[] = [];
const originalLog = console.log;

/** dynalite, or a DynamoDB that refuses (the connection is dropped) or never answers. */
function dynamodbSwitch(req: IncomingMessage, res: ServerResponse): void {
  if (mode === "refuses") return void req.socket.destroy();
  if (mode === "stalls") return;
  const upstream = request(db.url, { method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 500, answer.headers);
    answer.pipe(res);
  });
  req.pipe(upstream);
}

before(async () => {
  console.log = (line: unknown) => void lines.push(String(line));
  db = await startDynalite();
  await db.createTable(TABLE);
  dynamodb = await listenLoopback(dynamodbSwitch);
  stack = await startLoginStack({
    users: [ALICE],
    countAllLogins: true,
    counters: { aggregatesTable: TABLE, counterShards: 1, endpoint: dynamodb.url },
  });
  front = await startCognitoFront(stack.harness);
  cognito = cognitoFrontClient(front.url, stack.harness.region);
});
after(async () => {
  console.log = originalLog;
  cognito.destroy();
  await front.close();
  await stack.close();
  await dynamodb.close();
  await db.close();
});
beforeEach(() => {
  mode = "works";
  lines.length = 0;
});

async function passkeyLogin() {
  const clientId = stack.harness.clientId;
  const challenge = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: "CUSTOM_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: ALICE.username },
    }),
  );
  const answer = stack.corbado.mintSignedPasskeyData({ username: ALICE.username });
  return cognito.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: "CUSTOM_CHALLENGE",
      ClientId: clientId,
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: ALICE.username, ANSWER: answer },
    }),
  );
}

const passwordLogin = () =>
  cognito.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: stack.harness.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    }),
  );

/** The counting invocations of the last login: define's last answer (the tokens) and post-authentication. */
function countingInvocations(from: number) {
  const invocations = stack.harness.invocations.slice(from);
  return {
    define: invocations.filter((i) => i.trigger === "define").at(-1),
    post: invocations.filter((i) => i.trigger === "postAuthentication"),
  };
}

async function dayCounters(): Promise<Record<string, string | undefined>> {
  const { Item } = (await db.call("GetItem", {
    TableName: TABLE,
    Key: { pk: { S: counterPk(0) }, sk: { S: new Date().toISOString().slice(0, 10) } },
  })) as { Item?: Record<string, { N?: string }> };
  return Object.fromEntries(Object.entries(Item ?? {}).map(([name, value]) => [name, value.N]));
}

describe("logins through the front count into DynamoDB", () => {
  it("a passkey login counts a passkey login and a login; a password login only a login", async () => {
    const from = stack.harness.invocations.length;
    assert.ok((await passkeyLogin()).AuthenticationResult?.IdToken);
    assert.ok((await passwordLogin()).AuthenticationResult?.IdToken);
    const counters = await dayCounters();
    assert.deepEqual([counters.passkeyLogins, counters.logins], ["1", "2"]);
    assert.equal(countingInvocations(from).post.length, 2, "post-authentication ran after each login");
  });

  it("a wrong password runs no post-authentication and counts nothing", async () => {
    const before = await dayCounters();
    const from = stack.harness.invocations.length;
    await assert.rejects(
      cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: stack.harness.clientId,
          AuthParameters: { USERNAME: ALICE.username, PASSWORD: "wrong" },
        }),
      ),
      { name: "NotAuthorizedException" },
    );
    assert.equal(countingInvocations(from).post.length, 0);
    assert.deepEqual(await dayCounters(), before);
  });
});

describe("a DynamoDB that fails never costs a login", () => {
  for (const broken of ["refuses", "stalls"] as const) {
    it(`logs the user in with a passkey and with a password when DynamoDB ${broken}, each count given up in time`, async () => {
      const before = await dayCounters();
      mode = broken;
      const from = stack.harness.invocations.length;
      assert.ok((await passkeyLogin()).AuthenticationResult?.IdToken);
      assert.ok((await passwordLogin()).AuthenticationResult?.IdToken);
      const { define, post } = countingInvocations(from);
      const reason = broken === "refuses" ? "adoption_unreachable" : "adoption_timeout";
      for (const invocation of [define!, ...post]) {
        assert.equal(invocation.error, undefined, `${invocation.trigger} answered`);
        // Not a speed target: the count is bounded by its timeout (generous slack for a loaded machine).
        assert.ok(invocation.ms! < COUNTER_TIMEOUT_MS.default + 1500, `${invocation.trigger}: ${invocation.ms} ms`);
      }
      if (broken === "stalls") assert.ok(post[0]!.ms! >= COUNTER_TIMEOUT_MS.default - 10, "it did wait for the count");
      const reasons = lines.map((line) => (JSON.parse(line) as { reason?: string }).reason);
      assert.equal(
        reasons.filter((r) => r === reason).length,
        4,
        "verify's first-login marker, define's and both post-authentications' counts",
      );
      mode = "works";
      assert.deepEqual(await dayCounters(), before, "nothing was counted");
    });
  }
});
