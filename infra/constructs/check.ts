import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";

export interface CheckAssertion {
  /** A Terraform expression (`${...}`) that is true when all is well. */
  readonly condition: string;
  /** What the warning says; may interpolate expressions. */
  readonly errorMessage: string;
}

/**
 * A Terraform `check` block (Terraform >= 1.5): evaluated on every plan and apply; a failed assertion is a
 * warning, never an error. It reads data sources of the module rather than a scoped one of its own: a scoped
 * data source is read again at every apply, so every plan would list it as a change and
 * `terraform plan -detailed-exitcode` would always exit 2, even with nothing to do. CDKTF 0.21 has no construct
 * for it, so this element renders the block itself; its logical id is the check's name.
 */
export class CheckBlock extends TerraformElement {
  private readonly assertions: readonly CheckAssertion[];

  constructor(scope: Construct, id: string, assertions: readonly CheckAssertion[]) {
    super(scope, id, "check");
    this.assertions = assertions;
  }

  override toTerraform(): unknown {
    return {
      check: {
        [this.friendlyUniqueId]: {
          assert: this.assertions.map((a) => ({ condition: a.condition, error_message: a.errorMessage })),
        },
      },
    };
  }
}
