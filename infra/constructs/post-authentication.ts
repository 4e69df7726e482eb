import { Construct } from "constructs";
import { POST_AUTHENTICATION_ENVIRONMENT } from "../../functions/post-authentication/config.docs";
import { postAuthenticationTriggerPolicy } from "../policies/adoption-counters";
import { writerCallerKeyPolicy, type AdoptionWriterProps } from "./adoption-writers";
import { renderEnvironment } from "./environment";
import type { Condition } from "./expr";
import { PasskeyFunction, type FunctionDefaults, type InvokePermission } from "./passkey-function";

/** Cognito fails the sign-in when the trigger takes longer than 5 s; it answers within COUNTER_TIMEOUT_MS (250 ms). */
export const POST_AUTHENTICATION_TIMEOUT_SECONDS = 3;

export interface PostAuthenticationTriggerProps extends AdoptionWriterProps {
  /** Whether the trigger exists (`count_all_logins`, by pool mode when null): a literal or a condition. */
  readonly enabled: Condition;
  readonly functions: FunctionDefaults;
  readonly packagePath?: string;
  /** In MB, as the other triggers. */
  readonly memorySize: number;
  readonly reservedConcurrentExecutions?: number | null;
  readonly vpc: { readonly subnetIds: string[]; readonly securityGroupIds: string[] };
  /** Cognito, for this pool in this account only (as the other triggers). */
  readonly invokedBy: InvokePermission;
}

/**
 * The optional post-authentication trigger (functions/post-authentication): counts every successful login into the
 * aggregates table, with a role that may only add to its counter items (policies/adoption-counters.ts). It never
 * fails a sign-in. Logical id `post_authentication`.
 */
export class PostAuthenticationTrigger extends Construct {
  readonly function: PasskeyFunction;

  constructor(scope: Construct, id: string, props: PostAuthenticationTriggerProps) {
    super(scope, id);
    this.function = new PasskeyFunction(this, "post-authentication", {
      ...props.functions,
      name: "post-authentication",
      policy: (logGroupArn) =>
        postAuthenticationTriggerPolicy({ logGroupArn, aggregatesTableArn: props.tables.aggregates.arn }),
      environment: renderEnvironment(POST_AUTHENTICATION_ENVIRONMENT, {
        aggregatesTable: props.tables.aggregates.name,
        counterShards: props.counterShards,
      }),
      timeoutSeconds: POST_AUTHENTICATION_TIMEOUT_SECONDS,
      memorySize: props.memorySize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      vpc: props.vpc,
      invokedBy: props.invokedBy,
      enabled: props.enabled,
      packagePath: props.packagePath,
    });
    this.function.exclusive.add(
      writerCallerKeyPolicy(
        this,
        { logicalId: "post_authentication", roleId: this.function.refs.roleId, enabled: props.enabled },
        { ...props, logicalIdPrefix: props.functions.logicalIdPrefix },
      ),
    );
  }
}
