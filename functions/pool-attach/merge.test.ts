import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  LambdaConfigType$,
  UpdateUserPoolRequest$,
  UserPoolType$,
  type LambdaConfigType,
  type UpdateUserPoolRequest,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  DESCRIBED_SOURCE_OF,
  ForeignTriggerError,
  OUR_TRIGGERS,
  UPDATABLE_FIELDS,
  buildUpdateUserPoolInput,
  changedSettings,
  type TriggerArns,
  type UpdatableField,
} from "./merge";
import { FIXTURES, described, type FixtureName } from "./fixtures/load";

/** Member names of a structure in the SDK's static wire schema ([type, namespace, name, traits, members, ...]). */
function members(schema: unknown): string[] {
  return (schema as unknown[])[4] as string[];
}

const API_UPDATE_FIELDS = members(UpdateUserPoolRequest$).filter((m) => m !== "UserPoolId");
const API_LAMBDA_FIELDS = members(LambdaConfigType$);

function arns(region: string, account: string, prefix: string): TriggerArns {
  const fn = (name: string) => `arn:aws:lambda:${region}:${account}:function:${prefix}-${name}`;
  return {
    DefineAuthChallenge: fn("define-auth-challenge"),
    CreateAuthChallenge: fn("create-auth-challenge"),
    VerifyAuthChallengeResponse: fn("verify-auth-challenge"),
  };
}

const OURS: Record<FixtureName, TriggerArns> = {
  "rich-pool": arns("eu-central-1", "111122223333", "passkeys"),
  "mfa-on-pool": arns("us-east-1", "444455556666", "passkeys"),
  "minimal-pool": arns("eu-west-1", "777788889999", "passkeys"),
  "foreign-define-pool": arns("eu-central-1", "111122223333", "passkeys"),
};

function attach(name: FixtureName, extra: { replaceForeignTriggers?: boolean; previous?: TriggerArns } = {}) {
  return {
    kind: "attach" as const,
    triggers: OURS[name],
    replaceForeignTriggers: extra.replaceForeignTriggers ?? false,
    previous: extra.previous,
  };
}

