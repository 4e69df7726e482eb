import { Construct } from "constructs";
import { createTriggerPolicy, defineTriggerPolicy, verifyTriggerPolicy } from "../policies/triggers";
import { boolString, numberString } from "./expr";
import {
  PasskeyFunction,
  type FunctionDefaults,
  type InvokePermission,
  type PasskeyFunctionProps,
} from "./passkey-function";
import type { BooleanInput, FunctionName } from "./props";

/** Timeouts inside Cognito's 5 s budget for a trigger's answer. */
export const TRIGGER_TIMEOUT_SECONDS = {
  "define-auth-challenge": 3,
  "create-auth-challenge": 3,
  "verify-auth-challenge": 5,
} as const;
/** SSM read budget of verify-auth-challenge (contract default), in ms. */
export const SSM_TIMEOUT_MS = 1000;
/** How soon define-auth-challenge reads the login settings again after a failed read, in ms (well under the TTL). */
export const LOGIN_SETTINGS_RETRY_MS = 2000;

export type TriggerName = keyof typeof TRIGGER_TIMEOUT_SECONDS;

export interface AuthChallengeTriggersProps {
  readonly functions: FunctionDefaults;
  readonly packagePaths: Partial<Record<FunctionName, string>>;
  /** Memory of each trigger, in MB. */
  readonly memorySize: number;
  readonly reservedConcurrentExecutions?: number | null;
  readonly vpc: { readonly subnetIds: string[]; readonly securityGroupIds: string[] };
  /** The one pool that invokes the triggers, and its account. */
  readonly userPoolArn: string;
  readonly accountId: string;
  /** Parameter names for the environment; ARNs built from names (known at plan) for the policies. */
  readonly loginSettings: { readonly parameterName: string; readonly parameterArn: string };
  readonly secret: { readonly parameterName: string; readonly parameterArn: string };
  readonly maxChallengeAttempts: number;
  readonly killSwitchWhenSettingsUnreadable: BooleanInput;
  readonly loginSettingsCacheTtlMs: number;
  readonly corbadoBackendApiUrl: string;
  readonly corbadoTimeoutMs: number;
}

/**
 * The three custom-auth triggers, each a PasskeyFunction with its contract's environment and least-privilege
 * policy, invokable by Cognito for this pool in this account only (confused-deputy protection).
 */
export class AuthChallengeTriggers extends Construct {
  readonly define: PasskeyFunction;
  readonly create: PasskeyFunction;
  readonly verify: PasskeyFunction;
  /** The three, by function name. */
  readonly byName: Record<TriggerName, PasskeyFunction>;
  /** Trigger ARNs in the shape of `aws_cognito_user_pool.lambda_config`. */
  readonly lambdaConfig: {
    define_auth_challenge: string;
    create_auth_challenge: string;
    verify_auth_challenge_response: string;
  };

  constructor(scope: Construct, id: string, props: AuthChallengeTriggersProps) {
    super(scope, id);
    const invokedBy: InvokePermission = {
      statementId: "AllowCognitoUserPool",
      principal: "cognito-idp.amazonaws.com",
      sourceArn: props.userPoolArn,
      sourceAccount: props.accountId,
    };
    const trigger = (name: TriggerName, policy: PasskeyFunctionProps["policy"], environment?: Record<string, string>) =>
      new PasskeyFunction(this, name, {
        ...props.functions,
        name,
        policy,
        environment,
        timeoutSeconds: TRIGGER_TIMEOUT_SECONDS[name],
        memorySize: props.memorySize,
        reservedConcurrentExecutions: props.reservedConcurrentExecutions,
        vpc: props.vpc,
        invokedBy,
        packagePath: props.packagePaths[name],
      });

    this.define = trigger(
      "define-auth-challenge",
      (logGroupArn) =>
        defineTriggerPolicy({ logGroupArn, loginSettingsParameterArn: props.loginSettings.parameterArn }),
      {
        MAX_CHALLENGE_ATTEMPTS: numberString(props.maxChallengeAttempts),
        LOGIN_SETTINGS_PARAMETER: props.loginSettings.parameterName,
        KILL_SWITCH_WHEN_UNREADABLE: boolString(props.killSwitchWhenSettingsUnreadable),
        LOGIN_SETTINGS_CACHE_TTL_MS: numberString(props.loginSettingsCacheTtlMs),
        LOGIN_SETTINGS_RETRY_MS: String(LOGIN_SETTINGS_RETRY_MS),
      },
    );
    this.create = trigger("create-auth-challenge", (logGroupArn) => createTriggerPolicy({ logGroupArn }));
    this.verify = trigger(
      "verify-auth-challenge",
      (logGroupArn) => verifyTriggerPolicy({ logGroupArn, secretParameterArn: props.secret.parameterArn }),
      {
        CORBADO_SECRET_PARAMETER: props.secret.parameterName,
        CORBADO_BACKEND_API_URL: props.corbadoBackendApiUrl,
        CORBADO_TIMEOUT_MS: numberString(props.corbadoTimeoutMs),
        SSM_TIMEOUT_MS: String(SSM_TIMEOUT_MS),
        EARLY_REJECT: "true",
      },
    );
    this.byName = {
      "define-auth-challenge": this.define,
      "create-auth-challenge": this.create,
      "verify-auth-challenge": this.verify,
    };
    this.lambdaConfig = {
      define_auth_challenge: this.define.fn.arn,
      create_auth_challenge: this.create.fn.arn,
      verify_auth_challenge_response: this.verify.fn.arn,
    };
  }
}
