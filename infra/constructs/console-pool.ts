import { Fn, Op, Token } from "cdktf";
import { Construct } from "constructs";
import { CognitoUserGroup } from "@cdktf/provider-aws/lib/cognito-user-group";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { ADMIN_GROUP, AUDITOR_GROUP } from "../../functions/admin-api/auth";
import { choose, countIf, firstInstance, isNull, isToken, logicalIds, type Condition } from "./expr";
import type { BooleanInput } from "./props";

/** The console's routes (dashboard/src/app/core/auth/oidc.ts), relative to its origin. */
export const CONSOLE_CALLBACK_PATH = "/auth/callback";
export const CONSOLE_SIGNED_OUT_PATH = "/signed-out";

export interface ConsolePoolProps {
  readonly enabled: Condition;
  readonly namePrefix: string;
  /** null: derived (consoleDomainPrefix). */
  readonly domainPrefix?: string | null;
  /** The console's origin; callback and sign-out URLs default to its routes. */
  readonly consoleOrigin?: string | null;
  readonly callbackUrls: string[];
  readonly logoutUrls: string[];
  readonly deletionProtection: BooleanInput;
  readonly accountId: string;
  readonly region: string;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

/**
 * A managed-login domain prefix must be unique across AWS in the region. The default is the name prefix and a
 * hash of account, region and name prefix: unique per deployment, stable across applies, and it reveals
 * neither the account id nor the region (the domain is public).
 */
export function consoleDomainPrefix(namePrefix: string, accountId: string, region: string): string {
  return Token.asString(
    Fn.format("%s-console-%s", [
      Fn.lower(namePrefix),
      Fn.substr(Fn.sha256(Fn.format("%s/%s/%s", [accountId, region, namePrefix])), 0, 10),
    ]),
  );
}

/**
 * The security console's identity: a user pool of its own (never the customer's), in which only admins create
 * users, TOTP MFA is required, and the groups `admins` and `auditors` are the roles the admin API knows; a
 * managed-login domain (version 1, the hosted UI, which enrols TOTP at first sign-in; version 2 needs a style
 * resource the module's provider floor does not have); and one public client for the console: authorization
 * code with PKCE only (Cognito requires PKCE from a client without a secret), no implicit flow, no passwords
 * sent to the API. Federation to an organisation's IdP is a later identity provider on this pool: the console is
 * a plain OIDC client and does not change. Logical ids: `console` (pool, domain, client), `console_admins`,
 * `console_auditors`.
 */
export class ConsolePool extends Construct {
  readonly pool: CognitoUserPool;
  readonly client: CognitoUserPoolClient;
  readonly domain: CognitoUserPoolDomain;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>` (the tokens' `iss`), "" when the console is off. */
  readonly issuer: string;
  readonly poolId: string;
  readonly clientId: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, "" when off. */
  readonly domainUrl: string;

  constructor(scope: Construct, id: string, props: ConsolePoolProps) {
    super(scope, id);
    const named = logicalIds(props.logicalIdPrefix);
    const count = countIf(props.enabled);
    this.pool = named(
      new CognitoUserPool(this, "pool", {
        count,
        name: `${props.namePrefix}-console`,
        deletionProtection: choose(props.deletionProtection, "ACTIVE", "INACTIVE"),
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        usernameConfiguration: { caseSensitive: false },
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        mfaConfiguration: "ON",
        softwareTokenMfaConfiguration: { enabled: true },
        accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
        passwordPolicy: {
          minimumLength: 14,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 3,
        },
        tags: props.tags,
      }),
      "console",
    );
    const poolId = firstInstance(this.pool, "id");
    const groups = [
      [ADMIN_GROUP, "Security console admins: everything auditors may, plus deleting passkeys and changing settings."],
      [AUDITOR_GROUP, "Security console auditors: read adoption, users, passkeys, settings, audit log, IAM report."],
    ] as const;
    for (const [group, description] of groups) {
      named(
        new CognitoUserGroup(this, `group-${group}`, {
          count,
          userPoolId: poolId,
          name: group,
          description,
        }),
        `console_${group}`,
      );
    }
    const prefix = isNull(props.domainPrefix);
    this.domain = named(
      new CognitoUserPoolDomain(this, "domain", {
        count,
        domain: choose(
          prefix,
          consoleDomainPrefix(props.namePrefix, props.accountId, props.region),
          props.domainPrefix ?? "",
        ),
        userPoolId: poolId,
        managedLoginVersion: 1,
      }),
      "console",
    );
    const origin = props.consoleOrigin ?? "";
    const orDerived = (urls: string[], path: string): string[] =>
      isToken(urls)
        ? (Token.asList(Fn.conditional(Op.gte(Fn.lengthOf(urls), 1), urls, [`${origin}${path}`])) as string[])
        : urls.length > 0
          ? urls
          : [`${origin}${path}`];
    this.client = named(
      new CognitoUserPoolClient(this, "client", {
        count,
        name: `${props.namePrefix}-console`,
        userPoolId: poolId,
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: ["openid", "email", "profile"],
        supportedIdentityProviders: ["COGNITO"],
        callbackUrls: orDerived(props.callbackUrls, CONSOLE_CALLBACK_PATH),
        logoutUrls: orDerived(props.logoutUrls, CONSOLE_SIGNED_OUT_PATH),
        explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
        preventUserExistenceErrors: "ENABLED",
        enableTokenRevocation: true,
        accessTokenValidity: 60,
        idTokenValidity: 60,
        refreshTokenValidity: 12,
        tokenValidityUnits: [{ accessToken: "minutes", idToken: "minutes", refreshToken: "hours" }],
      }),
      "console",
    );
    const off = (value: string) => choose(props.enabled, value, "");
    this.poolId = off(poolId);
    this.clientId = off(firstInstance(this.client, "id"));
    this.issuer = off(`https://cognito-idp.${props.region}.amazonaws.com/${poolId}`);
    this.domainUrl = off(`https://${firstInstance(this.domain, "domain")}.auth.${props.region}.amazoncognito.com`);
  }
}
