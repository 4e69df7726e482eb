/**
 * verify's adoption counts (./counts.ts, wired in index.ts):
 * what an answer counts, and that the count comes after the Corbado call whatever the answer.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sendJson } from "../../tools/local/http-util";
import { startDynalite, type RunningDynalite } from "../../tools/local/dynalite";
import { captureConsole, fakeJwt, startLoopbackServer, type LoopbackServer } from "../../tools/local/testing";
import { ATTR, counterPk, markerPk, MARKER_SK, TOTAL_SK } from "../shared/adoption-counters";
import { verifyCounts } from "./counts";
import { createVerifyAuthChallengeHandler, type VerifyCounts } from "./handler-factory";

const USER = "0f6c3e2a-1111-2222-3333-444455556666";
const answerFor = (webauthnId: string) => fakeJwt({ iss: "pro-1", sub: "usr-1", webauthnId, exp: 9999999999 });
const event = (request: Record<string, unknown> = {}) => ({
  userPoolId: "eu-central-1_AbC123",
  userName: USER,
  triggerSource: "VerifyAuthChallengeResponse_Authentication",
  request: { privateChallengeParameters: { username: USER }, challengeAnswer: answerFor(USER), ...request },
  response: {},
});

let corbado: LoopbackServer;
let verdict = "success";
before(async () => {
  corbado = await startLoopbackServer((_req, res) => sendJson(res, 200, { verificationResult: verdict }));
});
after(() => corbado.close());

const handlerWith = (counts: VerifyCounts) =>
  createVerifyAuthChallengeHandler({
    getSecret: async () => "cHJvLTE6c2VjcmV0",
    config: { backendApiUrl: corbado.url, timeoutMs: 3000, earlyReject: true },
    counts,
  });

/** Counts recorded with how many Corbado calls had been made when each was counted. */
function recorded() {
  const counted: Array<[count: string, corbadoCalls: number]> = [];
  const counts: VerifyCounts = {
    accepted: async (username) => void counted.push([`first_login:${username}`, corbado.requests.length]),
    rejected: async (reason) => void counted.push([`failure:${reason}`, corbado.requests.length]),
  };
  return { counted, handler: handlerWith(counts) };
}

describe("verify-auth-challenge's adoption counts", () => {
  it("counts an accepted answer as the user's first passkey login (if it is one), after the Corbado call", async () => {
    verdict = "success";
    const { counted, handler } = recorded();
    const calls = corbado.requests.length;
    const { result } = await captureConsole(() => handler(event()));
    assert.deepEqual(result.response, { answerCorrect: true });
    assert.deepEqual(counted, [[`first_login:${USER}`, calls + 1]]);
  });

  it("counts every rejected answer by its reason code, after the Corbado call it still makes", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["user_mismatch", {}, "failure:verification_failed:user_mismatch"],
      ["success", { userNotFound: true }, "failure:user_not_found"],
      ["success", { challengeAnswer: answerFor("someone-else") }, "failure:webauthn_id_mismatch"],
    ];
    for (const [corbadoSays, request, count] of cases) {
      verdict = corbadoSays;
      const { counted, handler } = recorded();
      const calls = corbado.requests.length;
      const { result } = await captureConsole(() => handler(event(request)));
      assert.deepEqual(result.response, { answerCorrect: false }, count);
      assert.deepEqual(counted, [[count, calls + 1]], "counted once, after the call");
    }
  });

  it("counts an answer refused before any call by its reason too", async () => {
    const { counted, handler } = recorded();
    await captureConsole(() => handler(event({ challengeAnswer: "not a jwt" })));
    assert.deepEqual(
      counted.map(([count]) => count),
      ["failure:answer_not_jwt"],
    );
  });
});

describe("verify-auth-challenge counting into DynamoDB", () => {
  let db: RunningDynalite;
  before(async () => {
    db = await startDynalite();
    await db.createTable("aggregates");
  });
  after(() => db.close());

  it("writes the user's marker once and counts them as a passkey user once; a failure by its reason", async () => {
    const handler = handlerWith(
      verifyCounts({
        table: "aggregates",
        endpoint: db.endpoint,
        shards: 1,
        timeoutMs: 5000,
      }),
    );
    verdict = "success";
    for (let i = 0; i < 2; i++) await captureConsole(() => handler(event()));
    verdict = "invalid_signature";
    await captureConsole(() => handler(event()));
    const { Items } = (await db.call("Scan", { TableName: "aggregates" })) as {
      Items: Array<Record<string, { S?: string; N?: string }>>;
    };
    const byKey = Object.fromEntries(Items.map((item) => [`${item.pk!.S} ${item.sk!.S}`, item]));
    const day = new Date().toISOString().slice(0, 10);
    assert.ok(byKey[`${markerPk(USER)} ${MARKER_SK}`], "the marker");
    assert.equal(byKey[`${counterPk(0)} ${TOTAL_SK}`]![ATTR.passkeyUsers]!.N, "1");
    assert.equal(byKey[`${counterPk(0)} ${day}`]!["fail#verification_failed:invalid_signature"]!.N, "1");
    assert.equal(Items.length, 3);
  });
});
