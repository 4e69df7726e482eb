import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { countIf, isToken, logicalIds } from "./expr";
import type { BooleanInput, ExtraAuthFlow, TokenList } from "./props";

/** What the passkey login page needs: custom auth, and refresh. */
export const PASSKEY_AUTH_FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

export interface PasskeyAppClientProps {
  readonly enabled: BooleanInput;
  readonly namePrefix: string;
  readonly userPoolId: string;
  /** Flows added to PASSKEY_AUTH_FLOWS (a password fallback on the same client). */
  readonly extraAuthFlows: ExtraAuthFlow[] | TokenList;
  /** Lifetime of a login session, in minutes. */
  readonly authSessionValidityMinutes: number;
  readonly logicalIdPrefix: string;
}

/**
 * The passkey login page's own app client: custom auth only (plus what the caller asks), no secret, token
 * revocation, no user-existence errors. Existing clients are never changed. Logical id: `passkey_login`.
 */
export class PasskeyAppClient extends Construct {
  readonly client: CognitoUserPoolClient;

  constructor(scope: Construct, id: string, props: PasskeyAppClientProps) {
    super(scope, id);
    const named = logicalIds(props.logicalIdPrefix);
    const extra = props.extraAuthFlows;
    this.client = named(
      new CognitoUserPoolClient(this, "client", {
        count: countIf(props.enabled),
        name: `${props.namePrefix}-passkey-login`,
        userPoolId: props.userPoolId,
        generateSecret: false,
        explicitAuthFlows: isToken(extra)
          ? Token.asList(Fn.distinct(Fn.concat([PASSKEY_AUTH_FLOWS, extra])))
          : [...new Set([...PASSKEY_AUTH_FLOWS, ...extra])],
        authSessionValidity: props.authSessionValidityMinutes,
        enableTokenRevocation: true,
        preventUserExistenceErrors: "ENABLED",
        supportedIdentityProviders: ["COGNITO"],
      }),
      "passkey_login",
    );
  }
}
