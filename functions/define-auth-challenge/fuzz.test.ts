import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isObject } from "../shared/cognito-events";
import { captureConsole, prng, randomValue } from "../../tools/local/testing";
import { createDefineAuthChallengeHandler } from "./handler-factory";
import { decide } from "./logic";

/** The only sessions that may ever yield tokens: all CUSTOM_CHALLENGE, boolean results, last one exactly true. */
function mayIssue(session: unknown, userNotFound: unknown, killSwitch: boolean): boolean {
  if (!Array.isArray(session) || session.length === 0 || killSwitch || userNotFound === true) return false;
  if (userNotFound !== undefined && userNotFound !== false) return false;
  if (session.length > 3) return false; // at most 2 wrong answers (MAX_CHALLENGE_ATTEMPTS 3) before the success
  return session.every(
    (e, i) =>
      isObject(e) &&
      e.challengeName === "CUSTOM_CHALLENGE" &&
      (i === session.length - 1 ? e.challengeResult === true : e.challengeResult === false),
  );
}

function randomSession(rand: () => number): unknown {
  if (rand() < 0.1) return randomValue(rand);
  return Array.from({ length: Math.floor(rand() * 5) }, () =>
    rand() < 0.8
      ? {
          challengeName:
            rand() < 0.85 ? "CUSTOM_CHALLENGE" : ["SRP_A", "PASSWORD_VERIFIER", "", 1][Math.floor(rand() * 4)],
          challengeResult: rand() < 0.9 ? rand() < 0.4 : randomValue(rand, 0),
        }
      : randomValue(rand, 1),
  );
}

describe("define-auth-challenge under random input (seeded, reproducible)", () => {
  it("issues tokens only for a well-formed all-custom session whose last answer is exactly true (20 000 sessions)", () => {
    const rand = prng(20261121);
    let issued = 0;
    for (let i = 0; i < 20_000; i++) {
      const session = randomSession(rand);
      const userNotFound = rand() < 0.8 ? undefined : randomValue(rand, 0);
      const killSwitch = rand() < 0.1;
      const outcome = decide({ session, userNotFound, maxAttempts: 3, killSwitch });
      if (outcome.decision === "issue_tokens") {
        issued++;
        assert.ok(mayIssue(session, userNotFound, killSwitch), `seed 20261121, case ${i}: ${JSON.stringify(session)}`);
      }
    }
    assert.ok(issued > 100, "the generator must also produce sessions that deserve tokens");
  });

  it("never throws and never issues tokens for random junk events (2 000 events)", async () => {
    const rand = prng(42);
    const handler = createDefineAuthChallengeHandler({
      maxAttempts: 3,
      getSettings: async () => ({ settings: { killSwitch: false, passkeyFirst: false }, source: "parameter" }),
    });
    await captureConsole(async () => {
      for (let i = 0; i < 2000; i++) {
        const junk = rand() < 0.5 ? randomValue(rand, 4) : { request: randomValue(rand, 3), response: {} };
        const result = await handler(junk);
        const request = isObject(junk) ? junk.request : undefined;
        const r = result.response;
        assert.equal(typeof r.issueTokens, "boolean");
        assert.equal(typeof r.failAuthentication, "boolean");
        if (r.issueTokens) {
          assert.ok(isObject(request) && mayIssue(request.session, request.userNotFound, false), `case ${i}`);
        }
      }
    });
  });
});
