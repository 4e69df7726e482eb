// The real verify trigger (createVerifyAuthChallengeHandler + functions/shared/ssm.ts) against the stand-ins
// misbehaving: every fault answers false within the configured timeout (plus slack), and the login that
// depended on it gets no tokens.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createVerifyAuthChallengeHandler } from "../../functions/verify-auth-challenge/handler-factory";
import { getParameter, type SsmConfig } from "../../functions/shared/ssm";
import { createCognitoHarness, type ChallengeOutput, type TriggerHandler } from "./cognito-harness";
import { listenLoopback } from "./http-util";
import { SECRET_PARAMETER, startLoginStack, type LoginStack } from "./login-stack";

const CORBADO_TIMEOUT_MS = 300;
const SSM_TIMEOUT_MS = 300;
/** Generous allowance on top of a timeout for scheduling and the other (fast) calls in the flow. */
const SLACK_MS = 1500;
const USERS = [{ username: "dana", email: "dana@example.com" }];

let stack: LoginStack;
let refusedUrl: string;
const logLines: string[] = [];
const originalLog = console.log;

before(async () => {
  console.log = (...args: unknown[]) => void logLines.push(args.map(String).join(" "));
  stack = await startLoginStack({ users: USERS });
  // A port that was just listening and is now closed: connecting to it is refused.
  const closed = await listenLoopback((_req, res) => res.end());
  refusedUrl = closed.url;
  await closed.close();
});
after(async () => {
  console.log = originalLog;
  await stack.close();
});
beforeEach(() => {
  stack.corbado.setFault();
  stack.ssm.setFault();
  stack.ssm.put(SECRET_PARAMETER, stack.corbado.basicSecret);
});

function ssmConfig(): SsmConfig {
  return {
    endpoint: stack.ssm.url,
    region: "us-east-1",
    accessKeyId: "AKIDLOCALSTANDIN000",
    secretAccessKey: "unused",
    timeoutMs: SSM_TIMEOUT_MS,
  };
}

/** The production verify logic with an uncached SSM read, so each test sees its own fault. */
function verifyHandler(opts: { backendApiUrl?: string; parameter?: string } = {}): TriggerHandler {
  return createVerifyAuthChallengeHandler({
    getSecret: () => getParameter(opts.parameter ?? SECRET_PARAMETER, ssmConfig()),
    config: {
      backendApiUrl: opts.backendApiUrl ?? stack.corbado.url,
      timeoutMs: CORBADO_TIMEOUT_MS,
      earlyReject: true,
    },
  });
}

/**
 * Logs "dana" in with a valid, fresh passkey answer through a harness whose verify trigger is `verify`;
 * returns whether tokens were issued, what verify answered, how long the answer took, and its log reason.
 */
async function attempt(verify: TriggerHandler) {
  const harness = createCognitoHarness({ handlers: { ...stack.handlers, verify }, users: USERS });
  const challenge = (await harness.initiateAuth({
    AuthFlow: "CUSTOM_AUTH",
    AuthParameters: { USERNAME: "dana" },
  })) as ChallengeOutput;
  const logsFrom = logLines.length;
  const started = performance.now();
  const out = await harness.respondToAuthChallenge({
    ChallengeName: "CUSTOM_CHALLENGE",
    Session: challenge.Session,
    ChallengeResponses: { USERNAME: "dana", ANSWER: stack.corbado.mintSignedPasskeyData({ username: "dana" }) },
  });
  const elapsedMs = performance.now() - started;
  const verifyCall = harness.invocations.find((i) => i.trigger === "verify");
  const verifyLog = logLines
    .slice(logsFrom)
    .map((l) => JSON.parse(l) as { fn?: string; reason?: string; cause?: string })
    .find((l) => l.fn === "verify-auth-challenge");
  return {
    tokens: out.AuthenticationResult !== undefined,
    answerCorrect: (verifyCall?.response as { answerCorrect?: unknown } | undefined)?.answerCorrect,
    elapsedMs,
    reason: [verifyLog?.reason, verifyLog?.cause].filter(Boolean).join("/"),
  };
}

