import { Fn, Token, dependable, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { accountRootArn, ssmParameterArn } from "../policies/arns";
import { secretKeyPolicy } from "../policies/kms";
import { renderPolicy } from "../policies/render";
import { callerKeyDecryptPolicy } from "../policies/triggers";
import {
  choose,
  countIf,
  equals,
  firstInstance,
  isNull,
  isToken,
  localValue,
  logicalIds,
  not,
  type Condition,
} from "./expr";
import type { BooleanInput, SecretManagement, TokenString } from "./props";

/** Placeholder stored when the secret is set out of band: not a secret, and Corbado rejects it (fails closed). */
export const SECRET_PLACEHOLDER = "set-out-of-band";

export interface CorbadoSecretProps {
  readonly namePrefix: string;
  /** Create the key; default: when no `kmsKeyArn` is given. */
  readonly createKmsKey?: BooleanInput;
  readonly kmsKeyArn?: string | null;
  readonly kmsKeyDeletionWindowDays: number;
  readonly secretManagement: SecretManagement | TokenString;
  readonly corbadoApiSecret?: string | null;
  readonly corbadoApiSecretVersion: number;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

/** The one role allowed to decrypt the secret (through SSM, for this parameter only). */
export interface SecretDecrypter {
  /** Logical id of the role (`verify_auth_challenge`): the caller-key policy is `<id>_caller_key`. */
  readonly logicalId: string;
  /** The role's ARN built from its name (known at plan). */
  readonly roleArn: string;
  /** The role's id, for a role policy. */
  readonly roleId: string;
  /** The role resource: KMS accepts a key policy naming a role only once the role exists. */
  readonly role: ITerraformDependable;
}

/** The module's tables, which the created key also encrypts (through DynamoDB, for the module's roles only). */
export interface KeyTableUse {
  readonly tableNames: string[];
  /** `arn:<partition>:iam::<account>:role<path><role name prefix>-*`. */
  readonly principalArnPattern: string;
}

/**
 * The Corbado Backend API secret: a customer-managed KMS key (rotation on, with its alias) or the caller's, and
 * an SSM SecureString whose value never enters state: either put out of band, or written through the
 * write-only argument value_wo. Logical ids: `corbado_secret`.
 */
export class CorbadoSecret extends Construct {
  readonly parameter: SsmParameter;
  /**
   * The parameter's ARN, built from its name (not the resource's attribute): the key policy can name it without
   * a cycle (the parameter depends on the key).
   */
  readonly parameterArn: string;
  /** The created key's ARN, or the caller's. */
  readonly kmsKeyArn: string;
  /** The created key's id, or the caller's (the last part of its ARN). */
  readonly kmsKeyId: string;
  /** The created key's alias (`alias/<namePrefix>-corbado-secret`); null with the caller's key. */
  readonly kmsKeyAlias: string | null;
  private readonly key: KmsKey;
  /** Whether the key is the module's (a literal or a condition). */
  readonly ownKey: Condition;
  private readonly props: CorbadoSecretProps;

  constructor(scope: Construct, id: string, props: CorbadoSecretProps) {
    super(scope, id);
    this.props = props;
    const named = logicalIds(props.logicalIdPrefix);
    const ownKey: Condition = props.createKmsKey ?? isNull(props.kmsKeyArn);
    this.ownKey = ownKey;
    this.key = named(
      new KmsKey(this, "key", {
        count: countIf(ownKey),
        description: `Encrypts the Corbado Backend API secret of ${props.namePrefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: props.kmsKeyDeletionWindowDays,
        tags: props.tags,
      }),
      "corbado_secret",
    );
    const alias = named(
      new KmsAlias(this, "alias", {
        count: countIf(ownKey),
        name: `alias/${props.namePrefix}-corbado-secret`,
        targetKeyId: firstInstance(this.key, "key_id"),
      }),
      "corbado_secret",
    );
    this.kmsKeyArn = localValue(
      this,
      named,
      "kms_key_arn",
      choose(ownKey, firstInstance(this.key, "arn"), props.kmsKeyArn ?? ""),
    );
    const callerKeyId = (arn: string) =>
      isToken(arn) ? Token.asString(Fn.element(Fn.split("/", arn), 1)) : (arn.split("/")[1] ?? "");
    this.kmsKeyId = choose(ownKey, firstInstance(this.key, "key_id"), callerKeyId(props.kmsKeyArn ?? ""));
    this.kmsKeyAlias = choose<string | null>(ownKey, firstInstance(alias, "name"), null);

    const writeSecret = equals(props.secretManagement, "terraform");
    this.parameter = named(
      new SsmParameter(this, "parameter", {
        name: `/${props.namePrefix}/corbado-backend-api-secret`,
        description: "Corbado Backend API secret, base64(projectId:apiSecret). Read by verify-auth-challenge.",
        type: "SecureString",
        keyId: this.kmsKeyArn,
        valueWo: choose(writeSecret, props.corbadoApiSecret ?? "", SECRET_PLACEHOLDER),
        // The value is written on create and whenever the version changes, in either mode: switching
        // modes alone never overwrites a secret that is in place.
        valueWoVersion: props.corbadoApiSecretVersion,
        tags: props.tags,
      }),
      "corbado_secret",
    );
    this.parameterArn = localValue(
      this,
      named,
      "secret_parameter_arn",
      ssmParameterArn(props, `/${props.namePrefix}/corbado-backend-api-secret`),
    );
  }

  /**
   * Lets the one role decrypt the secret (through SSM, for this parameter only), where the key is named. The
   * created key's policy names the role and is its only grant: no identity policy names the new key, whose ARN
   * is unknown until it exists, so every IAM and KMS policy of the module is readable in the first plan. A
   * caller's key gets a role policy of its own (`<logicalId>_caller_key`) naming `kms_key_arn`. Called once;
   * returns that policy when it may exist.
   */
  allowDecrypt(decrypter: SecretDecrypter, tables?: KeyTableUse): IamRolePolicy | undefined {
    const { region, accountId, logicalIdPrefix } = this.props;
    const named = logicalIds(logicalIdPrefix);
    this.key.policy = renderPolicy(
      this,
      `${logicalIdPrefix}corbado_secret_key_policy`,
      secretKeyPolicy({
        accountRootArn: accountRootArn(this.props),
        decrypterRoleArn: decrypter.roleArn,
        secretParameterArn: this.parameterArn,
        region,
        accountId,
        tables,
      }),
    );
    this.key.dependsOn = [...(this.key.dependsOn ?? []), dependable(decrypter.role)];
    const callerKey = not(this.ownKey);
    if (callerKey === false) return undefined;
    return named(
      new IamRolePolicy(this, "caller-key", {
        count: callerKey === true ? undefined : countIf(callerKey),
        name: "decrypt-corbado-secret",
        role: decrypter.roleId,
        policy: renderPolicy(
          this,
          `${logicalIdPrefix}${decrypter.logicalId}_caller_key_policy`,
          callerKeyDecryptPolicy({
            kmsKeyArn: this.props.kmsKeyArn ?? "",
            secretParameterArn: this.parameterArn,
            region,
          }),
        ),
      }),
      `${decrypter.logicalId}_caller_key`,
    );
  }
}
