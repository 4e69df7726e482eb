/**
 * Configuration shared by the two Corbado actions (pre-login, post-append), read once at cold start.
 *
 * The actions run in Corbado's AWS account and reach the customer's pool through a cross-account role, so
 * the Cognito region comes from the pool id (`eu-central-1_AbC123`), never from the Lambda's own AWS_REGION.
 * Problems are reported as codes naming the variable (docs/corbado-actions.md lists them), never its value.
 */
import { envString, safeBaseUrl, type Env } from "../shared/env";
import { requestIdOf } from "../shared/cognito-events";
import { isUserPoolId, regionOfUserPoolId } from "../shared/cognito-names";
import { createLogger, type LoggerOptions } from "../shared/log";

export interface ActionConfig {
  /** The customer's user pool, e.g. `eu-central-1_AbC123`. */
  readonly userPoolId: string;
  /** Region of the pool, taken from the pool id's prefix. */
  readonly region: string;
  /** The cross-account role in the customer's account (module output `corbado_actions_role_arn`). */
  readonly roleArn: string;
  /** The external id the role's trust policy requires (module output `corbado_actions_external_id`). */
  readonly externalId: string;
  /** Cognito endpoint override for tests and the local stack; undefined in production. */
  readonly endpoint: string | undefined;
  /** STS endpoint override for tests and the local stack; undefined in production. */
  readonly stsEndpoint: string | undefined;
}

/** Problems are log-safe codes naming the variable (`user_pool_id_missing`), never its value. */
export type ConfigResult<T> =
  { readonly ok: true; readonly config: T } | { readonly ok: false; readonly problems: readonly string[] };

// Patterns from the STS API reference (the user pool id's is in ../shared/cognito-names).
const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID_RE = /^[\w+=,.@:/-]{2,1224}$/;

export function loadActionConfig(env: Env): ConfigResult<ActionConfig> {
  const problems: string[] = [];
  const required = (name: string, valid: (value: string) => boolean): string => {
    const value = envString(env, name) ?? "";
    if (!valid(value)) problems.push(`${name.toLowerCase()}_${value === "" ? "missing" : "invalid"}`);
    return value;
  };
  const userPoolId = required("USER_POOL_ID", isUserPoolId);
  const roleArn = required("ASSUME_ROLE_ARN", (v) => ROLE_ARN_RE.test(v));
  const externalId = required("ASSUME_ROLE_EXTERNAL_ID", (v) => EXTERNAL_ID_RE.test(v));
  // As for the triggers: https, or plain http only on loopback (signed requests must not cross a network in clear).
  const override = (service: string): string | undefined => {
    const raw = envString(env, `AWS_ENDPOINT_URL_${service}`) ?? envString(env, "AWS_ENDPOINT_URL");
    const url = safeBaseUrl(raw);
    if (raw !== undefined && url === undefined && !problems.includes("aws_endpoint_url_invalid")) {
      problems.push("aws_endpoint_url_invalid");
    }
    return url;
  };
  const endpoint = override("COGNITO_IDENTITY_PROVIDER");
  const stsEndpoint = override("STS");
  const region = isUserPoolId(userPoolId) ? regionOfUserPoolId(userPoolId) : undefined;
  if (problems.length > 0 || region === undefined) return { ok: false, problems };
  return { ok: true, config: { userPoolId, region, roleArn, externalId, endpoint, stsEndpoint } };
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
