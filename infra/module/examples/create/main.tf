# A new user pool owned by the module, with the three triggers wired and a passkey login app client.
# After apply, put the Corbado secret (see docs/deploy.md, "Set the Corbado secret").

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

module "passkeys" {
  source = "../.."

  pool_mode   = "create"
  name_prefix = "passkeys-demo"

  tags = {
    project = "passkeys-demo"
  }
}

output "user_pool_id" {
  value = module.passkeys.user_pool_id
}

output "app_client_id" {
  value = module.passkeys.app_client_id
}

output "secret_parameter_name" {
  value = module.passkeys.secret_parameter_name
}
