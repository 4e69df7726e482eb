# Everything switched on: your own KMS key (whose policy names the verify trigger's role and the secret
# parameter), the secret written by Terraform through a write-only argument (never in state or plan), a
# permissions boundary and IAM path on every role, VPC placement, reserved concurrency, encrypted logs with a
# chosen retention, X-Ray tracing, code signing (the module's zips signed with your signer profile and deployed
# from S3), alarms to your SNS topic and a dashboard, the app client's token lifetimes, and the role Corbado's
# actions assume, with SMS MFA offered after a passkey is added; the security console's backend (console pool,
# audit log, admin API) and the self-service route for your app's passkey management.
# After apply, enter `terraform output -json corbado_actions_environment` in Corbado for both actions
# (docs/corbado-actions.md); their zips are in the module's functions/ folder (output corbado_action_packages).

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.19.0"
    }
  }
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-central-1"
}

provider "aws" {
  region = var.region
}

variable "corbado_api_secret" {
  description = "base64(projectId:apiSecret); pass with TF_VAR_corbado_api_secret from your secret store."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "corbado_api_secret_version" {
  description = "Increase to write a new corbado_api_secret."
  type        = number
  default     = 1
}

variable "corbado_actions_principal_arn" {
  description = "The IAM role Corbado's actions run as (Corbado gives it to you)."
  type        = string
}

variable "corbado_actions_external_id" {
  description = "The external id you and Corbado agree on; not a secret."
  type        = string
}

variable "corbado_project_id" {
  description = "Your Corbado project id (pro-...)."
  type        = string
}

variable "console_origin" {
  description = "Where the security console is served (https://console.example.com)."
  type        = string
}

variable "app_origins" {
  description = "Origins of your login and app pages (CORS of the public login config and the self-service route)."
  type        = list(string)
}

variable "subnet_ids" {
  description = "Private subnets with a route to Corbado and to SSM; empty to stay outside a VPC."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups for the functions when subnet_ids is set."
  type        = list(string)
  default     = []
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

resource "aws_iam_policy" "boundary" {
  name = "passkeys-boundary"
  path = "/passkeys/"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "CeilingForPasskeyRoles"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "ssm:GetParameter", "ssm:PutParameter", "kms:Decrypt", "kms:GenerateDataKey", "ec2:*NetworkInterface*", "ec2:DescribeSubnets", "ec2:*PrivateIpAddresses", "cognito-idp:AdminGetUser", "cognito-idp:ListUsers", "cognito-idp:DescribeUserPool", "cognito-idp:AdminSetUserMFAPreference", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:UpdateItem", "dynamodb:PutItem", "sns:Publish", "xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      Resource = "*"
    }]
  })
}

resource "aws_kms_key" "secret" {
  description         = "Corbado secret (complete example)"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "VerifyTriggerDecryptsViaSsm"
        Effect    = "Allow"
        Principal = { AWS = module.passkeys.role_arns.verify_auth_challenge }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"                      = "ssm.${data.aws_region.current.region}.amazonaws.com"
            "kms:EncryptionContext:PARAMETER_ARN" = module.passkeys.secret_parameter_arn
          }
        }
      },
    ]
  })
}

resource "aws_kms_key" "logs" {
  description         = "Passkey trigger logs (complete example)"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsEncrypts"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = [
          "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/passkeys-prod-*",
          "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/apigateway/passkeys-prod-api",
        ] } }
      },
    ]
  })
}

# Code signing: the module's packages (output function_packages) are uploaded, signed by your signer profile,
# and deployed from S3 under a code signing configuration that refuses anything else.
resource "aws_s3_bucket" "packages" {
  bucket_prefix = "passkeys-prod-packages-"
}

resource "aws_s3_bucket_versioning" "packages" {
  bucket = aws_s3_bucket.packages.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "packages" {
  bucket                  = aws_s3_bucket.packages.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_signer_signing_profile" "passkeys" {
  name_prefix = "passkeys_prod_"
  platform_id = "AWSLambda-SHA384-ECDSA"
}

resource "aws_lambda_code_signing_config" "passkeys" {
  description = "Passkey functions: packages signed by the passkeys signing profile only"

  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.passkeys.version_arn]
  }

  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

resource "aws_s3_object" "unsigned" {
  for_each = module.passkeys.function_packages

  bucket      = aws_s3_bucket.packages.id
  key         = "unsigned/${each.key}.zip"
  source      = each.value
  source_hash = filemd5(each.value)

  depends_on = [aws_s3_bucket_versioning.packages]
}

