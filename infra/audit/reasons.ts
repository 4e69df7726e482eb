/**
 * Why each statement is needed, keyed by its Sid (the module's policies, the module's key policy, and the
 * policies generated for people and pipelines in people.ts). The report refuses a statement without a reason:
 * every permission must come with one.
 */
export const STATEMENT_REASONS: Record<string, string> = {
  WriteOwnLogGroup:
    "Lambda writes the function's logs to its own log group (created by the module, so no logs:CreateLogGroup).",
  ReadLoginSettings:
    "define-auth-challenge reads the login settings parameter (a plain String, no KMS) to honour the kill switch and passkey-first; the admin API reads it with the same reader for GET /v1/public/login-config and GET /v1/settings.",
  ReadCorbadoSecret:
    "verify-auth-challenge reads the Corbado Backend API secret, with decryption, to call /v2/passkey/verifySignedData; the admin API (console routes) and the self-service route read it to mint connect tokens (POST /v2/connectTokens).",
  ReadCustomerPoolUsers:
    "Admin API, console routes: ListUsers (users page, escaped e-mail prefix filter), AdminGetUser (a user's details, the identifier of their connect tokens) and DescribeUserPool (pool size for the adoption share), on the customer's pool only.",
  WriteLoginSettings:
    "Admin API, PUT /v1/settings (admins): writes the login settings parameter, whose allowed pattern accepts only the two booleans; serialised through the settings-lock item.",
  ReadAdoptionCounters:
    "Admin API, GET /v1/adoption: Query of each shard's day items and BatchGetItem of its total item; dynamodb:LeadingKeys holds it to counters#* (never the markers or another function's items; a request without a key is refused).",
  TakeRateLimitAndSettingsLock:
    "Admin API: one conditional UpdateItem per passkey deletion (ratelimit#passkey-delete#<admin>) and per settings write (settings-lock); dynamodb:LeadingKeys holds it to those partition keys (a request without a key is refused).",
  AppendAndListAudit:
    "Admin API: adds audit entries and settings-history items (PutItem with attribute_not_exists, which IAM cannot require: point-in-time recovery keeps what an overwrite would replace) and lists them (Query), on audit#* and settings-history only (dynamodb:LeadingKeys; a request without a key is refused). No UpdateItem or DeleteItem: the role cannot edit the log.",
  ReadCustomerPoolUser:
    "Self-service route: AdminGetUser on the token's own username (exists, enabled, confirmed; the display name), on the customer's pool only.",
  TakeOwnRateLimit:
    "Self-service route: one conditional UpdateItem per connect token on the user's rate-limit item; dynamodb:LeadingKeys holds it to ratelimit#self-service#* (a request without a key is refused).",
  UseCallerKeyForTablesViaDynamoDb:
    "With the caller's KMS key (kms_key_arn): DynamoDB uses the key on the function's behalf for its tables (a writer: the aggregates table), only through DynamoDB in this region and only for those tables (encryption context).",
  ApiFunctionsDecryptViaSsm:
    "Key policy: the admin API's and the self-service route's roles (exact ARNs in aws:PrincipalArn) may decrypt only through SSM in this region, as callers from this account, for the Corbado secret parameter only; each still needs ssm:GetParameter on it.",
  ModuleRolesUseKeyForTablesViaDynamoDb:
    "Key policy: the module's roles (aws:PrincipalArn by name prefix) may use the key only through DynamoDB in this region, as callers from this account, for the module's tables only (encryption context); the table policies decide which items.",
  AllowHttpApi:
    "Lambda resource policy: API Gateway may invoke the function, only for the module's HTTP API (AWS:SourceArn).",
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
  CountAdoption:
    'Adoption counters (docs/admin-api.md, "Writers"): add 1 to the day\'s counters (UpdateItem ADD) in the aggregates table, only on counter items (partition key counters#<shard>, dynamodb:LeadingKeys; a request without a key is refused). No read, no delete, no other item.',
  MarkFirstPasskeyLogin:
    "verify-auth-challenge: a user's first passkey login is a conditional PutItem of a per-user marker (partition key passkey-user#<sha256 of the username>, dynamodb:LeadingKeys), so each user is counted once; no other item.",
  CorbadoActionsCountPasskeysAdded:
    "post-append: count a passkey added (UpdateItem ADD) in the aggregates table, only on counter items (partition key counters#<shard>, dynamodb:LeadingKeys).",
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
  AllowCognitoUserPool:
    "Lambda resource policy: Cognito may invoke the trigger, only for the module's pool (AWS:SourceArn) in this account (AWS:SourceAccount), as AWS recommends against confused deputies.",
  DeployerManagesModuleRoles:
    "Create, change and delete the module's roles and their inline policies, set their boundary, and remove policies added by hand (the exclusive pins); only roles named <name_prefix>-* under the module's IAM path.",
  DeployerPassesModuleRoles:
    "Lambda must be handed the functions' roles when it creates the functions: iam:PassRole on the module's roles, only to Lambda.",
  DeployerPassesSmsRoleToCognito:
    "Create mode: the created pool's SMS configuration hands Cognito the module's SMS role (with mfa_after_passkey = sms); iam:PassRole on that one role name, only to Cognito.",
  DeployerManagesModuleFunctions:
    "Create, update and delete the module's functions and their Cognito permissions (and, in attach mode, run the attach step); only functions named <name_prefix>-*.",
  DeployerManagesModuleLogGroups:
    "Create the functions' log groups with retention and optional KMS key, and delete them.",
  DeployerListsLogGroups:
    "The provider reads a log group back by listing log groups by name prefix; IAM takes only the account's log-group pattern for that call.",
  DeployerManagesModuleParameters:
    "Create the secret (with a placeholder or through value_wo) and the login-settings parameters, tag and delete them; only parameters under /<name_prefix>/. GetParameter here is without decryption: the deployer has no kms:Decrypt.",
  DeployerDescribesParameters:
    "The provider reads a parameter's metadata back with DescribeParameters, which takes no resource.",
  DeployerEncryptsSecretViaSsm:
    "Writing the secret parameter (placeholder or value_wo) makes SSM encrypt it with the key on the deployer's behalf: kms:Encrypt through SSM, for that parameter only.",
  DeployerCreatesKeys: "CreateKey and ListAliases take no resource ARN: the new key's id does not exist yet.",
  DeployerManagesModuleKey:
    "Configure the created key (rotation, key policy, tags, alias) and schedule its deletion on destroy. Its id is generated, so the statement names every key of the account in the region; narrow it with a tag condition if your keys carry one.",
  DeployerCreatesPool: "CreateUserPool takes no resource ARN (create mode).",
  DeployerManagesCreatedPool:
    "Configure, tag and delete the created pool (create mode). Its id is generated, so the statement names every pool of the account in the region.",
  DeployerManagesAppClient: "Create, update and delete the passkey login app client on the pool.",
  DeployerChecksFunctionVpc:
    "Lambda checks the subnets and security groups of a function placed in a VPC with the caller's rights; these Describe calls take no resource.",
  DeployerManagesModuleTables:
    "Create, configure (point-in-time recovery, TTL, encryption, deletion protection), tag and delete the module's DynamoDB tables; only tables named <name_prefix>-*.",
  DeployerLetsDynamoDbUseKey:
    "Creating a table encrypted with a customer-managed key makes DynamoDB check the key and create its grant with the caller's rights: only through DynamoDB in this region.",
  DeployerManagesHttpApi:
    "Create, change and delete the module's HTTP API: its routes, integrations, JWT authorizer and stage. API Gateway's IAM resources are paths, so every HTTP API of the account in the region.",
  DeployerDeliversApiAccessLogs:
    "The stage's access logs: API Gateway sets up a CloudWatch Logs delivery with the caller's rights; these delivery calls take only \"*\".",
  DeployerManagesConsolePool:
    "With console_enabled: create and configure the console pool (TOTP MFA), its groups, its managed-login domain and its app client, and delete them. Its id is generated and the domain calls take no pool ARN, so the statement names every pool of the account in the region.",
  DeployerManagesAlarms:
    "With create_alarms: the module's alarms (named <name_prefix>-*) and the metric filters on the functions' log groups.",
  DeployerManagesDashboard: "With create_dashboard: the module's dashboard (<name_prefix>-<region>).",
  SecretOperatorWritesSecret:
    "Put the Corbado Backend API secret (aws ssm put-parameter --overwrite) when secret_management = out_of_band.",
  SecretOperatorEncryptsViaSsm:
    "SSM encrypts the new value with the key on the operator's behalf: kms:Encrypt through SSM, for the secret parameter only. No kms:Decrypt: the operator cannot read the secret back.",
  KillSwitchOperatorWritesSettings:
    "Read and write the login settings (passkey-first, kill switch) when the console is not at hand; the parameter accepts only the two booleans.",
  EvidenceReaderReadsModuleRoles:
    "Read the module's roles: trust policy, inline and attached policies (the live drift check compares them with this report).",
  EvidenceReaderReadsKeys:
    "Read the key policy and the rotation status of the secret's key. Read-only metadata; the key's id is generated, so every key of the account in the region.",
  EvidenceReaderReadsFunctionPolicies:
    "Read the Lambda resource policies of the module's functions (the live drift check).",
  EvidenceReaderReadsParameterHistory:
    "Who changed the secret and the login settings, and when (rotation evidence). Without kms:Decrypt a SecureString's history holds ciphertext only.",
  EvidenceReaderLooksUpEvents:
    "CloudTrail's event history: every call made through the Corbado actions role, and who changed what.",
};
