/**
 * Login settings (passkey-first, kill switch) as the console reads and changes them.
 *
 * The value lives in the SSM parameter define reads, exactly `{"passkeyFirst":…,"killSwitch":…}`; its version is
 * SSM's own parameter version (PutParameter adds one). SSM has no compare-and-set, so writes are serialised through
 * DynamoDB: a PUT for version V first claims the item `settings-lock / v#V` in the aggregates table with one
 * conditional UpdateItem (only if nobody claimed V, or a claim's lease ran out without a commit). Exactly one of any
 * number of concurrent PUTs for V gets the claim; the others answer 409. The winner re-reads the parameter (still
 * at V, else 409: someone changed it outside the console), writes it, marks the claim committed (V can never be
 * claimed again) and appends `settings-history / v#<new version>` (who, when, what) to the audit table.
 * A claim whose writer died expires after its lease (the request deadline plus 2 s): V can then be claimed again.
 */
import { parseLoginSettings, type LoginSettings } from "../define-auth-challenge/settings";
import { asApiError, awsErrorType, fromItem, N, S, type AwsCall } from "../api-shared/aws";
import type { Identity } from "./auth";
import type { Deadline } from "../api-shared/deadline";
import { ApiError } from "./errors";
import { readParameter } from "../api-shared/parameters";
import { writeParameter } from "./parameters";

export interface SettingsView {
  readonly passkeyFirst: boolean;
  readonly killSwitch: boolean;
  /** False when the parameter's value is not valid settings: define then treats the kill switch as on. */
  readonly valid: boolean;
  /** SSM's version of the parameter: send it back with a change. */
  readonly version: number;
  /** Who made the change that produced this version through the console; null when it was made elsewhere. */
  readonly changedBy: { readonly sub: string; readonly username: string } | null;
  readonly changedAt: string | null;
  /** A change reaches every login within this many seconds (the triggers' settings cache). */
  readonly takesEffectWithinSeconds: number;
}

export interface SettingsStoreOptions {
  readonly aws: AwsCall;
  readonly parameterName: string;
  readonly aggregatesTable: string;
  readonly auditTable: string;
  /** LOGIN_SETTINGS_CACHE_TTL_MS */
  readonly cacheTtlMs: number;
  /** How long a claim holds before another writer may take over (request deadline + 2 s). */
  readonly leaseMs: number;
  readonly now?: () => number;
  /** Where a failed commit or history write is reported (codes only). */
  readonly onProblem?: (problem: string) => void;
}

export interface SettingsStore {
  read(deadline: Deadline): Promise<SettingsView>;
  /**
   * Changes the settings from `current` (just read) if they are still at `expectedVersion`; ApiError
   * (settings_version_conflict) otherwise. `claimId` identifies this request's claim (its request id).
   */
  update(
    current: SettingsView,
    expectedVersion: number,
    next: LoginSettings,
    actor: Identity,
    claimId: string,
    deadline: Deadline,
  ): Promise<SettingsView>;
}

/** The parameter's value for settings, in the one canonical form the API writes. */
export const settingsValue = (s: LoginSettings): string =>
  JSON.stringify({ passkeyFirst: s.passkeyFirst, killSwitch: s.killSwitch });

const HISTORY_PK = "settings-history";
const LOCK_PK = "settings-lock";
const versionSk = (version: number) => `v#${String(version).padStart(10, "0")}`;

