/**
 * The admin API never mints a passkey-append or passkey-login connect token: an admin who could enrol an
 * authenticator on someone else's account, or log in as them, could take that account over. Proof: the deployed
 * bundle does not contain those strings at all, so no code path can send them; and every token the API asks for
 * over a full session of use is a passkey-list or passkey-delete token.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { bundle } from "../../tools/build/build-functions";
import { MINTED_TOKEN_TYPES } from "./corbado";
import { startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

describe("connect-token types the admin API can mint", () => {
  it("the Lambda bundle holds no passkey-append or passkey-login string (and does hold the two it uses)", async () => {
    const { code } = await bundle(path.resolve(import.meta.dirname, "index.ts"));
    const text = code.toString("utf8");
    for (const forbidden of ["passkey-append", "passkey-login", "passkey-" + "${", "passkey-`"]) {
      assert.ok(!text.includes(forbidden), `the bundle contains ${forbidden}`);
    }
    const found = new Set(text.match(/passkey-[a-z]+/g));
    // passkey-first is the login setting's name in texts; the other two are the token types in use. (The IAM report
    // the API serves is data read beside the bundle, not code: functions/admin-api/iam-report.ts.)
    assert.deepEqual(
      [...found].sort(),
      ["passkey-delete", "passkey-first", "passkey-list"],
      "control: the scan sees them",
    );
    assert.deepEqual([...MINTED_TOKEN_TYPES].sort(), ["passkey-delete", "passkey-list"]);
  });

  describe("over a session of every route", () => {
    let stack: AdminTestStack;
    before(async () => {
      stack = await startAdminTestStack({
        users: [
          { Username: "alice", email: "alice@example.com" },
          { Username: "bob", email: "bob@example.com" },
        ],
      });
    });
    after(() => stack.close());

    it("asks Corbado only for passkey-list and passkey-delete tokens, each for the user acted on", async () => {
      const admin = stack.token({ groups: ["admins"] });
      for (let i = 0; i < 3; i++) {
        const { id } = stack.corbado.manage.addPasskey("alice");
        await stack.request("GET", "/v1/users/alice/passkeys", { token: admin });
        await stack.request("DELETE", `/v1/users/alice/passkeys/${id}`, { token: admin });
        await stack.request("GET", "/v1/users/bob/passkeys", { token: admin });
      }
      const minted = stack.corbado.requests
        .filter((r) => r.path === "/v2/connectTokens")
        .map((r) => r.body as { type: string; data: { identifier: string } });
      assert.equal(minted.length, 9);
      assert.deepEqual(new Set(minted.map((t) => t.type)), new Set(["passkey-list", "passkey-delete"]));
      assert.deepEqual(new Set(minted.map((t) => t.data.identifier)), new Set(["alice", "bob"]));
    });
  });
});
