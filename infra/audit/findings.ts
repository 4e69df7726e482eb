/**
 * The first page's findings, in plain language, each computed from the simulation (a finding whose condition no
 * longer holds disappears; its figures come from the report). Severity: high (act on it), warning (understand and
 * accept it, or narrow it as said), info (a property the reader would want confirmed).
 */
import { ROLE_SESSION_SECONDS } from "../../functions/actions-shared/session";
import type { AuditReport, PrincipalReport } from "./audit";

export interface Finding {
  id: string;
  severity: "info" | "warning" | "high";
  title: string;
  text: string;
  /** Anchor of the section that proves it. */
  evidence: string;
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

const modulePrincipals = (report: AuditReport) => report.principals.filter((p) => p.kind === "module");
const allows = (p: PrincipalReport, action: string, label: string) =>
  p.matrix.allowed.some((a) => a.action === action && a.resourceLabel === label);
const titles = (ps: PrincipalReport[]) => [...new Set(ps.map((p) => p.title))];
const scenariosOf = (ps: PrincipalReport[]) => [...new Set(ps.flatMap((p) => p.scenarios))];

/** Why a statement names "*", in a few words (the full reason is in the principal's section). */
const WHY_STAR: Record<string, string> = {
  ManageLambdaVpcInterfaces: "only with vpc_subnet_ids: Lambda's network interfaces for the functions",
  PublishSmsToPhoneNumbers: "only with SMS MFA: a text message to a phone number; every SNS topic is denied",
};

export function findings(report: AuditReport): Finding[] {
  const out: Finding[] = [];
  const module = modulePrincipals(report);
  const vendor = module.filter((p) => p.address === "aws_iam_role.corbado_actions");
  const pool = "the module's pool";

  const listing = vendor.filter((p) => allows(p, "cognito-idp:ListUsers", pool));
  if (listing.length > 0)
    out.push({
      id: "vendor-reads-user-directory",
      severity: "warning",
      title: "Corbado can page through the whole user directory",
      text: "The role Corbado's actions assume may call ListUsers on the pool: every user's username, e-mail address, phone number and attributes, page by page. pre-login needs it to find a user by e-mail when the username is not the e-mail, and IAM cannot limit ListUsers to one filter. Only Corbado's configured principal can use the role, only with the external id and one of the actions' session names, and every call is in your CloudTrail under that session name (docs/corbado-actions.md).",
      evidence: `#${listing[0]!.id}`,
    });

  const mfa = vendor.filter((p) => allows(p, "cognito-idp:AdminSetUserMFAPreference", pool));
  if (mfa.length > 0)
    out.push({
      id: "vendor-sets-mfa",
      severity: "info",
      title: "With SMS MFA after a passkey, Corbado can change users' MFA preference",
      text: `In ${list(scenariosOf(mfa))} (mfa_after_passkey = "sms") the vendor role may also call AdminSetUserMFAPreference on the pool, which can switch a user's MFA preference on or off; post-append only ever sets SMS as preferred for a user who has none. Without that setting the permission is not granted.`,
      evidence: `#${mfa[0]!.id}`,
    });

  const secret = report.keyResources.find((r) => r.id === "resource-corbado-secret");
  const key = report.keyResources.find((r) => r.id === "resource-kms-key");
  const readers = module.filter(
    (p) =>
      allows(p, "ssm:GetParameter", "aws_ssm_parameter.corbado_secret") &&
      p.matrix.allowed.some(
        (a) => a.action === "kms:Decrypt" && a.context.endsWith("aws_ssm_parameter.corbado_secret"),
      ),
  );
  if (secret && key)
    out.push({
      id: "only-verify-reads-secret",
      severity: "info",
      title: `Only ${list(titles(readers))} can read the Corbado secret`,
      text: `Among the module's roles, only ${list(titles(readers))} may read the secret parameter and decrypt it, and only through SSM, only for that parameter (encryption context). No other role of the module, and none of the generated policies for people and pipelines, has kms:Decrypt. The key's account statement is the exception below.`,
      evidence: `#${secret.id}`,
    });

  const stars = module.flatMap((p) =>
    p.statements
      .filter((s) => s.effect === "Allow" && s.resources.includes("*") && !s.policy.endsWith("(key policy)"))
      .map((s) => s),
  );
  const starSids = [...new Set(stars.map((s) => s.sid))].sort();
  if (starSids.length > 0)
    out.push({
      id: "wildcard-resources",
      severity: "info",
      title: `${starSids.length} statement${starSids.length === 1 ? "" : "s"} of the module's roles name every resource ("*")`,
      text: `${list(starSids.map((sid) => `${sid} (${WHY_STAR[sid] ?? stars.find((s) => s.sid === sid)!.reason})`))}: AWS offers no resource ARN for these calls. Every other statement names the module's own resources.`,
      evidence: "#principals",
    });

  const smsOtherPool = module.filter(
    (p) =>
      p.address === "aws_iam_role.cognito_sms" &&
      p.trust.some((t) => t.result === "Allowed" && t.case.includes("another pool in this account")),
  );
  if (smsOtherPool.length > 0)
    out.push({
      id: "sms-role-any-pool-of-account",
      severity: "warning",
      title: "Another user pool of this account could use the module's SMS role",
      text: 'The SMS role trusts Cognito for any pool of this account and region (aws:SourceArn ...:userpool/*) with the external id "<name_prefix>-cognito-sms": the pool\'s own ARN is not known before the pool exists, and Cognito checks the role when it creates the pool. Someone in your account who can create or change a pool and pass this role could send SMS through it, at your cost. Keep iam:PassRole on the role to the deployer.',
      evidence: `#${smsOtherPool[0]!.id}`,
    });

  const keyPolicy = report.resourcePolicies.find((r) => r.kind === "key policy");
  const viaIam = keyPolicy?.cases.filter(
    (c) => c.result === "Allowed" && c.case.startsWith("a role in this account whose IAM policy"),
  );
  if (keyPolicy && viaIam && viaIam.length > 0)
    out.push({
      id: "key-account-statement",
      severity: "warning",
      title: "Administrators of the account can decrypt the secret and rewrite the key policy",
      text: "The module's key keeps AWS's default account statement, so the key can never become unmanageable: any principal of this account whose own IAM policies allow kms:Decrypt (an administrator, for example) can decrypt the secret directly, and one allowed kms:PutKeyPolicy can rewrite the key policy. verify-auth-challenge itself is bound to SSM and the secret parameter. Keep kms:* and kms:Decrypt on * to administrators, and watch the key's CloudTrail events.",
      evidence: `#${keyPolicy.id}`,
    });

  const lambda = report.resourcePolicies.find(
    (r) =>
      r.kind === "Lambda resource policy" &&
      r.cases.some((c) => c.result === "Allowed" && c.case.startsWith("a role in this account whose IAM policy")),
  );
  if (lambda)
    out.push({
      id: "triggers-invocable-in-account",
      severity: "info",
      title: "Principals of this account with lambda:InvokeFunction can call the triggers directly",
      text: "The triggers' resource policies admit Cognito only for the module's pool and account; they do not restrict this account's own principals, whose IAM policies decide. A direct call gets no token: Cognito issues tokens, not the triggers.",
      evidence: `#${lambda.id}`,
    });

  const rooted = vendor.filter((p) =>
    p.trust.some((t) => t.result === "Allowed" && t.case.startsWith("another role in the trusted principal's account")),
  );
  if (rooted.length > 0)
    out.push({
      id: "vendor-account-root",
      severity: "high",
      title: "allow_account_root_principal = true trusts all of Corbado's account",
      text: `In ${list(scenariosOf(rooted))} the vendor role trusts Corbado's account root: every role of Corbado's account that Corbado's own policies allow may assume it (still with the external id and an action's session name). Keep the default (false) and name Corbado's one actions role.`,
      evidence: `#${rooted[0]!.id}`,
    });

  const deployers = report.principals.filter(
    (p) =>
      p.kind === "person" &&
      p.address === "person.terraform-deployer" &&
      allows(p, "cognito-idp:UpdateUserPool", "another pool in the account"),
  );
  if (deployers.length > 0)
    out.push({
      id: "deployer-every-pool-and-key",
      severity: "warning",
      title: "The generated deployer policy reaches every pool and key of the account when the module creates them",
      text: `With pool_mode = create (and a key of its own), the pool's and the key's ids exist only once they do, so the deployer policy names every pool and key of the account in the region (${list(scenariosOf(deployers))}). After the first apply, narrow it to the created pool and key, or add a tag condition. The deployer can also change every role and the key policy of the module: separate it from the people below and review its plans.`,
      evidence: "#people",
    });

  const actions = vendor[0];
  if (actions)
    out.push({
      id: "vendor-session-window",
      severity: "info",
      title: "Removing Corbado's trust leaves sessions already issued running for up to their lifetime",
      text: `Corbado's actions ask for ${ROLE_SESSION_SECONDS}-second sessions; anyone holding Corbado's principal could ask for up to the role's maximum, ${actions.maxSessionDuration ?? 3600} s (corbado_actions_max_session_duration). Removing the trust stops new sessions only: revoke the active ones too (docs/corbado-actions.md, "Revoking Corbado's access").`,
      evidence: `#${actions.id}`,
    });

  const pinned = module.filter(
    (p) =>
      p.pinned !== null &&
      JSON.stringify(p.pinned.inline) === JSON.stringify(p.policies.map((x) => x.name).sort()) &&
      JSON.stringify(p.pinned.attachments) === "[]",
  );
  const unpinned = module.filter((p) => !pinned.includes(p));
  out.push(
    unpinned.length === 0
      ? {
          id: "roles-pinned",
          severity: "info",
          title: "Every role of the module is pinned to its policies",
          text: "Each role has aws_iam_role_policies_exclusive and aws_iam_role_policy_attachments_exclusive naming exactly its own policies: a policy added or attached by hand shows in terraform plan and the next apply removes it. npm run audit:iam -- --live compares a deployed account with this report (docs/audit-evidence.md).",
          evidence: "#drift",
        }
      : {
          id: "roles-not-pinned",
          severity: "high",
          title: `${unpinned.length} role variant(s) are not pinned to their policies`,
          text: `Not pinned: ${list(unpinned.map((p) => p.name))}. A policy added by hand would not show in terraform plan.`,
          evidence: "#drift",
        },
  );
  return out;
}
