/**
 * Apply-time step of the module's `attach` pool mode, invoked by Terraform's aws_lambda_invocation
 * with lifecycle_scope = "CRUD". Merges our three custom-auth triggers into a user pool that Terraform
 * does not manage (create/update) and removes exactly those triggers again (delete), passing every other
 * setting back unchanged. Calls only DescribeUserPool, GetUserPoolMfaConfig and UpdateUserPool.
 *
 * What it writes (the pool, our three ARNs, the replace flag) comes from the environment Terraform sets on
 * the function (config.ts), never from the payload: anyone allowed to invoke it controls the payload.
 *
 * Errors are thrown: the invocation then fails the apply, which is wanted. Refusals (no configuration, a
 * payload that disagrees with it, foreign trigger, unknown settings, bad input) happen before anything is written.
 */
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Env } from "../shared/config-contract";
import { createLogger, type Logger } from "../shared/log";
import { attachConfigFromEnv, payloadMismatches } from "./config";
import { parseEvent, type AttachInput, type AttachRequest, type LifecycleAction } from "./event";
import { UnknownSettingsError, droppedMembers, keepRawDescribeUserPool, rawDescribeOf } from "./guard";
import {
  OUR_TRIGGERS,
  buildUpdateUserPoolInput,
  changedSettings,
  sameValue,
  type OurTrigger,
  type TriggerChange,
  type TriggerOutcome,
  type UpdatePlan,
} from "./merge";

export { ForeignTriggerError } from "./merge";
export { InvalidInputError } from "./event";
export { UnknownSettingsError } from "./guard";

/** The function's environment lacks or garbles what it writes: nothing was read or written. */
export class NotConfiguredError extends Error {
  override readonly name = "NotConfiguredError";
  constructor(readonly problems: readonly string[]) {
    super(
      `pool-attach is not configured (${problems.join(", ")}); nothing was written. The module sets USER_POOL_ID, ` +
        "DEFINE_AUTH_CHALLENGE_ARN, CREATE_AUTH_CHALLENGE_ARN, VERIFY_AUTH_CHALLENGE_ARN and REPLACE_FOREIGN_TRIGGERS " +
        "on the function: re-apply it.",
    );
  }
}

/** The payload asks for other values than the function's environment holds: nothing was read or written. */
export class PayloadMismatchError extends Error {
  override readonly name = "PayloadMismatchError";
  constructor(readonly fields: readonly string[]) {
    super(
      `The invocation payload differs from this function's configuration in ${fields.join(", ")}; nothing was ` +
        "written. Only the module's own aws_lambda_invocation should invoke this function, with the values it " +
        "also sets in the function's environment.",
    );
  }
}

/** UpdateUserPool succeeded but the pool's other settings are not what they were. */
export class SettingsChangedError extends Error {
  override readonly name = "SettingsChangedError";
}

/** What happened to one trigger: what it held before (`previous`), what it holds now (`current`), what we did. */
export interface TriggerReport {
  outcome: TriggerOutcome["outcome"];
  previous: string | null;
  current: string | null;
}

export interface PoolResult {
  userPoolId: string;
  /** false when the pool already was in the wanted state (no UpdateUserPool call), or was not found on delete. */
  changed: boolean;
  /** Per trigger: what it held before (`previous`), what it holds now (`current`), and what we did. */
  triggers: Record<(typeof OUR_TRIGGERS)[number], TriggerReport> & Partial<Record<OurTrigger, TriggerReport>>;
  note?: string;
}

/** Stored by Terraform as the invocation's `result`: ARNs and pool ids only, nothing secret. */
export interface AttachResult {
  action: LifecycleAction;
  pool: PoolResult;
  /** Update that moved to another pool: what was removed from the previous one. */
  previousPool?: PoolResult;
}

const MAX_ATTEMPTS = 3;
const VERIFY_READS = 3;

export interface RunOptions {
  /** Pause before re-reading a pool that does not look written yet (multiplied by the read number). */
  verifyDelayMs?: number;
}

/** The Cognito client; `endpoint` is the configuration's override (attachConfigFromEnv: trimmed, https or loopback). */
export function createClient(endpoint?: string): CognitoIdentityProviderClient {
  const client = new CognitoIdentityProviderClient(endpoint ? { endpoint } : {});
  keepRawDescribeUserPool(client);
  return client;
}

interface Planned {
  before: UserPoolType;
  plan: UpdatePlan;
}

