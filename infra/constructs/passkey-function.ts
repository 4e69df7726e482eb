import { Fn, Token, ref } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { iamRoleArn, lambdaFunctionArn, logGroupArn, type ArnScope } from "../policies/arns";
import { renderPolicy } from "../policies/render";
import { lambdaTrustPolicy } from "../policies/trust";
import { lambdaVpcAccessPolicy } from "../policies/triggers";
import { xrayTracingPolicy } from "../policies/xray";
import type { PolicyDocument } from "../policies/types";
import {
  and,
  choose,
  countIf,
  instanceAttribute,
  equals,
  isNonEmptyList,
  isNull,
  isToken,
  logicalIds,
  not,
  roleNamePrecondition,
  snakeCase,
  type Condition,
} from "./expr";
import type { LogFormat, RoleDefaults, TokenString, TracingMode } from "./props";
import { ExclusiveRolePolicies } from "./exclusive-role-policies";

export const LAMBDA_RUNTIME = "nodejs24.x";

/** What every function of the module shares: names, logs, role defaults, tags. */
export interface FunctionDefaults {
  readonly namePrefix: string;
  /** Prefix of the role's name, global to the account (the region may be in it). Default: `namePrefix`. */
  readonly roleNamePrefix?: string;
  readonly logRetentionDays: number;
  /** KMS key of the log group; null or undefined: CloudWatch Logs' own encryption. */
  readonly logKmsKeyArn?: string | null;
  readonly roleDefaults: RoleDefaults;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
  /** X-Ray tracing mode; null or undefined: no tracing_config and no X-Ray permissions. */
  readonly tracingMode?: TracingMode | TokenString | null;
  /** The code signing configuration the function's packages must satisfy; null or undefined: none. */
  readonly codeSigningConfigArn?: string | null;
  /** Lambda's log format. Default "JSON" (each line a JSON object; see functions/shared/log.ts). */
  readonly logFormat?: LogFormat | TokenString;
  /** A bucket holding the functions' signed packages; null or undefined: the module's own zips. */
  readonly packageS3Bucket?: string | null;
  /** Function name (`verify-auth-challenge`) -> key of its signed package in `packageS3Bucket`. */
  readonly packageS3Keys?: Record<string, string>;
  /** Partition, region and account, for ARNs built from names (known at plan). */
  readonly arnScope: ArnScope;
}

/** The log level Lambda's JSON format applies to the function's own lines and to its platform lines. */
export const JSON_LOG_LEVEL = "INFO";

/** Who may invoke the function: one service principal, for one source resource in one account. */
export interface InvokePermission {
  readonly statementId: string;
  /** A service principal, e.g. `cognito-idp.amazonaws.com`. */
  readonly principal: string;
  /** The one resource allowed to invoke (confused-deputy protection). */
  readonly sourceArn: string;
  /** The account that owns the source, where the service supports it (Cognito does). */
  readonly sourceAccount?: string;
}

export interface PasskeyFunctionProps extends FunctionDefaults {
  /** The function's name after the prefix, its package's name and (snake_case) its logical id. */
  readonly name: string;
  /** The role's permissions, given the ARN of the function's own log group (built from its name). */
  readonly policy: (logGroupArn: string) => PolicyDocument;
  readonly timeoutSeconds: number;
  /** In MB. */
  readonly memorySize: number;
  readonly environment?: Record<string, string>;
  /** Reserved concurrency; null or undefined: unreserved. */
  readonly reservedConcurrentExecutions?: number | null;
  /** Subnets and security groups: the function runs in the VPC when the subnet list is not empty. Absent: never. */
  readonly vpc?: { readonly subnetIds: string[]; readonly securityGroupIds: string[] };
  /** The Lambda permission letting a service invoke the function. Absent: none. */
  readonly invokedBy?: InvokePermission;
  /** Whether the function exists: literally true (not counted), or a condition (every resource counted). Default true. */
  readonly enabled?: Condition;
  /** Where the zip is, as Terraform sees it. Default `${path.module}/functions/<name>.zip` (the module's layout). */
  readonly packagePath?: string;
}

/**
 * One Lambda function of the module with everything it needs and nothing more: its log group (retention, optional
 * KMS key), its own role with one least-privilege policy, VPC access when placed in a VPC, and the permission
 * for the one service that invokes it. Logical ids are the name in snake_case (`verify_auth_challenge`).
 */
