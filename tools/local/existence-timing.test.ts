// Username enumeration through verify's timing (docs/threat-model.md T3): an attacker starts CUSTOM_AUTH for a
// username and answers with an unsigned JWT naming it. The real trigger handlers run in the Cognito harness,
// with the SSM and Corbado stand-ins; Corbado answers after a delay that stands for a network round trip.
// Real and unknown usernames alternate (interleaved runs), and only medians are compared, with a wide margin.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fakeJwt } from "./testing";
import { createCognitoHarness, type AuthOutput, type CognitoHarness } from "./cognito-harness";
import { startLoginStack, type LoginStack } from "./login-stack";

const REAL = "a1b2c3d4-alice";
const ROUND_TRIP_MS = 25;
const PAIRS = 12;

let stack: LoginStack;
const originalLog = console.log;

before(async () => {
  console.log = () => {};
  stack = await startLoginStack({ users: [{ username: REAL, email: "alice@example.com" }] });
  stack.corbado.setFault({ kind: "delay", ms: ROUND_TRIP_MS });
});
after(async () => {
  console.log = originalLog;
  await stack.close();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** InitiateAuth, then the timed RespondToAuthChallenge with an unsigned JWT whose webauthnId is the typed username. */
async function probe(harness: CognitoHarness, username: string): Promise<{ ms: number; out: AuthOutput }> {
  const init = await harness.initiateAuth({
    AuthFlow: "CUSTOM_AUTH",
    AuthParameters: { USERNAME: username },
    ClientId: harness.clientId,
  });
  const answer = fakeJwt({ iss: "pro-1", sub: "usr-1", webauthnId: username, exp: 9999999999 });
  const started = performance.now();
  const out = await harness.respondToAuthChallenge({
    ChallengeName: "CUSTOM_CHALLENGE",
    Session: init.Session,
    ChallengeResponses: { USERNAME: username, ANSWER: answer },
    ClientId: harness.clientId,
  });
  return { ms: performance.now() - started, out };
}

describe("verify does not tell a real username from an unknown one by its timing", () => {
  // Cognito's userName for an unknown user: the typed one, or an id the attacker cannot know.
  for (const unknownUserName of ["as-typed", "fake"] as const) {
    it(`an unsigned JWT for a real username costs what one for an unknown username costs (unknown userName ${unknownUserName})`, async (t) => {
      const harness = createCognitoHarness({
        handlers: stack.handlers,
        users: [{ username: REAL, email: "alice@example.com" }],
        unknownUserName,
      });
      const calls = () => stack.corbado.requests.filter((r) => r.path === "/v2/passkey/verifySignedData").length;
      await probe(harness, REAL); // warm: the Corbado connection and the secret cache
      await probe(harness, "warm-up-unknown");
      const runs = { real: [] as number[], unknown: [] as number[] };
      const seen = { real: new Set<string>(), unknown: new Set<string>() };
      for (let i = 0; i < PAIRS; i++) {
        const nobody = `nobody-${i}`;
        const order = i % 2 === 0 ? [REAL, nobody] : [nobody, REAL];
        for (const username of order) {
          const who = username === REAL ? "real" : "unknown";
          const before = calls();
          const { ms, out } = await probe(harness, username);
          runs[who].push(ms);
          // What the caller sees and what the function sends: the challenge again, no tokens, Corbado calls.
          seen[who].add(JSON.stringify([out.ChallengeName, out.AuthenticationResult === undefined, calls() - before]));
        }
      }
      const [r, u] = [median(runs.real), median(runs.unknown)];
      t.diagnostic(`median RespondToAuthChallenge: real ${r.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
      // Before the fix the unknown user's answer came back without the round trip: a ratio far below 0.5.
      assert.ok(u / r > 0.5 && r / u > 0.5, `real ${r.toFixed(1)} ms vs unknown ${u.toFixed(1)} ms`);
      assert.deepEqual([...seen.unknown], [...seen.real]);
      assert.deepEqual([...seen.real], [JSON.stringify(["CUSTOM_CHALLENGE", true, 1])]);
    });
  }
});
