import { Fn, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Token, ref } from "cdktf";
import type { Construct } from "constructs";
import { CorbadoPasskeys } from "../constructs/corbado-passkeys";
import type { PasskeyFunction } from "../constructs/passkey-function";
import { asToken, choose, firstInstance, snakeCase } from "../constructs/expr";
import {
  VARIABLES,
  type ModuleVariables,
  type VariableKind,
  type VariableSpec,
  type VariableTokens,
} from "./variables";
import { CORBADO_ACTIONS } from "./artifacts";

export interface OutputSpec {
  name: string;
  description: string;
  sensitive?: boolean;
}

/**
 * The stack the Terraform module is emitted from: every prop of CorbadoPasskeys is fed by a variable of the
 * same meaning, so the module and a CDKTF app run one code path.
 */
export class PasskeysModuleStack extends TerraformStack {
  readonly passkeys: CorbadoPasskeys;
  readonly outputs: OutputSpec[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const props = moduleProps(this);
    const passkeys = new CorbadoPasskeys(this, "passkeys", props);
    this.passkeys = passkeys;

    this.output("user_pool_id", "Id of the user pool the triggers serve.", passkeys.userPoolId);
    this.output("user_pool_arn", "ARN of the user pool the triggers serve.", passkeys.userPoolArn);
    this.output(
      "app_client_id",
      "Id of the passkey login app client (null when create_app_client is false). It has no secret.",
      choose<string | null>(props.createAppClient, firstInstance(passkeys.appClient, "id"), null),
    );
    this.output(
      "lambda_config",
      'Trigger ARNs in the shape of aws_cognito_user_pool.lambda_config: in "external" mode, set these arguments on your pool (post_authentication is null unless count_all_logins is on; it counts every login for the console).',
      passkeys.lambdaConfig,
    );
    this.output(
      "function_names",
      "Names of the three trigger functions, by trigger.",
      byTrigger(passkeys, (t) => t.fn.functionName),
    );
    this.output(
      "role_arns",
      "Execution role ARNs of the three trigger functions, by trigger (verify_auth_challenge is the one a caller's KMS key must allow).",
      byTrigger(passkeys, (t) => t.role.arn),
    );
    this.output(
      "log_group_names",
      "CloudWatch log groups of the three trigger functions, by trigger.",
      byTrigger(passkeys, (t) => t.logGroup.name),
    );
    this.output(
      "secret_parameter_name",
      "SSM SecureString holding the Corbado Backend API secret (the name only; the value is never an output).",
      passkeys.secretParameter.name,
    );
    this.output(
      "secret_parameter_arn",
      "ARN of the Corbado secret parameter (known at plan time: a caller's KMS key policy can name it as kms:EncryptionContext:PARAMETER_ARN).",
      passkeys.secretParameterArn,
    );
    this.output(
      "kms_key_arn",
      "KMS key encrypting the Corbado secret (created by the module, or yours).",
      passkeys.kmsKeyArn,
    );
    this.output(
      "kms_key_id",
      "Id of the KMS key encrypting the Corbado secret (created by the module, or yours).",
      passkeys.kmsKeyId,
    );
    this.output(
      "kms_key_alias",
      "Alias of the KMS key the module created for the Corbado secret (alias/<name_prefix>-corbado-secret); null with your own key.",
      passkeys.kmsKeyAlias,
    );
    this.output(
      "log_group_arns",
      "ARNs of the CloudWatch log groups of the three trigger functions, by trigger (for subscriptions to a SIEM, or log-data policies).",
      byTrigger(passkeys, (t) => t.logGroup.arn),
    );
    this.output(
      "login_settings_parameter_name",
      "SSM parameter holding the login settings (passkey-first, kill switch) that define-auth-challenge reads.",
      passkeys.loginSettingsParameter.name,
    );
    const actions = passkeys.actionsRole;
    const environment = passkeys.corbadoActionsEnvironment;
    this.output(
      "corbado_actions_role_arn",
      "ARN of the role Corbado's actions assume (ASSUME_ROLE_ARN in Corbado); null when corbado_actions_principal_arn is null.",
      actions ? actions.roleArnOrNull : null,
    );
    this.output(
      "corbado_actions_external_id",
      "The external id the actions role requires (ASSUME_ROLE_EXTERNAL_ID in Corbado); null when corbado_actions_principal_arn is null. Not a secret.",
      actions ? choose<string | null>(passkeys.actionsRoleEnabled, actions.externalId, null) : null,
    );
    this.output(
      "corbado_actions_environment",
      "Environment variables to enter in Corbado for both actions (pre-login, post-append): USER_POOL_ID, ASSUME_ROLE_ARN, ASSUME_ROLE_EXTERNAL_ID, MFA_AFTER_PASSKEY, POOL_SMS_MFA_CONFIGURED. Null when corbado_actions_principal_arn is null. Nothing in it is secret.",
      environment ? choose(passkeys.actionsRoleEnabled, this.environmentLocal(environment), null) : null,
    );
    const api = passkeys.api;
    const whenConsole = (value: string) => choose<string | null>(passkeys.consoleEnabled, value, null);
    this.output(
      "api_url",
      "Base URL of the HTTP API (GET /v1/public/login-config for your login pages; with console_enabled the admin API's /v1 routes).",
      api.url,
    );
    this.output(
      "console_user_pool_id",
      "Id of the security console's user pool (create its users there, in the groups admins or auditors); null without console_enabled.",
      whenConsole(passkeys.consolePool.poolId),
    );
    this.output(
      "console_client_id",
      "Id of the console's public app client (authorization code with PKCE); null without console_enabled.",
      whenConsole(passkeys.consolePool.clientId),
    );
    this.output(
      "console_issuer",
      "OIDC issuer of the console's tokens (its /.well-known/openid-configuration describes the rest); null without console_enabled.",
      whenConsole(passkeys.consolePool.issuer),
    );
    this.output(
      "console_managed_login_url",
      "The console pool's managed-login domain (https://<prefix>.auth.<region>.amazoncognito.com); null without console_enabled.",
      whenConsole(passkeys.consolePool.domainUrl),
    );
    this.output(
      "self_service_url",
      "URL of POST /v1/self/connect-tokens for your app's pages; null without self_service_enabled.",
      choose<string | null>(passkeys.selfServiceEnabled, `${api.url}/v1/self/connect-tokens`, null),
    );
    this.output(
      "table_names",
      "DynamoDB tables of the module: aggregates (adoption counters; always) and audit (null without console_enabled).",
      { aggregates: passkeys.tables.aggregates.name, audit: whenConsole(passkeys.tables.audit.name) },
    );
    this.output(
      "function_packages",
      'Paths of the Lambda packages the module deploys in this pool_mode, by function name (the keys package_s3_keys takes): sign these with your signer profile for code signing (docs/deploy.md, "Code signing").',
      this.deployedPackages(passkeys),
    );
    this.output(
      "corbado_action_packages",
      "Paths of the Corbado action artifacts shipped with the module (pre-login, post-append). Not deployed by the module: hand them to Corbado (docs/corbado-actions.md).",
      this.shippedArtifacts(CORBADO_ACTIONS),
    );
    this.output(
      "console_url",
      "Where the hosted console is served (https://<id>.cloudfront.net); null when console_hosting_enabled is false. Add <console_url>/auth/callback and <console_url>/signed-out to the console app client.",
      passkeys.consoleHosting.url,
    );
    this.output(
      "console_bucket_name",
      'S3 bucket to upload the console\'s build to (docs/console.md, "Hosting"); null when console_hosting_enabled is false.',
      passkeys.consoleHosting.bucketName,
    );
    this.output(
      "console_distribution_id",
      "CloudFront distribution serving the console (invalidate /index.html after an upload); null when console_hosting_enabled is false.",
      passkeys.consoleHosting.distributionId,
    );
  }