/** The pool with our triggers already in place, as DescribeUserPool would show it after an attach. */
function withTriggers(pool: UserPoolType, triggers: Partial<Record<string, string>>): UserPoolType {
  return { ...pool, LambdaConfig: { ...pool.LambdaConfig, ...triggers } };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The value UpdateUserPool must receive for `field` to keep what DescribeUserPool showed. */
function expectedPreserved(pool: UserPoolType, field: UpdatableField): unknown {
  const value = pool[DESCRIBED_SOURCE_OF[field]];
  if (field === "AdminCreateUserConfig" && value && pool.Policies?.PasswordPolicy) {
    // Documented exception: the deprecated twin of PasswordPolicy.TemporaryPasswordValidityDays is not sent.
    const { UnusedAccountValidityDays: _dropped, ...rest } = value as NonNullable<
      UserPoolType["AdminCreateUserConfig"]
    >;
    return rest;
  }
  return value ?? undefined;
}

/** Every accepted field except LambdaConfig, and every LambdaConfig member except ours, equal to the pool's. */
function assertEverySettingPreserved(pool: UserPoolType, input: UpdateUserPoolRequest, ignoreTriggers: boolean) {
  for (const field of API_UPDATE_FIELDS as UpdatableField[]) {
    if (field === "LambdaConfig") continue;
    assert.deepEqual(input[field], expectedPreserved(pool, field), `${field} must be passed back unchanged`);
  }
  const before = (pool.LambdaConfig ?? {}) as Record<string, unknown>;
  const after = (input.LambdaConfig ?? {}) as Record<string, unknown>;
  for (const member of API_LAMBDA_FIELDS) {
    if (ignoreTriggers && (OUR_TRIGGERS as readonly string[]).includes(member)) continue;
    assert.deepEqual(after[member], before[member], `LambdaConfig.${member} must be passed back unchanged`);
  }
}

describe("the list of preserved settings", () => {
  it("covers every field UpdateUserPool accepts, as named by the SDK's wire schema", () => {
    assert.ok(API_UPDATE_FIELDS.length >= 24, "the schema lookup must find the UpdateUserPool members");
    assert.deepEqual([...UPDATABLE_FIELDS].sort(), [...API_UPDATE_FIELDS].sort());
  });

  it("reads every one of them from a member DescribeUserPool actually returns", () => {
    const describedMembers = members(UserPoolType$);
    for (const field of UPDATABLE_FIELDS) {
      assert.ok(describedMembers.includes(DESCRIBED_SOURCE_OF[field]), `${field} <- ${DESCRIBED_SOURCE_OF[field]}`);
    }
  });

  it("renames only the pool name (Name in DescribeUserPool, PoolName in UpdateUserPool)", () => {
    const renamed = UPDATABLE_FIELDS.filter((f) => DESCRIBED_SOURCE_OF[f] !== f);
    assert.deepEqual(renamed, ["PoolName"]);
  });
});

describe("attaching our triggers", () => {
  for (const name of FIXTURES.filter((n) => n !== "foreign-define-pool")) {
    it(`keeps every other setting of the ${name} exactly as described`, () => {
      const pool = deepFreeze(described(name));
      const { input } = buildUpdateUserPoolInput(pool, attach(name));
      assert.equal(input.UserPoolId, pool.Id);
      assertEverySettingPreserved(pool, input, true);
      for (const trigger of OUR_TRIGGERS) assert.equal(input.LambdaConfig?.[trigger], OURS[name][trigger]);
    });
  }

  it("keeps the rich pool's foreign triggers, versioned senders and their KMS key", () => {
    const pool = described("rich-pool");
    const lc = buildUpdateUserPoolInput(pool, attach("rich-pool")).input.LambdaConfig as LambdaConfigType;
    const fn = (n: string) => `arn:aws:lambda:eu-central-1:111122223333:function:${n}`;
    assert.equal(lc.PreSignUp, fn("acme-pre-signup"));
    assert.equal(lc.PostConfirmation, fn("acme-post-confirmation"));
    assert.equal(lc.PostAuthentication, fn("acme-post-authentication:live"));
    assert.equal(lc.PreTokenGeneration, fn("acme-pre-token"));
    assert.deepEqual(lc.PreTokenGenerationConfig, { LambdaVersion: "V2_0", LambdaArn: fn("acme-pre-token") });
    assert.deepEqual(lc.CustomEmailSender, { LambdaVersion: "V1_0", LambdaArn: fn("acme-email-sender") });
    assert.deepEqual(lc.CustomSMSSender, { LambdaVersion: "V1_0", LambdaArn: fn("acme-sms-sender") });
    assert.equal(lc.KMSKeyID, pool.LambdaConfig?.KMSKeyID);
    assert.deepEqual(lc.InboundFederation, pool.LambdaConfig?.InboundFederation);
  });

  it("keeps the rich pool's tier, deletion protection, tags, name and threat protection", () => {
    const { input } = buildUpdateUserPoolInput(described("rich-pool"), attach("rich-pool"));
    assert.equal(input.UserPoolTier, "PLUS");
    assert.equal(input.DeletionProtection, "ACTIVE");
    assert.equal(input.PoolName, "acme-customers-prod");
    assert.deepEqual(input.UserPoolTags, { "cost-center": "4711", owner: "identity-team", env: "prod" });
    assert.deepEqual(input.UserPoolAddOns, {
      AdvancedSecurityMode: "ENFORCED",
      AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" },
    });
    assert.deepEqual(input.IssuerConfiguration, { Type: "UPDATED" });
  });

  it("passes an MFA mode of ON through unchanged, with the SMS settings MFA depends on", () => {
    const pool = described("mfa-on-pool");
    const { input } = buildUpdateUserPoolInput(pool, attach("mfa-on-pool"));
    assert.equal(input.MfaConfiguration, "ON");
    assert.deepEqual(input.SmsConfiguration, pool.SmsConfiguration);
    assert.equal(input.SmsAuthenticationMessage, pool.SmsAuthenticationMessage);
    assert.deepEqual(input.AutoVerifiedAttributes, ["email", "phone_number"]);
  });

  it("passes an MFA mode of OPTIONAL through unchanged", () => {
    assert.equal(
      buildUpdateUserPoolInput(described("rich-pool"), attach("rich-pool")).input.MfaConfiguration,
      "OPTIONAL",
    );
  });

  it("invents nothing for a minimal pool: only the settings it has, plus our three triggers", () => {
    const pool = described("minimal-pool");
    const { input, changed } = buildUpdateUserPoolInput(pool, attach("minimal-pool"));
    assert.equal(changed, true);
    assert.deepEqual(input.LambdaConfig, OURS["minimal-pool"]);
    assert.deepEqual(Object.keys(input).sort(), [
      "AdminCreateUserConfig",
      "DeletionProtection",
      "EmailConfiguration",
      "LambdaConfig",
      "MfaConfiguration",
      "Policies",
      "PoolName",
      "UserPoolId",
      "UserPoolTags",
      "UserPoolTier",
      "VerificationMessageTemplate",
    ]);
  });

  it("reports each trigger's previous and new value", () => {
    const { outcomes } = buildUpdateUserPoolInput(described("minimal-pool"), attach("minimal-pool"));
    assert.deepEqual(
      outcomes.map((o) => [o.trigger, o.outcome, o.before, o.after]),
      OUR_TRIGGERS.map((t) => [t, "attached", null, OURS["minimal-pool"][t]]),
    );
  });

  it("is idempotent: a pool that already holds our triggers needs no write", () => {
    const pool = withTriggers(described("rich-pool"), OURS["rich-pool"]);
    const { input, changed, outcomes } = buildUpdateUserPoolInput(pool, attach("rich-pool"));
    assert.equal(changed, false);
    assert.ok(outcomes.every((o) => o.outcome === "unchanged"));
    assertEverySettingPreserved(pool, input, false);
  });

  it("does not modify the DescribeUserPool result it was given", () => {
    const pool = deepFreeze(described("rich-pool"));
    assert.doesNotThrow(() => buildUpdateUserPoolInput(pool, attach("rich-pool")));
    assert.equal(pool.AdminCreateUserConfig?.UnusedAccountValidityDays, 3);
  });
});

describe("a trigger held by another function", () => {
  it("is refused with an error naming the trigger and the function that holds it", () => {
    const pool = described("foreign-define-pool");
    assert.throws(
      () => buildUpdateUserPoolInput(pool, attach("foreign-define-pool")),
      (err: unknown) => {
        assert.ok(err instanceof ForeignTriggerError);
        assert.deepEqual(err.conflicts, [
          {
            trigger: "DefineAuthChallenge",
            heldBy: "arn:aws:lambda:eu-central-1:111122223333:function:magic-link-define",
          },
        ]);
        assert.match(err.message, /eu-central-1_Foreign01/);
        assert.match(
          err.message,
          /trigger DefineAuthChallenge is held by another function \(arn:.*magic-link-define\)/,
        );
        assert.match(err.message, /replaceForeignTriggers/);
        assert.match(err.message, /Nothing was changed/);
        return true;
      },
    );
  });

  it("lists every conflicting trigger, not just the first", () => {
    const pool = withTriggers(described("minimal-pool"), {
      CreateAuthChallenge: "arn:aws:lambda:eu-west-1:777788889999:function:other-create",
      VerifyAuthChallengeResponse: "arn:aws:lambda:eu-west-1:777788889999:function:other-verify",
    });
    assert.throws(
      () => buildUpdateUserPoolInput(pool, attach("minimal-pool")),
      (err: unknown) =>
        err instanceof ForeignTriggerError &&
        err.conflicts.map((c) => c.trigger).join() === "CreateAuthChallenge,VerifyAuthChallengeResponse",
    );
  });

  it("is replaced when replaceForeignTriggers is set, keeping every other setting", () => {
    const pool = described("foreign-define-pool");
    const { input, outcomes } = buildUpdateUserPoolInput(
      pool,
      attach("foreign-define-pool", { replaceForeignTriggers: true }),
    );
    assert.equal(input.LambdaConfig?.DefineAuthChallenge, OURS["foreign-define-pool"].DefineAuthChallenge);
    assert.deepEqual(outcomes[0], {
      trigger: "DefineAuthChallenge",
      outcome: "replaced-foreign",
      before: "arn:aws:lambda:eu-central-1:111122223333:function:magic-link-define",
      after: OURS["foreign-define-pool"].DefineAuthChallenge,
    });
    assertEverySettingPreserved(pool, input, true);
  });
});

describe("detaching on destroy", () => {
  it("removes exactly our three triggers and keeps everything else", () => {
    const original = described("rich-pool");
    const pool = withTriggers(original, OURS["rich-pool"]);
    const { input, changed, outcomes } = buildUpdateUserPoolInput(pool, {
      kind: "detach",
      triggers: OURS["rich-pool"],
    });
    assert.equal(changed, true);
    assert.ok(outcomes.every((o) => o.outcome === "detached" && o.after === null));
    assert.deepEqual(input.LambdaConfig, original.LambdaConfig);
    assertEverySettingPreserved(original, input, false);
  });

  it("leaves a trigger that another function took over since the attach", () => {
    const foreign = "arn:aws:lambda:eu-west-1:777788889999:function:someone-else";
    const pool = withTriggers(described("minimal-pool"), { ...OURS["minimal-pool"], CreateAuthChallenge: foreign });
    const { input, outcomes } = buildUpdateUserPoolInput(pool, { kind: "detach", triggers: OURS["minimal-pool"] });
    assert.deepEqual(input.LambdaConfig, { CreateAuthChallenge: foreign });
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ["detached", "left-foreign", "detached"],
    );
  });

  it("needs no write when none of our triggers is there", () => {
    const { changed, outcomes } = buildUpdateUserPoolInput(described("foreign-define-pool"), {
      kind: "detach",
      triggers: OURS["foreign-define-pool"],
    });
    assert.equal(changed, false);
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ["left-foreign", "absent", "absent"],
    );
  });
});

