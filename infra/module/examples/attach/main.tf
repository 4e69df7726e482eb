# A pool created outside Terraform (console, CLI, another tool). An apply-time step reads the pool,
# merges the three triggers into its configuration (every other setting kept) and, on destroy, removes
# exactly those three. It refuses when another function holds one of them, unless
# replace_foreign_triggers = true.

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

variable "user_pool_id" {
  description = "Id of the existing pool, for example eu-central-1_AbC123."
  type        = string
}

variable "pool_sms_role_arns" {
  description = "The pool's SMS role, if it sends SMS (passed back to Cognito unchanged)."
  type        = list(string)
  default     = []
}

module "passkeys" {
  source = "../.."

  pool_mode                  = "attach"
  user_pool_id               = var.user_pool_id
  pool_attach_pass_role_arns = var.pool_sms_role_arns
}

output "app_client_id" {
  value = module.passkeys.app_client_id
}
