/**
 * The pre-login action against cognito-local (a real Cognito API on loopback): every user state cognito-local
 * can produce, the lookup order, the ambiguous address and filter-injection attempts that must never reach
 * Cognito. The client is injected (fake credentials, no role); one spec goes through the real env wiring with
 * only STS mocked.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { mockClient } from "aws-sdk-client-mock";
import { recordCommands, startCognitoLocal, type CognitoLocal } from "../../tools/local/cognito-local";
import { createPreLoginHandler, createPreLoginHandlerFromEnv, type PreLoginHandler } from "./handler-factory";

const PASSWORD = "Correct-Horse-9";
const LONG_EMAIL = "l".repeat(246 - "@example.com".length) + "@example.com";

let cognitoLocal: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let usernamePoolId: string;
let emailPoolId: string;
let frankUsername: string;

async function createUser(
  poolId: string,
  username: string,
  email: string,
  state: "CONFIRMED" | "DISABLED" | "FORCE_CHANGE_PASSWORD",
  emailVerified = true,
): Promise<string> {
  const { User } = await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      TemporaryPassword: PASSWORD,
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: String(emailVerified) },
      ],
    }),
  );
  if (state !== "FORCE_CHANGE_PASSWORD") {
    await admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }),
    );
  }
  if (state === "DISABLED") await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
  assert.ok(User?.Username);
  return User.Username;
}

before(async () => {
  cognitoLocal = await startCognitoLocal();
  admin = cognitoLocal.client();

  // A pool with free-form usernames (UsernameAttributes empty): e-mail is only an attribute, so AdminGetUser
  // by e-mail misses and ListUsers must find the user.
  const usernamePool = await admin.send(new CreateUserPoolCommand({ PoolName: "usernames", UsernameAttributes: [] }));
  usernamePoolId = usernamePool.UserPool?.Id ?? "";
  await createUser(usernamePoolId, "alice", "alice@example.com", "CONFIRMED");
  await createUser(usernamePoolId, "bob", "bob@example.com", "DISABLED");
  await createUser(usernamePoolId, "carol", "carol@example.com", "FORCE_CHANGE_PASSWORD");
  await createUser(usernamePoolId, "twin-1", "twin@example.com", "CONFIRMED");
  await createUser(usernamePoolId, "twin-2", "twin@example.com", "CONFIRMED");
  await createUser(usernamePoolId, "erin@example.com", "erin.other@example.com", "CONFIRMED");
  await createUser(usernamePoolId, "obrien", "o'brien@example.com", "CONFIRMED");
  await createUser(usernamePoolId, "longest", LONG_EMAIL, "CONFIRMED");
  // Anyone can put someone else's address on an account whose e-mail is never verified.
  await createUser(usernamePoolId, "grace", "grace@example.com", "CONFIRMED");
  await createUser(usernamePoolId, "mallory-1", "grace@example.com", "CONFIRMED", false);
  await createUser(usernamePoolId, "mallory-2", "heidi@example.com", "CONFIRMED", false);
  const appClient = await admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: usernamePoolId, ClientName: "signup" }),
  );
  await admin.send(
    new SignUpCommand({
      ClientId: appClient.UserPoolClient?.ClientId,
      Username: "dave",
      Password: PASSWORD,
      UserAttributes: [{ Name: "email", Value: "dave@example.com" }],
    }),
  );

  // A pool where the e-mail is the username: Cognito stores a generated username (the sub).
  const emailPool = await admin.send(new CreateUserPoolCommand({ PoolName: "emails", UsernameAttributes: ["email"] }));
  emailPoolId = emailPool.UserPool?.Id ?? "";
  frankUsername = await createUser(emailPoolId, "frank@example.com", "frank@example.com", "CONFIRMED");
});

after(async () => {
  admin?.destroy();
  await cognitoLocal?.stop();
});

function handlerFor(poolId: string): { handler: PreLoginHandler; sent: string[]; logs: string[] } {
  const cognito = cognitoLocal.client();
  const sent = recordCommands(cognito);
  const logs: string[] = [];
  const handler = createPreLoginHandler({ cognito, config: { userPoolId: poolId }, logSink: (l) => logs.push(l) });
  return { handler, sent, logs };
}

describe("pre-login against cognito-local: the status mapping", () => {
  it("answers a confirmed, enabled user found by e-mail with their Cognito username", async () => {
    const { handler, sent } = handlerFor(usernamePoolId);
    assert.deepEqual(await handler({ identifier: "alice@example.com" }), {
      statusCode: 200,
      body: { identifier: "alice" },
    });
    assert.deepEqual(sent, ["AdminGetUserCommand", "ListUsersCommand"]);
  });

  it("falls back silently for a disabled account", async () => {
    const { handler } = handlerFor(usernamePoolId);
    assert.deepEqual(await handler({ identifier: "bob@example.com" }), {
      statusCode: 200,
      body: { identifier: "", error: { return: false, code: "account_disabled" } },
    });
  });

  it("falls back silently for a user who still has to change a temporary password", async () => {
    const { handler } = handlerFor(usernamePoolId);
    assert.deepEqual(await handler({ identifier: "carol@example.com" }), {
      statusCode: 200,
      body: { identifier: "", error: { return: false, code: "force_change_password" } },
    });
  });

  it("falls back silently for a user who signed up and never verified the address", async () => {
    const { handler, sent } = handlerFor(usernamePoolId);
    assert.deepEqual(await handler({ identifier: "dave@example.com" }), {
      statusCode: 200,
      body: { identifier: "", error: { return: false, code: "user_not_found" } },
    });
    assert.deepEqual(sent, ["AdminGetUserCommand", "ListUsersCommand"]);
  });

  it("answers user_not_found silently for an address nobody has", async () => {
    const { handler, sent } = handlerFor(usernamePoolId);
    assert.deepEqual(await handler({ identifier: "nobody@example.com" }), {
      statusCode: 200,
      body: { identifier: "", error: { return: false, code: "user_not_found" } },
    });
    assert.deepEqual(sent, ["AdminGetUserCommand", "ListUsersCommand"]);
  });

  it("refuses to guess when two users share an address", async () => {
    const { handler, sent, logs } = handlerFor(usernamePoolId);
    assert.deepEqual(await handler({ identifier: "twin@example.com" }), {
      statusCode: 200,
      body: { identifier: "", error: { return: false, code: "untyped", message: "ambiguous" } },
    });
    assert.deepEqual(sent, ["AdminGetUserCommand", "ListUsersCommand"]);
    assert.match(logs.join("\n"), /"reason":"ambiguous"/);
    assert.doesNotMatch(logs.join("\n"), /twin/);
  });
});

describe("pre-login against cognito-local: only verified addresses count in the search by e-mail", () => {
  it("does not answer with an account that merely claims the address (email_verified false)", async () => {
    const { handler } = handlerFor(usernamePoolId);
    assert.deepEqual((await handler({ identifier: "heidi@example.com" })).body, {
      identifier: "",
      error: { return: false, code: "user_not_found" },
    });
  });

  it("answers the verified owner although an unverified account claims the same address", async () => {
    const { handler } = handlerFor(usernamePoolId);
    assert.deepEqual((await handler({ identifier: "grace@example.com" })).body, { identifier: "grace" });
  });
});

describe("pre-login against cognito-local: the lookup order", () => {
  it("takes the user whose username is the typed text from AdminGetUser over the search by e-mail", async () => {
    const { handler, sent } = handlerFor(usernamePoolId);
    assert.deepEqual((await handler({ identifier: "erin@example.com" })).body, { identifier: "erin@example.com" });
    assert.deepEqual(sent, ["AdminGetUserCommand", "ListUsersCommand"]);
  });

  it("answers the generated username in a pool where the e-mail is the username", async () => {
    const { handler, sent } = handlerFor(emailPoolId);
    assert.notEqual(frankUsername, "frank@example.com");
    assert.deepEqual((await handler({ identifier: "frank@example.com" })).body, { identifier: frankUsername });
    assert.deepEqual(sent, ["AdminGetUserCommand", "ListUsersCommand"]);
  });

  it("sends the same requests for an address with an account and one without, in either kind of pool (docs/threat-model.md T3)", async () => {
    for (const [poolId, existing] of [
      [emailPoolId, "frank@example.com"],
      [usernamePoolId, "erin@example.com"],
      [usernamePoolId, "alice@example.com"],
    ] as const) {
      const known = handlerFor(poolId);
      const unknown = handlerFor(poolId);
      assert.notEqual((await known.handler({ identifier: existing })).body.identifier, "");
      assert.equal((await unknown.handler({ identifier: "nobody@example.com" })).body.identifier, "");
      assert.deepEqual(unknown.sent, known.sent);
    }
  });

  it("finds an address with an apostrophe", async () => {
    const { handler } = handlerFor(usernamePoolId);
    assert.deepEqual((await handler({ identifier: "o'brien@example.com" })).body, { identifier: "obrien" });
  });

  it("finds the longest searchable address with ListUsers only, its filter at Cognito's 256-character limit", async () => {
    const { handler, sent } = handlerFor(usernamePoolId);
    assert.deepEqual((await handler({ identifier: LONG_EMAIL })).body, { identifier: "longest" });
    // Longer than a username can be: AdminGetUser is skipped.
    assert.deepEqual(sent, ["ListUsersCommand"]);
  });

  it("does not log the typed address or the username", async () => {
    const { handler, logs } = handlerFor(usernamePoolId);
    await handler({ identifier: "alice@example.com" }, { awsRequestId: "req-1" });
    const text = logs.join("\n");
    assert.match(text, /"outcome":"success"/);
    assert.match(text, /"requestId":"req-1"/);
    assert.doesNotMatch(text, /alice/);
  });
});

describe("pre-login against cognito-local: filter injection never reaches Cognito", () => {
  const attempts: [string, unknown][] = [
    ["a closing quote with a prefix operator", 'x" or email ^= "'],
    ["an empty prefix match", 'email ^= ""'],
    ["a quote inside an address", 'alice"@example.com'],
    ["a trailing quote", 'alice@example.com"'],
    ["a backslash escaping the closing quote", "alice@example.com\\"],
    ["a NUL byte", "alice@example.com\u0000"],
    ["a newline", "alice@example.com\n"],
    ["a tab inside", "alice@exa\tmple.com"],
    ["a right-to-left override", "alice@example.com\u202e"],
    ["a zero-width space", "al\u200bice@example.com"],
    ["255 characters", "a".repeat(255 - "@example.com".length) + "@example.com"],
    ["247 characters (the filter would exceed 256)", "a".repeat(247 - "@example.com".length) + "@example.com"],
    ["10,000 characters", "a".repeat(10_000) + "@example.com"],
    ["no identifier", undefined],
    ["a number", 42],
    ["an object", { $ne: "" }],
    ["an empty string", ""],
    ["a bare prefix", "alice"],
  ];

  for (const [name, identifier] of attempts) {
    it(`answers invalid_identifier without any Cognito request for ${name}`, async () => {
      const { handler, sent, logs } = handlerFor(usernamePoolId);
      assert.deepEqual(await handler({ identifier }), {
        statusCode: 200,
        body: { identifier: "", error: { return: false, code: "invalid_identifier" } },
      });
      assert.deepEqual(sent, []);
      assert.match(logs.join("\n"), /"outcome":"invalid_identifier"/);
    });
  }

  it("answers invalid_identifier for an event that is not an object", async () => {
    const { handler, sent } = handlerFor(usernamePoolId);
    for (const event of [null, "alice@example.com", []]) {
      assert.equal((await handler(event)).body.identifier, "");
    }
    assert.deepEqual(sent, []);
  });
});

describe("pre-login from its environment (cross-account role, STS mocked)", () => {
  const ROLE_ARN = "arn:aws:iam::123456789012:role/corbado-passkeys-corbado-actions";
  const EXTERNAL_ID = "corbado-ext-7f3a";

  it("assumes the configured role with the external id for one hour and answers through it", async () => {
    const sts = mockClient(STSClient);
    try {
      sts.on(AssumeRoleCommand).resolves({
        Credentials: {
          AccessKeyId: "ASIATESTKEY",
          SecretAccessKey: "secret",
          SessionToken: "token",
          Expiration: new Date(Date.now() + 3_600_000),
        },
      });
      const handler = createPreLoginHandlerFromEnv(
        {
          USER_POOL_ID: usernamePoolId,
          ASSUME_ROLE_ARN: ROLE_ARN,
          ASSUME_ROLE_EXTERNAL_ID: EXTERNAL_ID,
          AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoLocal.endpoint,
        },
        () => {},
      );
      assert.deepEqual((await handler({ identifier: "alice@example.com" })).body, { identifier: "alice" });
      assert.deepEqual((await handler({ identifier: "carol@example.com" })).body.identifier, "");
      const calls = sts.commandCalls(AssumeRoleCommand);
      assert.equal(calls.length, 1, "one role session serves both invocations");
      assert.deepEqual(calls[0]?.args[0].input, {
        RoleArn: ROLE_ARN,
        ExternalId: EXTERNAL_ID,
        RoleSessionName: "corbado-pre-login",
        DurationSeconds: 900,
      });
    } finally {
      sts.restore();
    }
  });

  it("answers 500 with a fixed body and logs which variables are missing when its configuration is incomplete", async () => {
    const logs: string[] = [];
    const handler = createPreLoginHandlerFromEnv({ USER_POOL_ID: usernamePoolId }, (l) => logs.push(l));
    const response = await handler({ identifier: "alice@example.com" });
    assert.deepEqual(response, {
      statusCode: 500,
      body: { identifier: "", error: { return: false, code: "untyped", message: "internal_error" } },
    });
    const text = logs.join("\n");
    assert.match(text, /"cause":"assume_role_arn_missing"/);
    assert.match(text, /"cause":"assume_role_external_id_missing"/);
  });
});
