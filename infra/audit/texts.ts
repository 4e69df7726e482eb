/** The report's fixed wording: what it does not prove, its limitations, its glossary, how to extend it. */

/** The first page's short list; the limitations section says each in full. */
export const NOT_PROVEN: readonly string[] = [
  "That a deployed account matches this report: a role, key or function changed by hand is not here. Run `npm run audit:iam -- --live` against the account (docs/audit-evidence.md).",
  "What Corbado's account allows its own principals, and what your organization's SCPs and RCPs allow: both are outside the module.",
  "That AWS decides every request as the simulator does: the simulator is a reimplementation, not AWS. The key rows can be reproduced with AWS's own simulator (docs/iam-simulate/reproduce.sh).",
  "Nothing here was applied to AWS: no role was created, no request was sent.",
];

export const LIMITATIONS: readonly string[] = [
  "The simulator (@cloud-copilot/iam-simulate) is a third-party reimplementation of IAM's evaluation logic, not AWS's. Where it and AWS could differ, the report says what it did (probes, encryption contexts below); docs/iam-simulate/reproduce.sh reruns the key rows with AWS's own simulator (aws iam simulate-custom-policy) in your account.",
  "Denied means denied within the services simulated: every action of the services a principal's policies name, plus cognito-idp, kms, logs, ssm and sts, against the resources listed in the appendix and against any resource (`*`). An action of another service is not simulated and is not counted; none is allowed, as no statement names one.",
  "Requests that no statement of the principal's policies (nor the resource policy, nor a boundary) names are decided by the audit as implicitly denied without asking the simulator: IAM allows nothing no statement allows. sts:GetCallerIdentity, which AWS answers for anyone, is always asked.",
  "Not modelled: your organization's service control and resource control policies, session policies, VPC endpoint policies, and resource policies outside the module (a caller's own key policy, policies you add later). All of these can only narrow what is shown, except resource policies outside the module, which can grant more to principals they name.",
  "Corbado's side is out of reach: which of Corbado's principals may assume its actions role is decided by Corbado's account. The report proves that your account admits only the configured principal, with the external id and an action's session name.",
  "Permissions boundaries are simulated only with the example boundary of the boundary scenario; yours may differ. A boundary can only narrow what is shown.",
  "The example account, region and ids are made up. Ids AWS generates (a created pool's, a key's) are example values; every ARN built from a name is as in your account with your account id, region and name_prefix.",
  "iam-simulate drops `kms:EncryptionContext:<key>` context keys during validation; requests that carry an encryption context are validated without it and decided by runUnsafeSimulation with it, which reports the decision but not the statements behind it: an allowed one is simulated again without the role's identity policies, to tell a key policy that grants by itself from an identity policy the key policy lets through.",
  "A pattern row (any resource of a type matching a pattern the policies name) is checked with a probe: a concrete ARN matching the pattern, simulated too. A pattern whose probe is denied does not reach every resource it matches: only the resources other rows of the same request name, or, when there are none and the pattern is `*`, only a request without a resource ARN. The SMS role's sns:Publish is such a row (a text message to a phone number has no topic ARN; every topic is explicitly denied).",
  "AWS's simulator takes only an IAM user as the caller of a resource policy, so rows that depend on the key policy naming a role, or on a trust policy, cannot be reproduced with aws iam simulate-custom-policy; the script reproduces identity-policy rows.",
  "The generated deployer policy is derived from the resource types the module declares and the calls the Terraform AWS provider documents for them; it was not applied to AWS. A call it lacks fails the apply with AccessDenied naming the action: report it.",
  "The live drift check compares documents, not effects: it reads what the account holds for the module's names and reports any difference from this report's documents evaluated for that account.",
];

export const GLOSSARY: readonly { term: string; meaning: string }[] = [
  {
    term: "principal",
    meaning:
      "Something that makes requests to AWS: here, an IAM role (used by a function, by Cognito, or by Corbado) or a person or pipeline.",
  },
  {
    term: "role",
    meaning:
      "An IAM identity with permissions that trusted callers assume for a session; it has no password or keys of its own.",
  },
  { term: "trust policy", meaning: "The part of a role that says who may assume it (and under which conditions)." },
  {
    term: "external id",
    meaning:
      "A value the caller must send when assuming a role (sts:ExternalId): it stops another customer of the same vendor from making the vendor act on your account (the confused deputy problem). Not a secret.",
  },
  {
    term: "session name",
    meaning:
      "The name a caller gives its session when it assumes a role (sts:RoleSessionName); CloudTrail records it with every call. The Corbado actions role accepts only corbado-pre-login and corbado-post-append.",
  },
  { term: "identity policy", meaning: "A policy attached to a role: what the role may do." },
  {
    term: "resource policy",
    meaning:
      "A policy attached to a resource: who may use the resource. Key policies (KMS), Lambda resource policies and trust policies are resource policies.",
  },
  {
    term: "key policy",
    meaning:
      "The resource policy of a KMS key. A statement naming the account (…:root) lets the account's IAM policies decide; a statement naming a role grants that role by itself.",
  },
  {
    term: "permissions boundary",
    meaning: "A policy set on a role that caps what its identity policies can allow; it never grants anything.",
  },
  { term: "Allowed", meaning: "A statement allows the request and none denies it." },
  { term: "ImplicitlyDenied (denied)", meaning: "No statement allows the request: IAM denies by default." },
  { term: "ExplicitlyDenied", meaning: "A Deny statement matches the request; nothing can allow it then." },
  {
    term: "pattern row",
    meaning:
      "A row `pattern (type): …`: the action on any resource of that type matching a pattern the policies name; its probe (a concrete ARN matching it) says whether the pattern reaches real resources.",
  },
  {
    term: "neighbour",
    meaning:
      "A resource of the same kind that the module does not own (another pool, parameter, key, log group, role, function, topic): no principal of the module may reach one.",
  },
  {
    term: "scenario",
    meaning:
      "One configuration of the module (pool mode and switches); a role whose permissions differ between scenarios is shown once per set of scenarios.",
  },
  {
    term: "risk tier",
    meaning:
      "high: misuse reaches the user directory, the secret or the account's IAM; medium: misuse disrupts login or costs money; low: misuse reaches only the principal's own logs or a setting it only reads.",
  },
  {
    term: "pinned (exclusive)",
    meaning:
      "aws_iam_role_policies_exclusive and aws_iam_role_policy_attachments_exclusive make a role's policies exactly the module's: one added by hand shows in terraform plan and is removed by the next apply.",
  },
  {
    term: "drift",
    meaning:
      "A difference between what the module declares and what the account holds, usually a change made outside Terraform.",
  },
];

export const HOW_TO_ADD: readonly string[] = [
  "A role of the module: create it in infra/ (its policies as typed documents in infra/policies/, pinned with ExclusiveRolePolicies), declare it in infra/audit/principals.ts (title, who acts through it, purpose, risk tier) and give each statement a reason in infra/audit/reasons.ts. Then `npm run build:module` and `npm run audit:iam`: the report refuses a role or statement without a declaration, and the spec that lists every principal's allowed requests (infra/audit/iam-report.test.ts) must be told what the new one may do.",
  "A resource of the module: its resource type must be known to the audit's resolver (infra/audit/module-model.ts) and, if principals act on it, to the catalogue (infra/audit/simulate.ts); to give it a section of its own, declare it in infra/audit/resources.ts. A new resource type also needs its calls in the generated deployer policy (infra/policies/people.ts), which a spec checks.",
  "A person or pipeline: a policy builder in infra/policies/people.ts and a declaration in infra/audit/people.ts.",
];
