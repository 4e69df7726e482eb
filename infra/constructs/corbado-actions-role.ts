import { Op, Token, ref } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { actionsRoleLookupPolicy, actionsRoleMfaPolicy, actionsRoleTrustPolicy } from "../policies/actions-role";
import {
  ACTIONS_ROLE_MAX_SESSION_DURATION,
  assertValidActionsRoleInput,
  MESSAGES,
} from "../policies/actions-role-validation";
import { renderPolicy } from "../policies/render";
import { and, countIf, instanceAttribute, isToken, logicalIds, oneOrNull, roleNamePrecondition } from "./expr";
import { ExclusiveRolePolicies } from "./exclusive-role-policies";
import type { BooleanInput } from "./props";

export interface CorbadoActionsRoleProps {
  /** ARN of the one pool the actions may use (`CorbadoPasskeys.userPoolArn`). */
  readonly userPoolArn: string;
  /** The aggregates table post-append counts a passkey added in (counter items only). */
  readonly aggregatesTableArn: string;
  /** The role (or user) Corbado's actions run as. An account root is refused unless `allowAccountRootPrincipal`. */
  readonly trustedPrincipalArn: string;
  /** The `sts:ExternalId` Corbado sends. Not a secret (AWS does not treat it as one); shown in plans on purpose. */
  readonly externalId: string;
  /** Accept an account root as `trustedPrincipalArn` (weaker: anyone that account allows). Default false. */
  readonly allowAccountRootPrincipal?: BooleanInput;
  /** Role name is `<namePrefix>-corbado-actions` (the module passes its role-name prefix). Default `corbado-passkeys`. */
  readonly namePrefix?: string;
  /** IAM path of the role. Default `/`. */
  readonly path?: string;
  /** Permissions boundary of the role. Default none. */
  readonly permissionsBoundary?: string;
  /** Longest session anyone may ask for, in seconds (3600-43200). Default 3600; the actions ask for 900. */
  readonly maxSessionDuration?: number;
  readonly tags?: Record<string, string>;
  /**
   * Grant AdminSetUserMFAPreference (a second policy, `aws_iam_role_policy.corbado_actions_mfa`): needed only
   * when post-append sets SMS MFA (the module: `mfa_after_passkey == "sms"`). A literal or a token. Default true.
   */
  readonly allowSetMfaPreference?: BooleanInput;
  /** Whether the role exists: a literal, or a token (the module: a principal was given). Default true. */
  readonly enabled?: BooleanInput;
  /** Prefix for Terraform logical names (as CorbadoPasskeysOptions.logicalIdPrefix). Default "". */
  readonly logicalIdPrefix?: string;
}

/**
 * The cross-account role Corbado's pre-login and post-append actions assume: trusts exactly one principal with
 * an external id and the actions' session names, sessions of at most `maxSessionDuration`, and only
 * AdminGetUser, ListUsers and AdminSetUserMFAPreference on one pool; its policies are pinned (exclusive). Logical names: `aws_iam_role.corbado_actions`, `aws_iam_role_policy.corbado_actions` and
 * `aws_iam_role_policy.corbado_actions_mfa`.
 */
export class CorbadoActionsRole extends Construct {
  readonly role: IamRole;
  /** AdminGetUser and ListUsers on the pool. */
  readonly policy: IamRolePolicy;
  /** AdminSetUserMFAPreference on the pool; absent when `allowSetMfaPreference` is literally false. */
  readonly mfaPolicy?: IamRolePolicy;
  /** Pins the role to its policies; `add` a policy another part gives the role (the caller key's, for the table). */
  readonly exclusive: ExclusiveRolePolicies;
  /** The role's id (indexed when the role is counted), for policies other parts give it. */
  readonly roleId: string;
  /** The role ARN an admin pastes into Corbado (output `corbado_actions_role_arn`). */
  readonly roleArn: string;
  /**
   * The role ARN for a module output: `one(aws_iam_role.corbado_actions[*].arn)` when the role is counted, so
   * the output is null (not an error) when the role is not deployed; the ARN itself otherwise.
   */
  readonly roleArnOrNull: string;
  /** The external id an admin pastes into Corbado (output `corbado_actions_external_id`). */
  readonly externalId: string;

