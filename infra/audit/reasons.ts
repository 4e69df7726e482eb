/**
 * Why each principal exists and why each statement is needed, keyed by the role's Terraform name and the
 * statement's Sid. The report refuses a principal or a statement that has no entry here: every permission the
 * module grants must come with its reason.
 */
export const PRINCIPAL_PURPOSE: Record<string, string> = {
  define_auth_challenge:
    "Execution role of define-auth-challenge, the custom-auth state machine. Reads the login settings (passkey-first, kill switch) and writes its logs.",
  create_auth_challenge:
    "Execution role of create-auth-challenge, which puts the username into the challenge parameters. Needs nothing but its logs.",
  verify_auth_challenge:
    "Execution role of verify-auth-challenge, which asks Corbado's Backend API to verify signedPasskeyData. Reads the Corbado secret (SSM SecureString) and decrypts it through SSM.",
  pool_attach:
    "Execution role of the apply-time attach step (pool_mode = attach only): merges the three triggers into an existing pool and removes exactly them on destroy.",
  corbado_actions:
    "Cross-account role assumed by Corbado's pre-login and post-append actions (Corbado's account, with the external id). Looks users up in the one pool, and sets an MFA preference there only with mfa_after_passkey = sms.",
  cognito_sms:
    'SNS role of the pool the module creates, only with pool_mode = create and mfa_after_passkey = "sms": Cognito assumes it to send SMS MFA codes.',
};

export const STATEMENT_REASONS: Record<string, string> = {
  WriteOwnLogGroup:
    "Lambda writes the function's logs to its own log group (created by the module, so no logs:CreateLogGroup).",
  ReadLoginSettings:
    "define-auth-challenge reads the login settings parameter (a plain String, no KMS) to honour the kill switch and passkey-first.",
  ReadCorbadoSecret:
    "verify-auth-challenge reads the Corbado Backend API secret, with decryption, to call /v2/passkey/verifySignedData.",
  DecryptCorbadoSecretViaSsm:
    "SSM decrypts the SecureString with the customer-managed key on the caller's behalf; allowed only through SSM in this region and only for this parameter (encryption context).",
  ManageLambdaVpcInterfaces:
    'Only when vpc_subnet_ids is set: Lambda creates and removes the function\'s network interfaces. AWS requires Resource "*" here (content of AWSLambdaVPCAccessExecutionRole).',
  WriteXrayTraces:
    'Only with tracing_mode set: Lambda sends the function\'s X-Ray trace segments with its role. X-Ray has no resource-level permissions for these two actions, so AWS requires "Resource": "*" (infra/policies/wildcards.ts).',
  MergeTriggersIntoOnePool:
    "Attach mode: read the existing pool's configuration, write it back with our three triggers merged in (UpdateUserPool needs the whole configuration), and read the MFA configuration back to prove the write kept it.",
  PassPoolSmsRoleBackToCognito:
    "Attach mode with an SMS-configured pool: UpdateUserPool must pass the pool's existing SMS role back unchanged, which needs iam:PassRole, only towards Cognito.",
  CorbadoActionsLookUpUsers:
    "pre-login: AdminGetUser on the typed identifier, then ListUsers by email; post-append (mfa_after_passkey = sms): AdminGetUser to read the user's MFA settings and phone verification.",
  CorbadoActionsSetMfaPreference:
    "post-append with mfa_after_passkey = sms: make SMS MFA preferred for a user who has no MFA setting. A separate policy, so it can be left out when MFA is not set after a passkey.",
  PublishSmsToPhoneNumbers:
    'Cognito sends SMS codes to users\' phone numbers through SNS. A direct SMS has no resource ARN, so AWS requires "Resource": "*" (infra/policies/wildcards.ts).',
  NoPublishToTopics:
    'Deny: the SMS role may not publish to any SNS topic, so the "*" above reaches phone numbers only.',
  LambdaAssumesRole: "The Lambda service assumes the execution role to run the function.",
  CognitoAssumesSmsRole:
    "Only Cognito, for user pools of this account in this region (aws:SourceAccount, aws:SourceArn), with the external id the created pool sends (confused-deputy protection as in Cognito's developer guide).",
  CorbadoActionsAssumeRoleWithExternalId:
    "Only the configured Corbado principal may assume the role, and only when it sends the agreed sts:ExternalId (confused-deputy protection).",
  AccountAdministersKey:
    "Key policy: the account keeps administration of its key (AWS's default), so IAM policies in the account decide who else may use it and the key can never become unmanageable.",
  VerifyTriggerDecryptsViaSsm:
    "Key policy: the verify trigger's role may decrypt, only through SSM in this region, only as a caller from this account, and only for the Corbado secret parameter (encryption context PARAMETER_ARN).",
};
