/**
 * The product's controls mapped to SOC 2 (2017 Trust Services Criteria, revised points of focus 2022) and
 * ISO/IEC 27001:2022 Annex A, with who owns each and where the evidence is. docs/controls.md is generated from
 * this table by `npm run audit:iam`; infra/audit/controls.test.ts fails when an evidence reference no longer
 * resolves (a report anchor, a doc heading, a spec's name).
 */

export type Owner = "this module" | "the customer" | "Corbado" | "AWS";

export type EvidenceRef =
  /** An anchor of docs/iam-report.md. */
  | { kind: "report"; anchor: string; label: string }
  /** A heading of a doc (its GitHub anchor), or the whole doc when anchor is absent. */
  | { kind: "doc"; file: string; anchor?: string; label: string }
  /** A spec by file and test name. */
  | { kind: "spec"; file: string; name: string };

export interface Control {
  id: string;
  control: string;
  soc2: string[];
  iso27001: string[];
  /** Files or Terraform resources that implement it. */
  implementation: string[];
  owners: Owner[];
  evidence: EvidenceRef[];
  customerAction: string;
}

export const CONTROLS: readonly Control[] = [
  {
    id: "least-privilege-roles",
    control:
      "Each function, Cognito's SMS sending and Corbado's actions get a role of their own with only the actions they need, on the module's own resources.",
    soc2: ["CC6.1", "CC6.3"],
    iso27001: ["5.15", "8.2"],
    implementation: ["infra/policies/", "aws_iam_role.*", "aws_iam_role_policy.*"],
    owners: ["this module"],
    evidence: [
      { kind: "report", anchor: "summary", label: "IAM report: summary" },
      { kind: "report", anchor: "principals", label: "IAM report: principals" },
      {
        kind: "spec",
        file: "infra/audit/iam-report.test.ts",
        name: "allows each principal exactly the expected requests and nothing more",
      },
      {
        kind: "spec",
        file: "infra/audit/iam-report.test.ts",
        name: "never lets a principal reach a neighbour: another pool, parameter, key, log group, role or function",
      },
    ],
    customerAction:
      "Check that the report's module version and hashes are the ones you deploy; read the findings on its first page.",
  },
  {
    id: "secret-protection",
    control:
      "The Corbado secret is an SSM SecureString under a customer-managed KMS key; only verify-auth-challenge may decrypt it, only through SSM and only for that parameter; it never reaches state, plan, outputs, environment or logs.",
    soc2: ["CC6.1"],
    iso27001: ["8.24"],
    implementation: ["infra/policies/kms.ts", "aws_kms_key.corbado_secret", "aws_ssm_parameter.corbado_secret"],
    owners: ["this module", "AWS"],
    evidence: [
      { kind: "report", anchor: "resource-corbado-secret", label: "IAM report: the Corbado secret" },
      { kind: "report", anchor: "resource-kms-key", label: "IAM report: the KMS key" },
      {
        kind: "spec",
        file: "infra/audit/iam-report.test.ts",
        name: "lets verify's role decrypt through SSM only for the Corbado secret, never another parameter under the same key",
      },
      {
        kind: "doc",
        file: "docs/threat-model.md",
        anchor: "t6-secret-exposure-in-state-plan-outputs-environment-or-logs",
        label: "Threat model T6",
      },
    ],
    customerAction:
      "Keep kms:Decrypt on * and kms:PutKeyPolicy to administrators: the key's account statement lets them decrypt the secret (first-page finding).",
  },
  {
    id: "key-and-secret-rotation",
    control:
      "The module's key rotates yearly (KMS automatic rotation); the Corbado secret is rotated by the customer on a schedule, with SSM's history as evidence.",
    soc2: ["CC6.1"],
    iso27001: ["8.24"],
    implementation: ["aws_kms_key.corbado_secret (enable_key_rotation)", "docs/deploy.md (rotate the secret)"],
    owners: ["this module", "the customer"],
    evidence: [
      {
        kind: "doc",
        file: "docs/audit-evidence.md",
        anchor: "key-and-secret-rotation-evidence",
        label: "Rotation evidence",
      },
      {
        kind: "spec",
        file: "infra/constructs/corbado-passkeys.test.ts",
        name: "creates a rotating KMS key whose policy names only the account (administration) and verify's role (decrypt via SSM, for the secret parameter only)",
      },
    ],
    customerAction:
      "Rotate the Corbado secret at least every 90 days (docs/deploy.md) and keep the evidence commands' output.",
  },
  {
    id: "separation-of-duties",
    control:
      "Deploying, putting the secret, flipping the kill switch and reading evidence are separate duties, each with a generated least-privilege policy.",
    soc2: ["CC6.3"],
    iso27001: ["5.3", "5.15", "8.2"],
    implementation: ["infra/policies/people.ts", "docs/iam-simulate/*.json"],
    owners: ["the customer"],
    evidence: [
      { kind: "report", anchor: "people", label: "IAM report: people and pipelines" },
      { kind: "report", anchor: "separation-of-duties", label: "IAM report: separating duties" },
    ],
    customerAction:
      "Give each duty its own role from the generated policies (replace the example account, region and name_prefix); no one person holds the deployer and the secret operator roles.",
  },
  {
    id: "vendor-access-bounded",
    control:
      "Corbado's access is one role: one trusted principal, an external id, the actions' session names, sessions of 900 s (at most the role's maximum), lookups in one pool.",
    soc2: ["CC6.1", "CC9.2"],
    iso27001: ["5.19", "5.20", "5.21"],
    implementation: [
      "infra/policies/actions-role.ts",
      "aws_iam_role.corbado_actions",
      "functions/actions-shared/session.ts",
    ],
    owners: ["this module", "Corbado"],
    evidence: [
      { kind: "report", anchor: "vendor-access", label: "IAM report: vendor access" },
      {
        kind: "spec",
        file: "infra/audit/iam-report.test.ts",
        name: "lets only Corbado's principal with the right external id and an action's session name assume the actions role",
      },
      {
        kind: "spec",
        file: "functions/actions-shared/cognito-client.test.ts",
        name: "assumes the configured role with the external id, the action's session name and 15 minutes",
      },
      {
        kind: "doc",
        file: "docs/threat-model.md",
        anchor: "t11-vendor-access-misused-or-kept-after-the-relationship-ends",
        label: "Threat model T11",
      },
    ],
    customerAction:
      "Set corbado_actions_principal_arn to Corbado's one actions role and keep allow_account_root_principal = false; record the external id in your supplier agreement.",
  },
  {
    id: "vendor-access-monitoring",
    control:
      "Every call made through Corbado's role is in the customer's CloudTrail under the calling action's session name, with queries that list them.",
    soc2: ["CC7.2", "CC9.2"],
    iso27001: ["5.22", "8.15"],
    implementation: [
      "sts:RoleSessionName condition on aws_iam_role.corbado_actions",
      "docs/corbado-actions.md (CloudTrail queries)",
    ],
    owners: ["the customer", "AWS"],
    evidence: [
      { kind: "doc", file: "docs/corbado-actions.md", anchor: "every-call-corbado-made", label: "CloudTrail queries" },
      {
        kind: "spec",
        file: "infra/constructs/corbado-actions-role.test.ts",
        name: "trusts exactly the configured principal, only with the external id and the session name each action uses",
      },
    ],
    customerAction:
      "Run the CloudTrail queries on a schedule (or alert on calls outside corbado-pre-login / corbado-post-append sessions) and review them with the supplier.",
  },
  {
    id: "vendor-access-revocation",
    control:
      "Corbado's access can be removed at once: trust removed, active sessions revoked, and a bounded window in between.",
    soc2: ["CC6.3", "CC9.2"],
    iso27001: ["5.19", "5.22"],
    implementation: ["corbado_actions_principal_arn = null", "corbado_actions_max_session_duration"],
    owners: ["the customer"],
    evidence: [
      { kind: "doc", file: "docs/corbado-actions.md", anchor: "revoking-corbados-access", label: "Revocation runbook" },
      { kind: "report", anchor: "finding-vendor-session-window", label: "IAM report: session window finding" },
    ],
    customerAction:
      "Follow the runbook when the relationship ends or a compromise is suspected; keep corbado_actions_max_session_duration at its default.",
  },
  {
    id: "drift-protection",
    control:
      "Every role of the module is pinned to its policies: a policy added or attached by hand shows in terraform plan and is removed; a live check compares a deployed account with the report.",
    soc2: ["CC7.2", "CC8.1"],
    iso27001: ["8.32"],
    implementation: [
      "aws_iam_role_policies_exclusive.*",
      "aws_iam_role_policy_attachments_exclusive.*",
      "infra/audit/live.ts",
    ],
    owners: ["this module", "the customer"],
    evidence: [
      { kind: "report", anchor: "drift", label: "IAM report: drift" },
      {
        kind: "spec",
        file: "infra/module/plan.test.ts",
        name: "plans, for every role, exactly its inline policies' names and no managed policy, known at plan",
      },
      {
        kind: "spec",
        file: "infra/audit/live.test.ts",
        name: "reports a policy attached by hand, an inline policy added by hand and a widened statement, and exits non-zero",
      },
      { kind: "doc", file: "docs/audit-evidence.md", anchor: "live-drift-check", label: "Live drift check" },
    ],
    customerAction:
      "Run terraform plan on a schedule and npm run audit:iam -- --live with the evidence reader's role; treat any difference as an incident.",
  },
  {
    id: "change-management",
    control:
      "Every IAM and KMS policy is readable in terraform plan; the report is regenerated with the module and names the module version and the SHA-256 of the files it describes, so a reviewer can tie a plan to a report.",
    soc2: ["CC8.1"],
    iso27001: ["8.32"],
    implementation: ["infra/policies/render.ts", "infra/audit/"],
    owners: ["this module", "the customer"],
    evidence: [
      { kind: "report", anchor: "module-version", label: "IAM report: module version and hashes" },
      {
        kind: "spec",
        file: "infra/audit/iam-report.test.ts",
        name: "matches the committed docs/iam-report.md, docs/iam-report.json, docs/controls.md and docs/iam-simulate (regenerate with npm run audit:iam)",
      },
      {
        kind: "doc",
        file: "docs/deploy.md",
        anchor: "review-the-policies-in-the-plan",
        label: "Review the policies in the plan",
      },
    ],
    customerAction:
      "Review IAM and KMS changes in every plan; compare the hashes of the module you deploy with the report's.",
  },
  {
    id: "supply-chain",
    control:
      "The Corbado action artifacts ship inside the module and are hashed in the report; the customer uploads exactly those to Corbado.",
    soc2: ["CC9.2"],
    iso27001: ["5.21"],
    implementation: ["terraform/functions/pre-login.zip", "terraform/functions/post-append.zip"],
    owners: ["this module", "the customer", "Corbado"],
    evidence: [
      { kind: "report", anchor: "module-version", label: "IAM report: hashes" },
      {
        kind: "spec",
        file: "infra/module/module.test.ts",
        name: "is reproducible: two builds are byte-identical, Lambda archives included",
      },
    ],
    customerAction:
      "Check the SHA-256 of the action zips before uploading them to Corbado (sha256sum terraform/functions/*.zip).",
  },
  {
    id: "logging",
    control:
      "Every function logs to its own log group with a retention period; log lines carry codes and numbers only, never a token, secret or e-mail address.",
    soc2: ["CC7.2"],
    iso27001: ["8.15"],
    implementation: ["aws_cloudwatch_log_group.*", "functions/shared/log.ts"],
    owners: ["this module", "the customer"],
    evidence: [
      {
        kind: "spec",
        file: "infra/constructs/corbado-passkeys.test.ts",
        name: "gives each function an explicit log group with the chosen retention and optional KMS key, and logs into it",
      },
      {
        kind: "spec",
        file: "functions/shared/log.test.ts",
        name: "refuses to write a JWT, a base64 secret or an e-mail address where a code is expected",
      },
    ],
    customerAction:
      "Set log_retention_days to your policy and forward the log groups and CloudTrail to your monitoring.",
  },
  {
    id: "privileged-access",
    control:
      "Privileged access to the module's resources is named: the deployer (changes roles and the key policy) and the account's administrators (the key's account statement).",
    soc2: ["CC6.1", "CC6.3"],
    iso27001: ["8.2", "5.15"],
    implementation: ["infra/policies/people.ts (deployerPolicy)", "aws_kms_key.corbado_secret (AccountAdministersKey)"],
    owners: ["the customer"],
    evidence: [
      { kind: "report", anchor: "finding-key-account-statement", label: "IAM report: key account statement finding" },
      { kind: "report", anchor: "finding-deployer-every-pool-and-key", label: "IAM report: deployer finding" },
    ],
    customerAction:
      "Limit who may assume the deployer role, require review of its plans, and narrow its key and pool statements after the first apply.",
  },
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, "")
    .replace(/ /g, "-");
}

