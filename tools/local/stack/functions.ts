// The project's functions as the local stack runs them: each configured only through the environment variables it
// reads in AWS, written from its contract (functions/<fn>/config.ts) with the values the module would set, pointing
// at the stand-ins. The Lambda handlers (their index.ts) read process.env when first imported, so they share one
// process environment: the union of theirs, which must agree wherever two functions read the same variable (one
// account, one region, one pool). The admin API and the self-service route take their environment as an argument
// (their local adapters).
import { POST_APPEND_CONTRACT } from "../../../functions/post-append/config";
import { SELF_SERVICE_CONTRACT } from "../../../functions/self-service/config";
import { writeConfig } from "../../../functions/shared/config-contract";
import type { ActionHandler } from "../corbado-connect-standin";
import type { TriggerHandler } from "../cognito-harness";
import { LOGIN_SETTINGS_PARAMETER, SECRET_PARAMETER, triggerEnv } from "../login-stack";

/** Where the stand-ins are, and the names the module would give the stack's resources. */
export interface StackWiring {
  region: string;
  userPoolId: string;
  /** The front before cognito-local. */
  cognitoUrl: string;
  ssmUrl: string;
  dynamodbUrl: string;
  stsUrl: string;
  corbadoUrl: string;
  corbadoProjectId: string;
  actionsRoleArn: string;
  actionsExternalId: string;
  tables: { aggregates: string; audit: string; selfServiceRateLimit: string };
  /** The console pool's issuer and client (the admin API's ISSUER and CLIENT_IDS). */
  consoleIssuer: string;
  consoleClientId: string;
  consoleOrigin: string;
  loginPageOrigin: string;
  /** The customer pool's app clients whose tokens the self-service route accepts. */
  customerClientIds: string[];
}

/** The triggers' settings cache: the module's default is 30 s; locally 2 s, so the kill switch acts at once. */
export const LOCAL_SETTINGS_CACHE_TTL_MS = 2000;

/** Lambda's own variables in every function: the region and (dummy) credentials the stand-ins do not check. */
const lambdaRuntime = (w: StackWiring) => ({
  AWS_REGION: w.region,
  AWS_ACCESS_KEY_ID: "AKIDLOCALSTACK00000",
  AWS_SECRET_ACCESS_KEY: "local-stand-ins-do-not-check-signatures",
});

/** The triggers (define, create, verify) and post-authentication, counting into the adoption table. */
export function triggersEnvironment(w: StackWiring): Record<string, string> {
  return {
    ...triggerEnv(
      w.ssmUrl,
      w.corbadoUrl,
      { define: { settingsCacheTtlMs: LOCAL_SETTINGS_CACHE_TTL_MS } },
      { aggregatesTable: w.tables.aggregates, endpoint: w.dynamodbUrl },
    ),
    ...lambdaRuntime(w),
  };
}

/** What the module's `corbado_actions_environment` output gives Corbado, plus where Corbado's Lambda finds AWS. */
export function actionsEnvironment(w: StackWiring): Record<string, string> {
  return {
    ...writeConfig(POST_APPEND_CONTRACT, {
      userPoolId: w.userPoolId,
      roleArn: w.actionsRoleArn,
      externalId: w.actionsExternalId,
      endpoint: w.cognitoUrl,
      stsEndpoint: w.stsUrl,
      // Locally on, so that adding a passkey shows MFA-after-passkey (only users with a verified phone are changed).
      mfaAfterPasskey: "sms",
      poolSmsMfaConfigured: true,
      // The passkeys added are counted, in the pool's account (the module adds it once it creates the table).
      aggregatesTable: w.tables.aggregates,
      dynamodbEndpoint: w.dynamodbUrl,
    }),
    ...lambdaRuntime(w),
  };
}

