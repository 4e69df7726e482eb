/**
 * The resources the report gives a section of their own ("who can read or change it, through which policy"),
 * matched against the resources every scenario simulates (simulate.ts's catalogue). Adding one is a declaration
 * here: the access is read from the simulation.
 */
export interface KeyResourceDeclaration {
  /** Anchor of its section. */
  readonly id: string;
  readonly title: string;
  /** What it is and why access to it matters, for a reader who is not an engineer. */
  readonly about: string;
  /** Catalogue labels of the resources it stands for (one per scenario variant, e.g. the module's or the caller's key). */
  readonly labels: readonly string[];
}

export const KEY_RESOURCES: readonly KeyResourceDeclaration[] = [
  {
    id: "resource-corbado-secret",
    title: "The Corbado secret",
    about:
      "The SSM SecureString holding base64(projectId:apiSecret) of the Corbado project. Whoever reads it in clear can call Corbado's Backend API as this installation; reading it needs ssm:GetParameter and kms:Decrypt on its key.",
    labels: ["aws_ssm_parameter.corbado_secret"],
  },
  {
    id: "resource-kms-key",
    title: "The KMS key of the Corbado secret",
    about:
      "The customer-managed key the secret is encrypted with: the module's own (create_kms_key, the default) or the caller's (kms_key_arn). Its key policy is printed and simulated below.",
    labels: ["aws_kms_key.corbado_secret", "the caller's KMS key (kms_key_arn; default key policy)"],
  },
  {
    id: "resource-user-pool",
    title: "The user pool",
    about:
      "The Cognito user pool whose users log in with passkeys: the user directory (usernames, e-mail addresses, phone numbers, MFA settings).",
    labels: ["the module's pool"],
  },
  {
    id: "resource-login-settings",
    title: "The login-settings parameter",
    about:
      'The SSM parameter {"passkeyFirst", "killSwitch"} that define-auth-challenge reads: whoever writes it can turn passkey login off for everyone (password login is unaffected).',
    labels: ["aws_ssm_parameter.login_settings"],
  },
  {
    id: "resource-trigger-functions",
    title: "The trigger functions",
    about:
      "The Lambda functions Cognito calls during a passkey login (and the attach step). Their resource policies let Cognito call them for the module's pool only; principals of this account need lambda:InvokeFunction in their own policies.",
    labels: [
      "aws_lambda_function.define_auth_challenge",
      "aws_lambda_function.create_auth_challenge",
      "aws_lambda_function.verify_auth_challenge",
      "aws_lambda_function.post_authentication",
      "aws_lambda_function.pool_attach",
    ],
  },
  {
    id: "resource-api-functions",
    title: "The API functions",
    about:
      "The admin API (always; the console's routes with console_enabled) and the self-service route (self_service_enabled), behind the module's HTTP API. Their resource policies let API Gateway call them for the module's API only; each verifies the caller's token itself.",
    labels: ["aws_lambda_function.admin_api", "aws_lambda_function.self_service"],
  },
  {
    id: "resource-aggregates-table",
    title: "The adoption counters (aggregates table)",
    about:
      "The DynamoDB table of daily adoption counts the console shows (passkey logins, failures, passkeys added, passkey users) and the per-user markers of a first passkey login (keyed by a hash of the username). Whoever writes it can falsify the adoption figures; the writers may only add to counter items and put markers (dynamodb:LeadingKeys).",
    labels: ["aws_dynamodb_table.aggregates"],
  },
];
