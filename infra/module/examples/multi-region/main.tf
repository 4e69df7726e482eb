# The same deployment in two regions from one root module: one pool per region, each with its own triggers,
# secret and settings. IAM role names are global to the account, so both instances put their region into
# them (include_region_in_names): with the same name_prefix they would otherwise collide, and IAM would
# refuse the second at apply, not at plan. Pass each instance its region's provider.

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.19.0"
    }
  }
}

variable "primary_region" {
  description = "Region of the first deployment."
  type        = string
  default     = "eu-central-1"
}

variable "secondary_region" {
  description = "Region of the second deployment."
  type        = string
  default     = "eu-west-1"
}

provider "aws" {
  alias  = "primary"
  region = var.primary_region
}

provider "aws" {
  alias  = "secondary"
  region = var.secondary_region
}

module "passkeys_primary" {
  source = "../.."
  providers = {
    aws = aws.primary
  }

  name_prefix             = "passkeys"
  include_region_in_names = true
}

module "passkeys_secondary" {
  source = "../.."
  providers = {
    aws = aws.secondary
  }

  name_prefix             = "passkeys"
  include_region_in_names = true
}

output "user_pool_ids" {
  value = {
    (var.primary_region)   = module.passkeys_primary.user_pool_id
    (var.secondary_region) = module.passkeys_secondary.user_pool_id
  }
}

output "app_client_ids" {
  value = {
    (var.primary_region)   = module.passkeys_primary.app_client_id
    (var.secondary_region) = module.passkeys_secondary.app_client_id
  }
}
