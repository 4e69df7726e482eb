/** define's adoption counts: what it counts, when, and that counting never changes or delays a login beyond its bound. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startDynalite, type RunningDynalite } from "../../tools/local/dynalite";
import { captureConsole, parseLines, refusedUrl, startLoopbackServer } from "../../tools/local/testing";
import { counterPk, type CounterTarget } from "../shared/adoption-counters";
import { defineCounts } from "./counts";
import { createDefineAuthChallengeHandler, type DefineCounts } from "./handler-factory";
import type { SettingsResult } from "./settings";

const OFF: SettingsResult = { settings: { killSwitch: false, passkeyFirst: false }, source: "parameter" };
const ON: SettingsResult = { settings: { killSwitch: true, passkeyFirst: false }, source: "parameter" };
const custom = (challengeResult: boolean) => ({ challengeName: "CUSTOM_CHALLENGE", challengeResult });
const event = (session: unknown[], userNotFound = false) => ({
  userPoolId: "eu-central-1_AbC123",
  userName: "0f6c3e2a-1111-2222-3333-444455556666",
  triggerSource: "DefineAuthChallenge_Authentication",
  request: { userAttributes: {}, session, userNotFound },
  response: {},
});
const ISSUED = { issueTokens: true, failAuthentication: false };
const FAILED = { issueTokens: false, failAuthentication: true };

/** A define handler whose counts are recorded. */
function recorded(settings: SettingsResult = OFF) {
  const counted: string[] = [];
  const counts: DefineCounts = {
    issued: async () => void counted.push("passkey_login"),
    refused: async (reason) => void counted.push(`refused:${reason}`),
  };
  const handler = createDefineAuthChallengeHandler({ maxAttempts: 3, getSettings: async () => settings, counts });
  return { handler, counted };
}

describe("define-auth-challenge's adoption counts", () => {
  it("counts a passkey login once, when it issues the tokens, however many answers the login took", async () => {
    const { handler, counted } = recorded();
    const sessions = [[], [custom(false)], [custom(false), custom(false)], [custom(false), custom(true)]];
    for (const session of sessions) await captureConsole(() => handler(event(session)));
    assert.deepEqual(counted, ["passkey_login"]);
  });

  it("counts nothing for wrong answers (verify counts those, by reason), exhausted attempts or an unknown user", async () => {
    const { handler, counted } = recorded();
    for (const e of [
      event([custom(false), custom(false), custom(false)]),
      event([custom(true)], true),
      event([{ challengeName: "SRP_A", challengeResult: true }]),
    ]) {
      const { result } = await captureConsole(() => handler(e));
      assert.deepEqual(result.response, FAILED);
    }
    assert.deepEqual(counted, []);
  });

  it("counts an attempt the kill switch refused, by its reason", async () => {
    const { handler, counted } = recorded(ON);
    await captureConsole(() => handler(event([])));
    assert.deepEqual(counted, ["refused:kill_switch"]);
  });
});

describe("define-auth-challenge counting into DynamoDB", () => {
  let db: RunningDynalite;
  before(async () => {
    db = await startDynalite();
    await db.createTable("aggregates");
  });
  after(() => db.close());

  const target = (endpoint: string, timeoutMs: number): CounterTarget => ({
    table: "aggregates",
    endpoint: { endpoint, region: "us-east-1", accessKeyId: "local", secretAccessKey: "local" },
    shards: 1,
    timeoutMs,
  });
  const handlerCountingInto = (t: CounterTarget) =>
    createDefineAuthChallengeHandler({ maxAttempts: 3, getSettings: async () => OFF, counts: defineCounts(t) });

  it("adds the login to the day's passkeyLogins in dynalite", async () => {
    const handler = handlerCountingInto(target(db.url, 5000));
    for (let i = 0; i < 3; i++) {
      const { result } = await captureConsole(() => handler(event([custom(true)])));
      assert.deepEqual(result.response, ISSUED);
    }
    const { Item } = (await db.call("GetItem", {
      TableName: "aggregates",
      Key: { pk: { S: counterPk(0) }, sk: { S: new Date().toISOString().slice(0, 10) } },
    })) as { Item?: Record<string, { N?: string }> };
    assert.equal(Item?.passkeyLogins?.N, "3");
  });

  it("still issues the tokens when DynamoDB is dead, and logs the reason code", async () => {
    const handler = handlerCountingInto(target(await refusedUrl(), 250));
    const { result, lines } = await captureConsole(() => handler(event([custom(true)])));
    assert.deepEqual(result.response, ISSUED);
    const entries = parseLines(lines);
    assert.deepEqual(
      entries.map((e) => [e.event, e.outcome, e.reason]),
      [
        ["define_auth_challenge", "issue_tokens", "challenge_passed"],
        ["adoption_count", "not_counted", "adoption_unreachable"],
      ],
    );
  });

  it("still issues the tokens when DynamoDB never answers, once the count's timeout has passed", async () => {
    const stalled = await startLoopbackServer(() => undefined);
    try {
      const handler = handlerCountingInto(target(stalled.url, 100));
      const started = performance.now();
      const { result, lines } = await captureConsole(() => handler(event([custom(true)])));
      const elapsed = performance.now() - started;
      assert.deepEqual(result.response, ISSUED);
      assert.equal(parseLines(lines).at(-1)!.reason, "adoption_timeout");
      // Not a speed target: proof that the wait is bounded (without the timeout it would never end).
      assert.ok(elapsed >= 90 && elapsed < 2000, `${Math.round(elapsed)} ms`);
    } finally {
      await stalled.close();
    }
  });
});
