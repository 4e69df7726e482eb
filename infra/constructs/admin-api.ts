import { Fn, Op, Token, dependable } from "cdktf";
import { Construct } from "constructs";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ADMIN_API_ENVIRONMENT } from "../../functions/admin-api/config.docs";
import { ROUTES } from "../../functions/admin-api/routes";
import { SELF_SERVICE_ENVIRONMENT } from "../../functions/self-service/config.docs";
import { adminApiConsolePolicy, adminApiPolicy, selfServicePolicy } from "../policies/admin-api";
import { renderPolicy } from "../policies/render";
import { callerKeyTablesPolicy } from "../policies/tables";
import { callerKeyDecryptPolicy } from "../policies/triggers";
import { policyDocument } from "../policies/types";
import type { AdoptionTablesRef } from "./adoption-tables";
import { renderEnvironment } from "./environment";
import { and, choose, countIf, firstInstance, isToken, logicalIds, type Condition } from "./expr";
import { PasskeyFunction, type FunctionDefaults } from "./passkey-function";
import type { BooleanInput, FunctionName, TokenList } from "./props";

/** The public route: no token, served with the console off too. */
export const PUBLIC_CONFIG_ROUTE = "GET /v1/public/login-config";
export const SELF_SERVICE_ROUTE = "POST /v1/self/connect-tokens";
/** Each function answers within its REQUEST_DEADLINE_MS (default 8 s); Lambda stops it at this. */
export const API_FUNCTION_TIMEOUT_SECONDS = 10;

/** The route keys of the admin API's routes, from the handler's own route table. */
export function adminRouteKeys(): Array<{ key: string; logicalId: string; public: boolean }> {
  return Object.entries(ROUTES).map(([name, route]) => ({
    key: `${route.method.toUpperCase()} ${route.path}`,
    logicalId: name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    public: route.access === "public",
  }));
}

export interface ApiThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ConsoleIdentity {
  readonly issuer: string;
  readonly clientId: string;
  readonly consoleOrigin: string;
}

export interface AdminApiProps {
  readonly functions: FunctionDefaults;
  readonly packagePaths: Partial<Record<FunctionName, string>>;
  readonly consoleEnabled: Condition;
  readonly selfServiceEnabled: Condition;
  readonly console: ConsoleIdentity;
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly loginSettings: { readonly parameterName: string; readonly parameterArn: string };
  readonly secret: { readonly parameterName: string; readonly parameterArn: string };
  readonly tables: AdoptionTablesRef;
  readonly region: string;
  readonly loginSettingsCacheTtlMs: number;
  readonly killSwitchWhenSettingsUnreadable: BooleanInput;
  readonly loginPageOrigins: string[] | TokenList;
  readonly corbadoProjectId: string;
  readonly corbadoBackendApiUrl: string;
  readonly counterShards: number;
  readonly auditRetentionDays: number;
  /** Whether every successful login is counted (post-authentication wired): else password logins are unknown. */
  readonly passwordLoginsCounted: Condition;
  readonly throttle: ApiThrottle;
  readonly publicConfigThrottle: ApiThrottle;
  readonly selfService: {
    readonly clientIds: string[] | TokenList;
    readonly tokenUses: string[] | TokenList;
    readonly origins: string[] | TokenList;
    readonly displayNameAttribute: string;
    readonly appendMaxAuthAgeSeconds: number;
    readonly connectTokenLifetimeSeconds: number;
    readonly rateLimit: number;
    readonly rateLimitWindowSeconds: number;
  };
}

/**
 * The HTTP API and the functions behind it. One API in every configuration: `GET /v1/public/login-config` (no
 * token, its own throttle) always; with the console, the admin API's routes (from functions/admin-api/routes.ts)
 * behind a JWT authorizer of the console pool (the function verifies every token again); with self-service,
 * `POST /v1/self/connect-tokens` (the function verifies the customer pool's tokens; no authorizer, which could
 * only check one pool). CORS is answered by the functions, per route (the public route for the login pages, the
 * console's routes for the console's origin, self-service for the app's): API Gateway's CORS setting is one for
 * the whole API, so `OPTIONS` requests reach the functions without a token. Access logs (JSON, no claims, no
 * query strings) with the module's retention; default and per-route throttling on the `$default` stage.
 */