export class PasskeyFunction extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  /** Present when `vpc` is given (counted by whether subnets are). */
  readonly vpcPolicy?: IamRolePolicy;
  /** X-Ray permissions; present unless tracing is literally off (counted by whether it is on). */
  readonly xrayPolicy?: IamRolePolicy;
  /** Pins the role to its policies (a hand-added one shows in plan); `add` a policy another part gives the role. */
  readonly exclusive: ExclusiveRolePolicies;
  readonly fn: LambdaFunction;
  readonly permission?: LambdaPermission;
  /** References valid whether or not the function is counted (indexed exactly when it is). */
  readonly refs: { readonly functionName: string; readonly arn: string; readonly roleId: string };
  /**
   * ARNs built from the names given here, known at plan (for policies and inputs); they carry no dependency
   * on the resources, so a user of one that needs the resource to exist first says so with depends_on.
   */
  readonly arns: { readonly function: string; readonly logGroup: string; readonly role: string };

  constructor(scope: Construct, id: string, props: PasskeyFunctionProps) {
    super(scope, id);
    const named = logicalIds(props.logicalIdPrefix);
    const name = props.name;
    const logicalId = snakeCase(name);
    const enabled = props.enabled ?? true;
    const counted = enabled !== true;
    const count = counted ? countIf(enabled) : undefined;
    const functionName = `${props.namePrefix}-${name}`;
    const logGroupName = `/aws/lambda/${functionName}`;
    const roleName = `${props.roleNamePrefix ?? props.namePrefix}-${name}`;
    this.arns = {
      function: lambdaFunctionArn(props.arnScope, functionName),
      logGroup: logGroupArn(props.arnScope, logGroupName),
      role: iamRoleArn(props.arnScope, props.roleDefaults.path, roleName),
    };

    this.logGroup = named(
      new CloudwatchLogGroup(this, "logs", {
        count,
        name: logGroupName,
        retentionInDays: props.logRetentionDays,
        kmsKeyId: props.logKmsKeyArn ?? undefined,
        tags: props.tags,
      }),
      logicalId,
    );
    const fits = roleNamePrecondition(roleName);
    this.role = named(
      new IamRole(this, "role", {
        count,
        name: roleName,
        ...props.roleDefaults,
        assumeRolePolicy: renderPolicy(this, `${props.logicalIdPrefix}lambda_trust_policy`, lambdaTrustPolicy()),
        lifecycle: fits.length > 0 ? { precondition: fits } : undefined,
      }),
      logicalId,
    );
    const roleId = instanceAttribute(counted, this.role, "id", this.role.id);
    this.policy = named(
      new IamRolePolicy(this, "policy", {
        count,
        name,
        role: roleId,
        policy: renderPolicy(this, `${props.logicalIdPrefix}${logicalId}_policy`, props.policy(this.arns.logGroup)),
      }),
      logicalId,
    );
    const inVpc = props.vpc ? and(enabled, isNonEmptyList(props.vpc.subnetIds)) : false;
    if (props.vpc) {
      this.vpcPolicy = named(
        new IamRolePolicy(this, "vpc-access", {
          count: countIf(inVpc),
          name: "vpc-access",
          role: roleId,
          policy: renderPolicy(this, `${props.logicalIdPrefix}lambda_vpc_access_policy`, lambdaVpcAccessPolicy()),
        }),
        `${logicalId}_vpc_access`,
      );
    }
    const tracingOn = not(isNull(props.tracingMode));
    if (tracingOn !== false) {
      this.xrayPolicy = named(
        new IamRolePolicy(this, "xray", {
          count: countIf(and(enabled, tracingOn)),
          name: "xray-tracing",
          role: roleId,
          policy: renderPolicy(this, `${props.logicalIdPrefix}xray_tracing_policy`, xrayTracingPolicy()),
        }),
        `${logicalId}_xray`,
      );
    }
    const logFormat = props.logFormat ?? "JSON";
    const json = equals(logFormat, "JSON");
    this.exclusive = new ExclusiveRolePolicies(this, "exclusive", {
      roleName: instanceAttribute(counted, this.role, "name", this.role.name),
      count,
      policies: [this.policy, this.vpcPolicy, this.xrayPolicy],
      named,
      logicalId,
    });
    this.fn = named(
      new LambdaFunction(this, "function", {
        count,
        functionName,
        description: `Corbado passkeys: ${name}`,
        role: instanceAttribute(counted, this.role, "arn", this.role.arn),
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        ...packageArguments(name, props),
        timeout: props.timeoutSeconds,
        memorySize: props.memorySize,
        reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? undefined,
        codeSigningConfigArn: props.codeSigningConfigArn ?? undefined,
        environment: props.environment ? { variables: props.environment } : undefined,
        loggingConfig: {
          logFormat,
          logGroup: instanceAttribute(counted, this.logGroup, "name", this.logGroup.name),
          // Lambda accepts log levels only with the JSON format.
          applicationLogLevel: orNull(json, JSON_LOG_LEVEL),
          systemLogLevel: orNull(json, JSON_LOG_LEVEL),
        },
        tracingConfig: tracingOn === true ? { mode: props.tracingMode! } : undefined,
        tags: props.tags,
        dependsOn: [
          this.policy,
          ...(this.vpcPolicy ? [this.vpcPolicy] : []),
          ...(this.xrayPolicy ? [this.xrayPolicy] : []),
        ],
      }),
      logicalId,
    );
    if (tracingOn !== true && tracingOn !== false) {
      // A dynamic block: no tracing_config at all unless a mode is given.
      this.fn.addOverride("dynamic.tracing_config", {
        for_each: choose(tracingOn, [1], []),
        content: { mode: props.tracingMode },
      });
    }
    if (props.vpc && inVpc !== false) {
      // A dynamic block: no vpc_config at all when no subnets are given.
      this.fn.addOverride("dynamic.vpc_config", {
        for_each: choose(inVpc, [1], []),
        content: { subnet_ids: props.vpc.subnetIds, security_group_ids: props.vpc.securityGroupIds },
      });
    }
    this.refs = {
      functionName: instanceAttribute(counted, this.fn, "function_name", this.fn.functionName),
      arn: instanceAttribute(counted, this.fn, "arn", this.fn.arn),
      roleId,
    };
    if (props.invokedBy) {
      const invoker = props.invokedBy;
      this.permission = named(
        new LambdaPermission(this, "permission", {
          count,
          statementId: invoker.statementId,
          action: "lambda:InvokeFunction",
          functionName: this.refs.functionName,
          principal: invoker.principal,
          sourceArn: invoker.sourceArn,
          sourceAccount: invoker.sourceAccount,
        }),
        logicalId,
      );
    }
  }
}

