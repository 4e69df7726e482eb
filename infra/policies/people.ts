import { policyDocument, type PolicyDocument, type PolicyStatement } from "./types";

/**
 * Policies for the people and pipelines around the module, which the module does not create: the pipeline that
 * runs Terraform, the operator who puts the Corbado secret, the operator who flips the kill switch, and the
 * auditor who reads evidence (the live drift check among it). Pure functions of the names the module gives, so
 * the IAM report simulates them like the module's own and emits them for a customer to adapt
 * (docs/iam-report.md, "People and pipelines").
 */

export interface ModuleNames {
  partition: string;
  region: string;
  accountId: string;
  /** The module's name_prefix. */
  namePrefix: string;
  /** The module's iam_path. */
  iamPath: string;
}

/** Every role the module names: `<path><prefix>-*`. */
export function moduleRolesPattern(n: ModuleNames): string {
  return `arn:${n.partition}:iam::${n.accountId}:role${n.iamPath}${n.namePrefix}-*`;
}

export function moduleFunctionsPattern(n: ModuleNames): string {
  return `arn:${n.partition}:lambda:${n.region}:${n.accountId}:function:${n.namePrefix}-*`;
}

export function moduleLogGroupsPattern(n: ModuleNames): string {
  return `arn:${n.partition}:logs:${n.region}:${n.accountId}:log-group:/aws/lambda/${n.namePrefix}-*`;
}

export function moduleParametersPattern(n: ModuleNames): string {
  return `arn:${n.partition}:ssm:${n.region}:${n.accountId}:parameter/${n.namePrefix}/*`;
}

/** Every key of the account in the region: a key the module creates has an id AWS makes up. */
export function accountKeysPattern(n: ModuleNames): string {
  return `arn:${n.partition}:kms:${n.region}:${n.accountId}:key/*`;
}

export interface DeployerPolicyInput extends ModuleNames {
  /** `create`: the module creates a pool (whose id no policy can name before it exists). */
  poolMode: "create" | "external" | "attach";
  /** The pool's ARN when it exists before apply (external, attach); null in create mode. */
  userPoolArn: string | null;
  /** Whether the module creates its KMS key. */
  createsKey: boolean;
  /** The key encrypting the secret when it is the caller's (the module writes the parameter with it). */
  callerKeyArn: string | null;
  /** Whether the functions run in a VPC (Lambda checks the subnets and groups with the caller's rights). */
  inVpc: boolean;
  /** Whether the module creates the console pool (console_enabled). */
  consoleEnabled: boolean;
  /** Whether the module creates alarms and metric filters (create_alarms), a dashboard (create_dashboard). */
  alarms: boolean;
  dashboard: boolean;
  /** console_hosting_enabled: the console's bucket (`<prefix>-console-<account>`) and its CloudFront distribution. */
  hostsConsole?: boolean;
}

/**
 * The deployer statements that manage each resource type of the module. A spec fails when the module declares a
 * type that is not here, so a new kind of resource cannot ship without the deployer being able to create it.
 */