  constructor(scope: Construct, id: string, props: CorbadoActionsRoleProps) {
    super(scope, id);
    validateLiterals(props);
    const enabled = props.enabled ?? true;
    const counted = enabled !== true;
    const count = counted ? countIf(enabled) : undefined;
    const prefix = props.logicalIdPrefix ?? "";
    const named = logicalIds(prefix);

    const roleName = `${props.namePrefix ?? "corbado-passkeys"}-corbado-actions`;
    // A module variable may be null: the role must not be planned with a trust policy lacking the id.
    const externalIdGiven = isToken(props.externalId)
      ? [{ condition: Op.neq(props.externalId, ref("null")), errorMessage: MESSAGES.externalIdRequired }]
      : [];
    const preconditions = [...externalIdGiven, ...roleNamePrecondition(roleName)];
    this.role = named(
      new IamRole(this, "role", {
        count,
        name: roleName,
        description: "Assumed by Corbado's pre-login and post-append actions (cross-account, external id).",
        path: props.path ?? "/",
        permissionsBoundary: props.permissionsBoundary,
        maxSessionDuration: props.maxSessionDuration ?? ACTIONS_ROLE_MAX_SESSION_DURATION.default,
        assumeRolePolicy: renderPolicy(
          this,
          `${prefix}corbado_actions_trust_policy`,
          actionsRoleTrustPolicy({ trustedPrincipalArn: props.trustedPrincipalArn, externalId: props.externalId }),
        ),
        tags: props.tags,
        lifecycle: preconditions.length > 0 ? { precondition: preconditions } : undefined,
      }),
      "corbado_actions",
    );

    const roleId = instanceAttribute(counted, this.role, "id", this.role.id);
    this.roleId = roleId;
    this.policy = named(
      new IamRolePolicy(this, "policy", {
        count,
        name: "corbado-actions-look-up-users",
        role: roleId,
        policy: renderPolicy(
          this,
          `${prefix}corbado_actions_policy`,
          actionsRoleLookupPolicy({ userPoolArn: props.userPoolArn, aggregatesTableArn: props.aggregatesTableArn }),
        ),
      }),
      "corbado_actions",
    );

    const mfaEnabled = and(enabled, props.allowSetMfaPreference ?? true);
    if (mfaEnabled !== false) {
      this.mfaPolicy = named(
        new IamRolePolicy(this, "mfa-policy", {
          count: mfaEnabled === true ? undefined : countIf(mfaEnabled),
          name: "corbado-actions-set-mfa-preference",
          role: roleId,
          policy: renderPolicy(
            this,
            `${prefix}corbado_actions_mfa_policy`,
            actionsRoleMfaPolicy({ userPoolArn: props.userPoolArn }),
          ),
        }),
        "corbado_actions_mfa",
      );
    }

    this.exclusive = new ExclusiveRolePolicies(this, "exclusive", {
      roleName: instanceAttribute(counted, this.role, "name", this.role.name),
      count,
      policies: [this.policy, this.mfaPolicy],
      named,
      logicalId: "corbado_actions",
    });

    this.roleArn = instanceAttribute(counted, this.role, "arn", this.role.arn);
    this.roleArnOrNull = counted ? oneOrNull(this.role, "arn") : this.role.arn;
    this.externalId = props.externalId;
  }
}

/** Literal props are checked at synth time with the same rules as the module's variable validation. */
function validateLiterals(props: CorbadoActionsRoleProps): void {
  const allowRoot = props.allowAccountRootPrincipal;
  // A token is decided by Terraform's validation: stand in a valid value for it here.
  assertValidActionsRoleInput({
    trustedPrincipalArn: isToken(props.trustedPrincipalArn)
      ? "arn:aws:iam::000000000000:role/token"
      : props.trustedPrincipalArn,
    externalId: isToken(props.externalId) ? "token" : props.externalId,
    allowAccountRootPrincipal: Token.isUnresolved(allowRoot) ? true : allowRoot === true,
  });
  const duration = props.maxSessionDuration;
  const { min, max } = ACTIONS_ROLE_MAX_SESSION_DURATION;
  if (duration !== undefined && !isToken(duration) && (!Number.isInteger(duration) || duration < min || duration > max))
    throw new Error(`Invalid Corbado actions role input:\n- ${MESSAGES.maxSessionDuration}`);
}
