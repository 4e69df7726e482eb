/**
 * Users: the e-mail prefix filter (pre-login's character rules and escaping, applied to a prefix), Cognito's
 * paging, user details, and the same calls against cognito-local.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AdminCreateUserCommand, CreateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { startCognitoLocal, type CognitoLocal } from "../../tools/local/cognito-local";
import { buildEmailFilter, validateIdentifier } from "../pre-login/logic";
import { prng } from "../../tools/local/testing";
import { entriesOf, requestApp, startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";
import { buildEmailPrefixFilter, FORBIDDEN_IN_PREFIX, isSearchablePrefix, MAX_PREFIX_LENGTH } from "./users-filter";

describe("the e-mail prefix filter", () => {
  it("refuses exactly the characters pre-login refuses, for every code point of the BMP and a sample beyond", () => {
    const codePoints = [...Array.from({ length: 0x10000 }, (_, i) => i), 0x1f600, 0xe0001, 0xf0000, 0x10fffd, 0x2fffe];
    let refused = 0;
    for (const cp of codePoints) {
      const c = String.fromCodePoint(cp);
      const preLogin = validateIdentifier(`a${c}b@example.com`);
      const preLoginRefuses = !preLogin.ok && preLogin.reason === "forbidden_character";
      assert.equal(FORBIDDEN_IN_PREFIX.test(c), preLoginRefuses, `U+${cp.toString(16)}`);
      if (preLoginRefuses) refused++;
    }
    assert.ok(refused > 4000, "the comparison covers quotes, backslashes, spaces, controls, format and surrogates");
  });

  it("escapes like pre-login (its filter for the same text, with the prefix operator)", () => {
    const rand = prng(7);
    const alphabet = "abcXYZ019.+-_'@ßé漢🙂";
    const chars = [...alphabet];
    for (let i = 0; i < 500; i++) {
      const prefix = Array.from(
        { length: 1 + Math.floor(rand() * 30) },
        () => chars[Math.floor(rand() * chars.length)],
      ).join("");
      assert.equal(buildEmailPrefixFilter(prefix), `email ^= ${buildEmailFilter(prefix).slice("email = ".length)}`);
    }
    assert.equal(buildEmailPrefixFilter("o'brien@"), `email ^= "o'brien@"`);
  });

  it("fits Cognito's 256-character filter limit at the longest prefix, and refuses longer or empty ones", () => {
    assert.equal(buildEmailPrefixFilter("a".repeat(MAX_PREFIX_LENGTH)).length, 256);
    assert.ok(!isSearchablePrefix("a".repeat(MAX_PREFIX_LENGTH + 1)));
    assert.ok(!isSearchablePrefix(""));
    assert.throws(() => buildEmailPrefixFilter('a"'), RangeError);
  });
});

describe("users through the API (fake Cognito that pages like Cognito)", () => {
  let stack: AdminTestStack;
  let auditor: string;
  before(async () => {
    const users = [
      ...Array.from({ length: 7 }, (_, i) => ({ Username: `a-${i}`, email: `anna${i}@example.com` })),
      {
        Username: "b-1",
        email: "bert@example.com",
        emailVerified: false,
        Enabled: false,
        UserStatus: "FORCE_CHANGE_PASSWORD",
      },
      {
        Username: "c-1",
        email: "carla@example.com",
        mfa: ["SOFTWARE_TOKEN_MFA", "SMS_MFA"],
        preferredMfa: "SOFTWARE_TOKEN_MFA",
      },
    ];
    stack = await startAdminTestStack({ users });
    auditor = stack.token({ groups: ["auditors"] });
  });
  after(() => stack.close());

  it("pages with Cognito's pagination token, one ListUsers call per page, with the filter and limit", async () => {
    const seen: string[] = [];
    let next: string | null = null;
    const before = stack.cognito.requests.length;
    do {
      const res = await stack.request(
        "GET",
        `/v1/users?emailPrefix=anna&limit=3${next ? `&next=${encodeURIComponent(next)}` : ""}`,
        {
          token: auditor,
        },
      );
      assert.equal(res.status, 200);
      seen.push(...(res.json.users as { username: string }[]).map((u) => u.username));
      next = res.json.next as string | null;
    } while (next);
    assert.deepEqual(seen, ["a-0", "a-1", "a-2", "a-3", "a-4", "a-5", "a-6"]);
    const calls = stack.cognito.requests.slice(before);
    assert.equal(calls.length, 3);
    assert.deepEqual(calls[0]!.body, { UserPoolId: "eu-central-1_TestPool1", Limit: 3, Filter: 'email ^= "anna"' });
    assert.equal(typeof calls[1]!.body.PaginationToken, "string");
  });

  it("answers 400 for a pagination token Cognito refuses", async () => {
    const res = await stack.request("GET", "/v1/users?next=bm90LWEtbnVtYmVy", { token: auditor });
    assert.deepEqual(
      [res.status, res.json.code, (res.json.issues as { field: string }[])[0]!.field],
      [400, "invalid_request", "next"],
    );
  });

  it("lists status, enabled, e-mail verification and creation time", async () => {
    const res = await stack.request("GET", "/v1/users?emailPrefix=bert", { token: auditor });
    assert.deepEqual(res.json.users, [
      {
        username: "b-1",
        email: "bert@example.com",
        emailVerified: false,
        status: "FORCE_CHANGE_PASSWORD",
        enabled: false,
        created: "2025-11-24T16:00:00.000Z",
      },
    ]);
  });

  it("shows one user's details with MFA settings, audited as a view of that user", async () => {
    const res = await stack.request("GET", "/v1/users/c-1", { token: auditor });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.mfa, { enabled: ["SOFTWARE_TOKEN_MFA", "SMS_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
    assert.equal(res.json.lastModified, "2025-11-24T16:01:00.000Z");
    const [attempt, result] = await entriesOf(stack, res);
    assert.deepEqual([attempt!.action, attempt!.target, result!.result], ["user_view", "c-1", "ok"]);
  });

  it("answers 404 user_not_found for an unknown user, and audits the look", async () => {
    const res = await stack.request("GET", "/v1/users/nobody", { token: auditor });
    assert.deepEqual([res.status, res.json.code], [404, "user_not_found"]);
    const [, result] = await entriesOf(stack, res);
    assert.deepEqual([result!.result, result!.errorCode], ["not_found", "user_not_found"]);
  });
});

describe("users against cognito-local", () => {
  let cognito: CognitoLocal;
  let stack: AdminTestStack;
  let poolId: string;
  before(async () => {
    cognito = await startCognitoLocal();
    const client = cognito.client();
    poolId = (await client.send(new CreateUserPoolCommand({ PoolName: "customers" }))).UserPool!.Id!;
    for (const [username, email] of [
      ["u-1", "Anna@example.com"],
      ["u-2", "anna.b@example.com"],
      ["u-3", "bob@example.com"],
    ]) {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          UserAttributes: [
            { Name: "email", Value: email! },
            { Name: "email_verified", Value: "true" },
          ],
          MessageAction: "SUPPRESS",
        }),
      );
    }
    stack = await startAdminTestStack();
  });
  after(async () => {
    await stack?.close();
    await cognito?.stop();
  });

  it("finds users by e-mail prefix (case-sensitive there) and shows one, through the same calls as in AWS", async () => {
    const app = stack.appWith({ USER_POOL_ID: poolId, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint });
    const auditor = stack.token({ groups: ["auditors"] });
    const res = await requestApp(app, "GET", "/v1/users?emailPrefix=anna", { token: auditor });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(
      (res.json.users as { username: string }[]).map((u) => u.username),
      ["u-2"],
    );
    const all = await requestApp(app, "GET", "/v1/users", { token: auditor });
    assert.equal((all.json.users as unknown[]).length, 3);
    const one = await requestApp(app, "GET", "/v1/users/u-3", { token: auditor });
    assert.deepEqual(
      [one.json.email, one.json.emailVerified, one.json.status],
      ["bob@example.com", true, "FORCE_CHANGE_PASSWORD"],
    );
  });
});
