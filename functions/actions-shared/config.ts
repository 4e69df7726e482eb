/**
 * Configuration shared by the two Corbado actions (pre-login, post-append), read once at cold start.
 *
 * The actions run in Corbado's AWS account and reach the customer's pool through a cross-account role, so
 * the Cognito region comes from the pool id (`eu-central-1_AbC123`), never from the Lambda's own AWS_REGION.
 * The contract (../shared/config-contract.ts) is strict: anything missing or malformed makes the action answer
 * 500, with problems as codes naming the variable (docs/corbado-actions.md lists them), never its value.
 * Descriptions: config.docs.ts.
 */
import { requestIdOf } from "../shared/cognito-events";
import { MAX_USER_POOL_ID_LENGTH, regionOfUserPoolId, USER_POOL_ID_PATTERN } from "../shared/cognito-names";
import {
  requireConfig,
  type CompleteConfigOf,
  type ConfigResult,
  type Contract,
  type Env,
} from "../shared/config-contract";
import { createLogger, type LoggerOptions } from "../shared/log";

export type { ConfigResult } from "../shared/config-contract";

/** Patterns from the STS API reference (the user pool id's is in ../shared/cognito-names), valid in RE2 too. */
export const ROLE_ARN_PATTERN = "^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$";
export const EXTERNAL_ID_PATTERN = "^[\\w+=,.@:/-]+$";
export const EXTERNAL_ID_LENGTH = { min: 2, max: 1224 } as const;

/** An endpoint override (tests, local stack): as for the triggers, https or plain http on loopback only. */
export const endpointOverride = <E extends string>(env: E) =>
  ({ kind: "url", env, fallback: "AWS_ENDPOINT_URL", optional: true, code: "aws_endpoint_url" }) as const;

export const ACTIONS_CONTRACT = {
  /** The customer's user pool, e.g. `eu-central-1_AbC123`. */
  userPoolId: {
    kind: "string",
    env: "USER_POOL_ID",
    pattern: USER_POOL_ID_PATTERN,
    maxLength: MAX_USER_POOL_ID_LENGTH,
  },
  /** The cross-account role in the customer's account (module output `corbado_actions_role_arn`). */
  roleArn: { kind: "string", env: "ASSUME_ROLE_ARN", pattern: ROLE_ARN_PATTERN },
  /** The external id the role's trust policy requires (module output `corbado_actions_external_id`). */
  externalId: {
    kind: "string",
    env: "ASSUME_ROLE_EXTERNAL_ID",
    pattern: EXTERNAL_ID_PATTERN,
    minLength: EXTERNAL_ID_LENGTH.min,
    maxLength: EXTERNAL_ID_LENGTH.max,
  },
  /** Cognito endpoint override; undefined in production. */
  endpoint: endpointOverride("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"),
  /** STS endpoint override; undefined in production. */
  stsEndpoint: endpointOverride("AWS_ENDPOINT_URL_STS"),
} as const satisfies Contract;

export type ActionConfig = CompleteConfigOf<typeof ACTIONS_CONTRACT> & {
  /** Region of the pool, taken from the pool id's prefix. */
  readonly region: string;
};

/** A configuration with a valid pool id, given that pool's region. */
export function withRegion<T extends { readonly userPoolId: string }>(
  read: ConfigResult<T>,
): ConfigResult<T & { readonly region: string }> {
  return read.ok ? { ok: true, config: { ...read.config, region: regionOfUserPoolId(read.config.userPoolId) } } : read;
}

export function loadActionConfig(env: Env): ConfigResult<ActionConfig> {
  return withRegion(requireConfig(ACTIONS_CONTRACT, env));
}

/**
 * The handler of an action whose configuration is invalid: the problems are logged once at cold start (one
 * line per problem, `cause` naming the variable), each invocation logs one line and gets `response`.
 */
export function createMisconfiguredHandler<TResponse>(
  fn: string,
  event: string,
  problems: readonly string[],
  response: () => TResponse,
  sink?: LoggerOptions["sink"],
): (event: unknown, context?: unknown) => Promise<TResponse> {
  const coldStartLog = createLogger(fn, { sink });
  for (const problem of problems) {
    coldStartLog.error({ event, outcome: "misconfigured", reason: "invalid_configuration", cause: problem });
  }
  return async (_event, context) => {
    createLogger(fn, { requestId: requestIdOf(context), sink }).error({
      event,
      outcome: "misconfigured",
      reason: "invalid_configuration",
    });
    return response();
  };
}
