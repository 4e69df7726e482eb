/**
 * People and pipelines that act on the module's resources without being part of it: their policies
 * (infra/policies/people.ts) are built for each scenario from the names the module gives, and simulated like the
 * module's roles. Adding one means a policy builder there, a declaration here and a reason per statement in
 * reasons.ts.
 */
import {
  deployerPolicy,
  evidenceReaderPolicy,
  killSwitchOperatorPolicy,
  secretOperatorPolicy,
  type ModuleNames,
} from "../policies/people";
import type { PolicyDocument } from "../policies/types";
import { EXAMPLE, type ModuleScenario } from "./module-model";
import type { ModulePrincipal, PolicyDoc, RiskTier } from "./principals";

export interface PersonDeclaration {
  /** Short id, also the example role's name suffix. */
  readonly id: string;
  readonly title: string;
  readonly actor: string;
  readonly purpose: string;
  readonly risk: { readonly tier: RiskTier; readonly why: string };
  /** The person's policy in a scenario; null when the scenario gives the person nothing to do. */
  readonly policy: (scenario: ModuleScenario) => PolicyDocument | null;
}

function names(scenario: ModuleScenario): ModuleNames {
  const { partition, region, accountId } = scenario.environment;
  return {
    partition,
    region,
    accountId,
    namePrefix: String(scenario.variables.name_prefix),
    iamPath: String(scenario.variables.iam_path),
  };
}

/** The KMS key of the Corbado secret in a scenario: the module's or the caller's. */
export function secretKeyArn(scenario: ModuleScenario): string {
  return scenario.existing("aws_kms_key").includes("corbado_secret")
    ? scenario.attributeString("aws_kms_key", "corbado_secret", "arn")
    : String(scenario.variables.kms_key_arn);
}

export const PEOPLE: readonly PersonDeclaration[] = [
  {
    id: "terraform-deployer",
    title: "Terraform deployer (pipeline)",
    actor: "the pipeline or person running terraform apply for this module",
    purpose:
      "Creates, changes and destroys the module's resources. Generated from the resource types the module declares (infra/policies/people.ts); the module itself does not create it.",
    risk: {
      tier: "high",
      why: "Changes every role, policy and the key policy of the module: it can grant anything the module could, so its changes are reviewed in the plan.",
    },
    policy: (scenario) => {
      const mode = String(scenario.variables.pool_mode) as "create" | "external" | "attach";
      const n = names(scenario);
      const subnets = scenario.variables.vpc_subnet_ids;
      return deployerPolicy({
        ...n,
        poolMode: mode,
        userPoolArn:
          mode === "create"
            ? null
            : `arn:${n.partition}:cognito-idp:${n.region}:${n.accountId}:userpool/${String(scenario.variables.user_pool_id)}`,
        createsKey: scenario.variables.create_kms_key === true,
        callerKeyArn: scenario.variables.create_kms_key === true ? null : String(scenario.variables.kms_key_arn),
        inVpc: Array.isArray(subnets) && subnets.length > 0,
        consoleEnabled: scenario.variables.console_enabled === true,
        alarms: scenario.variables.create_alarms === true,
        dashboard: scenario.variables.create_dashboard === true,
        hostsConsole: scenario.variables.console_hosting_enabled === true,
      });
    },
  },
  {
    id: "secret-operator",
    title: "Secret operator",
    actor: "the person who puts the Corbado Backend API secret (secret_management = out_of_band)",
    purpose:
      "Writes the Corbado secret parameter with the AWS CLI, encrypting it through SSM; cannot read it back in clear.",
    risk: { tier: "medium", why: "Can replace the Corbado secret (a wrong one makes every passkey login fail)." },
    policy: (scenario) =>
      secretOperatorPolicy({
        secretParameterArn: scenario.attributeString("aws_ssm_parameter", "corbado_secret", "arn"),
        keyArn: secretKeyArn(scenario),
        region: scenario.environment.region,
      }),
  },
  {
    id: "kill-switch-operator",
    title: "Kill-switch operator",
    actor: "the person who flips the kill switch or passkey-first outside the console",
    purpose: "Reads and writes the login-settings parameter, nothing else.",
    risk: { tier: "medium", why: "Can turn passkey login off (or on) for every user; password login is unaffected." },
    policy: (scenario) =>
      killSwitchOperatorPolicy({
        loginSettingsParameterArn: scenario.attributeString("aws_ssm_parameter", "login_settings", "arn"),
      }),
  },
  {
    id: "evidence-reader",
    title: "Evidence reader (auditor, live drift check)",
    actor: "an auditor, or the pipeline running npm run audit:iam -- --live",
    purpose:
      "Reads the deployed role policies, key policy and Lambda resource policies, the key's rotation status, the parameters' history and CloudTrail's event history; changes nothing and reads no secret.",
    risk: { tier: "low", why: "Read-only; a SecureString's history carries ciphertext only." },
    policy: (scenario) => evidenceReaderPolicy(names(scenario)),
  },
];

/** A person as the simulator takes a principal: an example role of the account holding the generated policy. */
export function personPrincipal(person: PersonDeclaration, document: PolicyDocument): ModulePrincipal {
  const roleName = `example-${person.id}`;
  return {
    address: `person.${person.id}`,
    logicalName: person.id,
    roleName,
    arn: `arn:aws:iam::${EXAMPLE.accountId}:role/${roleName}`,
    path: "/",
    maxSessionDuration: null,
    permissionsBoundary: null,
    trustPolicy: { Version: "2012-10-17", Statement: [] },
    policies: [
      {
        address: `infra/policies/people.ts (${person.id})`,
        name: person.id,
        document: document as unknown as PolicyDoc,
      },
    ],
    pinned: { inline: null, attachments: null },
  };
}
