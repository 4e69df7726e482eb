/**
 * The IAM report as the page renders it for auditors, in the order they read it: findings and limitations, who may
 * act on each resource, each principal with what it may do and why, the control matrix, and the hashes of the
 * module version it describes. A section the report's JSON does not carry yet is null, and the page says so.
 */

export interface IamReportModel {
  /** How the report was made (the command, the synthesized source). */
  readonly provenance: readonly string[];
  readonly findings: readonly Finding[];
  /** What the report does not prove; null when the report's JSON has no such section. */
  readonly limitations: readonly string[] | null;
  /** The secret, the key, the pool, the settings: who may read, use or change each; null when the JSON has none. */
  readonly keyResources: readonly KeyResourceView[] | null;
  readonly byResource: readonly ResourceAccess[];
  readonly principals: readonly PrincipalView[];
  /** Each control and whether the module meets it; null when the report's JSON has none. */
  readonly controlMatrix: readonly ControlRow[] | null;
  /** The module version the report describes; null when the report's JSON has none. */
  readonly hashes: readonly HashRow[] | null;
  readonly scenarios: readonly { readonly name: string; readonly description: string }[];
  readonly tools: readonly string[];
}

export interface Finding {
  readonly severity: "info" | "warning" | "high";
  readonly text: string;
  /** Anchor on this page of the section that proves it; null when the page does not render that section. */
  readonly evidence: string | null;
}

export interface KeyResourceView {
  /** Anchor of its section. */
  readonly id: string;
  readonly title: string;
  readonly about: string;
  readonly resources: readonly { readonly arn: string; readonly label: string }[];
  readonly access: readonly {
    readonly principal: PrincipalRef;
    readonly scenarios: readonly string[];
    /** Allowed actions by IAM access level ("Read", "Write", ...). */
    readonly levels: readonly { readonly level: string; readonly actions: readonly string[] }[];
    readonly grantedBy: readonly string[];
  }[];
  readonly resourcePolicies: readonly {
    readonly id: string;
    readonly label: string;
    readonly kind: string;
    readonly document: string;
    readonly cases: readonly { readonly case: string; readonly action: string; readonly result: string }[];
  }[];
}

export interface PrincipalRef {
  /** Anchor of the principal's section. */
  readonly id: string;
  readonly name: string;
}

export interface ResourceAccess {
  readonly id: string;
  readonly label: string;
  readonly arn: string;
  /** module: the module's own; caller: the caller's (a key or role passed in); neighbour: must stay out of reach. */
  readonly kind: "module" | "caller" | "neighbour";
  /** Empty: no principal of the module may act on it. */
  readonly access: readonly { readonly principal: PrincipalRef; readonly actions: readonly string[] }[];
}

export interface PermissionView {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition: string | null;
  readonly reason: string;
  /** Anchor of the policy that grants it. */
  readonly policyId: string;
  readonly policyName: string;
  readonly sid: string;
}

export interface PolicyView {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly document: string;
}

export interface PrincipalView extends PrincipalRef {
  readonly roleName: string;
  readonly arn: string;
  readonly address: string;
  readonly scenarios: readonly string[];
  readonly purpose: string;
  /** How much harm the role could do if misused, as the report rates it. */
  readonly risk: { readonly tier: "high" | "medium" | "low"; readonly why: string };
  readonly permissionsBoundary: string | null;
  readonly trust: readonly { readonly case: string; readonly result: string }[];
  readonly permissions: readonly PermissionView[];
  readonly policies: readonly PolicyView[];
  /** The simulation behind "nothing more is allowed": per service, how many requests were allowed and denied. */
  readonly simulation: readonly {
    readonly service: string;
    readonly simulated: number;
    readonly allowed: number;
    readonly denied: number;
  }[];
}

export interface ControlRow {
  readonly control: string;
  readonly status: string;
  readonly evidence: string;
}

export interface HashRow {
  readonly label: string;
  readonly value: string;
}
