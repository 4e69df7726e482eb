import { Fn, Op, Token, ref, type IResolvable, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { DataAwsCognitoUserPool } from "@cdktf/provider-aws/lib/data-aws-cognito-user-pool";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { poolAttachPassRolePolicy, poolAttachPolicy } from "../policies/pool-attach";
import { renderPolicy } from "../policies/render";
import { POOL_ATTACH_ENVIRONMENT } from "../../functions/pool-attach/config.docs";
import { CheckBlock } from "./check";
import { renderEnvironment } from "./environment";
import { and, choose, countIf, isNonEmptyList, isToken, jsonLocal, logicalIds, type Condition } from "./expr";
import { PasskeyFunction, type FunctionDefaults } from "./passkey-function";
import type { BooleanInput } from "./props";

export const POOL_ATTACH_TIMEOUT_SECONDS = 60;
/** In MB; the step runs once per apply, so the triggers' memory setting does not apply to it. */
export const POOL_ATTACH_MEMORY_SIZE = 256;
/** Name of the check block that warns when our triggers are not on the attached pool. */
export const POOL_TRIGGERS_CHECK = "pool_attach_triggers";

/** The triggers as UpdateUserPool names them, and as `aws_cognito_user_pool`'s `lambda_config` does. */
const LAMBDA_CONFIG_ATTRIBUTES = {
  DefineAuthChallenge: "define_auth_challenge",
  CreateAuthChallenge: "create_auth_challenge",
  VerifyAuthChallengeResponse: "verify_auth_challenge_response",
  PostAuthentication: "post_authentication",
} as const;

/** The triggers in the shape of UpdateUserPool's LambdaConfig (ARNs built from names: known at plan). */
export interface PoolAttachTriggers {
  readonly DefineAuthChallenge: string;
  readonly CreateAuthChallenge: string;
  readonly VerifyAuthChallengeResponse: string;
  /** The post-authentication trigger's ARN; merged in only while `postAuthenticationEnabled`. */
  readonly PostAuthentication: string;
}

export interface PoolAttachStepProps {
  /** Whether the step exists (`attach` mode): a literal or a condition. */
  readonly enabled: Condition;
  readonly functions: FunctionDefaults;
  readonly packagePath?: string;
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly triggers: PoolAttachTriggers;
  /** Whether the post-authentication trigger is deployed (`count_all_logins`): a literal or a condition. */
  readonly postAuthenticationEnabled: Condition;
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
 * destroy, removes exactly ours. Terraform cannot see the pool, so the module reads it on every plan and a check
 * block warns when our three triggers are not on it (another tool rewrote the pool, or a failed update was recorded
 * as done). Logical ids: `pool_attach`, `pool_attach_pass_role`, `data.aws_cognito_user_pool.pool_attach`,
 * `check.pool_attach_triggers`.
 */
export class PoolAttachStep extends Construct {
  readonly function: PasskeyFunction;
  readonly invocation: LambdaInvocation;
  /** Absent when the step is literally off (a CDKTF app in another mode). */
  readonly triggersCheck?: CheckBlock;

  constructor(scope: Construct, id: string, props: PoolAttachStepProps) {
    super(scope, id);
    const prefix = props.functions.logicalIdPrefix;
    const named = logicalIds(prefix);
    const withPostAuthentication = props.postAuthenticationEnabled;
    // The input's and the environment's post-authentication: absent (blank) while the trigger is not deployed.
    const postAuthenticationArn = choose<string | undefined>(
      withPostAuthentication,
      props.triggers.PostAuthentication,
      isToken(withPostAuthentication) ? "" : undefined,
    );
    const { PostAuthentication: _post, ...customAuth } = props.triggers;
    const inputTriggers =
      withPostAuthentication === true
        ? props.triggers
        : withPostAuthentication === false
          ? customAuth
          : Fn.merge([customAuth, Fn.conditional(withPostAuthentication, { PostAuthentication: _post }, {})]);
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
        postAuthenticationArn,
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
    this.function.exclusive.add(passRolePolicy);
    this.invocation = named(
      new LambdaInvocation(this, "invocation", {
        count: countIf(props.enabled),
        functionName: this.function.refs.functionName,
        lifecycleScope: "CRUD",
        terraformKey: "tf",
        input: jsonLocal(this, `${prefix}pool_attach_input`, {
          userPoolId: props.userPoolId,
          triggers: inputTriggers,
          replaceForeignTriggers: props.replaceForeignTriggers,
        }),
        // Cognito must be allowed to call the triggers before they are wired; the role keeps its policy
        // until the detach on destroy has run.
        dependsOn: [...props.triggerPermissions, this.function.policy, passRolePolicy, this.function.logGroup],
      }),
      "pool_attach",
    );
    if (props.enabled !== false) this.triggersCheck = this.checkTriggers(props);
  }

  /**
   * The pool as it is (read on every plan, after the step ran in this apply; in attach mode only) and the check
   * block that warns, naming each trigger that is not ours.
   */
  private checkTriggers(props: PoolAttachStepProps): CheckBlock {
    const named = logicalIds(props.functions.logicalIdPrefix);
    const pool = named(
      new DataAwsCognitoUserPool(this, "pool", {
        count: countIf(props.enabled),
        userPoolId: props.userPoolId,
        dependsOn: [this.invocation],
      }),
      "pool_attach",
    );
    const invocation = `${this.invocation.terraformResourceType}.${this.invocation.friendlyUniqueId}`;
    // try(): in another mode the pool is not read (no instance), and a pool may have no lambda_config at all.
    const current = (trigger: keyof PoolAttachTriggers) =>
      Fn.try([
        ref(
          `data.aws_cognito_user_pool.${pool.friendlyUniqueId}[0].lambda_config[0].${LAMBDA_CONFIG_ATTRIBUTES[trigger]}`,
        ),
        "",
      ]);
    const withPost = props.postAuthenticationEnabled;
    const triggers = (Object.keys(LAMBDA_CONFIG_ATTRIBUTES) as (keyof PoolAttachTriggers)[]).filter(
      (t) => t !== "PostAuthentication" || withPost !== false,
    );
    // The post-authentication trigger must be ours while it is deployed, and is not checked otherwise.
    const isOurs = (t: keyof PoolAttachTriggers) => {
      const eq = Op.eq(current(t), props.triggers[t]) as IResolvable;
      return t !== "PostAuthentication" || withPost === true ? eq : (Op.or(Op.not(withPost), eq) as IResolvable);
    };
    const ours = triggers.map(isOurs).reduce((all, next) => Op.and(all, next) as IResolvable);
    const condition = props.enabled === true ? ours : Op.or(Op.not(props.enabled), ours);
    const found = triggers.map((t) => `${t} ${Token.asString(Fn.coalesce([current(t), "(none)"]))}`).join(", ");
    return named(
      new CheckBlock(this, "triggers-check", [
        {
          condition: Token.asString(condition),
          errorMessage: `The passkey triggers are not all on user pool ${props.userPoolId}: passkey login fails until they are. The pool has ${found}; ours are ${triggers.map((t) => props.triggers[t]).join(", ")}. Another tool may have rewritten the pool, or an attach step failed after Terraform recorded it. Re-run the step: terraform apply -replace='module.<this module>.${invocation}[0]' (docs/attach-mode.md, "When the triggers are gone").`,
        },
      ]),
      POOL_TRIGGERS_CHECK,
    );
  }
}