resource "aws_signer_signing_job" "passkeys" {
  for_each = aws_s3_object.unsigned

  profile_name = aws_signer_signing_profile.passkeys.name

  source {
    s3 {
      bucket  = each.value.bucket
      key     = each.value.key
      version = each.value.version_id
    }
  }

  destination {
    s3 {
      bucket = aws_s3_bucket.packages.id
      prefix = "signed/${each.key}/"
    }
  }

  ignore_signing_job_failure = false
}

# Alarms: your topic, which CloudWatch may publish to for this deployment's alarms only.
resource "aws_sns_topic" "alerts" {
  name = "passkeys-prod-alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudWatchAlarmsPublish"
      Effect    = "Allow"
      Principal = { Service = "cloudwatch.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.alerts.arn
      Condition = { ArnLike = { "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:alarm:passkeys-prod-*" } }
    }]
  })
}

module "passkeys" {
  source = "../.."

  pool_mode                     = "create"
  name_prefix                   = "passkeys-prod"
  user_pool_tier                = "ESSENTIALS"
  user_pool_deletion_protection = true

  create_kms_key             = false
  kms_key_arn                = aws_kms_key.secret.arn
  secret_management          = "terraform"
  corbado_api_secret         = var.corbado_api_secret
  corbado_api_secret_version = var.corbado_api_secret_version

  iam_path                 = "/passkeys/"
  permissions_boundary_arn = aws_iam_policy.boundary.arn

  vpc_subnet_ids                 = var.subnet_ids
  vpc_security_group_ids         = var.security_group_ids
  reserved_concurrent_executions = 50
  lambda_memory_size             = 512

  log_retention_days = 731
  log_kms_key_arn    = aws_kms_key.logs.arn
  log_format         = "JSON"
  tracing_mode       = "Active"

  code_signing_config_arn = aws_lambda_code_signing_config.passkeys.arn
  package_s3_bucket       = aws_s3_bucket.packages.id
  package_s3_keys         = { for name, job in aws_signer_signing_job.passkeys : name => job.signed_object[0].s3[0].key }

  create_alarms                   = true
  alarm_sns_topic_arns            = [aws_sns_topic.alerts.arn]
  alarm_period_seconds            = 300
  alarm_duration_threshold_ms     = 4000
  alarm_corbado_failure_threshold = 5
  create_dashboard                = true

  max_challenge_attempts        = 3
  initial_passkey_first         = true
  initial_kill_switch           = false
  app_client_extra_auth_flows   = ["ALLOW_USER_SRP_AUTH"]
  auth_session_validity_minutes = 3
  access_token_validity_minutes = 60
  id_token_validity_minutes     = 60
  refresh_token_validity_days   = 30
  enable_token_revocation       = true

  corbado_actions_principal_arn = var.corbado_actions_principal_arn
  corbado_actions_external_id   = var.corbado_actions_external_id
  mfa_after_passkey             = "sms"

  console_enabled      = true
  console_origin       = var.console_origin
  corbado_project_id   = var.corbado_project_id
  audit_retention_days = 400
  counter_shards       = 10
  login_page_origins   = var.app_origins

  self_service_enabled                     = true
  self_service_origins                     = var.app_origins
  self_service_append_max_auth_age_seconds = 300
  self_service_token_lifetime_seconds      = 60

  tags = {
    project     = "passkeys"
    environment = "prod"
  }
}

output "user_pool_id" {
  value = module.passkeys.user_pool_id
}

output "app_client_id" {
  value = module.passkeys.app_client_id
}

# What to enter in Corbado for the pre-login and post-append actions (nothing in it is secret).
output "corbado_actions_environment" {
  value = module.passkeys.corbado_actions_environment
}

# The admin API and the console's sign-in (create console users in console_user_pool_id, group admins or
# auditors), and the self-service route your app calls.
output "api_url" {
  value = module.passkeys.api_url
}

output "console_user_pool_id" {
  value = module.passkeys.console_user_pool_id
}

output "console_client_id" {
  value = module.passkeys.console_client_id
}

output "console_issuer" {
  value = module.passkeys.console_issuer
}

output "console_managed_login_url" {
  value = module.passkeys.console_managed_login_url
}

output "self_service_url" {
  value = module.passkeys.self_service_url
}

output "corbado_action_packages" {
  value = module.passkeys.corbado_action_packages
}
