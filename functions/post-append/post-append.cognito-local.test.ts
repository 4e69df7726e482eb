/**
 * The post-append action against cognito-local for AdminGetUser (real user states, including MFA settings
 * made with SetUserMFAPreference). cognito-local does not implement AdminSetUserMFAPreference: only that
 * command is mocked (aws-sdk-client-mock), every other command goes through to cognito-local.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserMFAPreferenceCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { mockClient } from "aws-sdk-client-mock";
import { recordCommands, startCognitoLocal, type CognitoLocal } from "../../tools/local/cognito-local";
import { createPostAppendHandler, createPostAppendHandlerFromEnv } from "./handler-factory";
import type { MfaSettings } from "./logic";

const PHONE = "+4915112345678";
const PASSWORD = "Correct-Horse-9";
const SMS_ON: MfaSettings = { mfaAfterPasskey: "sms", poolSmsMfaConfigured: true };

let cognitoLocal: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

async function createUser(
  username: string,
  attributes: AttributeType[],
  state: "CONFIRMED" | "DISABLED" | "FORCE_CHANGE_PASSWORD" = "CONFIRMED",
): Promise<void> {
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: attributes,
    }),
  );
  if (state === "FORCE_CHANGE_PASSWORD") return;
  await admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
  if (state === "DISABLED") await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
}

/** cognito-local reads SetUserMFAPreference's access token without checking its signature. */
async function setOwnMfaPreference(username: string, preferred: boolean): Promise<void> {
  const user = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  const sub = user.UserAttributes?.find((a) => a.Name === "sub")?.Value;
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const token = `${part({ alg: "none" })}.${part({ sub, client_id: clientId })}.`;
  await admin.send(
    new SetUserMFAPreferenceCommand({ AccessToken: token, SMSMfaSettings: { Enabled: true, PreferredMfa: preferred } }),
  );
}

before(async () => {
  cognitoLocal = await startCognitoLocal();
  admin = cognitoLocal.client();
  const pool = await admin.send(new CreateUserPoolCommand({ PoolName: "post-append", MfaConfiguration: "OPTIONAL" }));
  poolId = pool.UserPool?.Id ?? "";
  const appClient = await admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app" }));
  clientId = appClient.UserPoolClient?.ClientId ?? "";
  const phone = (verified: string) => [
    { Name: "phone_number", Value: PHONE },
    { Name: "phone_number_verified", Value: verified },
  ];
  await createUser("verified", phone("true"));
  await createUser("unverified", phone("false"));
  await createUser("no-phone", [{ Name: "email", Value: "no-phone@example.com" }]);
  await createUser("sms-enabled", phone("true"));
  await setOwnMfaPreference("sms-enabled", false);
  await createUser("sms-preferred", phone("true"));
  await setOwnMfaPreference("sms-preferred", true);
  await createUser("disabled", phone("true"), "DISABLED");
  await createUser("temporary", phone("true"), "FORCE_CHANGE_PASSWORD");
});

after(async () => {
  admin?.destroy();
  await cognitoLocal?.stop();
});

function setup(settings: MfaSettings = SMS_ON) {
  const cognito = cognitoLocal.client();
  const sent = recordCommands(cognito);
  const mock = mockClient(cognito);
  mock.send.callThrough();
  mock.on(AdminSetUserMFAPreferenceCommand).resolves({});
  const logs: string[] = [];
  const handler = createPostAppendHandler({
    cognito,
    config: { userPoolId: poolId, ...settings },
    logSink: (line) => logs.push(line),
  });
  return { handler, sent, mock, logs };
}