export const DEPLOYER_STATEMENTS_BY_RESOURCE_TYPE: Readonly<Record<string, readonly string[]>> = {
  aws_cloudwatch_log_group: ["DeployerManagesModuleLogGroups", "DeployerListsLogGroups"],
  aws_cognito_user_pool_client: ["DeployerManagesAppClient"],
  aws_iam_role: ["DeployerManagesModuleRoles", "DeployerPassesModuleRoles"],
  // The created pool's SMS role, passed to Cognito (create mode, whether or not SMS MFA is on).
  aws_cognito_user_pool: ["DeployerCreatesPool", "DeployerManagesCreatedPool", "DeployerPassesSmsRoleToCognito"],
  aws_iam_role_policies_exclusive: ["DeployerManagesModuleRoles"],
  aws_iam_role_policy: ["DeployerManagesModuleRoles"],
  aws_iam_role_policy_attachments_exclusive: ["DeployerManagesModuleRoles"],
  aws_kms_alias: ["DeployerManagesModuleKey"],
  aws_kms_key: ["DeployerCreatesKeys", "DeployerManagesModuleKey"],
  aws_lambda_function: ["DeployerManagesModuleFunctions"],
  aws_lambda_invocation: ["DeployerManagesModuleFunctions"],
  aws_lambda_permission: ["DeployerManagesModuleFunctions"],
  aws_ssm_parameter: ["DeployerManagesModuleParameters", "DeployerDescribesParameters", "DeployerEncryptsSecretViaSsm"],
  aws_dynamodb_table: ["DeployerManagesModuleTables", "DeployerLetsDynamoDbUseKey"],
  aws_apigatewayv2_api: ["DeployerManagesHttpApi"],
  aws_apigatewayv2_authorizer: ["DeployerManagesHttpApi"],
  aws_apigatewayv2_integration: ["DeployerManagesHttpApi"],
  aws_apigatewayv2_route: ["DeployerManagesHttpApi"],
  aws_apigatewayv2_stage: ["DeployerManagesHttpApi", "DeployerDeliversApiAccessLogs"],
  aws_cognito_user_group: ["DeployerManagesConsolePool"],
  aws_cognito_user_pool_domain: ["DeployerManagesConsolePool"],
  aws_cloudwatch_dashboard: ["DeployerManagesDashboard"],
  aws_cloudwatch_metric_alarm: ["DeployerManagesAlarms"],
  aws_cloudwatch_log_metric_filter: ["DeployerManagesAlarms"],
  // console_hosting_enabled: the bucket and its settings, config.json, CloudFront.
  aws_s3_bucket: ["DeployerManagesConsoleBucket"],
  aws_s3_bucket_lifecycle_configuration: ["DeployerManagesConsoleBucket"],
  aws_s3_bucket_ownership_controls: ["DeployerManagesConsoleBucket"],
  aws_s3_bucket_policy: ["DeployerManagesConsoleBucket"],
  aws_s3_bucket_public_access_block: ["DeployerManagesConsoleBucket"],
  aws_s3_bucket_server_side_encryption_configuration: ["DeployerManagesConsoleBucket"],
  aws_s3_bucket_versioning: ["DeployerManagesConsoleBucket"],
  aws_s3_object: ["DeployerWritesConsoleConfig"],
  aws_cloudfront_distribution: ["DeployerManagesConsoleDistribution"],
  aws_cloudfront_origin_access_control: ["DeployerManagesConsoleDistribution"],
  aws_cloudfront_response_headers_policy: ["DeployerManagesConsoleDistribution"],
};

/**
 * What the pipeline running `terraform apply` (and destroy) needs for this module and nothing else, by resource
 * type. Where an id exists only once the resource does (a created pool, a created key) the statement names every
 * such resource of the account in the region; the report says so.
 */
