import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureConsole, fakeJwt, prng, randomValue } from "../../tools/local/testing";
import { createVerifyAuthChallengeHandler } from "./handler-factory";

describe("verify-auth-challenge under random input (seeded, reproducible)", () => {
  it("never throws and never answers true without Corbado's success (2 000 events, Corbado always says success)", async () => {
    const rand = prng(7);
    let corbadoCalls = 0;
    const handler = createVerifyAuthChallengeHandler({
      getSecret: async () => "c2VjcmV0",
      config: { backendApiUrl: "https://backendapi.example", timeoutMs: 1000, earlyReject: true },
      post: async (request) => {
        corbadoCalls++;
        const body = JSON.parse(request.body) as { signedPasskeyData: unknown; username: unknown };
        // A real Corbado says success only for a matching JWT; model that to check what reaches it.
        assert.equal(typeof body.signedPasskeyData, "string");
        assert.equal(typeof body.username, "string");
        return { status: 200, body: JSON.stringify({ verificationResult: "success" }) };
      },
    });
    let accepted = 0;
    await captureConsole(async () => {
      for (let i = 0; i < 2000; i++) {
        const username = rand() < 0.5 ? "u1" : randomValue(rand, 0);
        const answer = rand() < 0.5 ? fakeJwt({ webauthnId: rand() < 0.5 ? "u1" : "u2" }) : randomValue(rand, 1);
        const event =
          rand() < 0.8
            ? {
                request: {
                  privateChallengeParameters: rand() < 0.8 ? { username } : randomValue(rand, 1),
                  challengeAnswer: answer,
                  ...(rand() < 0.2 ? { userNotFound: randomValue(rand, 0) } : {}),
                },
                response: rand() < 0.95 ? {} : randomValue(rand, 0),
              }
            : randomValue(rand, 3);
        const { response } = await handler(event);
        assert.equal(typeof response.answerCorrect, "boolean");
        if (response.answerCorrect) {
          accepted++;
          const req = (event as { request: Record<string, unknown> }).request;
          const jwtUser = JSON.parse(Buffer.from(String(req.challengeAnswer).split(".")[1]!, "base64url").toString());
          assert.equal(jwtUser.webauthnId, (req.privateChallengeParameters as { username: string }).username);
          assert.notEqual(req.userNotFound, true);
        }
      }
    });
    // Denied answers (another user's JWT, an unknown user) cost a Corbado call too, so that they take as long.
    assert.ok(accepted > 50 && corbadoCalls > accepted, `accepted ${accepted}, Corbado calls ${corbadoCalls}`);
  });
});
