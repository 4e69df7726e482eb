/**
 * ARNs built from the names the module gives its resources, never read from a resource's `arn` attribute: an
 * attribute is `(known after apply)` until the resource exists, and one unknown value hides a whole policy
 * document in `terraform plan`. Partition, region and account come from data sources Terraform reads while
 * planning, so a policy made of these is readable in the first plan. A resource whose ARN holds an id AWS
 * generates (a user pool, a KMS key) has no builder here.
 */

/** Where the module deploys: `data.aws_partition`, `data.aws_region`, `data.aws_caller_identity` (or literals). */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export function lambdaFunctionArn(scope: ArnScope, functionName: string): string {
  return `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;
}

/** A log group as `aws_cloudwatch_log_group.arn` spells it (without the `:*` the API adds). */
export function logGroupArn(scope: ArnScope, logGroupName: string): string {
  return `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupName}`;
}

/** `path` starts and ends with `/` (IAM's rule, checked by the module's validation). */
export function iamRoleArn(scope: ArnScope, path: string, roleName: string): string {
  return `arn:${scope.partition}:iam::${scope.accountId}:role${path}${roleName}`;
}

export function accountRootArn(scope: ArnScope): string {
  return `arn:${scope.partition}:iam::${scope.accountId}:root`;
}

/** `parameterName` as SSM spells a hierarchical name, with its leading `/`. */
export function ssmParameterArn(scope: ArnScope, parameterName: string): string {
  return `arn:${scope.partition}:ssm:${scope.region}:${scope.accountId}:parameter${parameterName}`;
}

/** A pool that already exists (external and attach modes): its id is known before apply. */
export function userPoolArn(scope: ArnScope, userPoolId: string): string {
  return `arn:${scope.partition}:cognito-idp:${scope.region}:${scope.accountId}:userpool/${userPoolId}`;
}

/** A DynamoDB table by its name (tables are regional: the name is unique in the account and region). */
export function dynamodbTableArn(scope: ArnScope, tableName: string): string {
  return `arn:${scope.partition}:dynamodb:${scope.region}:${scope.accountId}:table/${tableName}`;
}
