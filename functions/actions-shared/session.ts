/**
 * How the Corbado actions name and size their sessions of the cross-account role. No imports: infra reads these
 * too, so the role's trust policy accepts exactly these session names (`sts:RoleSessionName`) and CloudTrail
 * shows which action made each call (docs/corbado-actions.md, "Every call Corbado made").
 */

/** One fixed session name per action. */
export const ACTION_SESSION_NAMES = {
  preLogin: "corbado-pre-login",
  postAppend: "corbado-post-append",
} as const;

export type ActionSessionName = (typeof ACTION_SESSION_NAMES)[keyof typeof ACTION_SESSION_NAMES];

/**
 * 15 minutes, the shortest session STS grants: a session already issued outlives the removal of Corbado's trust
 * by at most this unless it is revoked (docs/corbado-actions.md, "Revoking Corbado's access").
 */
export const ROLE_SESSION_SECONDS = 900;