export function createSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const { aws } = options;
  const now = options.now ?? Date.now;
  const takesEffectWithinSeconds = Math.ceil(options.cacheTtlMs / 1000);
  const conflict = () => new ApiError("settings_version_conflict");

  async function latestHistory(deadline: Deadline): Promise<Record<string, unknown> | undefined> {
    try {
      const page = await aws(
        "dynamodb",
        "Query",
        {
          TableName: options.auditTable,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": S(HISTORY_PK) },
          ScanIndexForward: false,
          Limit: 1,
        },
        deadline,
      );
      return Array.isArray(page.Items) && page.Items.length > 0 ? fromItem(page.Items[0]) : undefined;
    } catch (error) {
      throw asApiError("dynamodb", error);
    }
  }

  function view(
    value: string,
    version: number,
    history: Record<string, unknown> | undefined,
    modified: string | null,
  ): SettingsView {
    const parsed = parseLoginSettings(value);
    const byConsole = history !== undefined && history.version === version;
    return {
      passkeyFirst: parsed?.passkeyFirst ?? false,
      // An invalid value is a kill switch that is on (define fails safe).
      killSwitch: parsed?.killSwitch ?? true,
      valid: parsed !== undefined,
      version,
      changedBy:
        byConsole && typeof history.actorSub === "string" && typeof history.actorUsername === "string"
          ? { sub: history.actorSub, username: history.actorUsername }
          : null,
      changedAt: byConsole && typeof history.time === "string" ? history.time : modified,
      takesEffectWithinSeconds,
    };
  }

  return {
    async read(deadline) {
      const [parameter, history] = await Promise.all([
        readParameter(aws, options.parameterName, deadline),
        latestHistory(deadline),
      ]);
      return view(parameter.value, parameter.version, history, parameter.lastModified);
    },

    async update(current, expectedVersion, next, actor, claimId, deadline) {
      if (current.version !== expectedVersion) throw conflict();
      const claimedAt = now();
      try {
        await aws(
          "dynamodb",
          "UpdateItem",
          {
            TableName: options.aggregatesTable,
            Key: { pk: S(LOCK_PK), sk: S(`v#${expectedVersion}`) },
            UpdateExpression: "SET holder = :holder, leaseUntil = :lease, expiresAt = :expires",
            ConditionExpression:
              "attribute_not_exists(pk) OR (leaseUntil < :now AND attribute_not_exists(committedAt))",
            ExpressionAttributeValues: {
              ":holder": S(claimId),
              ":lease": N(claimedAt + options.leaseMs),
              ":now": N(claimedAt),
              ":expires": N(Math.floor(claimedAt / 1000) + 86_400),
            },
          },
          deadline,
        );
      } catch (error) {
        if (awsErrorType(error) === "ConditionalCheckFailedException") throw conflict();
        throw asApiError("dynamodb", error);
      }
      // Changed outside the console between our read and the claim: never overwrite that.
      if ((await readParameter(aws, options.parameterName, deadline)).version !== expectedVersion) throw conflict();
      const value = settingsValue(next);
      const version = await writeParameter(aws, options.parameterName, value, deadline);
      const time = new Date(now()).toISOString();
      // The parameter is written: what follows only records it, so a failure is reported, not answered.
      const recorded = await Promise.allSettled([
        aws(
          "dynamodb",
          "UpdateItem",
          {
            TableName: options.aggregatesTable,
            Key: { pk: S(LOCK_PK), sk: S(`v#${expectedVersion}`) },
            UpdateExpression: "SET committedAt = :now, newVersion = :version",
            ConditionExpression: "holder = :holder",
            ExpressionAttributeValues: { ":now": N(now()), ":version": N(version), ":holder": S(claimId) },
          },
          deadline,
        ),
        aws(
          "dynamodb",
          "PutItem",
          {
            TableName: options.auditTable,
            Item: {
              pk: S(HISTORY_PK),
              sk: S(versionSk(version)),
              version: N(version),
              previousVersion: N(expectedVersion),
              value: S(value),
              previousValue: S(settingsValue(current)),
              actorSub: S(actor.sub),
              actorUsername: S(actor.username),
              time: S(time),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
          deadline,
        ),
      ]);
      recorded.forEach((r, i) => {
        if (r.status === "rejected")
          options.onProblem?.(i === 0 ? "settings_commit_failed" : "settings_history_failed");
      });
      return {
        passkeyFirst: next.passkeyFirst,
        killSwitch: next.killSwitch,
        valid: true,
        version,
        changedBy: { sub: actor.sub, username: actor.username },
        changedAt: time,
        takesEffectWithinSeconds,
      };
    },
  };
}