describe("updating to new function ARNs", () => {
  const previous = arns("eu-central-1", "111122223333", "old-prefix");

  it("replaces the ARNs of the previous apply without asking for replaceForeignTriggers", () => {
    const pool = withTriggers(described("rich-pool"), previous);
    const { input, outcomes, changed } = buildUpdateUserPoolInput(pool, attach("rich-pool", { previous }));
    assert.equal(changed, true);
    assert.ok(outcomes.every((o) => o.outcome === "updated"));
    for (const t of OUR_TRIGGERS) assert.equal(input.LambdaConfig?.[t], OURS["rich-pool"][t]);
    assertEverySettingPreserved(pool, input, true);
  });

  it("still refuses a trigger that is neither the previous nor the new ARN", () => {
    const pool = withTriggers(described("rich-pool"), {
      ...previous,
      VerifyAuthChallengeResponse: "arn:aws:lambda:eu-central-1:111122223333:function:intruder",
    });
    assert.throws(
      () => buildUpdateUserPoolInput(pool, attach("rich-pool", { previous })),
      (err: unknown) =>
        err instanceof ForeignTriggerError && err.conflicts[0]?.trigger === "VerifyAuthChallengeResponse",
    );
  });
});

describe("the deprecated UnusedAccountValidityDays", () => {
  it("is not sent next to PasswordPolicy.TemporaryPasswordValidityDays (UpdateUserPool rejects both)", () => {
    const { input } = buildUpdateUserPoolInput(described("rich-pool"), attach("rich-pool"));
    assert.equal(input.AdminCreateUserConfig?.UnusedAccountValidityDays, undefined);
    assert.equal(input.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays, 3);
    assert.equal(input.AdminCreateUserConfig?.AllowAdminCreateUserOnly, true);
  });

  it("is carried into the password policy when only the deprecated field holds the value", () => {
    const pool = described("minimal-pool");
    delete pool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays;
    pool.AdminCreateUserConfig = { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 5 };
    const { input } = buildUpdateUserPoolInput(pool, attach("minimal-pool"));
    assert.equal(input.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays, 5);
    assert.deepEqual(input.AdminCreateUserConfig, { AllowAdminCreateUserOnly: false });
  });

  it("is kept when the pool has no password policy to carry it", () => {
    const pool = described("minimal-pool");
    delete pool.Policies;
    const { input } = buildUpdateUserPoolInput(pool, attach("minimal-pool"));
    assert.equal(input.AdminCreateUserConfig?.UnusedAccountValidityDays, 7);
  });
});