async function assertFailsClosed(verify: TriggerHandler, budgetMs: number, reason: RegExp, reachesCorbado = true) {
  const corbadoCallsBefore = stack.corbado.requests.length;
  const result = await attempt(verify);
  if (!reachesCorbado) {
    assert.equal(stack.corbado.requests.length, corbadoCallsBefore, "without a secret, Corbado is never called");
  }
  assert.equal(result.answerCorrect, false, "verify answered false");
  assert.equal(result.tokens, false, "no tokens");
  assert.ok(result.elapsedMs < budgetMs + SLACK_MS, `answered in ${Math.round(result.elapsedMs)} ms`);
  assert.match(result.reason, reason);
}

describe("verify-auth-challenge fails closed when its dependencies fail", () => {
  test("the control: with nothing failing, the same attempt logs the user in", async () => {
    const result = await attempt(verifyHandler());
    assert.equal(result.answerCorrect, true);
    assert.equal(result.tokens, true);
  });

  test("Corbado slower than the configured timeout", async () => {
    stack.corbado.setFault({ kind: "delay", ms: 3000 });
    await assertFailsClosed(verifyHandler(), CORBADO_TIMEOUT_MS, /corbado_timeout/);
  });

  test("Corbado answers 500", async () => {
    stack.corbado.setFault({ kind: "status", status: 500 });
    await assertFailsClosed(verifyHandler(), CORBADO_TIMEOUT_MS, /corbado_http_500/);
  });

  test("Corbado answers 401 (injected)", async () => {
    stack.corbado.setFault({ kind: "status", status: 401 });
    await assertFailsClosed(verifyHandler(), CORBADO_TIMEOUT_MS, /corbado_http_401/);
  });

  test("Corbado refuses a wrong secret with 401", async () => {
    stack.ssm.put(SECRET_PARAMETER, Buffer.from(`${stack.corbado.projectId}:wrong-secret`).toString("base64"));
    await assertFailsClosed(verifyHandler(), CORBADO_TIMEOUT_MS, /corbado_http_401/);
  });

  test("Corbado answers a garbage body", async () => {
    stack.corbado.setFault({ kind: "garbage" });
    await assertFailsClosed(verifyHandler(), CORBADO_TIMEOUT_MS, /corbado_bad_body/);
  });

  test("Corbado drops the connection", async () => {
    stack.corbado.setFault({ kind: "hangup" });
    await assertFailsClosed(verifyHandler(), CORBADO_TIMEOUT_MS, /corbado_unreachable/);
  });

  test("Corbado answers generic_error", async () => {
    stack.corbado.setFault({ kind: "verificationResult", verificationResult: "generic_error" });
    await assertFailsClosed(verifyHandler(), CORBADO_TIMEOUT_MS, /verification_failed:generic_error/);
  });

  test("Corbado's port refuses connections", async () => {
    await assertFailsClosed(verifyHandler({ backendApiUrl: refusedUrl }), CORBADO_TIMEOUT_MS, /corbado_unreachable/);
  });

  test("SSM answers 500", async () => {
    stack.ssm.setFault({ kind: "status", status: 500 });
    await assertFailsClosed(verifyHandler(), SSM_TIMEOUT_MS, /secret_unavailable\/ssm_http_error/, false);
  });

  test("SSM slower than its timeout", async () => {
    stack.ssm.setFault({ kind: "delay", ms: 3000 });
    await assertFailsClosed(verifyHandler(), SSM_TIMEOUT_MS, /secret_unavailable\/ssm_timeout/, false);
  });

  test("SSM answers a garbage body", async () => {
    stack.ssm.setFault({ kind: "garbage" });
    await assertFailsClosed(verifyHandler(), SSM_TIMEOUT_MS, /secret_unavailable/, false);
  });

  test("the secret parameter does not exist (ParameterNotFound)", async () => {
    await assertFailsClosed(
      verifyHandler({ parameter: "/corbado-cognito/local/missing" }),
      SSM_TIMEOUT_MS,
      /secret_unavailable\/ssm_not_found/,
      false,
    );
  });
});
