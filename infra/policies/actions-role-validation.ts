/**
 * Input rules of the Corbado actions role, written once and used twice: by the CDKTF construct (TypeScript
 * validator) and by the emitted Terraform module (`validation` blocks built from the strings below), so a
 * CDKTF user and a Terraform user get the same rules and the same messages.
 *
 * Regular expressions are written in the common subset of RE2 (Terraform) and JavaScript. RE2 refuses
 * repetition counts above 1000, so lengths are checked with `length()` rather than `{2,1224}`.
 */

/**
 * The role's maximum session duration, in seconds (variable corbado_actions_max_session_duration). IAM accepts
 * 3600 to 43200; the default is IAM's minimum. The actions themselves ask for 900 s sessions
 * (functions/actions-shared/session.ts); this bounds what anyone holding Corbado's principal could ask for.
 */
export const ACTIONS_ROLE_MAX_SESSION_DURATION = { default: 3600, min: 3600, max: 43200 } as const;

/** `sts:ExternalId` as STS accepts it (AssumeRole API reference: length 2-1224, pattern `[\w+=,.@:/-]*`). */
export const EXTERNAL_ID_MIN_LENGTH = 2;
export const EXTERNAL_ID_MAX_LENGTH = 1224;
export const EXTERNAL_ID_PATTERN = "^[\\w+=,.@:/-]+$";

/** An IAM role or user ARN, with an optional path; no wildcard. */
export const ROLE_OR_USER_ARN_PATTERN = "^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/([!-~]+/)?[\\w+=,.@-]{1,64}$";
/** An account principal: `arn:<partition>:iam::<account>:root` or a bare account id (IAM reads it as the root). */
export const ACCOUNT_ROOT_PATTERN = "^(arn:aws[a-z-]*:iam::[0-9]{12}:root|[0-9]{12})$";

export interface ActionsRoleInput {
  trustedPrincipalArn: string;
  externalId: string;
  /** Accept an account root as the trusted principal (weaker: every principal that account allows). */
  allowAccountRootPrincipal?: boolean;
}

/** Messages name the module variable (corbadoActionsPrincipalArn etc. in the construct's props). */
export const MESSAGES = {
  principalFormat:
    "corbado_actions_principal_arn must be the ARN of one IAM role or user (arn:aws:iam::<12-digit account>:role/<name> or :user/<name>), without wildcards.",
  principalRoot:
    "corbado_actions_principal_arn is an account root: this trusts every principal the other account allows. Set allow_account_root_principal = true to accept it anyway (weaker, not recommended).",
  externalIdRequired:
    "corbado_actions_external_id is required when corbado_actions_principal_arn is set: the role trusts the principal only together with an external id.",
  externalIdFormat:
    "corbado_actions_external_id must be 2 to 1224 characters of letters, digits and _+=,.@:/- (the characters AWS STS accepts as sts:ExternalId).",
  maxSessionDuration: `corbado_actions_max_session_duration must be a whole number of seconds from ${ACTIONS_ROLE_MAX_SESSION_DURATION.min} to ${ACTIONS_ROLE_MAX_SESSION_DURATION.max} (what IAM accepts).`,
} as const;

const roleOrUser = new RegExp(ROLE_OR_USER_ARN_PATTERN);
const accountRoot = new RegExp(ACCOUNT_ROOT_PATTERN);
const externalIdChars = new RegExp(EXTERNAL_ID_PATTERN);

export function isAccountRootPrincipal(value: string): boolean {
  return accountRoot.test(value);
}

/** Every rule the input breaks, as readable messages (empty when valid). */
export function validateActionsRoleInput(input: ActionsRoleInput): string[] {
  const errors: string[] = [];
  const principal = input.trustedPrincipalArn;
  if (isAccountRootPrincipal(principal)) {
    if (input.allowAccountRootPrincipal !== true) errors.push(MESSAGES.principalRoot);
  } else if (!roleOrUser.test(principal) || principal.includes("*")) {
    errors.push(MESSAGES.principalFormat);
  }
  const id = input.externalId;
  if (id.length < EXTERNAL_ID_MIN_LENGTH || id.length > EXTERNAL_ID_MAX_LENGTH || !externalIdChars.test(id)) {
    errors.push(MESSAGES.externalIdFormat);
  }
  return errors;
}

/** Throws one Error listing every broken rule. */
export function assertValidActionsRoleInput(input: ActionsRoleInput): void {
  const errors = validateActionsRoleInput(input);
  if (errors.length > 0) throw new Error(`Invalid Corbado actions role input:\n- ${errors.join("\n- ")}`);
}

/** Names of the module variables the rules below refer to. */
export interface ActionsRoleVariableNames {
  principalArn: string;
  externalId: string;
  allowAccountRootPrincipal: string;
}

export const DEFAULT_VARIABLE_NAMES: ActionsRoleVariableNames = {
  principalArn: "corbado_actions_principal_arn",
  externalId: "corbado_actions_external_id",
  allowAccountRootPrincipal: "allow_account_root_principal",
};

export interface TerraformValidation {
  /** HCL expression, as it appears after `condition =` (already escaped for an HCL string literal). */
  condition: string;
  errorMessage: string;
}

/** HCL string literal of a regular expression (backslashes and quotes escaped). */
function hclString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Terraform `validation` blocks for the module variables, keyed by variable name. A null principal or external
 * id is accepted (no principal: the module deploys no actions role); the root opt-in rule refers to a second
 * variable, which needs Terraform >= 1.9. "An external id whenever a principal is set" is not a variable rule
 * (Terraform skips every rule of a variable whose condition refers to another, invalid, variable, hiding its
 * own errors): CorbadoActionsRole puts it on the role as a lifecycle precondition.
 */
export function actionsRoleTerraformValidations(
  names: ActionsRoleVariableNames = DEFAULT_VARIABLE_NAMES,
): Record<string, TerraformValidation[]> {
  const p = `var.${names.principalArn}`;
  const x = `var.${names.externalId}`;
  const allowRoot = `var.${names.allowAccountRootPrincipal}`;
  return {
    [names.principalArn]: [
      {
        condition: `${p} == null ? true : (!strcontains(${p}, "*") && (can(regex(${hclString(ROLE_OR_USER_ARN_PATTERN)}, ${p})) || can(regex(${hclString(ACCOUNT_ROOT_PATTERN)}, ${p}))))`,
        errorMessage: MESSAGES.principalFormat,
      },
      {
        condition: `${p} == null ? true : (${allowRoot} || !can(regex(${hclString(ACCOUNT_ROOT_PATTERN)}, ${p})))`,
        errorMessage: MESSAGES.principalRoot,
      },
    ],
    [names.externalId]: [
      {
        condition: `${x} == null ? true : (length(${x}) >= ${EXTERNAL_ID_MIN_LENGTH} && length(${x}) <= ${EXTERNAL_ID_MAX_LENGTH} && can(regex(${hclString(EXTERNAL_ID_PATTERN)}, ${x})))`,
        errorMessage: MESSAGES.externalIdFormat,
      },
    ],
  };
}
