/**
 * What the attach step may write, read once per container from the environment Terraform renders on the
 * function: the pool, our three trigger ARNs and whether a foreign trigger may be replaced. Whoever can
 * invoke the function controls its payload, so the payload never decides any of these: it only selects the
 * lifecycle action, and a payload whose values differ from these is refused (index.ts).
 *
 * The contract (../shared/config-contract.ts) is strict: anything missing or malformed refuses every
 * invocation, with log-safe codes naming the variable (`user_pool_id_missing`). Descriptions: config.docs.ts.
 */
import { requireConfig, type Contract, type Env } from "../shared/config-contract";
import { MAX_USER_POOL_ID_LENGTH, USER_POOL_ID_PATTERN } from "../shared/cognito-names";
import { FUNCTION_ARN_PATTERN, type AttachInput } from "./event";
import { EVERY_TRIGGER, type OurTrigger } from "./merge";

export const POOL_ATTACH_CONTRACT = {
  userPoolId: {
    kind: "string",
    env: "USER_POOL_ID",
    pattern: USER_POOL_ID_PATTERN,
    maxLength: MAX_USER_POOL_ID_LENGTH,
  },
  defineArn: { kind: "string", env: "DEFINE_AUTH_CHALLENGE_ARN", pattern: FUNCTION_ARN_PATTERN },
  createArn: { kind: "string", env: "CREATE_AUTH_CHALLENGE_ARN", pattern: FUNCTION_ARN_PATTERN },
  verifyArn: { kind: "string", env: "VERIFY_AUTH_CHALLENGE_ARN", pattern: FUNCTION_ARN_PATTERN },
  // Unset (blank) while the post-authentication trigger is not deployed (count_all_logins).
  postAuthenticationArn: {
    kind: "string",
    env: "POST_AUTHENTICATION_ARN",
    pattern: FUNCTION_ARN_PATTERN,
    optional: true,
  },
  // Exactly "true" or "false", and required: a typo must not decide whether another team's trigger is replaced.
  replaceForeignTriggers: { kind: "bool", env: "REPLACE_FOREIGN_TRIGGERS" },
  // Cognito endpoint override (tests, local stack): https, or http on loopback only.
  endpoint: {
    kind: "url",
    env: "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    fallback: "AWS_ENDPOINT_URL",
    optional: true,
    code: "aws_endpoint_url",
  },
} as const satisfies Contract;

/** The contract's key of each trigger's ARN. */
const TRIGGER_ARN_KEYS = {
  DefineAuthChallenge: "defineArn",
  CreateAuthChallenge: "createArn",
  VerifyAuthChallengeResponse: "verifyArn",
  PostAuthentication: "postAuthenticationArn",
} as const satisfies Record<OurTrigger, keyof typeof POOL_ATTACH_CONTRACT>;

/** The variable holding each trigger's ARN. */
export const TRIGGER_ARN_VARIABLES: Readonly<Record<OurTrigger, string>> = {
  DefineAuthChallenge: POOL_ATTACH_CONTRACT.defineArn.env,
  CreateAuthChallenge: POOL_ATTACH_CONTRACT.createArn.env,
  VerifyAuthChallengeResponse: POOL_ATTACH_CONTRACT.verifyArn.env,
  PostAuthentication: POOL_ATTACH_CONTRACT.postAuthenticationArn.env,
};

export interface AttachConfig {
  /** USER_POOL_ID, the trigger ARN variables and REPLACE_FOREIGN_TRIGGERS: everything a write depends on. */
  readonly input: AttachInput;
  /** Cognito endpoint override (tests, local stack): https, or http on loopback only. */
  readonly endpoint: string | undefined;
}

/** Problems are log-safe codes naming the variable (`user_pool_id_missing`), never its value. */
export type AttachConfigResult =
  { readonly ok: true; readonly config: AttachConfig } | { readonly ok: false; readonly problems: readonly string[] };

export function attachConfigFromEnv(env: Env): AttachConfigResult {
  const read = requireConfig(POOL_ATTACH_CONTRACT, env);
  if (!read.ok) return read;
  const { config } = read;
  const triggers = Object.fromEntries(
    EVERY_TRIGGER.map((trigger) => [trigger, config[TRIGGER_ARN_KEYS[trigger]]]).filter(([, arn]) => arn !== undefined),
  );
  return {
    ok: true,
    config: {
      input: {
        userPoolId: config.userPoolId,
        triggers: triggers as AttachInput["triggers"],
        replaceForeignTriggers: config.replaceForeignTriggers,
      },
      endpoint: config.endpoint,
    },
  };
}

/**
 * The payload's fields that differ from the configuration, as codes named after the variable that holds the
 * configured value (`verify_auth_challenge_arn`). Empty when the payload is what Terraform would send.
 */
export function payloadMismatches(configured: AttachInput, payload: AttachInput): string[] {
  const out: string[] = [];
  if (payload.userPoolId !== configured.userPoolId) out.push("user_pool_id");
  for (const trigger of EVERY_TRIGGER) {
    if (payload.triggers[trigger] !== configured.triggers[trigger]) {
      out.push(TRIGGER_ARN_VARIABLES[trigger].toLowerCase());
    }
  }
  if (payload.replaceForeignTriggers !== configured.replaceForeignTriggers) out.push("replace_foreign_triggers");
  return out;
}
