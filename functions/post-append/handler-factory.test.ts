/** The post-append action with a mocked Cognito client: failures, and acting on the canonical username. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { createPostAppendHandler } from "./handler-factory";

const POOL = "eu-central-1_TestPool1";
const READY_USER = {
  Username: "3f1c2b9e-0c1d-4f7a-9d7e-2b1f0a9c8d7e",
  Enabled: true,
  UserStatus: "CONFIRMED" as const,
  UserAttributes: [
    { Name: "phone_number", Value: "+4915112345678" },
    { Name: "phone_number_verified", Value: "true" },
  ],
};

function setup() {
  const cognito = new CognitoIdentityProviderClient({ region: "eu-central-1" });
  const mock = mockClient(cognito);
  const logs: string[] = [];
  const handler = createPostAppendHandler({
    cognito,
    config: { userPoolId: POOL, mfaAfterPasskey: "sms", poolSmsMfaConfigured: true },
    logSink: (line) => logs.push(line),
  });
  return { mock, logs, handler };
}

describe("post-append with a mocked Cognito", () => {
  it("sets the preference on the username Cognito returns, not on the alias it was called with", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).resolves(READY_USER);
    mock.on(AdminSetUserMFAPreferenceCommand).resolves({});
    assert.equal((await handler({ username: "alice@example.com" })).statusCode, 200);
    assert.equal(mock.commandCalls(AdminSetUserMFAPreferenceCommand)[0]?.args[0].input.Username, READY_USER.Username);
  });

  it("sets no preference for a user Corbado names who is disabled, not confirmed or federated", async () => {
    for (const [user, reason] of [
      [{ ...READY_USER, Enabled: false }, "user_disabled"],
      [{ ...READY_USER, UserStatus: "UNCONFIRMED" as const }, "user_not_confirmed"],
      [{ ...READY_USER, UserStatus: "EXTERNAL_PROVIDER" as const, Username: "Google_1234" }, "user_federated"],
    ] as const) {
      const { mock, logs, handler } = setup();
      mock.on(AdminGetUserCommand).resolves(user);
      mock.on(AdminSetUserMFAPreferenceCommand).resolves({});
      assert.deepEqual(await handler({ username: user.Username }), {
        statusCode: 200,
        body: { mfaPreference: "unchanged" },
      });
      assert.equal(mock.commandCalls(AdminSetUserMFAPreferenceCommand).length, 0, reason);
      assert.match(logs.join("\n"), new RegExp(`"reason":"${reason}"`));
    }
  });

  it("answers 500 with a fixed body when setting the preference fails", async () => {
    const { mock, logs, handler } = setup();
    mock.on(AdminGetUserCommand).resolves(READY_USER);
    mock
      .on(AdminSetUserMFAPreferenceCommand)
      .rejects(new InternalErrorException({ message: "boom for +4915112345678", $metadata: {} }));
    assert.deepEqual(await handler({ username: "alice" }), {
      statusCode: 500,
      body: { error: { code: "internal_error" } },
    });
    const text = logs.join("\n");
    assert.match(text, /"cause":"internal_error_exception"/);
    assert.doesNotMatch(text, /boom|\+49|alice/);
  });

  it("answers 500 with a fixed body when the user cannot be read", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).rejects(
      Object.assign(new Error("User: arn:aws:sts::1:assumed-role/x is not authorized"), {
        name: "AccessDeniedException",
      }),
    );
    const response = await handler({ username: "alice" });
    assert.deepEqual(response, { statusCode: 500, body: { error: { code: "internal_error" } } });
    assert.equal(mock.commandCalls(AdminSetUserMFAPreferenceCommand).length, 0);
  });
});
