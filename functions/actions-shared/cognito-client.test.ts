/**
 * The actions' Cognito client assumes the cross-account role (STS mocked with aws-sdk-client-mock) and signs
 * its Cognito requests with that session. Cognito is a loopback server that records the request headers.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { createCognitoClient, errorCode } from "./cognito-client";
import type { ActionConfig } from "./config";
import { ACTION_SESSION_NAMES } from "./session";

let server: Server;
let endpoint: string;
const seen: IncomingHttpHeaders[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume().on("end", () => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ Username: "alice", UserStatus: "CONFIRMED", Enabled: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- AwsStub's generics are not worth spelling out here
let sts: AwsStub<any, any, any>;
beforeEach(() => {
  seen.length = 0;
  sts = mockClient(STSClient);
});
afterEach(() => sts.restore());

function config(): ActionConfig {
  return {
    userPoolId: "eu-west-3_AbC123",
    region: "eu-west-3",
    roleArn: "arn:aws:iam::123456789012:role/corbado-actions",
    externalId: "ext-id-42",
    endpoint,
    stsEndpoint: undefined,
  };
}

function session(key: string, validForMs: number) {
  return {
    Credentials: {
      AccessKeyId: key,
      SecretAccessKey: "secret",
      SessionToken: `token-${key}`,
      Expiration: new Date(Date.now() + validForMs),
    },
  };
}

const getUser = new AdminGetUserCommand({ UserPoolId: "eu-west-3_AbC123", Username: "alice" });

describe("the actions' Cognito client", () => {
  it("assumes the configured role with the external id, the action's session name and 15 minutes", async () => {
    sts.on(AssumeRoleCommand).resolves(session("ASIAFIRST", 3_600_000));
    const client = createCognitoClient(config(), ACTION_SESSION_NAMES.preLogin);
    await client.send(getUser);
    assert.deepEqual(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input, {
      RoleArn: "arn:aws:iam::123456789012:role/corbado-actions",
      ExternalId: "ext-id-42",
      RoleSessionName: "corbado-pre-login",
      DurationSeconds: 900,
    });
  });

  it("signs Cognito requests with the assumed session in the pool's region", async () => {
    sts.on(AssumeRoleCommand).resolves(session("ASIAFIRST", 3_600_000));
    await createCognitoClient(config(), ACTION_SESSION_NAMES.preLogin).send(getUser);
    assert.match(String(seen[0]?.authorization), /Credential=ASIAFIRST\/\d{8}\/eu-west-3\/cognito-idp\/aws4_request/);
    assert.equal(seen[0]?.["x-amz-security-token"], "token-ASIAFIRST");
  });

  it("reuses one role session across calls while it is valid", async () => {
    sts.on(AssumeRoleCommand).resolves(session("ASIAFIRST", 3_600_000));
    const client = createCognitoClient(config(), ACTION_SESSION_NAMES.preLogin);
    for (let i = 0; i < 3; i++) await client.send(getUser);
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 1);
  });

  it("assumes the role again before the session expires", async () => {
    // Sessions that end within the SDK's 5-minute refresh window are replaced before the next call.
    sts.on(AssumeRoleCommand).resolvesOnce(session("ASIAFIRST", 120_000)).resolves(session("ASIASECOND", 3_600_000));
    const client = createCognitoClient(config(), ACTION_SESSION_NAMES.preLogin);
    await client.send(getUser);
    await client.send(getUser);
    await client.send(getUser);
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 2);
    assert.match(String(seen[1]?.authorization), /Credential=ASIASECOND\//);
    assert.match(String(seen[2]?.authorization), /Credential=ASIASECOND\//);
  });

  it("makes no Cognito request when the role cannot be assumed", async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
    await assert.rejects(createCognitoClient(config(), ACTION_SESSION_NAMES.preLogin).send(getUser));
    assert.equal(seen.length, 0);
  });
});

describe("errorCode", () => {
  it("turns an AWS exception name into a log-safe code and ignores the message", () => {
    assert.equal(
      errorCode(Object.assign(new Error("x@y.z"), { name: "AccessDeniedException" })),
      "access_denied_exception",
    );
    assert.equal(errorCode(new TypeError("boom")), "type_error");
  });

  it("answers unknown_error for anything without a plain exception name", () => {
    assert.equal(errorCode("text"), "unknown_error");
    assert.equal(errorCode(Object.assign(new Error(), { name: "alice@example.com" })), "unknown_error");
  });
});
