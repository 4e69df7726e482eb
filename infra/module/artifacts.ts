import { FUNCTION_NAMES } from "../constructs/props";

/** Zips the module deploys (its functions/ folder, referenced as ${path.module}/functions/<name>.zip). */
export const MODULE_FUNCTIONS = FUNCTION_NAMES;

/**
 * Zips the module ships without deploying them: Corbado's actions, which an admin hands to Corbado
 * (docs/corbado-actions.md). Shipped so that a Terraform user never needs Node to get them.
 */
export const CORBADO_ACTIONS = ["pre-login", "post-append"] as const;