export function deployerPolicy(input: DeployerPolicyInput): PolicyDocument {
  const roles = moduleRolesPattern(input);
  const statements: PolicyStatement[] = [
    {
      Sid: "DeployerManagesModuleRoles",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePermissionsBoundary",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRolePolicies",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      Resource: [roles],
    },
    {
      Sid: "DeployerPassesModuleRoles",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [roles],
      Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
    },
    {
      Sid: "DeployerManagesModuleFunctions",
      Effect: "Allow",
      Action: [
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:DeleteFunctionConcurrency",
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionConfiguration",
        "lambda:GetPolicy",
        "lambda:ListTags",
        "lambda:ListVersionsByFunction",
        "lambda:PutFunctionConcurrency",
        "lambda:RemovePermission",
        "lambda:TagResource",
        "lambda:UntagResource",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        ...(input.poolMode === "attach" ? ["lambda:InvokeFunction"] : []),
      ],
      Resource: [moduleFunctionsPattern(input)],
    },
    {
      Sid: "DeployerManagesModuleLogGroups",
      Effect: "Allow",
      Action: [
        "logs:AssociateKmsKey",
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:DeleteRetentionPolicy",
        "logs:DisassociateKmsKey",
        "logs:ListTagsForResource",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
      ],
      Resource: [
        moduleLogGroupsPattern(input),
        `arn:${input.partition}:logs:${input.region}:${input.accountId}:log-group:/aws/apigateway/${input.namePrefix}-api`,
      ],
    },
    {
      Sid: "DeployerListsLogGroups",
      Effect: "Allow",
      Action: ["logs:DescribeLogGroups"],
      Resource: [`arn:${input.partition}:logs:${input.region}:${input.accountId}:log-group:*`],
    },
    {
      Sid: "DeployerManagesModuleParameters",
      Effect: "Allow",
      Action: [
        "ssm:AddTagsToResource",
        "ssm:DeleteParameter",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:ListTagsForResource",
        "ssm:PutParameter",
        "ssm:RemoveTagsFromResource",
      ],
      Resource: [moduleParametersPattern(input)],
    },
    { Sid: "DeployerDescribesParameters", Effect: "Allow", Action: ["ssm:DescribeParameters"], Resource: ["*"] },
    {
      Sid: "DeployerEncryptsSecretViaSsm",
      Effect: "Allow",
      Action: ["kms:Encrypt"],
      Resource: [input.callerKeyArn ?? accountKeysPattern(input)],
      Condition: {
        StringEquals: {
          "kms:ViaService": `ssm.${input.region}.amazonaws.com`,
          "kms:EncryptionContext:PARAMETER_ARN": `arn:${input.partition}:ssm:${input.region}:${input.accountId}:parameter/${input.namePrefix}/corbado-backend-api-secret`,
        },
      },
    },
  ];
  if (input.createsKey) {
    statements.push(
      { Sid: "DeployerCreatesKeys", Effect: "Allow", Action: ["kms:CreateKey", "kms:ListAliases"], Resource: ["*"] },
      {
        Sid: "DeployerManagesModuleKey",
        Effect: "Allow",
        Action: [
          "kms:CreateAlias",
          "kms:DeleteAlias",
          "kms:DescribeKey",
          "kms:EnableKeyRotation",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateAlias",
          "kms:UpdateKeyDescription",
        ],
        Resource: [
          accountKeysPattern(input),
          `arn:${input.partition}:kms:${input.region}:${input.accountId}:alias/${input.namePrefix}-*`,
        ],
      },
    );
  }
  const pool = input.userPoolArn ?? `arn:${input.partition}:cognito-idp:${input.region}:${input.accountId}:userpool/*`;
  if (input.poolMode === "create") {
    statements.push(
      { Sid: "DeployerCreatesPool", Effect: "Allow", Action: ["cognito-idp:CreateUserPool"], Resource: ["*"] },
      {
        Sid: "DeployerPassesSmsRoleToCognito",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [
          `arn:${input.partition}:iam::${input.accountId}:role${input.iamPath}${input.namePrefix}-cognito-sms`,
        ],
        Condition: { StringEquals: { "iam:PassedToService": "cognito-idp.amazonaws.com" } },
      },
      {
        Sid: "DeployerManagesCreatedPool",
        Effect: "Allow",
        Action: [
          "cognito-idp:DeleteUserPool",
          "cognito-idp:DescribeUserPool",
          "cognito-idp:GetUserPoolMfaConfig",
          "cognito-idp:ListTagsForResource",
          "cognito-idp:SetUserPoolMfaConfig",
          "cognito-idp:TagResource",
          "cognito-idp:UntagResource",
          "cognito-idp:UpdateUserPool",
        ],
        Resource: [pool],
      },
    );
  }
  statements.push({
    Sid: "DeployerManagesAppClient",
    Effect: "Allow",
    Action: [
      "cognito-idp:CreateUserPoolClient",
      "cognito-idp:DeleteUserPoolClient",
      "cognito-idp:DescribeUserPoolClient",
      "cognito-idp:UpdateUserPoolClient",
    ],
    Resource: [pool],
  });
  const key = input.callerKeyArn ?? accountKeysPattern(input);
  statements.push(
    {
      Sid: "DeployerManagesModuleTables",
      Effect: "Allow",
      Action: [
        "dynamodb:CreateTable",
        "dynamodb:DeleteTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:UpdateTable",
        "dynamodb:UpdateTimeToLive",
      ],
      Resource: [`arn:${input.partition}:dynamodb:${input.region}:${input.accountId}:table/${input.namePrefix}-*`],
    },
    {
      Sid: "DeployerLetsDynamoDbUseKey",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"],
      Resource: [key],
      Condition: { StringEquals: { "kms:ViaService": `dynamodb.${input.region}.amazonaws.com` } },
    },
    {
      Sid: "DeployerManagesHttpApi",
      Effect: "Allow",
      Action: ["apigateway:DELETE", "apigateway:GET", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT"],
      Resource: [
        `arn:${input.partition}:apigateway:${input.region}::/apis`,
        `arn:${input.partition}:apigateway:${input.region}::/apis/*`,
        `arn:${input.partition}:apigateway:${input.region}::/tags/*`,
      ],
    },
    {
      Sid: "DeployerDeliversApiAccessLogs",
      Effect: "Allow",
      Action: [
        "logs:CreateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:UpdateLogDelivery",
      ],
      Resource: ["*"],
    },
  );
  if (input.consoleEnabled) {
    statements.push({
      Sid: "DeployerManagesConsolePool",
      Effect: "Allow",
      Action: [
        "cognito-idp:CreateGroup",
        "cognito-idp:CreateUserPool",
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:CreateUserPoolDomain",
        "cognito-idp:DeleteGroup",
        "cognito-idp:DeleteUserPool",
        "cognito-idp:DeleteUserPoolClient",
        "cognito-idp:DeleteUserPoolDomain",
        "cognito-idp:DescribeUserPool",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:DescribeUserPoolDomain",
        "cognito-idp:GetGroup",
        "cognito-idp:GetUserPoolMfaConfig",
        "cognito-idp:ListTagsForResource",
        "cognito-idp:SetUserPoolMfaConfig",
        "cognito-idp:TagResource",
        "cognito-idp:UntagResource",
        "cognito-idp:UpdateGroup",
        "cognito-idp:UpdateUserPool",
        "cognito-idp:UpdateUserPoolClient",
        "cognito-idp:UpdateUserPoolDomain",
      ],
      // The console pool's id is generated: every pool of the account in the region (CreateUserPool and the
      // domain calls take no pool ARN).
      Resource: ["*"],
    });
  }
  if (input.alarms) {
    statements.push({
      Sid: "DeployerManagesAlarms",
      Effect: "Allow",
      Action: [
        "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "logs:DeleteMetricFilter",
        "logs:DescribeMetricFilters",
        "logs:PutMetricFilter",
      ],
      Resource: [
        `arn:${input.partition}:cloudwatch:${input.region}:${input.accountId}:alarm:${input.namePrefix}-*`,
        moduleLogGroupsPattern(input),
      ],
    });
  }
  if (input.dashboard) {
    statements.push({
      Sid: "DeployerManagesDashboard",
      Effect: "Allow",
      Action: ["cloudwatch:DeleteDashboards", "cloudwatch:GetDashboard", "cloudwatch:PutDashboard"],
      Resource: [`arn:${input.partition}:cloudwatch::${input.accountId}:dashboard/${input.namePrefix}-*`],
    });
  }
  if (input.hostsConsole) {
    // `<prefix>-console-<account>`, or `<prefix>-<region>-console-<account>` with include_region_in_names.
    const bucket = `arn:${input.partition}:s3:::${input.namePrefix.toLowerCase()}-*console-${input.accountId}`;
    const cloudfront = `arn:${input.partition}:cloudfront::${input.accountId}`;
    statements.push(
      {
        Sid: "DeployerManagesConsoleBucket",
        Effect: "Allow",
        Action: [
          "s3:CreateBucket",
          "s3:DeleteBucket",
          "s3:DeleteBucketPolicy",
          "s3:GetAccelerateConfiguration",
          "s3:GetBucketAcl",
          "s3:GetBucketCORS",
          "s3:GetBucketLogging",
          "s3:GetBucketObjectLockConfiguration",
          "s3:GetBucketOwnershipControls",
          "s3:GetBucketPolicy",
          "s3:GetBucketPublicAccessBlock",
          "s3:GetBucketRequestPayment",
          "s3:GetBucketTagging",
          "s3:GetBucketVersioning",
          "s3:GetBucketWebsite",
          "s3:GetEncryptionConfiguration",
          "s3:GetLifecycleConfiguration",
          "s3:GetReplicationConfiguration",
          "s3:ListBucket",
          "s3:ListBucketVersions",
          "s3:PutBucketOwnershipControls",
          "s3:PutBucketPolicy",
          "s3:PutBucketPublicAccessBlock",
          "s3:PutBucketTagging",
          "s3:PutBucketVersioning",
          "s3:PutEncryptionConfiguration",
          "s3:PutLifecycleConfiguration",
        ],
        Resource: [bucket],
      },
      {
        // config.json, and emptying the bucket on destroy (force_destroy, old versions too).
        Sid: "DeployerWritesConsoleConfig",
        Effect: "Allow",
        Action: [
          "s3:DeleteObject",
          "s3:DeleteObjectVersion",
          "s3:GetObject",
          "s3:GetObjectTagging",
          "s3:PutObject",
          "s3:PutObjectTagging",
        ],
        Resource: [`${bucket}/*`],
      },
      {
        Sid: "DeployerManagesConsoleDistribution",
        Effect: "Allow",
        Action: [
          "cloudfront:CreateDistribution",
          "cloudfront:CreateOriginAccessControl",
          "cloudfront:CreateResponseHeadersPolicy",
          "cloudfront:DeleteDistribution",
          "cloudfront:DeleteOriginAccessControl",
          "cloudfront:DeleteResponseHeadersPolicy",
          "cloudfront:GetDistribution",
          "cloudfront:GetOriginAccessControl",
          "cloudfront:GetResponseHeadersPolicy",
          "cloudfront:ListTagsForResource",
          "cloudfront:TagResource",
          "cloudfront:UntagResource",
          "cloudfront:UpdateDistribution",
          "cloudfront:UpdateOriginAccessControl",
          "cloudfront:UpdateResponseHeadersPolicy",
        ],
        // CloudFront assigns the ids: every distribution, origin access control and headers policy of the account.
        Resource: [
          `${cloudfront}:distribution/*`,
          `${cloudfront}:origin-access-control/*`,
          `${cloudfront}:response-headers-policy/*`,
        ],
      },
    );
  }
  if (input.inVpc) {
    statements.push({
      Sid: "DeployerChecksFunctionVpc",
      Effect: "Allow",
      Action: ["ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"],
      Resource: ["*"],
    });
  }
  return policyDocument(...statements);
}

/** The operator who puts the Corbado secret (secret_management = "out_of_band"): write it, never read it. */
export function secretOperatorPolicy(input: { secretParameterArn: string; keyArn: string; region: string }) {
  return policyDocument(
    {
      Sid: "SecretOperatorWritesSecret",
      Effect: "Allow",
      Action: ["ssm:PutParameter"],
      Resource: [input.secretParameterArn],
    },
    {
      Sid: "SecretOperatorEncryptsViaSsm",
      Effect: "Allow",
      Action: ["kms:Encrypt"],
      Resource: [input.keyArn],
      Condition: {
        StringEquals: {
          "kms:ViaService": `ssm.${input.region}.amazonaws.com`,
          "kms:EncryptionContext:PARAMETER_ARN": input.secretParameterArn,
        },
      },
    },
  );
}

/** The operator who flips the kill switch or passkey-first outside the console: read and write one parameter. */
export function killSwitchOperatorPolicy(input: { loginSettingsParameterArn: string }) {
  return policyDocument({
    Sid: "KillSwitchOperatorWritesSettings",
    Effect: "Allow",
    Action: ["ssm:GetParameter", "ssm:PutParameter"],
    Resource: [input.loginSettingsParameterArn],
  });
}

/**
 * The auditor's read-only evidence: what `npm run audit:iam -- --live` reads (role policies, the key policy, the
 * Lambda resource policies), the key's rotation status, the parameters' history (who changed them, when; a
 * SecureString's history carries only ciphertext without kms:Decrypt) and CloudTrail's event history.
 */
export function evidenceReaderPolicy(n: ModuleNames) {
  return policyDocument(
    {
      Sid: "EvidenceReaderReadsModuleRoles",
      Effect: "Allow",
      Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
      Resource: [moduleRolesPattern(n)],
    },
    {
      Sid: "EvidenceReaderReadsKeys",
      Effect: "Allow",
      Action: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListKeyRotations"],
      Resource: [accountKeysPattern(n)],
    },
    {
      Sid: "EvidenceReaderReadsFunctionPolicies",
      Effect: "Allow",
      Action: ["lambda:GetPolicy"],
      Resource: [moduleFunctionsPattern(n)],
    },
    {
      Sid: "EvidenceReaderReadsParameterHistory",
      Effect: "Allow",
      Action: ["ssm:GetParameterHistory"],
      Resource: [moduleParametersPattern(n)],
    },
    { Sid: "EvidenceReaderLooksUpEvents", Effect: "Allow", Action: ["cloudtrail:LookupEvents"], Resource: ["*"] },
  );
}