/**
 * A model of UpdateUserPool's documented behaviour: every accepted field takes the request's value, and
 * a field the request omits goes back to its default (here: disappears).
 */
function cognitoUpdate(pool: UserPoolType, input: UpdateUserPoolRequest): UserPoolType {
  const next: Record<string, unknown> = { ...pool };
  for (const field of UPDATABLE_FIELDS) {
    const target = DESCRIBED_SOURCE_OF[field];
    if (input[field] === undefined) delete next[target];
    else next[target] = structuredClone(input[field]);
  }
  return next as UserPoolType;
}

describe("the pool after UpdateUserPool applies the request", () => {
  for (const name of FIXTURES.filter((n) => n !== "foreign-define-pool")) {
    it(`differs from the ${name} before it in our triggers only, and a detach restores it`, () => {
      const before = described(name);
      const attached = buildUpdateUserPoolInput(before, attach(name));
      const after = cognitoUpdate(before, attached.input);
      assert.deepEqual(changedSettings(before, after, attached.input.LambdaConfig ?? {}), []);
      const detached = buildUpdateUserPoolInput(after, { kind: "detach", triggers: OURS[name] });
      const restored = cognitoUpdate(after, detached.input);
      assert.deepEqual(changedSettings(before, restored, before.LambdaConfig ?? {}), []);
    });
  }

  it("would show a setting that an incomplete request reset (the check this whole module exists for)", () => {
    const before = described("mfa-on-pool");
    const { input } = buildUpdateUserPoolInput(before, attach("mfa-on-pool"));
    const incomplete = { ...input, MfaConfiguration: undefined, UserPoolTags: undefined };
    const after = cognitoUpdate(before, incomplete);
    assert.deepEqual(changedSettings(before, after, input.LambdaConfig ?? {}), ["MfaConfiguration", "UserPoolTags"]);
  });

  it("would show triggers that are not what was written", () => {
    const before = described("minimal-pool");
    const { input } = buildUpdateUserPoolInput(before, attach("minimal-pool"));
    assert.deepEqual(changedSettings(before, before, input.LambdaConfig ?? {}), ["LambdaConfig"]);
  });
});

