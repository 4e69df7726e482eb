/**
 * The handler through the real SDK (serializer, deserializer, middleware) against a loopback server
 * that speaks Cognito's JSON 1.1 protocol, reached through AWS_ENDPOINT_URL.
 */
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UnknownSettingsError, createHandler } from "./index";
import { FakeCognito, FakeCognitoError } from "./fixtures/fake-cognito";
import { FIXTURES, type FixtureName } from "./fixtures/load";
import type { TriggerArns } from "./merge";

let server: Server;
let fake: FakeCognito;
/** Lets a test add members to the DescribeUserPool response that this SDK does not model. */
let decorate: ((body: { UserPool: Record<string, unknown> }) => void) | undefined;
const targets: string[] = [];
const savedEnv: Record<string, string | undefined> = {};
const originalLog = console.log;

before(async () => {
  console.log = () => {}; // the handler's JSON log lines
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      targets.push(target);
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(body));
      };
      try {
        assert.match(String(req.headers.authorization), /^AWS4-HMAC-SHA256 /);
        switch (target) {
          case "AWSCognitoIdentityProviderService.DescribeUserPool": {
            const body = fake.describeUserPool(input.UserPoolId);
            decorate?.(body);
            return reply(200, body);
          }
          case "AWSCognitoIdentityProviderService.GetUserPoolMfaConfig":
            return reply(200, fake.getUserPoolMfaConfig(input.UserPoolId));
          case "AWSCognitoIdentityProviderService.UpdateUserPool":
            return reply(200, fake.updateUserPool(input));
          default:
            return reply(400, { __type: "UnknownOperationException", message: target });
        }
      } catch (err) {
        const name = err instanceof FakeCognitoError ? err.name : "InternalErrorException";
        return reply(name === "InternalErrorException" ? 500 : 400, { __type: name, message: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const env = {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKIDLOCALTEST",
    AWS_SECRET_ACCESS_KEY: "local-test-secret",
    AWS_SESSION_TOKEN: "",
  };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
});

after(async () => {
  console.log = originalLog;
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  fake = new FakeCognito();
  decorate = undefined;
  targets.length = 0;
});

function ours(pool: Record<string, unknown>): TriggerArns {
  const [, , , region, account] = String(pool.Arn).split(":");
  const fn = (n: string) => `arn:aws:lambda:${region}:${account}:function:passkeys-${n}`;
  return {
    DefineAuthChallenge: fn("define"),
    CreateAuthChallenge: fn("create"),
    VerifyAuthChallengeResponse: fn("verify"),
  };
}

function attachEvent(pool: Record<string, unknown>, replaceForeignTriggers = false) {
  return {
    userPoolId: pool.Id,
    triggers: ours(pool),
    replaceForeignTriggers,
    tf: { action: "create", prev_input: null },
  };
}

/** The function as deployed: its configuration and its Cognito client (AWS_ENDPOINT_URL) from the environment. */
function invoke(payload: ReturnType<typeof attachEvent>) {
  const env = {
    ...process.env,
    USER_POOL_ID: String(payload.userPoolId),
    DEFINE_AUTH_CHALLENGE_ARN: payload.triggers.DefineAuthChallenge,
    CREATE_AUTH_CHALLENGE_ARN: payload.triggers.CreateAuthChallenge,
    VERIFY_AUTH_CHALLENGE_ARN: payload.triggers.VerifyAuthChallengeResponse,
    REPLACE_FOREIGN_TRIGGERS: String(payload.replaceForeignTriggers),
  };
  return createHandler(undefined, { verifyDelayMs: 0, env })(payload);
}

describe("over the wire (AWS_ENDPOINT_URL, real SDK)", () => {
  for (const name of FIXTURES as readonly FixtureName[]) {
    it(`attaches to the ${name} and the stored pool keeps every other member`, async () => {
      const pool = fake.add(name);
      const original = structuredClone(pool);
      await invoke(attachEvent(pool, true));
      const stored = fake.pool(String(pool.Id));
      assert.deepEqual(
        { ...stored, LambdaConfig: undefined, LastModifiedDate: undefined },
        { ...original, LambdaConfig: undefined, LastModifiedDate: undefined },
      );
      assert.deepEqual(stored.LambdaConfig, { ...(original.LambdaConfig as object), ...ours(pool) });
      assert.ok(targets.includes("AWSCognitoIdentityProviderService.UpdateUserPool"));
    });
  }

  it("refuses a pool whose DescribeUserPool carries a setting this SDK does not know, before writing", async () => {
    const pool = fake.add("rich-pool");
    decorate = (body) => {
      body.UserPool.PasskeyRecoveryPolicy = { Mode: "STRICT" };
    };
    await assert.rejects(invoke(attachEvent(pool)), (err: unknown) => {
      assert.ok(err instanceof UnknownSettingsError);
      assert.deepEqual(err.paths, ["PasskeyRecoveryPolicy"]);
      assert.match(err.message, /UpdateUserPool would reset them, so nothing was changed/);
      return true;
    });
    assert.ok(!targets.includes("AWSCognitoIdentityProviderService.UpdateUserPool"));
  });

  it("also refuses an unknown member nested in a known setting, such as a new trigger", async () => {
    const pool = fake.add("minimal-pool");
    decorate = (body) => {
      (body.UserPool.LambdaConfig as Record<string, unknown>).PreFutureHook = "arn:aws:lambda:eu-west-1:1:function:x";
      (body.UserPool.Policies as { PasswordPolicy: Record<string, unknown> }).PasswordPolicy.MaximumAgeDays = 90;
    };
    await assert.rejects(invoke(attachEvent(pool)), (err: unknown) => {
      assert.ok(err instanceof UnknownSettingsError);
      assert.deepEqual(err.paths, ["Policies.PasswordPolicy.MaximumAgeDays", "LambdaConfig.PreFutureHook"]);
      return true;
    });
    assert.ok(!targets.includes("AWSCognitoIdentityProviderService.UpdateUserPool"));
  });

  it("reports Cognito's own errors with their message", async () => {
    await assert.rejects(
      invoke(
        attachEvent({ Id: "eu-central-1_Nope01", Arn: "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/x" }),
      ),
      /eu-central-1_Nope01 was not found/,
    );
  });
});