/** The admin API's variables (functions/admin-api/config.ts), as infra sets them. */
export function adminApiEnvironment(w: StackWiring, passwordLoginsCounted: boolean): Record<string, string> {
  return {
    ...lambdaRuntime(w),
    AWS_ENDPOINT_URL_SSM: w.ssmUrl,
    AWS_ENDPOINT_URL_DYNAMODB: w.dynamodbUrl,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: w.cognitoUrl,
    LOGIN_SETTINGS_PARAMETER,
    LOGIN_SETTINGS_CACHE_TTL_MS: String(LOCAL_SETTINGS_CACHE_TTL_MS),
    ISSUER: w.consoleIssuer,
    CLIENT_IDS: w.consoleClientId,
    CONSOLE_ORIGIN: w.consoleOrigin,
    LOGIN_PAGE_ORIGINS: w.loginPageOrigin,
    USER_POOL_ID: w.userPoolId,
    AGGREGATES_TABLE: w.tables.aggregates,
    AUDIT_TABLE: w.tables.audit,
    PASSWORD_LOGINS_COUNTED: String(passwordLoginsCounted),
    CORBADO_PROJECT_ID: w.corbadoProjectId,
    CORBADO_SECRET_PARAMETER: SECRET_PARAMETER,
    CORBADO_BACKEND_API_URL: w.corbadoUrl,
    CORBADO_FRONTEND_API_URL: w.corbadoUrl,
  };
}

/** The self-service route's variables (functions/self-service/config.ts), as infra sets them for the customer pool. */
export function selfServiceEnvironment(w: StackWiring): Record<string, string> {
  return {
    ...lambdaRuntime(w),
    AWS_ENDPOINT_URL_SSM: w.ssmUrl,
    AWS_ENDPOINT_URL_DYNAMODB: w.dynamodbUrl,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: w.cognitoUrl,
    ...writeConfig(SELF_SERVICE_CONTRACT, {
      userPoolId: w.userPoolId,
      clientIds: w.customerClientIds,
      // The pool's issuer is the front's URL locally (Cognito's is derived from the pool id when unset).
      issuer: `${w.cognitoUrl}/${w.userPoolId}`,
      origins: [w.loginPageOrigin],
      rateLimitTable: w.tables.selfServiceRateLimit,
      corbadoSecretParameter: SECRET_PARAMETER,
      corbadoBackendApiUrl: w.corbadoUrl,
    }),
  };
}

export interface StackHandlers {
  define: TriggerHandler;
  create: TriggerHandler;
  verify: TriggerHandler;
  /** The optional post-authentication trigger: on in the local stack, so that password logins are counted. */
  postAuthentication: TriggerHandler;
  preLogin: ActionHandler;
  postAppend: ActionHandler;
}

/** One environment for every handler in this process; throws where two functions would disagree on a variable. */
export function unionEnvironment(...environments: Record<string, string>[]): Record<string, string> {
  const union: Record<string, string> = {};
  for (const env of environments) {
    for (const [name, value] of Object.entries(env)) {
      if (union[name] !== undefined && union[name] !== value) {
        throw new Error(`two functions need different values of ${name}: they cannot share this process`);
      }
      union[name] = value;
    }
  }
  return union;
}

let imported = false;

/**
 * Sets process.env to the functions' environment and imports their handlers (index.ts). Once per process: the
 * handlers keep the environment they were first imported with.
 */
export async function importHandlers(environment: Record<string, string>): Promise<StackHandlers> {
  if (imported) throw new Error("one local stack per process: the handlers read their environment once");
  imported = true;
  // Nothing of the developer's AWS setup may reach the handlers: no profile, no default endpoint.
  for (const name of ["AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"])
    delete process.env[name];
  Object.assign(process.env, environment);
  const [define, create, verify, postAuthentication, preLogin, postAppend] = await Promise.all([
    import("../../../functions/define-auth-challenge/index"),
    import("../../../functions/create-auth-challenge/index"),
    import("../../../functions/verify-auth-challenge/index"),
    import("../../../functions/post-authentication/index"),
    import("../../../functions/pre-login/index"),
    import("../../../functions/post-append/index"),
  ]);
  return {
    define: define.handler,
    create: create.handler,
    verify: verify.handler,
    postAuthentication: postAuthentication.handler,
    preLogin: preLogin.handler,
    postAppend: postAppend.handler,
  };
}