describe("the optional post-authentication trigger (count_all_logins)", () => {
  const POST = "arn:aws:lambda:eu-west-1:777788889999:function:passkeys-post-authentication";
  const FOREIGN = "arn:aws:lambda:eu-west-1:777788889999:function:someone-elses-login-hook";
  const withPost: TriggerArns = { ...OURS["minimal-pool"], PostAuthentication: POST };
  const change = (triggers: TriggerArns, extra: { replaceForeignTriggers?: boolean; previous?: TriggerArns } = {}) => ({
    kind: "attach" as const,
    triggers,
    replaceForeignTriggers: extra.replaceForeignTriggers ?? false,
    previous: extra.previous,
  });

  it("is merged in beside the three when it is given", () => {
    const pool = described("minimal-pool");
    const { input, outcomes } = buildUpdateUserPoolInput(pool, change(withPost));
    assert.equal(input.LambdaConfig?.PostAuthentication, POST);
    assert.deepEqual(
      outcomes.map((o) => [o.trigger, o.outcome]),
      [...OUR_TRIGGERS.map((t) => [t, "attached"]), ["PostAuthentication", "attached"]],
    );
    const { PostAuthentication: _ours, ...others } = input.LambdaConfig ?? {};
    assertEverySettingPreserved(pool, { ...input, LambdaConfig: others }, true);
  });

  it("refuses a post-authentication trigger another function holds, changing nothing, unless told to replace it", () => {
    const pool = withTriggers(described("minimal-pool"), { PostAuthentication: FOREIGN });
    assert.throws(
      () => buildUpdateUserPoolInput(pool, change(withPost)),
      (e: unknown) =>
        e instanceof ForeignTriggerError &&
        e.conflicts.length === 1 &&
        e.conflicts[0]!.trigger === "PostAuthentication" &&
        e.conflicts[0]!.heldBy === FOREIGN,
    );
    const replaced = buildUpdateUserPoolInput(pool, change(withPost, { replaceForeignTriggers: true }));
    assert.equal(replaced.input.LambdaConfig?.PostAuthentication, POST);
  });

  it("leaves someone else's post-authentication trigger alone, unreported, when ours is not deployed", () => {
    const pool = withTriggers(described("minimal-pool"), { PostAuthentication: FOREIGN });
    const { input, outcomes } = buildUpdateUserPoolInput(pool, change(OURS["minimal-pool"]));
    assert.equal(input.LambdaConfig?.PostAuthentication, FOREIGN);
    assert.ok(outcomes.every((o) => o.trigger !== "PostAuthentication"));
  });

  it("removes ours when it is switched off (the previous apply put it there), and only ours", () => {
    const ours = withTriggers(described("minimal-pool"), withPost);
    const off = buildUpdateUserPoolInput(ours, change(OURS["minimal-pool"], { previous: withPost }));
    assert.equal(off.input.LambdaConfig?.PostAuthentication, undefined);
    assert.deepEqual(
      off.outcomes.filter((o) => o.trigger === "PostAuthentication").map((o) => o.outcome),
      ["detached"],
    );
    assert.equal(off.changed, true);
    // Control case: someone took the trigger over since: it stays.
    const taken = withTriggers(described("minimal-pool"), { ...withPost, PostAuthentication: FOREIGN });
    const kept = buildUpdateUserPoolInput(taken, change(OURS["minimal-pool"], { previous: withPost }));
    assert.equal(kept.input.LambdaConfig?.PostAuthentication, FOREIGN);
  });

  it("is detached on destroy with the others when it is ours, and left when it is not", () => {
    const ours = withTriggers(described("minimal-pool"), withPost);
    const gone = buildUpdateUserPoolInput(ours, { kind: "detach", triggers: withPost });
    assert.deepEqual(gone.input.LambdaConfig ?? {}, described("minimal-pool").LambdaConfig ?? {});
    const foreign = withTriggers(described("minimal-pool"), { ...withPost, PostAuthentication: FOREIGN });
    const left = buildUpdateUserPoolInput(foreign, { kind: "detach", triggers: withPost });
    assert.equal(left.input.LambdaConfig?.PostAuthentication, FOREIGN);
  });
});
