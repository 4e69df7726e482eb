import { Fn, Lazy, Token, ref } from "cdktf";
import { Construct } from "constructs";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import type { Namer } from "./expr";

export interface ExclusiveRolePoliciesProps {
  /** The role's name as a reference (`aws_iam_role.x.name` or `[0].name`), so the pins follow the role. */
  readonly roleName: string;
  /** The role's count, when it is counted. */
  readonly count?: number;
  /** The role's inline policies known now; `add` takes those made later by other parts. */
  readonly policies: (IamRolePolicy | undefined)[];
  readonly named: Namer;
  /** Logical id of both resources: the role's. */
  readonly logicalId: string;
}

/**
 * Pins a role to the module's policies: its inline policies to exactly those given here
 * (`aws_iam_role_policies_exclusive`) and its managed policy attachments to none
 * (`aws_iam_role_policy_attachments_exclusive`). A policy someone adds to the role by hand then shows in
 * `terraform plan` and the next apply removes it (docs/threat-model.md, "Drift").
 */
export class ExclusiveRolePolicies extends Construct {
  private readonly policies: IamRolePolicy[] = [];

  constructor(scope: Construct, id: string, props: ExclusiveRolePoliciesProps) {
    super(scope, id);
    this.add(...props.policies);
    props.named(
      new IamRolePoliciesExclusive(this, "inline", {
        count: props.count,
        roleName: props.roleName,
        // A counted policy's `[*].name` is a list of one name, or of none when it is off in this configuration.
        policyNames: Token.asList(
          Lazy.anyValue({
            produce: () =>
              Fn.flatten(
                this.policies.map((p) =>
                  ref(`${p.terraformResourceType}.${p.friendlyUniqueId}${p.count === undefined ? "" : "[*]"}.name`),
                ),
              ),
          }),
        ),
      }),
      props.logicalId,
    );
    props.named(
      new IamRolePolicyAttachmentsExclusive(this, "attachments", {
        count: props.count,
        roleName: props.roleName,
        policyArns: [],
      }),
      props.logicalId,
    );
  }

  /** Inline policies of the role that other parts create (a caller key's decrypt policy). */
  add(...policies: (IamRolePolicy | undefined)[]): void {
    for (const policy of policies) if (policy) this.policies.push(policy);
  }
}