  /** The environment map as a local (readable in main.tf.json), so the output is a short conditional. */
  private environmentLocal(environment: object): unknown {
    const local = new TerraformLocal(this, "corbado_actions_environment", environment);
    local.overrideLogicalId("corbado_actions_environment");
    return local.expression;
  }

  /**
   * The packages of the functions deployed in the configuration at hand: the triggers, the admin API,
   * post-authentication with count_all_logins, pool-attach in attach mode and self-service when on.
   */
  private deployedPackages(passkeys: CorbadoPasskeys): unknown {
    // A reference, not the text: inside an expression CDKTF would escape a literal ${path.module}.
    const path = (name: string) => `${Token.asString(ref("path.module"))}/functions/${name}.zip`;
    const triggers = Object.fromEntries(Object.keys(passkeys.triggers).map((name) => [name, path(name)]));
    const packages = Fn.merge([
      triggers,
      { "admin-api": path("admin-api") },
      choose(passkeys.countAllLogins, { "post-authentication": path("post-authentication") }, {}),
      choose(passkeys.poolAttachEnabled, { "pool-attach": path("pool-attach") }, {}),
      choose(passkeys.selfServiceEnabled, { "self-service": path("self-service") }, {}),
    ]);
    // A local (in main.tf.json), so outputs.tf holds a short reference.
    const local = new TerraformLocal(this, "function_packages", packages);
    local.overrideLogicalId("function_packages");
    return local.expression;
  }

