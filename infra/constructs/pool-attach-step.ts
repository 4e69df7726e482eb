import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { poolAttachPassRolePolicy, poolAttachPolicy } from "../policies/pool-attach";
import { renderPolicy } from "../policies/render";
import { POOL_ATTACH_ENVIRONMENT } from "../../functions/pool-attach/config.docs";
import { renderEnvironment } from "./environment";
import { and, countIf, isNonEmptyList, jsonLocal, logicalIds, type Condition } from "./expr";
import { PasskeyFunction, type FunctionDefaults } from "./passkey-function";
import type { BooleanInput } from "./props";

export const POOL_ATTACH_TIMEOUT_SECONDS = 60;
/** In MB; the step runs once per apply, so the triggers' memory setting does not apply to it. */
export const POOL_ATTACH_MEMORY_SIZE = 256;

/** The triggers in the shape of UpdateUserPool's LambdaConfig (ARNs built from names: known at plan). */
export interface PoolAttachTriggers {
  readonly DefineAuthChallenge: string;
  readonly CreateAuthChallenge: string;
  readonly VerifyAuthChallengeResponse: string;
}

export interface PoolAttachStepProps {
  /** Whether the step exists (`attach` mode): a literal or a condition. */
  readonly enabled: Condition;
  readonly functions: FunctionDefaults;
  readonly packagePath?: string;
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly triggers: PoolAttachTriggers;
  /**
   * What must exist before the triggers are wired and until they are removed: Cognito's invoke permissions
   * (which depend on the functions; the trigger ARNs above, built from names, do not).
   */
  readonly triggerPermissions: ITerraformDependable[];
  readonly replaceForeignTriggers: BooleanInput;
  /** Roles the pool already uses (its SMS role), passed back to Cognito unchanged. */
  readonly passRoleArns: string[];
}

/**
 * `attach` mode: a function invoked at apply time merges our triggers into a pool outside Terraform and, on
 * destroy, removes exactly ours. Logical ids: `pool_attach`, `pool_attach_pass_role`.
 */
export class PoolAttachStep extends Construct {
  readonly function: PasskeyFunction;
  readonly invocation: LambdaInvocation;

  constructor(scope: Construct, id: string, props: PoolAttachStepProps) {
    super(scope, id);
    const prefix = props.functions.logicalIdPrefix;
    const named = logicalIds(prefix);
    this.function = new PasskeyFunction(this, "pool-attach", {
      ...props.functions,
      name: "pool-attach",
      policy: (logGroupArn) => poolAttachPolicy({ logGroupArn, userPoolArn: props.userPoolArn }),
      timeoutSeconds: POOL_ATTACH_TIMEOUT_SECONDS,
      memorySize: POOL_ATTACH_MEMORY_SIZE,
      // The same values as the invocation's input: the function refuses an input that disagrees with them.
      environment: renderEnvironment(POOL_ATTACH_ENVIRONMENT, {
        userPoolId: props.userPoolId,
        defineArn: props.triggers.DefineAuthChallenge,
        createArn: props.triggers.CreateAuthChallenge,
        verifyArn: props.triggers.VerifyAuthChallengeResponse,
        replaceForeignTriggers: props.replaceForeignTriggers,
      }),
      enabled: props.enabled,
      packagePath: props.packagePath,
    });
    const passRolePolicy = named(
      new IamRolePolicy(this, "pass-role", {
        count: countIf(and(props.enabled, isNonEmptyList(props.passRoleArns))),
        name: "pass-pool-roles",
        role: this.function.refs.roleId,
        policy: renderPolicy(
          this,
          `${prefix}pool_attach_pass_role_policy`,
          poolAttachPassRolePolicy(props.passRoleArns),
        ),
      }),
      "pool_attach_pass_role",
    );
    this.invocation = named(
      new LambdaInvocation(this, "invocation", {
        count: countIf(props.enabled),
        functionName: this.function.refs.functionName,
        lifecycleScope: "CRUD",
        terraformKey: "tf",
        input: jsonLocal(this, `${prefix}pool_attach_input`, {
          userPoolId: props.userPoolId,
          triggers: props.triggers,
          replaceForeignTriggers: props.replaceForeignTriggers,
        }),
        // Cognito must be allowed to call the triggers before they are wired; the role keeps its policy
        // until the detach on destroy has run.
        dependsOn: [...props.triggerPermissions, this.function.policy, passRolePolicy, this.function.logGroup],
      }),
      "pool_attach",
    );
  }
}
