import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { secretKeyPolicy } from "../policies/kms";
import { renderPolicy } from "../policies/render";
import { choose, countIf, equals, firstInstance, isNull, localValue, logicalIds, type Condition } from "./expr";
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
  private readonly key: KmsKey;
  private readonly props: CorbadoSecretProps;

  constructor(scope: Construct, id: string, props: CorbadoSecretProps) {
    super(scope, id);
    this.props = props;
    const named = logicalIds(props.logicalIdPrefix);
    const ownKey: Condition = props.createKmsKey ?? isNull(props.kmsKeyArn);
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
    named(
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
      `arn:${props.partition}:ssm:${props.region}:${props.accountId}:parameter/${props.namePrefix}/corbado-backend-api-secret`,
    );
  }

  /**
   * Names the one role that may decrypt the secret (through SSM, for this parameter only) in the created key's
   * policy; the account keeps administration. Called once, when that role exists.
   */
  allowDecrypt(roleArn: string): void {
    const { partition, region, accountId } = this.props;
    this.key.policy = renderPolicy(
      secretKeyPolicy({
        accountRootArn: `arn:${partition}:iam::${accountId}:root`,
        decrypterRoleArn: roleArn,
        secretParameterArn: this.parameterArn,
        region,
        accountId,
      }),
    );
  }
}
