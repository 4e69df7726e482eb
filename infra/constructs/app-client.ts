import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { choose, countIf, isNull, isToken, logicalIds, not, or } from "./expr";
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
  /** Token lifetimes (access and ID in minutes, refresh in days); null or undefined: Cognito's defaults. */
  readonly accessTokenValidityMinutes?: number | null;
  readonly idTokenValidityMinutes?: number | null;
  readonly refreshTokenValidityDays?: number | null;
  readonly enableTokenRevocation: BooleanInput;
  readonly logicalIdPrefix: string;
}

/** The units the module's token lifetimes are given in. */
export const TOKEN_VALIDITY_UNITS = { access_token: "minutes", id_token: "minutes", refresh_token: "days" } as const;

/**
 * The passkey login page's own app client: custom auth only (plus what the caller asks), no secret, token
 * revocation (unless turned off), the caller's token lifetimes (else Cognito's), no user-existence errors.
 * Existing clients are never changed. Logical id: `passkey_login`.
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
        accessTokenValidity: props.accessTokenValidityMinutes ?? undefined,
        idTokenValidity: props.idTokenValidityMinutes ?? undefined,
        refreshTokenValidity: props.refreshTokenValidityDays ?? undefined,
        enableTokenRevocation: props.enableTokenRevocation,
        preventUserExistenceErrors: "ENABLED",
        supportedIdentityProviders: ["COGNITO"],
      }),
      "passkey_login",
    );
    // The units only when a lifetime is given: without one, the client keeps Cognito's defaults untouched.
    const given = [props.accessTokenValidityMinutes, props.idTokenValidityMinutes, props.refreshTokenValidityDays]
      .map((v) => not(isNull(v)))
      .reduce(or, false);
    if (given === true)
      this.client.putTokenValidityUnits([
        {
          accessToken: TOKEN_VALIDITY_UNITS.access_token,
          idToken: TOKEN_VALIDITY_UNITS.id_token,
          refreshToken: TOKEN_VALIDITY_UNITS.refresh_token,
        },
      ]);
    else if (given !== false)
      this.client.addOverride("dynamic.token_validity_units", {
        for_each: choose(given, [1], []),
        content: { ...TOKEN_VALIDITY_UNITS },
      });
  }
}
