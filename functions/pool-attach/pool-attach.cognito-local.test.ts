/**
 * The handler against cognito-local (npm), a third-party Cognito emulator whose UpdateUserPool also
 * replaces the settings it models with the request's (omitted ones become unset). It models fewer
 * settings than AWS (no tier, deletion protection, DCR, key/issuer/ACR configuration), so this spec
 * complements the fixture-based ones; it does not replace them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  type CognitoIdentityProviderClient,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { startCognitoLocal, type CognitoLocal } from "../../tools/local/cognito-local";
import { keepRawDescribeUserPool } from "./guard";
import { createHandler } from "./index";
import { changedSettings, type TriggerArns } from "./merge";

let cognitoLocal: CognitoLocal;
let client: CognitoIdentityProviderClient;
let poolId: string;
let original: UserPoolType;
const originalLog = console.log;

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const OURS: TriggerArns = {
  DefineAuthChallenge: fn("passkeys-define"),
  CreateAuthChallenge: fn("passkeys-create"),
  VerifyAuthChallengeResponse: fn("passkeys-verify"),
};

before(async () => {
  console.log = () => {};
  cognitoLocal = await startCognitoLocal();
  client = cognitoLocal.client();
  keepRawDescribeUserPool(client);
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: "attach-mode-local",
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
          TemporaryPasswordValidityDays: 2,
        },
      },
      LambdaConfig: {
        PreSignUp: fn("acme-pre-signup"),
        PostConfirmation: fn("acme-post-confirmation"),
        PreTokenGeneration: fn("acme-pre-token"),
        PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: fn("acme-pre-token") },
      },
      AutoVerifiedAttributes: ["email"],
      MfaConfiguration: "OPTIONAL",
      SmsAuthenticationMessage: "Your ACME code is {####}",
      SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/acme-sms", ExternalId: "acme-ext" },
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
      UserPoolTags: { owner: "identity-team" },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
    }),
  );
  poolId = UserPool?.Id as string;
  original = (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool as UserPoolType;
});

after(async () => {
  console.log = originalLog;
  await cognitoLocal?.stop();
});

describe("against cognito-local", () => {
  it("attach keeps every setting cognito-local models and adds our triggers; destroy takes them out again", async () => {
    const input = { userPoolId: poolId, triggers: OURS, replaceForeignTriggers: false };
    const handler = createHandler(client, {
      verifyDelayMs: 0,
      env: {
        USER_POOL_ID: poolId,
        DEFINE_AUTH_CHALLENGE_ARN: OURS.DefineAuthChallenge,
        CREATE_AUTH_CHALLENGE_ARN: OURS.CreateAuthChallenge,
        VERIFY_AUTH_CHALLENGE_ARN: OURS.VerifyAuthChallengeResponse,
        REPLACE_FOREIGN_TRIGGERS: "false",
      },
    });

    const created = await handler({ ...input, tf: { action: "create", prev_input: null } });
    assert.equal(created.pool.changed, true);
    const attached = (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool as UserPoolType;
    assert.deepEqual(changedSettings(original, attached, { ...original.LambdaConfig, ...OURS }), []);
    assert.equal(attached.MfaConfiguration, "OPTIONAL");

    await handler({ ...input, tf: { action: "delete", prev_input: input } });
    const detached = (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool as UserPoolType;
    assert.deepEqual(changedSettings(original, detached, original.LambdaConfig ?? {}), []);
  });
});