const cell = (value: string) => value.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function evidenceText(ref: EvidenceRef, from: "docs" | "root" = "docs"): string {
  const path = (file: string) => (from === "docs" ? file.replace(/^docs\//, "") : file);
  switch (ref.kind) {
    case "report":
      return `[${ref.label}](${from === "docs" ? "" : "docs/"}iam-report.md#${ref.anchor})`;
    case "doc":
      return `[${ref.label}](${from === "docs" ? path(ref.file) : ref.file}${ref.anchor ? `#${ref.anchor}` : ""})`;
    case "spec":
      return `\`${ref.file}\`: "${ref.name}"`;
  }
}

export function renderControls(generated: string): string {
  const out: string[] = [];
  out.push("# Control matrix");
  out.push("");
  out.push(`<!-- ${generated} -->`);
  out.push("");
  out.push(
    "The product's controls, mapped to SOC 2 (Trust Services Criteria) and ISO/IEC 27001:2022 Annex A: what implements each, who owns it (this module, the customer, Corbado, AWS), where the evidence is, and what the customer does. Evidence is a section of [the IAM report](iam-report.md), a doc, or a spec (a test that fails when the control breaks); `infra/audit/controls.test.ts` fails when a reference no longer resolves. The matrix shows where evidence is, not that a criterion is met: your auditor decides that for your deployment.",
  );
  out.push("");
  out.push("| control | SOC 2 | ISO/IEC 27001:2022 | implementation | owner | evidence | customer action |");
  out.push("| --- | --- | --- | --- | --- | --- | --- |");
  for (const c of CONTROLS) {
    out.push(
      `| ${[
        `**${c.id}**: ${cell(c.control)}`,
        c.soc2.join(", "),
        c.iso27001.map((a) => `A.${a}`).join(", "),
        c.implementation.map((i) => `\`${i}\``).join(", "),
        c.owners.join(", "),
        c.evidence.map((e) => cell(evidenceText(e))).join("; "),
        cell(c.customerAction),
      ].join(" | ")} |`,
    );
  }
  out.push("");
  out.push("## By criterion");
  out.push("");
  const criteria = new Map<string, string[]>();
  for (const c of CONTROLS) {
    for (const s of c.soc2) criteria.set(`SOC 2 ${s}`, [...(criteria.get(`SOC 2 ${s}`) ?? []), c.id]);
    for (const a of c.iso27001) criteria.set(`ISO A.${a}`, [...(criteria.get(`ISO A.${a}`) ?? []), c.id]);
  }
  const order = (k: string) => (k.startsWith("SOC") ? `0${k}` : `1${k.replace(/A\.(\d)\.(\d)$/, "A.$1.0$2")}`);
  out.push("| criterion | controls |");
  out.push("| --- | --- |");
  for (const [criterion, ids] of [...criteria].sort(([a], [b]) => order(a).localeCompare(order(b))))
    out.push(`| ${criterion} | ${ids.join(", ")} |`);
  out.push("");
  return out.join("\n");
}
