/**
 * The pre-login action with a mocked Cognito client, only for what cognito-local cannot produce: the
 * RESET_REQUIRED and other statuses, and AWS failures.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
  ListUsersCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { createPreLoginHandler } from "./handler-factory";
import { RESET_REQUIRED_MESSAGE } from "./logic";

const POOL = "eu-central-1_TestPool1";

function setup() {
  const cognito = new CognitoIdentityProviderClient({ region: "eu-central-1" });
  const mock = mockClient(cognito);
  const logs: string[] = [];
  const handler = createPreLoginHandler({ cognito, config: { userPoolId: POOL }, logSink: (l) => logs.push(l) });
  return { mock, logs, handler };
}

const notFound = () => new UserNotFoundException({ message: "User does not exist.", $metadata: {} });

describe("pre-login with a mocked Cognito (states cognito-local cannot produce)", () => {
  it("shows the reset message to a user whose password must be reset", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).resolves({ Username: "ruth", UserStatus: "RESET_REQUIRED", Enabled: true });
    assert.deepEqual(await handler({ identifier: "ruth@example.com" }), {
      statusCode: 200,
      body: { identifier: "", error: { return: true, code: "reset_required", message: RESET_REQUIRED_MESSAGE } },
    });
  });

  it("maps a user found only by e-mail with RESET_REQUIRED the same way", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).rejects(notFound());
    mock.on(ListUsersCommand).resolves({
      Users: [
        {
          Username: "ruth",
          UserStatus: "RESET_REQUIRED",
          Enabled: true,
          Attributes: [
            { Name: "email", Value: "ruth@example.com" },
            { Name: "email_verified", Value: "true" },
          ],
        },
      ],
    });
    const response = await handler({ identifier: "ruth@example.com" });
    assert.equal("error" in response.body && response.body.error.code, "reset_required");
    assert.deepEqual(mock.commandCalls(ListUsersCommand)[0]?.args[0].input, {
      UserPoolId: POOL,
      Filter: 'email = "ruth@example.com"',
      Limit: 60,
    });
  });

  it("answers an untyped error for statuses it does not know, such as EXTERNAL_PROVIDER", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).resolves({ Username: "fed", UserStatus: "EXTERNAL_PROVIDER", Enabled: true });
    assert.deepEqual((await handler({ identifier: "fed@example.com" })).body, {
      identifier: "",
      error: { return: false, code: "untyped", message: "unsupported_user_status" },
    });
  });

  it("does not accept a search result whose e-mail differs from the typed one", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).rejects(notFound());
    mock.on(ListUsersCommand).resolves({
      Users: [
        {
          Username: "mallory",
          UserStatus: "CONFIRMED",
          Enabled: true,
          Attributes: [
            { Name: "email", Value: "alice@example.com.evil" },
            { Name: "email_verified", Value: "true" },
          ],
        },
      ],
    });
    assert.deepEqual((await handler({ identifier: "alice@example.com" })).body, {
      identifier: "",
      error: { return: false, code: "user_not_found" },
    });
  });

  it("accepts a search result whose e-mail differs only in letter case", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).rejects(notFound());
    mock.on(ListUsersCommand).resolves({
      Users: [
        {
          Username: "alice",
          UserStatus: "CONFIRMED",
          Enabled: true,
          Attributes: [
            { Name: "email", Value: "Alice@Example.com" },
            { Name: "email_verified", Value: "true" },
          ],
        },
      ],
    });
    assert.deepEqual((await handler({ identifier: "alice@example.com" })).body, { identifier: "alice" });
  });
});

describe("pre-login counts only verified addresses in the search by e-mail", () => {
  const user = (Username: string, verified: string | undefined) => ({
    Username,
    UserStatus: "CONFIRMED" as const,
    Enabled: true,
    Attributes: [
      { Name: "email", Value: "alice@example.com" },
      ...(verified === undefined ? [] : [{ Name: "email_verified", Value: verified }]),
    ],
  });
  const answer = async (users: ReturnType<typeof user>[], PaginationToken?: string) => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).rejects(notFound());
    mock.on(ListUsersCommand).resolves({ Users: users, ...(PaginationToken ? { PaginationToken } : {}) });
    return (await handler({ identifier: "alice@example.com" })).body;
  };
  const NOT_FOUND = { identifier: "", error: { return: false, code: "user_not_found" } };
  const AMBIGUOUS = { identifier: "", error: { return: false, code: "untyped", message: "ambiguous" } };

  it("ignores an account whose address is unverified, or whose verification flag is missing or odd", async () => {
    for (const verified of ["false", undefined, "TRUE", "1", ""])
      assert.deepEqual(await answer([user("mallory", verified)]), NOT_FOUND);
  });

  it("answers the verified owner however many unverified accounts share the address", async () => {
    const squatters = Array.from({ length: 30 }, (_, i) => user(`mallory-${i}`, "false"));
    assert.deepEqual(await answer([...squatters, user("alice", "true")]), { identifier: "alice" });
  });

  it("is still ambiguous for two verified owners (control case)", async () => {
    assert.deepEqual(await answer([user("alice-1", "true"), user("alice-2", "true")]), AMBIGUOUS);
  });

  it("refuses to guess when more accounts match than one page holds", async () => {
    assert.deepEqual(await answer([user("alice", "true")], "next-page"), AMBIGUOUS);
  });
});

describe("pre-login when Cognito fails", () => {
  const failures: [string, () => Error][] = [
    [
      "access is denied",
      () =>
        Object.assign(new Error("User: arn:aws:sts::123:assumed-role/x is not authorized"), {
          name: "AccessDeniedException",
        }),
    ],
    [
      "Cognito has an internal error",
      () => new InternalErrorException({ message: "internal alice@example.com", $metadata: {} }),
    ],
    ["the network fails", () => new Error("connect ECONNREFUSED 10.0.0.1:443")],
  ];

  for (const [name, makeError] of failures) {
    it(`falls back silently without exception text when ${name}`, async () => {
      const { mock, logs, handler } = setup();
      mock.on(AdminGetUserCommand).rejects(makeError());
      const response = await handler({ identifier: "alice@example.com" });
      assert.deepEqual(response, {
        statusCode: 200,
        body: { identifier: "", error: { return: false, code: "untyped", message: "lookup_failed" } },
      });
      const text = logs.join("\n");
      assert.match(text, /"reason":"lookup_failed"/);
      assert.doesNotMatch(text, /alice|arn:aws|ECONNREFUSED|not authorized|internal /);
    });
  }

  it("logs the AWS exception name as a code", async () => {
    const { mock, logs, handler } = setup();
    mock.on(AdminGetUserCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    await handler({ identifier: "alice@example.com" });
    assert.match(logs.join("\n"), /"cause":"access_denied_exception"/);
  });

  it("falls back silently when the search by e-mail fails", async () => {
    const { mock, handler } = setup();
    mock.on(AdminGetUserCommand).rejects(notFound());
    mock.on(ListUsersCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" }));
    assert.deepEqual((await handler({ identifier: "alice@example.com" })).body, {
      identifier: "",
      error: { return: false, code: "untyped", message: "lookup_failed" },
    });
  });
});
