import { Fn } from "cdktf";
import { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { LOGIN_SETTINGS_ALLOWED_PATTERN } from "../../functions/define-auth-challenge/settings";
import { logicalIds } from "./expr";
import type { BooleanInput } from "./props";

/**
 * The only values the parameter accepts (SSM refuses any other, whoever writes it): exactly what
 * define-auth-challenge parses, both booleans in either key order (Terraform's jsonencode sorts keys, a
 * JavaScript writer keeps declaration order). Valid in JS, RE2 and SSM.
 */
export { LOGIN_SETTINGS_ALLOWED_PATTERN };

export interface LoginSettingsProps {
  readonly namePrefix: string;
  /** Initial value of `passkeyFirst`. */
  readonly passkeyFirst: BooleanInput;
  /** Initial value of `killSwitch`. */
  readonly killSwitch: BooleanInput;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

/**
 * The login settings define-auth-challenge reads: a plain String parameter holding
 * `{"passkeyFirst": bool, "killSwitch": bool}`. Logical id: `aws_ssm_parameter.login_settings`.
 */
export class LoginSettings extends Construct {
  readonly parameter: SsmParameter;
  /** The parameter's name as given (known at plan), for an ARN built from it. */
  readonly parameterName: string;

  constructor(scope: Construct, id: string, props: LoginSettingsProps) {
    super(scope, id);
    const named = logicalIds(props.logicalIdPrefix);
    this.parameterName = `/${props.namePrefix}/login-settings`;
    this.parameter = named(
      new SsmParameter(this, "parameter", {
        name: this.parameterName,
        description: "Passkey login settings read by define-auth-challenge: passkey-first and the kill switch.",
        type: "String",
        allowedPattern: LOGIN_SETTINGS_ALLOWED_PATTERN,
        value: Fn.jsonencode({ passkeyFirst: props.passkeyFirst, killSwitch: props.killSwitch }),
        tags: props.tags,
      }),
      "login_settings",
    );
  }
}
