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
import type { PolicyDocument } from "../policies/types";
import { and, choose, countIf, instanceAttribute, isNonEmptyList, logicalIds, snakeCase, type Condition } from "./expr";
import type { RoleDefaults } from "./props";

export const LAMBDA_RUNTIME = "nodejs24.x";

/** What every function of the module shares: names, logs, role defaults, tags. */
export interface FunctionDefaults {
  readonly namePrefix: string;
  readonly logRetentionDays: number;
  /** KMS key of the log group; null or undefined: CloudWatch Logs' own encryption. */
  readonly logKmsKeyArn?: string | null;
  readonly roleDefaults: RoleDefaults;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
  /** Partition, region and account, for ARNs built from names (known at plan). */
  readonly arnScope: ArnScope;
}

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
    this.arns = {
      function: lambdaFunctionArn(props.arnScope, functionName),
      logGroup: logGroupArn(props.arnScope, logGroupName),
      role: iamRoleArn(props.arnScope, props.roleDefaults.path, functionName),
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
    this.role = named(
      new IamRole(this, "role", {
        count,
        name: functionName,
        ...props.roleDefaults,
        assumeRolePolicy: renderPolicy(this, `${props.logicalIdPrefix}lambda_trust_policy`, lambdaTrustPolicy()),
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
    const packagePath = props.packagePath ?? `\${path.module}/functions/${name}.zip`;
    this.fn = named(
      new LambdaFunction(this, "function", {
        count,
        functionName,
        description: `Corbado passkeys: ${name}`,
        role: instanceAttribute(counted, this.role, "arn", this.role.arn),
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        filename: packagePath,
        // Written as an expression string: Fn.filebase64sha256 would escape ${path.module} (CDKTF 0.21).
        sourceCodeHash: `\${filebase64sha256("${packagePath}")}`,
        timeout: props.timeoutSeconds,
        memorySize: props.memorySize,
        reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? undefined,
        environment: props.environment ? { variables: props.environment } : undefined,
        loggingConfig: {
          logFormat: "Text",
          logGroup: instanceAttribute(counted, this.logGroup, "name", this.logGroup.name),
        },
        tags: props.tags,
        dependsOn: this.vpcPolicy ? [this.policy, this.vpcPolicy] : [this.policy],
      }),
      logicalId,
    );
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