export class AdminApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogs: CloudwatchLogGroup;
  readonly adminFunction: PasskeyFunction;
  readonly selfServiceFunction?: PasskeyFunction;
  /** The stage's invoke URL (no trailing slash). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: AdminApiProps) {
    super(scope, id);
    const prefix = props.functions.logicalIdPrefix;
    const named = logicalIds(prefix);
    const namePrefix = props.functions.namePrefix;
    const consoleOn = props.consoleEnabled;
    const whenConsole = (value: string) => choose(consoleOn, value, "");

    this.api = named(
      new Apigatewayv2Api(this, "api", {
        name: `${namePrefix}-api`,
        description: "Corbado passkeys: login config, security console API, self-service connect tokens",
        protocolType: "HTTP",
        tags: props.functions.tags,
      }),
      "api",
    );
    const invokedBy = {
      statementId: "AllowHttpApi",
      principal: "apigateway.amazonaws.com",
      // Any stage and route of this API only.
      sourceArn: `${this.api.executionArn}/*/*`,
    };

    // The admin API: the public route always; the console's grants in a policy counted by console_enabled.
    this.adminFunction = new PasskeyFunction(this, "admin-api", {
      ...props.functions,
      name: "admin-api",
      policy: (logGroupArn) =>
        adminApiPolicy({ logGroupArn, loginSettingsParameterArn: props.loginSettings.parameterArn }),
      timeoutSeconds: API_FUNCTION_TIMEOUT_SECONDS,
      memorySize: 512,
      invokedBy,
      packagePath: props.packagePaths["admin-api"],
      environment: renderEnvironment(ADMIN_API_ENVIRONMENT, {
        consoleEnabled: consoleOn,
        loginSettingsParameter: props.loginSettings.parameterName,
        loginSettingsCacheTtlMs: props.loginSettingsCacheTtlMs,
        killSwitchWhenUnreadable: props.killSwitchWhenSettingsUnreadable,
        loginPageOrigins: props.loginPageOrigins,
        issuer: props.console.issuer,
        clientIds: choose<string[]>(consoleOn, [props.console.clientId], []),
        consoleOrigin: whenConsole(props.console.consoleOrigin),
        userPoolId: whenConsole(props.userPoolId),
        aggregatesTable: whenConsole(props.tables.aggregates.name),
        auditTable: whenConsole(props.tables.audit.name),
        counterShards: props.counterShards,
        passwordLoginsCounted: props.passwordLoginsCounted,
        auditRetentionDays: props.auditRetentionDays,
        corbadoProjectId: whenConsole(props.corbadoProjectId),
        corbadoSecretParameter: whenConsole(props.secret.parameterName),
        corbadoBackendApiUrl: props.corbadoBackendApiUrl,
      }),
    });
    if (consoleOn !== false) {
      const consolePolicy = named(
        new IamRolePolicy(this, "admin-console-policy", {
          count: consoleOn === true ? undefined : countIf(consoleOn),
          name: "console-routes",
          role: this.adminFunction.refs.roleId,
          policy: renderPolicy(
            this,
            `${prefix}admin_api_console_policy`,
            adminApiConsolePolicy({
              userPoolArn: props.userPoolArn,
              loginSettingsParameterArn: props.loginSettings.parameterArn,
              secretParameterArn: props.secret.parameterArn,
              aggregatesTableArn: props.tables.aggregates.arn,
              auditTableArn: props.tables.audit.arn,
            }),
          ),
        }),
        "admin_api_console",
      );
      this.adminFunction.exclusive.add(consolePolicy);
      this.adminFunction.fn.dependsOn = [...(this.adminFunction.fn.dependsOn ?? []), dependable(consolePolicy)];
      this.callerKeyPolicy(
        this.adminFunction,
        "admin_api",
        consoleOn,
        [props.tables.aggregates.name, props.tables.audit.name],
        props,
      );
    }

    const selfOn = props.selfServiceEnabled;
    if (selfOn !== false) {
      const s = props.selfService;
      this.selfServiceFunction = new PasskeyFunction(this, "self-service", {
        ...props.functions,
        name: "self-service",
        enabled: selfOn,
        policy: (logGroupArn) =>
          selfServicePolicy({
            logGroupArn,
            userPoolArn: props.userPoolArn,
            secretParameterArn: props.secret.parameterArn,
            aggregatesTableArn: props.tables.aggregates.arn,
          }),
        timeoutSeconds: API_FUNCTION_TIMEOUT_SECONDS,
        memorySize: 256,
        invokedBy,
        packagePath: props.packagePaths["self-service"],
        environment: renderEnvironment(SELF_SERVICE_ENVIRONMENT, {
          userPoolId: props.userPoolId,
          clientIds: s.clientIds,
          tokenUses: s.tokenUses,
          origins: s.origins,
          displayNameAttribute: s.displayNameAttribute,
          appendMaxAuthAgeSeconds: s.appendMaxAuthAgeSeconds,
          connectTokenLifetimeSeconds: s.connectTokenLifetimeSeconds,
          rateLimitTable: props.tables.aggregates.name,
          rateLimit: s.rateLimit,
          rateLimitWindowSeconds: s.rateLimitWindowSeconds,
          corbadoSecretParameter: props.secret.parameterName,
          corbadoBackendApiUrl: props.corbadoBackendApiUrl,
        }),
      });
      this.callerKeyPolicy(this.selfServiceFunction, "self_service", selfOn, [props.tables.aggregates.name], props);
    }

    // Integrations (Lambda proxy, payload format 2.0) and routes.
    const integration = (logicalId: string, fn: PasskeyFunction, count?: number) =>
      named(
        new Apigatewayv2Integration(this, `integration-${logicalId}`, {
          count,
          apiId: this.api.id,
          integrationType: "AWS_PROXY",
          integrationUri: fn.refs.arn,
          payloadFormatVersion: "2.0",
          timeoutMilliseconds: API_FUNCTION_TIMEOUT_SECONDS * 1000 + 2000,
        }),
        logicalId,
      );
    const admin = integration("admin_api", this.adminFunction);
    const authorizer = named(
      new Apigatewayv2Authorizer(this, "authorizer", {
        count: countIf(consoleOn),
        apiId: this.api.id,
        name: "console-pool",
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { issuer: props.console.issuer, audience: [props.console.clientId] },
      }),
      "console",
    );
    const routes: Apigatewayv2Route[] = [];
    for (const route of adminRouteKeys()) {
      routes.push(
        named(
          new Apigatewayv2Route(this, `route-${route.logicalId}`, {
            count: route.public ? undefined : countIf(consoleOn),
            apiId: this.api.id,
            routeKey: route.key,
            target: `integrations/${admin.id}`,
            ...(route.public ? {} : { authorizationType: "JWT", authorizerId: firstInstance(authorizer, "id") }),
          }),
          `admin_api_${route.logicalId}`,
        ),
      );
    }
    // Preflight: no token, answered by the function that owns the route.
    routes.push(
      named(
        new Apigatewayv2Route(this, "route-preflight", {
          apiId: this.api.id,
          routeKey: "OPTIONS /{proxy+}",
          target: `integrations/${admin.id}`,
        }),
        "admin_api_preflight",
      ),
    );
    if (this.selfServiceFunction) {
      const selfCount = selfOn === true ? undefined : countIf(selfOn);
      const self = integration("self_service", this.selfServiceFunction, selfCount);
      const target = `integrations/${selfCount === undefined ? self.id : firstInstance(self, "id")}`;
      for (const [key, logicalId] of [
        [SELF_SERVICE_ROUTE, "self_service"],
        ["OPTIONS /v1/self/connect-tokens", "self_service_preflight"],
      ] as const) {
        routes.push(
          named(
            new Apigatewayv2Route(this, `route-${logicalId}`, {
              count: selfCount,
              apiId: this.api.id,
              routeKey: key,
              target,
            }),
            logicalId,
          ),
        );
      }
    }

    this.accessLogs = named(
      new CloudwatchLogGroup(this, "access-logs", {
        name: `/aws/apigateway/${namePrefix}-api`,
        retentionInDays: props.functions.logRetentionDays,
        kmsKeyId: props.functions.logKmsKeyArn ?? undefined,
        tags: props.functions.tags,
      }),
      "api_access",
    );
    const publicRoute = routes[adminRouteKeys().findIndex((r) => r.key === PUBLIC_CONFIG_ROUTE)]!;
    this.stage = named(
      new Apigatewayv2Stage(this, "stage", {
        apiId: this.api.id,
        name: "$default",
        autoDeploy: true,
        accessLogSettings: {
          destinationArn: this.accessLogs.arn,
          // Who called what and how it went: no claims, no query string, no body.
          format: JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTimeEpoch",
            ip: "$context.identity.sourceIp",
            routeKey: "$context.routeKey",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            integrationStatus: "$context.integrationStatus",
            integrationError: "$context.integrationErrorMessage",
            authorizerError: "$context.authorizer.error",
            responseLength: "$context.responseLength",
          }),
        },
        defaultRouteSettings: {
          throttlingRateLimit: props.throttle.rateLimit,
          throttlingBurstLimit: props.throttle.burstLimit,
          detailedMetricsEnabled: true,
        },
        routeSettings: [
          {
            routeKey: PUBLIC_CONFIG_ROUTE,
            throttlingRateLimit: props.publicConfigThrottle.rateLimit,
            throttlingBurstLimit: props.publicConfigThrottle.burstLimit,
          },
        ],
        tags: props.functions.tags,
        // Route settings name a route, which must exist first.
        dependsOn: [publicRoute],
      }),
      "api",
    );
    this.url = this.stage.invokeUrl;
  }

  /**
   * With the caller's key: the function's use of it, through SSM for the secret and through DynamoDB for its
   * tables (the module's own key names the roles in its key policy instead). Counted by `enabled` and the key.
   */
  private callerKeyPolicy(
    fn: PasskeyFunction,
    logicalId: string,
    enabled: Condition,
    tableNames: string[],
    props: AdminApiProps,
  ): void {
    const when = and(enabled, props.tables.callerKey);
    if (when === false) return;
    const kmsKeyArn = props.tables.callerKeyArn;
    const policy = new IamRolePolicy(this, `${logicalId}-caller-key`, {
      count: when === true ? undefined : countIf(when),
      name: "use-caller-key",
      role: fn.refs.roleId,
      policy: renderPolicy(
        this,
        `${props.functions.logicalIdPrefix}${logicalId}_caller_key_policy`,
        policyDocument(
          ...callerKeyDecryptPolicy({
            kmsKeyArn,
            secretParameterArn: props.secret.parameterArn,
            region: props.region,
          }).Statement,
          ...callerKeyTablesPolicy({ kmsKeyArn, tableNames, region: props.region }).Statement,
        ),
      ),
    });
    policy.overrideLogicalId(`${props.functions.logicalIdPrefix}${logicalId}_caller_key`);
    fn.exclusive.add(policy);
    fn.fn.dependsOn = [...(fn.fn.dependsOn ?? []), dependable(policy)];
  }
}

/** `list` when it has items, else `fallback` (both may be Terraform expressions). */
export function listOr(list: string[] | TokenList, fallback: string[]): string[] {
  if (isToken(list)) return Token.asList(Fn.conditional(Op.gte(Fn.lengthOf(list), 1), list, fallback));
  return list.length > 0 ? list : fallback;
}