class PoolAttach {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly log: Logger,
    private readonly verifyDelayMs: number,
  ) {}

  /** DescribeUserPool, or null when the pool does not exist. Refuses settings this build cannot see. */
  private async describe(userPoolId: string): Promise<UserPoolType | null> {
    try {
      const output = await this.client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
      if (!output.UserPool) throw new Error(`DescribeUserPool returned no UserPool for ${userPoolId}`);
      const raw = rawDescribeOf(output) as { UserPool?: unknown } | undefined;
      if (raw !== undefined) {
        const dropped = droppedMembers(raw.UserPool, output.UserPool);
        if (dropped.length > 0) throw new UnknownSettingsError(userPoolId, dropped);
      }
      return output.UserPool;
    } catch (err) {
      if ((err as Error).name === "ResourceNotFoundException") return null;
      throw err;
    }
  }

  private async mfa(userPoolId: string): Promise<Record<string, unknown>> {
    const { $metadata: _ignored, ...config } = await this.client.send(
      new GetUserPoolMfaConfigCommand({ UserPoolId: userPoolId }),
    );
    return config;
  }

  async plan(userPoolId: string, change: TriggerChange): Promise<Planned | null> {
    const before = await this.describe(userPoolId);
    if (!before) return null;
    return { before, plan: buildUpdateUserPoolInput(before, change) };
  }

  /** Writes a plan, re-reading and re-planning when Cognito reports a concurrent modification. */
  async write(userPoolId: string, change: TriggerChange, planned: Planned): Promise<PoolResult> {
    let current = planned;
    for (let attempt = 1; ; attempt++) {
      if (!current.plan.changed) {
        this.log.info({ event: "pool_attach", outcome: "no_change" });
        return poolResult(userPoolId, current.plan, false);
      }
      const mfaBefore = await this.mfa(userPoolId);
      try {
        await this.client.send(new UpdateUserPoolCommand(current.plan.input));
      } catch (err) {
        if ((err as Error).name !== "ConcurrentModificationException" || attempt >= MAX_ATTEMPTS) throw err;
        this.log.warn({ event: "pool_attach", outcome: "retry", reason: "concurrent_modification" });
        const again = await this.plan(userPoolId, change);
        if (!again) throw new Error(`User pool ${userPoolId} disappeared while it was being updated`, { cause: err });
        current = again;
        continue;
      }
      await this.verify(userPoolId, current, mfaBefore);
      this.log.info({ event: "pool_attach", outcome: "updated", metrics: { attempt } });
      return poolResult(userPoolId, current.plan, true);
    }
  }

  /**
   * Reads the pool back: our triggers as planned, every other setting and the MFA configuration as before.
   * A read right after the write may still be served from before it, so a mismatch is re-read a few times.
   */
  private async verify(userPoolId: string, planned: Planned, mfaBefore: Record<string, unknown>): Promise<void> {
    let differing: string[] = [];
    for (let read = 1; read <= VERIFY_READS; read++) {
      if (read > 1) await sleep(this.verifyDelayMs * (read - 1));
      const after = await this.describe(userPoolId);
      if (!after) throw new Error(`User pool ${userPoolId} disappeared right after UpdateUserPool`);
      differing = changedSettings(planned.before, after, planned.plan.input.LambdaConfig ?? {});
      if (!sameValue(mfaBefore, await this.mfa(userPoolId))) differing.push("MFA configuration (GetUserPoolMfaConfig)");
      if (differing.length === 0) return;
    }
    this.log.error({ event: "pool_attach", outcome: "settings_changed" });
    throw new SettingsChangedError(
      `User pool ${userPoolId}: UpdateUserPool succeeded, but reading the pool back shows changes beyond our ` +
        `triggers in: ${differing.join(", ")}. Another tool may have written the pool at the same time ` +
        "(the last writer wins), or Cognito normalised a value. Compare the pool with its previous " +
        "configuration (CloudTrail UpdateUserPool events) before re-running.",
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function poolResult(userPoolId: string, plan: UpdatePlan, changed: boolean): PoolResult {
  const triggers = {} as PoolResult["triggers"];
  for (const o of plan.outcomes) triggers[o.trigger] = { outcome: o.outcome, previous: o.before, current: o.after };
  return { userPoolId, changed, triggers };
}

function notFound(input: AttachInput): PoolResult {
  const triggers = {} as PoolResult["triggers"];
  for (const t of OUR_TRIGGERS) triggers[t] = { outcome: "absent", previous: null, current: null };
  return { userPoolId: input.userPoolId, changed: false, triggers, note: "user pool not found; nothing to detach" };
}

function poolMissing(userPoolId: string): Error {
  return new Error(`User pool ${userPoolId} was not found (check the pool id and the provider's region)`);
}

export async function run(
  request: AttachRequest,
  client: CognitoIdentityProviderClient,
  log: Logger,
  options: RunOptions = {},
): Promise<AttachResult> {
  const pools = new PoolAttach(client, log, options.verifyDelayMs ?? 500);
  const { action, input, previous } = request;

  if (action === "delete") {
    const change: TriggerChange = { kind: "detach", triggers: input.triggers };
    const planned = await pools.plan(input.userPoolId, change);
    if (!planned) return { action, pool: notFound(input) } satisfies AttachResult;
    return { action, pool: await pools.write(input.userPoolId, change, planned) } satisfies AttachResult;
  }

  const attach: TriggerChange = {
    kind: "attach",
    triggers: input.triggers,
    replaceForeignTriggers: input.replaceForeignTriggers,
    // Same pool: the ARNs of the previous apply are ours and get replaced in one UpdateUserPool call.
    previous: previous && previous.userPoolId === input.userPoolId ? previous.triggers : undefined,
  };
  const planned = await pools.plan(input.userPoolId, attach);
  if (!planned) throw poolMissing(input.userPoolId);

  if (action === "update" && previous && previous.userPoolId !== input.userPoolId) {
    // Moved to another pool: plan both before writing either, attach first so login keeps working.
    const detach: TriggerChange = { kind: "detach", triggers: previous.triggers };
    // Reading the old pool first also fails early when the role may no longer read it.
    const oldExists = (await pools.plan(previous.userPoolId, detach)) !== null;
    const pool = await pools.write(input.userPoolId, attach, planned);
    // Re-read right before writing: keeps the read-modify-write window as short as for a single pool.
    const plannedOld = oldExists ? await pools.plan(previous.userPoolId, detach) : null;
    const previousPool = plannedOld ? await pools.write(previous.userPoolId, detach, plannedOld) : notFound(previous);
    return { action, pool, previousPool } satisfies AttachResult;
  }
  return { action, pool: await pools.write(input.userPoolId, attach, planned) } satisfies AttachResult;
}

export interface HandlerOptions extends RunOptions {
  /** Where the configuration is read from (default: process.env), once, when the handler is created. */
  env?: Env;
}

/**
 * The handler. The pool, our ARNs and the replace flag come from the environment (config.ts); the payload only
 * picks the lifecycle action and names the previous apply's pool and ARNs. A payload whose own values differ
 * from the environment is refused before any AWS call.
 */
export function createHandler(client?: CognitoIdentityProviderClient, options: HandlerOptions = {}) {
  const loaded = attachConfigFromEnv(options.env ?? process.env);
  let cognito = client;
  return async (event: unknown, context?: { awsRequestId?: string }): Promise<AttachResult> => {
    const userPoolId = loaded.ok ? loaded.config.input.userPoolId : undefined;
    const log = createLogger("pool-attach", { requestId: context?.awsRequestId, userPoolId });
    const refuse = (reason: string, causes: readonly string[]) => {
      for (const cause of causes) log.error({ event: "pool_attach", outcome: "refused", reason, cause });
    };
    try {
      if (!loaded.ok) {
        refuse("not_configured", loaded.problems);
        throw new NotConfiguredError(loaded.problems);
      }
      const { config } = loaded;
      const request = parseEvent(event);
      const mismatches = payloadMismatches(config.input, request.input);
      if (mismatches.length > 0) {
        refuse("payload_mismatch", mismatches);
        throw new PayloadMismatchError(mismatches);
      }
      log.info({ event: "pool_attach", outcome: request.action });
      cognito ??= createClient(config.endpoint);
      return await run({ ...request, input: config.input }, cognito, log, options);
    } catch (err) {
      log.error({ event: "pool_attach", outcome: "failed", reason: safeName(err) });
      throw err;
    }
  };
}

function safeName(err: unknown): string {
  const name = err instanceof Error ? err.name : "unknown";
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

let cached: ReturnType<typeof createHandler> | undefined;

export const handler = async (event: unknown, context?: { awsRequestId?: string }): Promise<AttachResult> => {
  cached ??= createHandler();
  return cached(event, context);
};
