import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  CognitoIdentityProviderClient,
  ConcurrentModificationException,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  UpdateUserPoolCommand,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  ForeignTriggerError,
  InvalidInputError,
  NotConfiguredError,
  PayloadMismatchError,
  SettingsChangedError,
  createHandler,
  type AttachResult,
} from "./index";
import { attachConfigFromEnv } from "./config";
import { FakeCognito, FakeCognitoError, type WirePool } from "./fixtures/fake-cognito";
import { buildUpdateUserPoolInput, OUR_TRIGGERS, type TriggerArns } from "./merge";

const SDK_ERRORS = { ResourceNotFoundException, ConcurrentModificationException, InvalidParameterException };

function sdkError(err: unknown): unknown {
  if (err instanceof FakeCognitoError && err.name in SDK_ERRORS) {
    const Ctor = SDK_ERRORS[err.name as keyof typeof SDK_ERRORS];
    return new Ctor({ message: err.message, $metadata: { httpStatusCode: 400 } });
  }
  return err;
}

/** Wire pool -> the SDK's UserPoolType (epoch seconds -> Date), as DescribeUserPool returns it. */
function toSdk(pool: WirePool): UserPoolType {
  const out = structuredClone(pool);
  for (const key of ["CreationDate", "LastModifiedDate"]) {
    if (typeof out[key] === "number") out[key] = new Date((out[key] as number) * 1000);
  }
  return out as UserPoolType;
}

function ours(region: string, account: string, prefix = "passkeys"): TriggerArns {
  const fn = (n: string) => `arn:aws:lambda:${region}:${account}:function:${prefix}-${n}`;
  return {
    DefineAuthChallenge: fn("define"),
    CreateAuthChallenge: fn("create"),
    VerifyAuthChallengeResponse: fn("verify"),
  };
}

const RICH = "eu-central-1_Rich0Pool1";
const FOREIGN = "eu-central-1_Foreign01";
const MFA_ON = "us-east-1_MfaOn0Pool";
const EU = ours("eu-central-1", "111122223333");

function event(userPoolId: string, triggers: TriggerArns, tf: unknown, replaceForeignTriggers = false) {
  return { userPoolId, triggers, replaceForeignTriggers, tf };
}

interface Configured {
  userPoolId: string;
  triggers: TriggerArns;
  replaceForeignTriggers?: boolean;
}

/** The environment Terraform renders on the function for this pool, these ARNs and this flag. */
function envOf(c: Configured): Record<string, string> {
  return {
    USER_POOL_ID: c.userPoolId,
    DEFINE_AUTH_CHALLENGE_ARN: c.triggers.DefineAuthChallenge,
    CREATE_AUTH_CHALLENGE_ARN: c.triggers.CreateAuthChallenge,
    VERIFY_AUTH_CHALLENGE_ARN: c.triggers.VerifyAuthChallengeResponse,
    REPLACE_FOREIGN_TRIGGERS: String(c.replaceForeignTriggers === true),
  };
}

const handlerWith = (env: Record<string, string | undefined>) => createHandler(client, { verifyDelayMs: 0, env });

/** As Terraform runs it: the function's environment and the invocation's input carry the same values. */
const handler = (payload: Configured & Record<string, unknown>) => handlerWith(envOf(payload))(payload);

const cognito = mockClient(CognitoIdentityProviderClient);
let fake: FakeCognito;
const client = new CognitoIdentityProviderClient({ region: "eu-central-1" });
const logLines: string[] = [];
const originalLog = console.log;

beforeEach(() => {
  fake = new FakeCognito();
  cognito.reset();
  const wrap =
    <T>(fn: (input: T) => unknown) =>
    async (input: T) => {
      try {
        return fn(input);
      } catch (err) {
        throw sdkError(err);
      }
    };
  cognito
    .on(DescribeUserPoolCommand)
    .callsFake(
      wrap((input: { UserPoolId: string }) => ({ UserPool: toSdk(fake.describeUserPool(input.UserPoolId).UserPool) })),
    );
  cognito
    .on(GetUserPoolMfaConfigCommand)
    .callsFake(wrap((input: { UserPoolId: string }) => fake.getUserPoolMfaConfig(input.UserPoolId)));
  cognito.on(UpdateUserPoolCommand).callsFake(wrap((input) => fake.updateUserPool(input)));
  logLines.length = 0;
  console.log = (line: string) => logLines.push(line);
});

afterEach(() => {
  console.log = originalLog;
});

