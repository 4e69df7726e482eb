# The pool lives in your Terraform: the module creates everything else and outputs the triggers; your
# aws_cognito_user_pool gets the three lambda_config lines marked below. No cycle: the module's outputs
# depend on its functions only, and its permissions on your pool's id.

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

resource "aws_cognito_user_pool" "main" {
  name                     = "my-existing-pool"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  deletion_protection      = "ACTIVE"

  lambda_config {
    # The three lines to add to your pool:
    define_auth_challenge          = module.passkeys.lambda_config.define_auth_challenge
    create_auth_challenge          = module.passkeys.lambda_config.create_auth_challenge
    verify_auth_challenge_response = module.passkeys.lambda_config.verify_auth_challenge_response
  }
}

module "passkeys" {
  source = "../.."

  pool_mode    = "external"
  user_pool_id = aws_cognito_user_pool.main.id
}

output "app_client_id" {
  value = module.passkeys.app_client_id
}