/** `value` when the condition holds, else unset (null in Terraform, absent for a literal false). */
function orNull(condition: Condition, value: string): string | undefined {
  if (typeof condition === "boolean") return condition ? value : undefined;
  return Token.asString(Fn.conditional(condition, value, ref("null")));
}

/**
 * Where the function's code comes from: the module's zip (or the CDKTF app's asset), or, with `packageS3Bucket`,
 * the signed package under the function's key in that bucket (code signing). A change of the key redeploys.
 */
function packageArguments(
  name: string,
  props: PasskeyFunctionProps,
): { filename?: string; sourceCodeHash?: string; s3Bucket?: string; s3Key?: string } {
  const bucket = props.packageS3Bucket;
  const keys = props.packageS3Keys ?? {};
  const fromS3 = not(isNull(bucket));
  if (fromS3 === false) {
    const packagePath = props.packagePath ?? `\${path.module}/functions/${name}.zip`;
    // Written as an expression string: Fn.filebase64sha256 would escape ${path.module} (CDKTF 0.21).
    return { filename: packagePath, sourceCodeHash: `\${filebase64sha256("${packagePath}")}` };
  }
  const key = isToken(keys) ? Token.asString(Fn.lookup(keys, name, ref("null"))) : keys[name];
  if (fromS3 === true) return { s3Bucket: bucket!, s3Key: key };
  const packagePath = props.packagePath ?? `${Token.asString(ref("path.module"))}/functions/${name}.zip`;
  return {
    filename: Token.asString(Fn.conditional(fromS3, ref("null"), packagePath)),
    sourceCodeHash: Token.asString(Fn.conditional(fromS3, ref("null"), Fn.filebase64sha256(packagePath))),
    s3Bucket: bucket!,
    s3Key: Token.asString(Fn.conditional(fromS3, key, ref("null"))),
  };
}
