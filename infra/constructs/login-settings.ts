import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { LOGIN_SETTINGS_ALLOWED_PATTERN } from "../../functions/define-auth-challenge/settings";
import { CheckBlock } from "./check";
import { logicalIds } from "./expr";
import type { BooleanInput } from "./props";

/**
 * The only values the parameter accepts (SSM refuses any other, whoever writes it): exactly what
 * define-auth-challenge parses, both booleans in either key order (Terraform's jsonencode sorts keys, a
 * JavaScript writer keeps declaration order). Valid in JS, RE2 and SSM.
 */
export { LOGIN_SETTINGS_ALLOWED_PATTERN };

/** Name of the check block that warns while the kill switch is on. */
export const KILL_SWITCH_CHECK = "login_settings_kill_switch";

export interface LoginSettingsProps {
  readonly namePrefix: string;
  /** Value of `passkeyFirst` when the parameter is created; later changes are the console's or an operator's. */
  readonly initialPasskeyFirst: BooleanInput;
  /** Value of `killSwitch` when the parameter is created; likewise. */
  readonly initialKillSwitch: BooleanInput;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

/**
 * The login settings define-auth-challenge reads: a plain String parameter holding
 * `{"passkeyFirst": bool, "killSwitch": bool}`. Terraform writes only its initial value: the value is not
 * secret, so it is `insecure_value` (shown in plans), and changes to it are ignored, so an apply never turns a
 * kill switch set in an emergency back off. A check block warns on every plan while the switch is on (or the
 * value is invalid, which define reads as on), from the value as read on that plan. Logical ids:
 * `aws_ssm_parameter.login_settings`, `data.aws_ssm_parameter.login_settings`, `check.login_settings_kill_switch`.
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
        insecureValue: Fn.jsonencode({ passkeyFirst: props.initialPasskeyFirst, killSwitch: props.initialKillSwitch }),
        lifecycle: { ignoreChanges: ["insecure_value"] },
        tags: props.tags,
      }),
      "login_settings",
    );

    // Read on every plan, after the parameter exists (deferred to the apply that creates or changes it).
    const stored = named(
      new DataAwsSsmParameter(this, "stored", { name: this.parameter.name, dependsOn: [this.parameter] }),
      "login_settings",
    );
    named(
      new CheckBlock(this, "kill-switch-check", [
        {
          // Exactly false is off; anything else (true, an invalid value, no value) is what define reads as on.
          condition: `\${try(jsondecode(data.aws_ssm_parameter.${stored.friendlyUniqueId}.insecure_value).killSwitch == false, false)}`,
          errorMessage: `The passkey kill switch is ON in the SSM parameter \${${this.parameter.terraformResourceType}.${this.parameter.friendlyUniqueId}.name} (or its value is not valid, which define-auth-challenge reads as ON): every passkey login fails, password login works. Terraform leaves the value alone; to turn it off, see "Kill switch and login settings" in docs/deploy.md.`,
        },
      ]),
      KILL_SWITCH_CHECK,
    );
  }
}