  /** Paths of artifacts shipped in the module's functions/ folder. */
  private shippedArtifacts(names: readonly string[]): Record<string, string> {
    return Object.fromEntries(names.map((name) => [snakeCase(name), `\${path.module}/functions/${name}.zip`]));
  }

  private output(name: string, description: string, value: unknown): void {
    const output = new TerraformOutput(this, `output-${name}`, { description, value });
    output.overrideLogicalId(name);
    this.outputs.push({ name, description });
  }
}

/** One value per trigger, keyed by its snake_case name (define_auth_challenge, ...). */
function byTrigger(passkeys: CorbadoPasskeys, value: (t: PasskeyFunction) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(passkeys.triggers).map(([name, t]) => [snakeCase(name), value(t)]));
}

function moduleVariable(scope: Construct, spec: VariableSpec): TerraformVariable {
  const variable = new TerraformVariable(scope, `variable-${spec.name}`, {
    type: spec.type,
    description: spec.description,
    ...(spec.default !== undefined && spec.default !== null ? { default: spec.default } : {}),
    ...(spec.sensitive ? { sensitive: true } : {}),
    ...(spec.validation ? { validation: spec.validation } : {}),
  });
  variable.overrideLogicalId(spec.name);
  // `default: null` crashes CDKTF 0.21's synth: set it as an override.
  if (spec.default === null) variable.addOverride("default", null);
  if (spec.ephemeral) variable.addOverride("ephemeral", true);
  return variable;
}

/** A variable's value as the token its kind hands the construct. */
const TOKEN_OF: { [K in VariableKind]: (variable: TerraformVariable) => VariableTokens[K] } = {
  string: (variable) => asToken(variable.stringValue),
  number: (variable) => variable.numberValue,
  bool: (variable) => variable.booleanValue,
  list: (variable) => asToken(variable.listValue),
  map: (variable) => Token.asStringMap(variable.value),
};

/** Every prop, fed by its variable: a prop's type accepts its variable's token (checked by ModuleVariables). */
type ModuleProps = { [P in keyof ModuleVariables]: VariableTokens[ModuleVariables[P]["kind"]] };

function moduleProps(scope: Construct): ModuleProps {
  const props: Partial<Record<keyof ModuleVariables, unknown>> = {};
  for (const prop of Object.keys(VARIABLES) as (keyof ModuleVariables)[]) {
    const spec: VariableSpec = VARIABLES[prop];
    props[prop] = TOKEN_OF[spec.kind](moduleVariable(scope, spec));
  }
  // Filled from the same VARIABLES the type is derived from: every key, each with its kind's token.
  return props as ModuleProps;
}
