import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startDynalite, type RunningDynalite } from "../../tools/local/dynalite";
import { captureConsole, parseLines } from "../../tools/local/testing";
import { writeConfig } from "../shared/config-contract";
import { DYNAMODB_CLIENT_CONTRACT } from "../shared/adoption-counters";
import { POST_AUTHENTICATION_CONTRACT } from "./config";

// The deployed wiring: env (written from the contract) -> DynamoDB (dynalite) -> the day's logins.
describe("post-authentication as deployed (index.ts)", () => {
  let db: RunningDynalite;
  let handler: (event: unknown, context?: unknown) => Promise<unknown>;

  before(async () => {
    db = await startDynalite();
    await db.createTable("passkeys-aggregates");
    Object.assign(process.env, {
      ...writeConfig(POST_AUTHENTICATION_CONTRACT, { aggregatesTable: "passkeys-aggregates" }),
      ...writeConfig(DYNAMODB_CLIENT_CONTRACT, {
        region: "eu-central-1",
        endpoint: db.url,
        accessKeyId: "AKIDTEST",
        secretAccessKey: "test",
      }),
    });
    ({ handler } = await import("./index"));
  });
  after(() => db.close());

  it("counts a login into the configured table and returns the event", async () => {
    const event = { triggerSource: "PostAuthentication_Authentication", userName: "u", request: {}, response: {} };
    const { result, lines } = await captureConsole(() => handler(event));
    assert.deepEqual(result, event);
    assert.equal(parseLines(lines)[0]!.outcome, "counted");
    const { Count } = (await db.call("Scan", { TableName: "passkeys-aggregates" })) as { Count: number };
    assert.equal(Count, 1);
  });
});
