/**
 * Pure logic of the attach step: from a DescribeUserPool response, build the UpdateUserPool request that
 * changes only our three custom-auth triggers and passes every other accepted setting back unchanged.
 *
 * Why: UpdateUserPool resets every attribute that the request does not carry (AWS API reference,
 * UpdateUserPool: "If you don't provide a value for an attribute, Amazon Cognito sets it to its default
 * value"), triggers, MFA mode, tier, tags and deletion protection included.
 */
import type { LambdaConfigType, UpdateUserPoolRequest, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";

/** The three triggers this module always owns, by their LambdaConfig key. */
export const OUR_TRIGGERS = ["DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse"] as const;
/** The trigger this module owns only when it is deployed (`count_all_logins`): it counts every login. */
export const OPTIONAL_TRIGGERS = ["PostAuthentication"] as const;
export const EVERY_TRIGGER = [...OUR_TRIGGERS, ...OPTIONAL_TRIGGERS] as const;
export type OurTrigger = (typeof EVERY_TRIGGER)[number];
export type TriggerArns = Readonly<Record<(typeof OUR_TRIGGERS)[number], string>> &
  Readonly<Partial<Record<(typeof OPTIONAL_TRIGGERS)[number], string>>>;

/** Every UpdateUserPool field except the pool id. */
export type UpdatableField = Exclude<keyof UpdateUserPoolRequest, "UserPoolId">;

/**
 * Where each UpdateUserPool field comes from in the DescribeUserPool response. The mapped type makes
 * this list exhaustive at compile time: a field added to UpdateUserPoolRequest by an SDK upgrade fails
 * `tsc` here until someone decides how to preserve it (merge.test.ts checks the same at run time
 * against the SDK's wire schema).
 */
export const DESCRIBED_SOURCE_OF: { readonly [K in UpdatableField]-?: keyof UserPoolType } = {
  Policies: "Policies",
  DeletionProtection: "DeletionProtection",
  LambdaConfig: "LambdaConfig",
  AutoVerifiedAttributes: "AutoVerifiedAttributes",
  SmsVerificationMessage: "SmsVerificationMessage",
  EmailVerificationMessage: "EmailVerificationMessage",
  EmailVerificationSubject: "EmailVerificationSubject",
  VerificationMessageTemplate: "VerificationMessageTemplate",
  SmsAuthenticationMessage: "SmsAuthenticationMessage",
  UserAttributeUpdateSettings: "UserAttributeUpdateSettings",
  MfaConfiguration: "MfaConfiguration",
  DeviceConfiguration: "DeviceConfiguration",
  EmailConfiguration: "EmailConfiguration",
  SmsConfiguration: "SmsConfiguration",
  UserPoolTags: "UserPoolTags",
  AdminCreateUserConfig: "AdminCreateUserConfig",
  UserPoolAddOns: "UserPoolAddOns",
  DcrConfiguration: "DcrConfiguration",
  AccountRecoverySetting: "AccountRecoverySetting",
  PoolName: "Name",
  UserPoolTier: "UserPoolTier",
  KeyConfiguration: "KeyConfiguration",
  IssuerConfiguration: "IssuerConfiguration",
  AcrConfiguration: "AcrConfiguration",
};

export const UPDATABLE_FIELDS = Object.keys(DESCRIBED_SOURCE_OF) as UpdatableField[];

/** What to do with our triggers. `also` lists ARNs from an earlier apply that count as ours (update path). */
export type TriggerChange =
  | { kind: "attach"; triggers: TriggerArns; replaceForeignTriggers: boolean; previous?: TriggerArns | undefined }
  | { kind: "detach"; triggers: TriggerArns };

export type TriggerOutcomeKind =
  | "attached" // was empty
  | "unchanged" // already ours
  | "updated" // held our ARN from the previous apply, now the new one
  | "replaced-foreign" // held another function; replaced because replaceForeignTriggers was set
  | "detached" // held our ARN, removed
  | "absent" // detach: nothing there
  | "left-foreign"; // detach: held another function, left untouched

export interface TriggerOutcome {
  trigger: OurTrigger;
  outcome: TriggerOutcomeKind;
  before: string | null;
  after: string | null;
}

export interface ForeignTrigger {
  trigger: OurTrigger;
  heldBy: string;
}

/** Another function holds one of our triggers and replaceForeignTriggers is false. Nothing was changed. */
export class ForeignTriggerError extends Error {
  override readonly name = "ForeignTriggerError";
  constructor(
    readonly userPoolId: string,
    readonly conflicts: readonly ForeignTrigger[],
  ) {
    super(
      `User pool ${userPoolId}: ` +
        conflicts.map((c) => `trigger ${c.trigger} is held by another function (${c.heldBy})`).join("; ") +
        ". Nothing was changed. To hand the trigger" +
        (conflicts.length > 1 ? "s" : "") +
        ' over to this module, set "replaceForeignTriggers": true (module variable replace_foreign_triggers = true);' +
        " the other function stops receiving those events.",
    );
  }
}

export interface UpdatePlan {
  input: UpdateUserPoolRequest;
  outcomes: TriggerOutcome[];
  /** false when the pool already is in the wanted state: then no UpdateUserPool call is needed. */
  changed: boolean;
}

/** Deep copy of a JSON-shaped value (DescribeUserPool settings hold no Dates). */
function copy<T>(value: T): T {
  return structuredClone(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Every setting UpdateUserPool accepts, taken from the described pool, without the pool id.
 * Only fields the pool actually has are set: an absent field stays absent (its default).
 */
export function preservedSettings(described: UserPoolType): Omit<UpdateUserPoolRequest, "UserPoolId"> {
  const out: Record<string, unknown> = {};
  for (const field of UPDATABLE_FIELDS) {
    const value = described[DESCRIBED_SOURCE_OF[field]];
    if (present(value)) out[field] = copy(value);
  }
  const settings = out as Omit<UpdateUserPoolRequest, "UserPoolId">;
  normaliseTemporaryPasswordValidity(settings);
  return settings;
}

/**
 * AdminCreateUserConfig.UnusedAccountValidityDays is deprecated: DescribeUserPool still returns it, but
 * UpdateUserPool rejects it next to PasswordPolicy.TemporaryPasswordValidityDays ("Please use
 * TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays"). Both mean the
 * same thing; keep the current field and carry the old value over when only the old one is set.
 */
function normaliseTemporaryPasswordValidity(settings: Omit<UpdateUserPoolRequest, "UserPoolId">): void {
  const admin = settings.AdminCreateUserConfig;
  if (!admin || !present(admin.UnusedAccountValidityDays)) return;
  const passwordPolicy = settings.Policies?.PasswordPolicy;
  if (!passwordPolicy) return; // no password policy to carry it into: the deprecated field is the only carrier
  if (!present(passwordPolicy.TemporaryPasswordValidityDays)) {
    passwordPolicy.TemporaryPasswordValidityDays = admin.UnusedAccountValidityDays;
  }
  delete admin.UnusedAccountValidityDays;
}

function mergeTriggers(
  userPoolId: string,
  current: LambdaConfigType,
  change: TriggerChange,
): { lambdaConfig: LambdaConfigType; outcomes: TriggerOutcome[] } {
  const lambdaConfig: LambdaConfigType = copy(current);
  const outcomes: TriggerOutcome[] = [];
  const conflicts: ForeignTrigger[] = [];

  for (const trigger of EVERY_TRIGGER) {
    const before = current[trigger] || null;
    const ours = change.triggers[trigger];
    if (ours === undefined) {
      // An optional trigger we do not deploy: ours to remove only if the previous apply put it there (it was
      // switched off); anything else there is someone else's, left as it is and not reported.
      const previous = change.kind === "attach" ? change.previous?.[trigger] : undefined;
      if (before !== null && before === previous) {
        delete lambdaConfig[trigger];
        outcomes.push({ trigger, outcome: "detached", before, after: null });
      }
      continue;
    }
    if (change.kind === "detach") {
      if (before === null) {
        outcomes.push({ trigger, outcome: "absent", before, after: null });
      } else if (before === ours) {
        delete lambdaConfig[trigger];
        outcomes.push({ trigger, outcome: "detached", before, after: null });
      } else {
        outcomes.push({ trigger, outcome: "left-foreign", before, after: before });
      }
      continue;
    }
    lambdaConfig[trigger] = ours;
    if (before === null) {
      outcomes.push({ trigger, outcome: "attached", before, after: ours });
    } else if (before === ours) {
      outcomes.push({ trigger, outcome: "unchanged", before, after: ours });
    } else if (change.previous && before === change.previous[trigger]) {
      outcomes.push({ trigger, outcome: "updated", before, after: ours });
    } else if (change.replaceForeignTriggers) {
      outcomes.push({ trigger, outcome: "replaced-foreign", before, after: ours });
    } else {
      conflicts.push({ trigger, heldBy: before });
    }
  }
  if (conflicts.length > 0) throw new ForeignTriggerError(userPoolId, conflicts);
  return { lambdaConfig, outcomes };
}

/**
 * The UpdateUserPool request for `change` on the described pool: every accepted setting preserved, our
 * triggers (the three custom-auth ones, and PostAuthentication when given) merged in (attach) or removed when they
 * still point at our functions (detach). A PostAuthentication of ours from the previous apply that is no longer
 * given is removed; a foreign one is refused like the others unless replaceForeignTriggers.
 * Throws ForeignTriggerError, before anything is written, when another function holds one of our
 * triggers and the change does not allow replacing it.
 */
export function buildUpdateUserPoolInput(described: UserPoolType, change: TriggerChange): UpdatePlan {
  const userPoolId = described.Id;
  if (!userPoolId) throw new Error("DescribeUserPool returned a pool without an Id");
  const settings = preservedSettings(described);
  const { lambdaConfig, outcomes } = mergeTriggers(userPoolId, described.LambdaConfig ?? {}, change);
  const input: UpdateUserPoolRequest = { UserPoolId: userPoolId, ...settings, LambdaConfig: lambdaConfig };
  const changed = outcomes.some((o) => o.before !== o.after);
  return { input, outcomes, changed };
}

/** Deep equality for JSON-shaped values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    if (!sameValue(ra[key], rb[key])) return false;
  }
  return true;
}

/**
 * Settings that differ between two DescribeUserPool snapshots, by UpdateUserPool field name. LambdaConfig
 * is compared with `expectedLambdaConfig` (what we wrote) rather than with the first snapshot.
 * Used after the write to prove nothing but our triggers moved.
 */
export function changedSettings(
  before: UserPoolType,
  after: UserPoolType,
  expectedLambdaConfig: LambdaConfigType,
): UpdatableField[] {
  const a = preservedSettings(before);
  const b = preservedSettings(after);
  const differing: UpdatableField[] = [];
  for (const field of UPDATABLE_FIELDS) {
    const expected = field === "LambdaConfig" ? expectedLambdaConfig : a[field];
    const actual = field === "LambdaConfig" ? (b.LambdaConfig ?? {}) : b[field];
    if (!sameValue(expected, actual)) differing.push(field);
  }
  return differing;
}
