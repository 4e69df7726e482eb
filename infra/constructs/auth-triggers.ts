import { Construct } from "constructs";
import { CREATE_ENVIRONMENT } from "../../functions/create-auth-challenge/config.docs";
import { DEFINE_ENVIRONMENT } from "../../functions/define-auth-challenge/config.docs";
import { VERIFY_ENVIRONMENT } from "../../functions/verify-auth-challenge/config.docs";
import { createTriggerPolicy, defineTriggerPolicy, verifyTriggerPolicy } from "../policies/triggers";
import { writerCallerKeyPolicy, type AdoptionWriterProps } from "./adoption-writers";
import { renderEnvironment } from "./environment";
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
  /** Where define and verify count (docs/admin-api.md, "Writers"). */
  readonly counters: AdoptionWriterProps;
}

/**
 * The three custom-auth triggers, each a PasskeyFunction with the environment its contract asks for
 * (functions/<fn>/config.docs.ts; what the module does not set is left to the function's default) and a
 * least-privilege policy, invokable by Cognito for this pool in this account only (confused-deputy protection).
 */
export class AuthChallengeTriggers extends Construct {
  readonly define: PasskeyFunction;
  readonly create: PasskeyFunction;
  readonly verify: PasskeyFunction;
  /** The three, by function name. */
  readonly byName: Record<TriggerName, PasskeyFunction>;
  /** Who may invoke a trigger: Cognito, for this pool in this account (the post-authentication trigger too). */
  readonly invokedBy: InvokePermission;
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
    this.invokedBy = invokedBy;
    const { tables, counterShards } = props.counters;
    const aggregatesTableArn = tables.aggregates.arn;
    const trigger = (name: TriggerName, policy: PasskeyFunctionProps["policy"], environment: Record<string, string>) =>
      new PasskeyFunction(this, name, {
        ...props.functions,
        name,
        policy,
        // No environment block for a function that reads none.
        environment: Object.keys(environment).length > 0 ? environment : undefined,
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
        defineTriggerPolicy({
          logGroupArn,
          loginSettingsParameterArn: props.loginSettings.parameterArn,
          aggregatesTableArn,
        }),
      renderEnvironment(DEFINE_ENVIRONMENT, {
        maxAttempts: props.maxChallengeAttempts,
        settingsParameter: props.loginSettings.parameterName,
        settingsCacheTtlMs: props.loginSettingsCacheTtlMs,
        killSwitchWhenUnreadable: props.killSwitchWhenSettingsUnreadable,
        aggregatesTable: tables.aggregates.name,
        counterShards,
      }),
    );
    this.create = trigger(
      "create-auth-challenge",
      (logGroupArn) => createTriggerPolicy({ logGroupArn }),
      renderEnvironment(CREATE_ENVIRONMENT, {}),
    );
    this.verify = trigger(
      "verify-auth-challenge",
      (logGroupArn) =>
        verifyTriggerPolicy({ logGroupArn, secretParameterArn: props.secret.parameterArn, aggregatesTableArn }),
      renderEnvironment(VERIFY_ENVIRONMENT, {
        secretParameter: props.secret.parameterName,
        backendApiUrl: props.corbadoBackendApiUrl,
        timeoutMs: props.corbadoTimeoutMs,
        aggregatesTable: tables.aggregates.name,
        counterShards,
      }),
    );
    // With the caller's key, the writers' roles need it for the aggregates table (policies/tables.ts).
    for (const [logicalId, fn] of [
      ["define_auth_challenge", this.define],
      ["verify_auth_challenge", this.verify],
    ] as const) {
      fn.exclusive.add(
        writerCallerKeyPolicy(
          this,
          { logicalId, roleId: fn.refs.roleId, enabled: true },
          { ...props.counters, logicalIdPrefix: props.functions.logicalIdPrefix },
        ),
      );
    }
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
