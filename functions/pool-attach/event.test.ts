import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidInputError, parseEvent } from "./event";

const triggers = {
  DefineAuthChallenge: "arn:aws:lambda:eu-central-1:111122223333:function:passkeys-define-auth-challenge",
  CreateAuthChallenge: "arn:aws:lambda:eu-central-1:111122223333:function:passkeys-create-auth-challenge",
  VerifyAuthChallengeResponse: "arn:aws:lambda:eu-central-1:111122223333:function:passkeys-verify-auth-challenge",
};
const input = { userPoolId: "eu-central-1_Rich0Pool1", triggers, replaceForeignTriggers: false };

describe("the invocation payload", () => {
  it("reads create, update and delete as the CRUD lifecycle sends them", () => {
    assert.deepEqual(parseEvent({ ...input, tf: { action: "create", prev_input: null } }), {
      action: "create",
      input,
      previous: null,
    });
    const prev = { ...input, userPoolId: "eu-central-1_Other01" };
    assert.deepEqual(parseEvent({ ...input, tf: { action: "update", prev_input: prev } }).previous, prev);
    assert.equal(parseEvent({ ...input, tf: { action: "delete", prev_input: input } }).action, "delete");
  });

  it("treats a payload without lifecycle information as a create, so it can only attach", () => {
    assert.deepEqual(parseEvent(input), { action: "create", input, previous: null });
  });

  it("takes the post-authentication trigger when it is given (count_all_logins), and only as a function ARN", () => {
    const post = "arn:aws:lambda:eu-central-1:111122223333:function:passkeys-post-authentication";
    const withPost = { ...input, triggers: { ...triggers, PostAuthentication: post } };
    assert.equal(parseEvent(withPost).input.triggers.PostAuthentication, post);
    assert.equal(parseEvent(input).input.triggers.PostAuthentication, undefined);
    assert.throws(
      () => parseEvent({ ...input, triggers: { ...triggers, PostAuthentication: "arn:aws:iam::1:role/x" } }),
      /input\.triggers\.PostAuthentication must be a Lambda function ARN/,
    );
    assert.throws(() => parseEvent({ ...input, triggers: { ...triggers, PostConfirmation: post } }), /unexpected/);
  });

  it("defaults replaceForeignTriggers to false", () => {
    const { replaceForeignTriggers: _omitted, ...rest } = input;
    assert.equal(parseEvent(rest).input.replaceForeignTriggers, false);
  });

  const bad: [string, unknown, RegExp][] = [
    ["a payload that is not an object", "attach", /payload must be a JSON object/],
    ["a malformed pool id", { ...input, userPoolId: "not a pool" }, /input\.userPoolId/],
    [
      "a missing trigger",
      { ...input, triggers: { ...triggers, CreateAuthChallenge: undefined } },
      /CreateAuthChallenge/,
    ],
    [
      "an ARN that is not a Lambda function",
      { ...input, triggers: { ...triggers, DefineAuthChallenge: "arn:aws:iam::111122223333:role/x" } },
      /DefineAuthChallenge must be a Lambda function ARN/,
    ],
    [
      "a trigger that is not one of ours",
      { ...input, triggers: { ...triggers, PreSignUp: triggers.DefineAuthChallenge } },
      /unexpected: "PreSignUp"/,
    ],
    ["a non-boolean replace flag", { ...input, replaceForeignTriggers: "yes" }, /replaceForeignTriggers must be/],
    ["an unknown lifecycle action", { ...input, tf: { action: "read", prev_input: null } }, /tf\.action/],
    ["a malformed previous input", { ...input, tf: { action: "update", prev_input: { userPoolId: 1 } } }, /prev_input/],
  ];
  for (const [what, event, message] of bad) {
    it(`rejects ${what} before touching AWS`, () => {
      assert.throws(
        () => parseEvent(event),
        (err: unknown) => err instanceof InvalidInputError && message.test(err.message),
      );
    });
  }
});