describe("post-append with mfa_after_passkey = sms, against cognito-local", () => {
  it("makes SMS the preferred MFA of a user with no MFA setting and a verified phone number", async () => {
    const { handler, sent, mock } = setup();
    assert.deepEqual(await handler({ username: "verified" }), {
      statusCode: 200,
      body: { mfaPreference: "sms_preferred" },
    });
    assert.deepEqual(sent, ["AdminGetUserCommand"]);
    assert.deepEqual(mock.commandCalls(AdminSetUserMFAPreferenceCommand)[0]?.args[0].input, {
      UserPoolId: poolId,
      Username: "verified",
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  });

  const unchanged: [string, string, string][] = [
    ["an unverified phone number", "unverified", "phone_number_not_verified"],
    ["no phone number", "no-phone", "phone_number_not_verified"],
    ["SMS MFA enabled but not preferred", "sms-enabled", "mfa_already_set"],
    ["SMS MFA already preferred (a second passkey)", "sms-preferred", "mfa_already_set"],
    ["no account at all", "ghost", "user_not_found"],
    ["a disabled account", "disabled", "user_disabled"],
    ["a temporary password still to change (FORCE_CHANGE_PASSWORD)", "temporary", "user_not_confirmed"],
  ];
  for (const [name, username, reason] of unchanged) {
    it(`changes nothing and logs why for a user with ${name}`, async () => {
      const { handler, sent, mock, logs } = setup();
      assert.deepEqual(await handler({ username }), { statusCode: 200, body: { mfaPreference: "unchanged" } });
      assert.deepEqual(sent, ["AdminGetUserCommand"]);
      assert.equal(mock.commandCalls(AdminSetUserMFAPreferenceCommand).length, 0);
      assert.match(logs.join("\n"), new RegExp(`"outcome":"unchanged","reason":"${reason}"`));
    });
  }

  it("answers 400 without calling Cognito for a username Cognito could not hold", async () => {
    const { handler, sent } = setup();
    for (const username of ["", "a b", "x\u0000", "a".repeat(129), undefined, 5]) {
      assert.deepEqual(await handler({ username }), { statusCode: 400, body: { error: { code: "invalid_username" } } });
    }
    assert.deepEqual(sent, []);
  });
});

describe("post-append settings that need no AWS call", () => {
  it("answers 200 and changes nothing when mfa_after_passkey is off (the default)", async () => {
    const { handler, sent, mock, logs } = setup({ mfaAfterPasskey: "off", poolSmsMfaConfigured: true });
    assert.deepEqual(await handler({ username: "verified" }), {
      statusCode: 200,
      body: { mfaPreference: "unchanged" },
    });
    assert.deepEqual(sent, []);
    assert.equal(mock.calls().length, 0);
    assert.match(logs.join("\n"), /"reason":"mfa_after_passkey_off"/);
  });

  it("answers 200 and changes nothing when the pool has no SMS MFA configured", async () => {
    const { handler, sent, logs } = setup({ mfaAfterPasskey: "sms", poolSmsMfaConfigured: false });
    assert.deepEqual(await handler({ username: "verified" }), {
      statusCode: 200,
      body: { mfaPreference: "unchanged" },
    });
    assert.deepEqual(sent, []);
    assert.match(logs.join("\n"), /"reason":"pool_sms_mfa_not_configured"/);
  });
});

describe("post-append from its environment (cross-account role, STS mocked)", () => {
  it("is off unless configured, assumes no role and answers 200", async () => {
    const sts = mockClient(STSClient);
    try {
      const handler = createPostAppendHandlerFromEnv(
        {
          USER_POOL_ID: poolId,
          ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:role/corbado-actions",
          ASSUME_ROLE_EXTERNAL_ID: "ext-id-42",
          AWS_ENDPOINT_URL: cognitoLocal.endpoint,
        },
        () => {},
      );
      assert.deepEqual(await handler({ username: "verified" }), {
        statusCode: 200,
        body: { mfaPreference: "unchanged" },
      });
      assert.equal(sts.calls().length, 0);
    } finally {
      sts.restore();
    }
  });

  it("reads the user through the assumed role when sms is configured", async () => {
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
      const handler = createPostAppendHandlerFromEnv(
        {
          USER_POOL_ID: poolId,
          ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:role/corbado-actions",
          ASSUME_ROLE_EXTERNAL_ID: "ext-id-42",
          MFA_AFTER_PASSKEY: "sms",
          POOL_SMS_MFA_CONFIGURED: "true",
          AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoLocal.endpoint,
        },
        () => {},
      );
      // A user who needs no change: the real AdminGetUser answers, nothing is written.
      assert.deepEqual(await handler({ username: "sms-preferred" }), {
        statusCode: 200,
        body: { mfaPreference: "unchanged" },
      });
      assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input, {
        RoleArn: "arn:aws:iam::123456789012:role/corbado-actions",
        ExternalId: "ext-id-42",
        RoleSessionName: "corbado-post-append",
        DurationSeconds: 900,
      });
    } finally {
      sts.restore();
    }
  });

  it("answers 500 with a fixed body when MFA_AFTER_PASSKEY has an unknown value", async () => {
    const logs: string[] = [];
    const handler = createPostAppendHandlerFromEnv(
      {
        USER_POOL_ID: poolId,
        ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:role/corbado-actions",
        ASSUME_ROLE_EXTERNAL_ID: "ext-id-42",
        MFA_AFTER_PASSKEY: "totp",
      },
      (line) => logs.push(line),
    );
    assert.deepEqual(await handler({ username: "verified" }), {
      statusCode: 500,
      body: { error: { code: "internal_error" } },
    });
    assert.match(logs.join("\n"), /"cause":"mfa_after_passkey_invalid"/);
  });
});