describe("create", () => {
  it("attaches our triggers with one UpdateUserPool and leaves every other setting as it was", async () => {
    const before = structuredClone(fake.add("rich-pool"));
    const result = await handler(event(RICH, EU, { action: "create", prev_input: null }));

    assert.equal(fake.updates.length, 1);
    assert.deepEqual(
      fake.updates[0],
      buildUpdateUserPoolInput(toSdk(before), { kind: "attach", triggers: EU, replaceForeignTriggers: false }).input,
    );
    const after = fake.pool(RICH);
    assert.deepEqual(
      { ...after, LambdaConfig: undefined, LastModifiedDate: undefined },
      { ...before, LambdaConfig: undefined, LastModifiedDate: undefined },
    );
    assert.deepEqual(after.LambdaConfig, { ...(before.LambdaConfig as object), ...EU });
    assert.deepEqual(fake.calls, [
      `DescribeUserPool ${RICH}`,
      `GetUserPoolMfaConfig ${RICH}`,
      `UpdateUserPool ${RICH}`,
      `DescribeUserPool ${RICH}`,
      `GetUserPoolMfaConfig ${RICH}`,
    ]);
    assert.equal(result.action, "create");
    assert.equal(result.pool.changed, true);
    assert.deepEqual(result.pool.triggers.DefineAuthChallenge, {
      outcome: "attached",
      previous: null,
      current: EU.DefineAuthChallenge,
    });
  });

  it("returns a result Terraform can store: JSON with pool id and ARNs only", async () => {
    fake.add("rich-pool");
    const result = await handler(event(RICH, EU, { action: "create", prev_input: null }));
    const stored = JSON.parse(JSON.stringify(result)) as AttachResult;
    assert.deepEqual(stored, result);
    assert.deepEqual(Object.keys(stored.pool.triggers), [...OUR_TRIGGERS]);
  });

  it("keeps an MFA mode of ON and the pool's MFA factors", async () => {
    fake.add("mfa-on-pool", { SoftwareTokenMfaConfiguration: { Enabled: true } });
    const triggers = ours("us-east-1", "444455556666");
    await handler(event(MFA_ON, triggers, { action: "create", prev_input: null }));
    assert.equal(fake.updates[0]?.MfaConfiguration, "ON");
    assert.equal(fake.pool(MFA_ON).MfaConfiguration, "ON");
    assert.deepEqual(fake.mfa.get(MFA_ON), {
      MfaConfiguration: "ON",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
  });

  it("writes nothing when our triggers are already attached", async () => {
    fake.add("rich-pool");
    await handler(event(RICH, EU, { action: "create", prev_input: null }));
    const again = await handler(event(RICH, EU, { action: "create", prev_input: null }));
    assert.equal(fake.updates.length, 1);
    assert.equal(again.pool.changed, false);
    assert.ok(Object.values(again.pool.triggers).every((t) => t.outcome === "unchanged"));
  });

  it("refuses, before writing anything, when another function holds one of our triggers", async () => {
    fake.add("foreign-define-pool");
    await assert.rejects(handler(event(FOREIGN, EU, { action: "create", prev_input: null })), (err: unknown) => {
      assert.ok(err instanceof ForeignTriggerError);
      assert.match(err.message, /DefineAuthChallenge is held by another function \(.*magic-link-define\)/);
      return true;
    });
    assert.equal(fake.updates.length, 0);
    assert.ok(logLines.some((l) => JSON.parse(l).reason === "foreign_trigger_error"));
  });

  it("replaces the foreign trigger when replaceForeignTriggers is true", async () => {
    fake.add("foreign-define-pool");
    const result = await handler(event(FOREIGN, EU, { action: "create", prev_input: null }, true));
    assert.equal(
      fake.pool(FOREIGN).LambdaConfig &&
        (fake.pool(FOREIGN).LambdaConfig as Record<string, string>).DefineAuthChallenge,
      EU.DefineAuthChallenge,
    );
    assert.equal(result.pool.triggers.DefineAuthChallenge.outcome, "replaced-foreign");
    assert.match(result.pool.triggers.DefineAuthChallenge.previous ?? "", /magic-link-define/);
  });

  it("fails with a clear message when the pool does not exist", async () => {
    await assert.rejects(
      handler(event("eu-central-1_Missing1", EU, { action: "create", prev_input: null })),
      /User pool eu-central-1_Missing1 was not found/,
    );
  });

  it("rejects a malformed payload without calling AWS", async () => {
    await assert.rejects(
      handlerWith(envOf({ userPoolId: RICH, triggers: EU }))({ userPoolId: RICH, triggers: {} }),
      InvalidInputError,
    );
    assert.equal(cognito.calls().length, 0);
  });

  it("retries from a fresh read when Cognito reports a concurrent modification", async () => {
    fake.add("rich-pool");
    let failures = 1;
    fake.beforeUpdate = (_input, f) => {
      if (failures-- > 0) {
        // Someone else changed the pool meanwhile: their change must survive our retry.
        (f.pool(RICH).UserPoolTags as Record<string, string>).changedBy = "other-tool";
        throw new FakeCognitoError("ConcurrentModificationException", "Concurrent modification");
      }
    };
    const result = await handler(event(RICH, EU, { action: "create", prev_input: null }));
    assert.equal(result.pool.changed, true);
    assert.equal(fake.updates.length, 1);
    assert.equal(fake.updates[0]?.UserPoolTags?.changedBy, "other-tool");
  });

  it("fails loudly when reading back shows a setting changed besides our triggers", async () => {
    fake.add("rich-pool");
    fake.afterUpdate = (pool) => {
      pool.MfaConfiguration = "OFF";
    };
    await assert.rejects(handler(event(RICH, EU, { action: "create", prev_input: null })), (err: unknown) => {
      assert.ok(err instanceof SettingsChangedError);
      assert.match(err.message, /MfaConfiguration/);
      assert.match(err.message, /last writer wins/);
      return true;
    });
  });

  it("fails loudly when the MFA factors changed although the request did not carry them", async () => {
    fake.add("mfa-on-pool", { SoftwareTokenMfaConfiguration: { Enabled: true } });
    fake.afterUpdate = (_pool, f) => {
      f.mfa.set(MFA_ON, { MfaConfiguration: "ON" });
    };
    await assert.rejects(
      handler(event(MFA_ON, ours("us-east-1", "444455556666"), { action: "create", prev_input: null })),
      /MFA configuration \(GetUserPoolMfaConfig\)/,
    );
  });
});

describe("update", () => {
  it("swaps the previous apply's ARNs for the new ones in one write, in the same pool", async () => {
    fake.add("rich-pool");
    const old = ours("eu-central-1", "111122223333", "old");
    await handler(event(RICH, old, { action: "create", prev_input: null }));
    const result = await handler(
      event(RICH, EU, {
        action: "update",
        prev_input: { userPoolId: RICH, triggers: old, replaceForeignTriggers: false },
      }),
    );
    assert.equal(fake.updates.length, 2);
    assert.ok(Object.values(result.pool.triggers).every((t) => t.outcome === "updated"));
    const lc = fake.pool(RICH).LambdaConfig as Record<string, unknown>;
    for (const t of OUR_TRIGGERS) assert.equal(lc[t], EU[t]);
    assert.equal(lc.PreSignUp, "arn:aws:lambda:eu-central-1:111122223333:function:acme-pre-signup");
  });

  it("moving to another pool attaches to the new pool first, then detaches from the old one", async () => {
    fake.add("rich-pool");
    fake.add("foreign-define-pool");
    await handler(event(FOREIGN, EU, { action: "create", prev_input: null }, true));
    const result = await handler(
      event(RICH, EU, {
        action: "update",
        prev_input: { userPoolId: FOREIGN, triggers: EU, replaceForeignTriggers: true },
      }),
    );
    assert.deepEqual(
      fake.calls.filter((c) => c.startsWith("UpdateUserPool")),
      [`UpdateUserPool ${FOREIGN}`, `UpdateUserPool ${RICH}`, `UpdateUserPool ${FOREIGN}`],
    );
    assert.equal(result.previousPool?.userPoolId, FOREIGN);
    assert.deepEqual(fake.pool(FOREIGN).LambdaConfig, {
      PostConfirmation: "arn:aws:lambda:eu-central-1:111122223333:function:shop-crm-sync",
    });
  });

  it("moving to a pool with a foreign trigger changes neither pool", async () => {
    fake.add("rich-pool");
    fake.add("foreign-define-pool");
    await handler(event(RICH, EU, { action: "create", prev_input: null }));
    await assert.rejects(
      handler(
        event(FOREIGN, EU, {
          action: "update",
          prev_input: { userPoolId: RICH, triggers: EU, replaceForeignTriggers: false },
        }),
      ),
      ForeignTriggerError,
    );
    assert.equal(fake.updates.length, 1);
  });
});

describe("delete", () => {
  it("removes exactly our triggers and keeps every other setting", async () => {
    const before = structuredClone(fake.add("rich-pool"));
    await handler(event(RICH, EU, { action: "create", prev_input: null }));
    const input = { userPoolId: RICH, triggers: EU, replaceForeignTriggers: false };
    const result = await handler({ ...input, tf: { action: "delete", prev_input: input } });
    assert.ok(Object.values(result.pool.triggers).every((t) => t.outcome === "detached"));
    const after = fake.pool(RICH);
    assert.deepEqual(after.LambdaConfig, before.LambdaConfig);
    assert.equal(after.MfaConfiguration, "OPTIONAL");
    assert.equal(after.UserPoolTier, "PLUS");
  });

  it("leaves a trigger that another function took over meanwhile", async () => {
    fake.add("rich-pool");
    await handler(event(RICH, EU, { action: "create", prev_input: null }));
    const other = "arn:aws:lambda:eu-central-1:111122223333:function:someone-else";
    (fake.pool(RICH).LambdaConfig as Record<string, string>).VerifyAuthChallengeResponse = other;
    const result = await handler(event(RICH, EU, { action: "delete", prev_input: null }));
    assert.equal(result.pool.triggers.VerifyAuthChallengeResponse.outcome, "left-foreign");
    assert.equal((fake.pool(RICH).LambdaConfig as Record<string, string>).VerifyAuthChallengeResponse, other);
    assert.equal((fake.pool(RICH).LambdaConfig as Record<string, string>).DefineAuthChallenge, undefined);
  });

  it("succeeds without writing when the pool no longer exists", async () => {
    const result = await handler(event("eu-central-1_Gone01", EU, { action: "delete", prev_input: null }));
    assert.equal(result.pool.changed, false);
    assert.match(result.pool.note ?? "", /not found/);
    assert.equal(fake.updates.length, 0);
  });

  it("does not swallow other errors such as a missing permission", async () => {
    cognito
      .on(DescribeUserPoolCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    await assert.rejects(handler(event(RICH, EU, { action: "delete", prev_input: null })), /not authorized/);
  });
});

describe("an invoker who is not Terraform (the payload never decides what is written)", () => {
  const EVIL = "arn:aws:lambda:eu-central-1:111122223333:function:always-true-verify";
  const configured = { userPoolId: RICH, triggers: EU, replaceForeignTriggers: false };
  const attached = async () => {
    fake.add("rich-pool");
    await handler(event(RICH, EU, { action: "create", prev_input: null }));
    fake.updates.length = 0;
    cognito.resetHistory();
  };
  const lc = (id: string) => fake.pool(id).LambdaConfig as Record<string, string | undefined>;
  const refusals = () =>
    logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reason === "payload_mismatch");

  it("cannot put its own verify function into the pool, even with replaceForeignTriggers: true", async () => {
    await attached();
    const forged = event(
      RICH,
      { ...EU, VerifyAuthChallengeResponse: EVIL },
      { action: "create", prev_input: null },
      true,
    );
    await assert.rejects(handlerWith(envOf(configured))(forged), (err: unknown) => {
      assert.ok(err instanceof PayloadMismatchError);
      assert.match(err.message, /nothing was written/);
      return true;
    });
    assert.equal(fake.updates.length, 0);
    assert.equal(lc(RICH).VerifyAuthChallengeResponse, EU.VerifyAuthChallengeResponse);
    assert.deepEqual(
      refusals().map((l) => l.cause),
      ["verify_auth_challenge_arn", "replace_foreign_triggers"],
    );
    assert.ok(!logLines.join("\n").includes("always-true-verify"), "the forged ARN is not logged");
  });

  it("cannot detach another function's triggers with a forged delete naming them", async () => {
    fake.add("foreign-define-pool");
    const theirs = lc(FOREIGN).DefineAuthChallenge as string;
    const forged = event(FOREIGN, { ...EU, DefineAuthChallenge: theirs }, { action: "delete", prev_input: null });
    await assert.rejects(handlerWith(envOf({ userPoolId: FOREIGN, triggers: EU }))(forged), PayloadMismatchError);
    assert.equal(fake.updates.length, 0);
    assert.equal(lc(FOREIGN).DefineAuthChallenge, theirs);
  });

  it("cannot point it at another pool", async () => {
    await attached();
    fake.add("foreign-define-pool");
    await assert.rejects(
      handlerWith(envOf(configured))(event(FOREIGN, EU, { action: "create", prev_input: null }, true)),
      PayloadMismatchError,
    );
    assert.deepEqual(
      refusals().map((l) => l.cause),
      ["user_pool_id", "replace_foreign_triggers"],
    );
    assert.equal(fake.updates.length, 0);
    assert.equal(cognito.calls().length, 0);
  });

  it("cannot turn the replace flag on: the environment's false refuses a foreign trigger", async () => {
    fake.add("foreign-define-pool");
    await assert.rejects(
      handlerWith(envOf({ userPoolId: FOREIGN, triggers: EU, replaceForeignTriggers: false }))(
        event(FOREIGN, EU, { action: "create", prev_input: null }, true),
      ),
      PayloadMismatchError,
    );
    assert.equal(fake.updates.length, 0);
  });

  it("can at most hand a trigger to our own function by naming another's ARN as the previous apply's (docs/threat-model.md T8)", async () => {
    fake.add("foreign-define-pool");
    const theirs = lc(FOREIGN).DefineAuthChallenge as string;
    const input = { userPoolId: FOREIGN, triggers: EU, replaceForeignTriggers: false };
    const forged = {
      ...input,
      tf: { action: "update", prev_input: { ...input, triggers: { ...EU, DefineAuthChallenge: theirs } } },
    };
    await handlerWith(envOf(input))(forged);
    assert.equal(lc(FOREIGN).DefineAuthChallenge, EU.DefineAuthChallenge);
    for (const t of OUR_TRIGGERS) assert.equal(lc(FOREIGN)[t], EU[t], "only the configured ARNs are ever written");
  });

  it("can still detach our own triggers with a delete that matches the configuration (passkey login off, never a takeover: docs/threat-model.md T8)", async () => {
    await attached();
    const result = await handlerWith(envOf(configured))(event(RICH, EU, { action: "delete", prev_input: null }));
    assert.ok(Object.values(result.pool.triggers).every((t) => t.outcome === "detached"));
    for (const t of OUR_TRIGGERS) assert.equal(lc(RICH)[t], undefined);
  });
});

describe("its configuration (set by Terraform)", () => {
  const complete = envOf({ userPoolId: RICH, triggers: EU, replaceForeignTriggers: false });
  const cases: [string, Record<string, string | undefined>, string[]][] = [
    [
      "no environment at all",
      {},
      [
        "user_pool_id_missing",
        "define_auth_challenge_arn_missing",
        "create_auth_challenge_arn_missing",
        "verify_auth_challenge_arn_missing",
        "replace_foreign_triggers_missing",
      ],
    ],
    ["a malformed pool id", { ...complete, USER_POOL_ID: "not a pool" }, ["user_pool_id_invalid"]],
    [
      "an ARN that is not a Lambda function",
      { ...complete, VERIFY_AUTH_CHALLENGE_ARN: "arn:aws:iam::111122223333:role/x" },
      ["verify_auth_challenge_arn_invalid"],
    ],
    [
      "a replace flag that is not exactly true or false",
      { ...complete, REPLACE_FOREIGN_TRIGGERS: "yes" },
      ["replace_foreign_triggers_invalid"],
    ],
    [
      "a plain-http endpoint off loopback",
      { ...complete, AWS_ENDPOINT_URL: "http://cognito.example.com" },
      ["aws_endpoint_url_invalid"],
    ],
  ];
  for (const [what, env, problems] of cases) {
    it(`refuses to write anything with ${what}, naming each problem as a code`, async () => {
      fake.add("rich-pool");
      await assert.rejects(
        handlerWith(env)(event(RICH, EU, { action: "create", prev_input: null })),
        (err: unknown) => err instanceof NotConfiguredError && /nothing was written/.test(err.message),
      );
      assert.equal(cognito.calls().length, 0);
      const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(
        lines.filter((l) => l.reason === "not_configured").map((l) => l.cause),
        problems,
      );
    });
  }

  it("trims the endpoint override and accepts https or loopback http, as the other functions do", () => {
    assert.equal(
      attachConfigOf({ ...complete, AWS_ENDPOINT_URL: "  http://127.0.0.1:4566/ \n" }),
      "http://127.0.0.1:4566",
    );
    assert.equal(
      attachConfigOf({ ...complete, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: " https://cognito.example.com " }),
      "https://cognito.example.com",
    );
    assert.equal(attachConfigOf(complete), undefined);
  });
});

function attachConfigOf(env: Record<string, string>): string | undefined {
  const result = attachConfigFromEnv(env);
  assert.ok(result.ok);
  return result.config.endpoint;
}
