/**
 * What the attach step may write, read once per container from the environment Terraform renders on the
 * function: the pool, our three trigger ARNs and whether a foreign trigger may be replaced. Whoever can
 * invoke the function controls its payload, so the payload never decides any of these: it only selects the
 * lifecycle action, and a payload whose values differ from these is refused (index.ts).
 */
import { envString, safeBaseUrl, type Env } from "../shared/env";
import { isUserPoolId } from "../shared/cognito-names";
import { FUNCTION_ARN, type AttachInput } from "./event";
import { OUR_TRIGGERS, type OurTrigger, type TriggerArns } from "./merge";

/** The variable holding each trigger's ARN. */
export const TRIGGER_ARN_VARIABLES: Readonly<Record<OurTrigger, string>> = {
  DefineAuthChallenge: "DEFINE_AUTH_CHALLENGE_ARN",
  CreateAuthChallenge: "CREATE_AUTH_CHALLENGE_ARN",
  VerifyAuthChallengeResponse: "VERIFY_AUTH_CHALLENGE_ARN",
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
  const problems: string[] = [];
  const required = (name: string, valid: (value: string) => boolean): string => {
    const value = envString(env, name) ?? "";
    if (!valid(value)) problems.push(`${name.toLowerCase()}_${value === "" ? "missing" : "invalid"}`);
    return value;
  };
  const userPoolId = required("USER_POOL_ID", isUserPoolId);
  const triggers = {} as Record<OurTrigger, string>;
  for (const trigger of OUR_TRIGGERS)
    triggers[trigger] = required(TRIGGER_ARN_VARIABLES[trigger], (v) => FUNCTION_ARN.test(v));
  // Exactly "true" or "false": a typo must not decide whether another team's trigger is replaced.
  const replace = required("REPLACE_FOREIGN_TRIGGERS", (v) => v === "true" || v === "false");
  const rawEndpoint =
    envString(env, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER") ?? envString(env, "AWS_ENDPOINT_URL");
  const endpoint = safeBaseUrl(rawEndpoint);
  if (rawEndpoint !== undefined && endpoint === undefined) problems.push("aws_endpoint_url_invalid");
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      input: { userPoolId, triggers: triggers as TriggerArns, replaceForeignTriggers: replace === "true" },
      endpoint,
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
  for (const trigger of OUR_TRIGGERS) {
    if (payload.triggers[trigger] !== configured.triggers[trigger]) {
      out.push(TRIGGER_ARN_VARIABLES[trigger].toLowerCase());
    }
  }
  if (payload.replaceForeignTriggers !== configured.replaceForeignTriggers) out.push("replace_foreign_triggers");
  return out;
}
