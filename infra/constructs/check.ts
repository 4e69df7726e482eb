import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";

/** A data source read inside a check block: `data "<type>" "<name>" { ... }`, scoped to the check. */
export interface ScopedDataSource {
  readonly type: string;
  /** Unique among the module's data sources (a scoped one shares their names). */
  readonly name: string;
  /** Its arguments, with `depends_on` to defer the read while what it reads is being changed. */
  readonly config: Record<string, unknown>;
}

export interface CheckAssertion {
  /** A Terraform expression (`${...}`) that is true when all is well. */
  readonly condition: string;
  /** What the warning says; may interpolate expressions. */
  readonly errorMessage: string;
}

export interface CheckBlockProps {
  readonly data?: ScopedDataSource;
  readonly assertions: readonly CheckAssertion[];
}

/**
 * A Terraform `check` block (Terraform >= 1.5): evaluated on every plan and apply, a failed assertion or a
 * failed read of its scoped data source is a warning, never an error. How the module watches what it does not
 * own (a value changed out of band, a pool changed by another tool). CDKTF 0.21 has no construct for it, so
 * this element renders the block itself; its logical id is the check's name.
 */
export class CheckBlock extends TerraformElement {
  private readonly props: CheckBlockProps;

  constructor(scope: Construct, id: string, props: CheckBlockProps) {
    super(scope, id, "check");
    this.props = props;
  }

  override toTerraform(): unknown {
    const data = this.props.data;
    return {
      check: {
        [this.friendlyUniqueId]: {
          ...(data ? { data: { [data.type]: { [data.name]: data.config } } } : {}),
          assert: this.props.assertions.map((a) => ({ condition: a.condition, error_message: a.errorMessage })),
        },
      },
    };
  }
}
