/**
 * What infra writes is exactly what the functions accept: every environment the construct and the module
 * render (each Lambda's, and the `corbado_actions_environment` an admin enters in Corbado) is read by the
 * function's own configuration reader without a problem and gives the values that were asked for; every
 * variable a function reads is rendered by infra or deliberately left to the function (its contract says
 * which); and the module refuses exactly the values the functions would refuse.
 */
import { COUNTER_SHARDS } from "../functions/shared/adoption-counters";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { ADMIN_API_ENVIRONMENT } from "../functions/admin-api/config.docs";
import { loadAdminApiConfig } from "../functions/admin-api/config";
import { createAdminApiFromEnv } from "../functions/admin-api/handler-factory";
import { loadSelfServiceConfig } from "../functions/self-service/config";
import { SELF_SERVICE_ENVIRONMENT } from "../functions/self-service/config.docs";
import { CREATE_ENVIRONMENT } from "../functions/create-auth-challenge/config.docs";
import { defineConfigFromEnv } from "../functions/define-auth-challenge/config";
import { DEFINE_ENVIRONMENT } from "../functions/define-auth-challenge/config.docs";
import { attachConfigFromEnv } from "../functions/pool-attach/config";
import { POOL_ATTACH_ENVIRONMENT } from "../functions/pool-attach/config.docs";
import { createHandler as createPoolAttachHandler } from "../functions/pool-attach/index";
import { postAppendConfigFromEnv } from "../functions/post-append/config";
import { POST_APPEND_ENVIRONMENT } from "../functions/post-append/config.docs";
import { createPostAppendHandlerFromEnv } from "../functions/post-append/handler-factory";
import { postAuthenticationConfigFromEnv } from "../functions/post-authentication/config";
import { POST_AUTHENTICATION_ENVIRONMENT } from "../functions/post-authentication/config.docs";
import { preLoginConfigFromEnv } from "../functions/pre-login/config";
import { PRE_LOGIN_ENVIRONMENT } from "../functions/pre-login/config.docs";
import { createPreLoginHandlerFromEnv } from "../functions/pre-login/handler-factory";
import { readConfig, type Env } from "../functions/shared/config-contract";
import type { DocumentedContract } from "../functions/shared/config-docs";
import { SsmError } from "../functions/shared/ssm";
import { verifyConfigFromEnv } from "../functions/verify-auth-challenge/config";
import { VERIFY_ENVIRONMENT } from "../functions/verify-auth-challenge/config.docs";
import type { Value } from "./audit/hcl-eval";
import { parseTemplatesIn } from "./audit/hcl-parse";
import { EXAMPLE, ModuleScenario, type TerraformBlocks } from "./audit/module-model";
import { moduleDefaults } from "./audit/module-source";
import { CorbadoPasskeys } from "./constructs/corbado-passkeys";
import { assertLiteralProps } from "./constructs/limits";
import { DEFAULTS, type CorbadoPasskeysProps } from "./constructs/props";
import { synthesizeModule } from "./module/build-module";
import { terraformEvaluate } from "./module/terraform-cli";
import { requires } from "../tools/test/requirements";

const tf = requires("terraform");
import { VARIABLES } from "./module/variables";

const scratch = mkdtempSync(path.join(tmpdir(), "environments-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What Lambda puts into every function's environment besides what infra renders. */
const LAMBDA: Env = {
  AWS_REGION: EXAMPLE.region,
  AWS_ACCESS_KEY_ID: "ASIAEXAMPLEEXAMPLE00",
  AWS_SECRET_ACCESS_KEY: "example-secret-access-key",
  AWS_SESSION_TOKEN: "example-session-token",
};
const ACTIONS = {
  corbadoActionsPrincipalArn: EXAMPLE.corbadoActionsPrincipalArn,
  corbadoActionsExternalId: EXAMPLE.corbadoExternalId,
} as const;
const OTHER_POOL = "eu-west-1_AbC123xyz";
const CONSOLE = {
  consoleEnabled: true,
  consoleOrigin: "https://console.example.com",
  corbadoProjectId: "pro-1234567890",
} as const;

/** Configurations covering every contract-backed prop at its bounds, in every pool mode. */
const CONFIGURATIONS: Record<string, CorbadoPasskeysProps> = {
  defaults: {},
  "defaults with the actions role": { ...ACTIONS },
  "lower bounds, loopback Backend API, fallback allowed": {
    namePrefix: "pk",
    corbadoTimeoutMs: 100,
    maxChallengeAttempts: 1,
    loginSettingsCacheTtlMs: 1000,
    killSwitchWhenSettingsUnreadable: false,
    corbadoBackendApiUrl: "http://[::1]:9000/",
  },
  "upper bounds, a Backend API behind a proxy path": {
    corbadoTimeoutMs: 3000,
    maxChallengeAttempts: 10,
    loginSettingsCacheTtlMs: 300_000,
    corbadoBackendApiUrl: "https://api.example.test:8443/corbado/v2-proxy/",
  },
  "create with SMS after a passkey": { mfaAfterPasskey: "sms", ...ACTIONS },
  "attach, replacing foreign triggers, SMS on the pool": {
    poolMode: "attach",
    userPoolId: OTHER_POOL,
    replaceForeignTriggers: true,
    mfaAfterPasskey: "sms",
    poolSmsMfaConfigured: true,
    ...ACTIONS,
  },
  "attach, keeping foreign triggers": { poolMode: "attach", userPoolId: OTHER_POOL, namePrefix: "team-a-passkeys" },
  "console and self-service on, login pages and app origins": {
    ...CONSOLE,
    selfServiceEnabled: true,
    loginPageOrigins: ["https://login.example.com", "http://localhost:4200"],
    selfServiceOrigins: ["https://app.example.com"],
    counterShards: 16,
    auditRetentionDays: 3650,
    selfServiceAppendMaxAuthAgeSeconds: 30,
    selfServiceTokenLifetimeSeconds: 600,
    selfServiceRateLimit: 1,
    selfServiceRateWindowSeconds: 86_400,
  },
  "external with the console, self-service for other app clients (id tokens only)": {
    ...CONSOLE,
    poolMode: "external",
    userPoolId: OTHER_POOL,
    selfServiceEnabled: true,
    selfServiceClientIds: ["client1", "client2"],
    selfServiceTokenUses: ["id"],
    selfServiceDisplayNameAttribute: "custom:display_name",
  },
  "attach, counting every login, 16 counter shards": {
    poolMode: "attach",
    userPoolId: OTHER_POOL,
    countAllLogins: true,
    counterShards: 16,
  },
  "create, not counting every login": { countAllLogins: false, counterShards: 1 },
  "external, SMS wanted but not on the pool": {
    poolMode: "external",
    userPoolId: OTHER_POOL,
    mfaAfterPasskey: "sms",
    poolSmsMfaConfigured: false,
    ...ACTIONS,
  },
};

/** What each function must make of its environment in a configuration, written out independently of infra. */
function expectations(props: CorbadoPasskeysProps) {
  const prefix = props.namePrefix ?? "corbado-passkeys";
  const mode = props.poolMode ?? "create";
  const pool = mode === "create" ? EXAMPLE.userPoolId : props.userPoolId!;
  const lambdaArn = (fn: string) => `arn:aws:lambda:${EXAMPLE.region}:${EXAMPLE.accountId}:function:${prefix}-${fn}`;
  const mfa = props.mfaAfterPasskey ?? "off";
  const aggregatesTable = `${prefix}-aggregates`;
  const counterShards = props.counterShards ?? COUNTER_SHARDS.default;
  const countAllLogins = props.countAllLogins ?? mode === "create";
  return {
    counters: { table: aggregatesTable, shards: counterShards },
    postAuthentication: countAllLogins ? { aggregatesTable, counterShards } : undefined,
    define: {
      maxAttempts: props.maxChallengeAttempts ?? 3,
      settingsParameter: `/${prefix}/login-settings`,
      settingsCacheTtlMs: props.loginSettingsCacheTtlMs ?? 30_000,
      settingsRetryMs: 2000,
      killSwitchWhenUnreadable: props.killSwitchWhenSettingsUnreadable ?? true,
      ssmTimeoutMs: 1000,
    },
    verify: {
      secretParameter: `/${prefix}/corbado-backend-api-secret`,
      backendApiUrl: (props.corbadoBackendApiUrl ?? "https://backendapi.cloud.corbado.io").replace(/\/$/, ""),
      timeoutMs: props.corbadoTimeoutMs ?? 2500,
      earlyReject: true,
      ssmTimeoutMs: 1000,
      secretCacheTtlMs: 300_000,
    },
    adminApi: {
      consoleEnabled: props.consoleEnabled === true,
      loginSettingsParameter: `/${prefix}/login-settings`,
      loginSettingsCacheTtlMs: props.loginSettingsCacheTtlMs ?? 30_000,
      killSwitchWhenUnreadable: props.killSwitchWhenSettingsUnreadable ?? true,
      loginPageOrigins: props.loginPageOrigins ?? [],
      console:
        props.consoleEnabled === true
          ? {
              consoleOrigin: props.consoleOrigin,
              userPoolId: pool,
              aggregatesTable: `${prefix}-aggregates`,
              auditTable: `${prefix}-audit`,
              counterShards: props.counterShards ?? COUNTER_SHARDS.default,
              auditRetentionDays: props.auditRetentionDays ?? 400,
              passwordLoginsCounted: countAllLogins,
              corbadoProjectId: props.corbadoProjectId,
              corbadoSecretParameter: `/${prefix}/corbado-backend-api-secret`,
              corbadoBackendApiUrl: (props.corbadoBackendApiUrl ?? "https://backendapi.cloud.corbado.io").replace(
                /\/$/,
                "",
              ),
            }
          : undefined,
    },
    selfService:
      props.selfServiceEnabled === true
        ? {
            userPoolId: pool,
            tokenUses: props.selfServiceTokenUses ?? ["id", "access"],
            origins: props.selfServiceOrigins ?? [],
            displayNameAttribute: props.selfServiceDisplayNameAttribute ?? "email",
            appendMaxAuthAgeSeconds: props.selfServiceAppendMaxAuthAgeSeconds ?? 300,
            connectTokenLifetimeSeconds: props.selfServiceTokenLifetimeSeconds ?? 60,
            rateLimitTable: `${prefix}-aggregates`,
            rateLimit: props.selfServiceRateLimit ?? 20,
            rateLimitWindowSeconds: props.selfServiceRateWindowSeconds ?? 600,
            corbadoSecretParameter: `/${prefix}/corbado-backend-api-secret`,
            clientIds: (props.selfServiceClientIds as string[] | undefined) ?? undefined,
          }
        : undefined,
    poolAttach:
      mode === "attach"
        ? {
            input: {
              userPoolId: pool,
              triggers: {
                DefineAuthChallenge: lambdaArn("define-auth-challenge"),
                CreateAuthChallenge: lambdaArn("create-auth-challenge"),
                VerifyAuthChallengeResponse: lambdaArn("verify-auth-challenge"),
                ...(countAllLogins ? { PostAuthentication: lambdaArn("post-authentication") } : {}),
              },
              replaceForeignTriggers: props.replaceForeignTriggers === true,
            },
            endpoint: undefined,
          }
        : undefined,
    actions:
      props.corbadoActionsPrincipalArn !== undefined
        ? {
            userPoolId: pool,
            region: pool.slice(0, pool.indexOf("_")),
            roleArn: `arn:aws:iam::${EXAMPLE.accountId}:role/${prefix}-corbado-actions`,
            externalId: props.corbadoActionsExternalId,
            endpoint: undefined,
            stsEndpoint: undefined,
            mfaAfterPasskey: mfa,
            poolSmsMfaConfigured: mode === "create" ? mfa === "sms" : props.poolSmsMfaConfigured === true,
            aggregatesTable,
            counterShards,
            dynamodbEndpoint: undefined,
          }
        : undefined,
  };
}

/** The environments infra rendered in one configuration, evaluated as Terraform would at apply time. */
interface Rendered {
  /** By function; absent when the function is not deployed in this configuration. */
  functions: Partial<
    Record<
      "define" | "create" | "verify" | "poolAttach" | "adminApi" | "selfService" | "postAuthentication",
      Record<string, string>
    >
  >;
  /** The Corbado actions' environment; undefined when there is no actions role. */
  actions: Record<string, string> | undefined;
}

const LAMBDA_RESOURCES = {
  define: "define_auth_challenge",
  create: "create_auth_challenge",
  verify: "verify_auth_challenge",
  poolAttach: "pool_attach",
  adminApi: "admin_api",
  selfService: "self_service",
  postAuthentication: "post_authentication",
} as const;

function renderedIn(scenario: ModuleScenario, blocks: TerraformBlocks, actions: unknown): Rendered {
  const functions: Rendered["functions"] = {};
  for (const [fn, name] of Object.entries(LAMBDA_RESOURCES)) {
    if (!blocks.resource?.aws_lambda_function?.[name]) continue;
    if (scenario.instances("aws_lambda_function", name) === 0) continue;
    const environment = blocks.resource.aws_lambda_function[name]!.environment as { variables?: unknown } | undefined;
    functions[fn as keyof Rendered["functions"]] = asStrings(scenario.evaluate(environment?.variables ?? {}));
  }
  const evaluated = scenario.evaluate(actions);
  return { functions, actions: evaluated === null ? undefined : asStrings(evaluated) };
}

function asStrings(value: Value): Record<string, string> {
  assert.ok(value !== null && typeof value === "object" && !Array.isArray(value), "an environment is a map");
  for (const [key, v] of Object.entries(value))
    assert.equal(typeof v, "string", `${key} evaluates to a string, as Lambda and Corbado take it`);
  return value as Record<string, string>;
}

/** The construct with literal props, synthesized and evaluated. */
async function renderedByConstruct(props: CorbadoPasskeysProps): Promise<Rendered> {
  const stack = new TerraformStack(Testing.app(), "environments");
  const passkeys = new CorbadoPasskeys(stack, "passkeys", props);
  if (passkeys.corbadoActionsEnvironment)
    new TerraformOutput(stack, "actions", { value: passkeys.corbadoActionsEnvironment }).overrideLogicalId("actions");
  const json = JSON.parse(Testing.synth(stack)) as TerraformBlocks & { output?: { actions: { value: unknown } } };
  const scenario = new ModuleScenario("construct", json, {}, await parseTemplatesIn(json));
  return renderedIn(scenario, json, json.output?.actions.value ?? null);
}

/** The module with the variables that stand for the same props, synthesized and evaluated. */
const module = synthesizeModule();
async function renderedByModule(props: CorbadoPasskeysProps): Promise<Rendered> {
  const variables: Record<string, Value> = { ...moduleDefaults() };
  for (const [prop, value] of Object.entries(props)) variables[VARIABLES[prop as keyof typeof VARIABLES].name] = value;
  const blocks = module.mainTfJson as TerraformBlocks;
  const output = module.outputs.find((o) => o.name === "corbado_actions_environment")!.value;
  const scenario = new ModuleScenario("module", blocks, variables, await parseTemplatesIn({ blocks, output }));
  return renderedIn(scenario, blocks, output);
}

/** The env names a contract lists (fallbacks included), by who sets them. */
function namesOf(contract: DocumentedContract, setBy?: string): string[] {
  const variables = Object.values(contract).filter((v) => setBy === undefined || v.setBy === setBy);
  return [...new Set(variables.flatMap((v) => (v.fallback === undefined ? [v.env] : [v.env, v.fallback])))].sort();
}

const moduleSets = (contract: DocumentedContract) => namesOf(contract, "module");
const sorted = (env: Record<string, string>) => Object.keys(env).sort();
const withoutSsm = <T extends { ssm: unknown }>({ ssm, ...rest }: T) => {
  assert.ok(!(ssm instanceof SsmError), `SSM is configured (${ssm instanceof SsmError ? ssm.reason : ""})`);
  return rest;
};
/** define's or verify's settings without their clients, and where they count. */
const triggerSettings = <T extends { ssm: unknown; counters: { table?: string; shards: number } }>(config: T) => {
  const { counters, ...rest } = withoutSsm(config);
  return { ...rest, counters: { table: counters.table, shards: counters.shards } };
};

/** Every check of one configuration's rendered environments against the functions' readers. */
function assertAccepted(rendered: Rendered, props: CorbadoPasskeysProps): void {
  const expected = expectations(props);
  const { define, create, verify, poolAttach } = rendered.functions;
  assert.ok(define && create && verify, "the three triggers are deployed in every configuration");

  // Exactly the variables the contract says the module sets; what it leaves to the function stays unset.
  assert.deepEqual(sorted(define), moduleSets(DEFINE_ENVIRONMENT));
  assert.deepEqual(sorted(verify), moduleSets(VERIFY_ENVIRONMENT));
  assert.deepEqual(sorted(create), moduleSets(CREATE_ENVIRONMENT));

  // The functions' own readers: no problem code, and the values asked for.
  assert.deepEqual(readConfig(DEFINE_ENVIRONMENT, { ...LAMBDA, ...define }).problems, []);
  assert.deepEqual(readConfig(VERIFY_ENVIRONMENT, { ...LAMBDA, ...verify }).problems, []);
  assert.deepEqual(triggerSettings(defineConfigFromEnv({ ...LAMBDA, ...define })), {
    ...expected.define,
    counters: expected.counters,
  });
  assert.deepEqual(triggerSettings(verifyConfigFromEnv({ ...LAMBDA, ...verify })), {
    ...expected.verify,
    counters: expected.counters,
  });

  const { postAuthentication } = rendered.functions;
  assert.equal(
    postAuthentication !== undefined,
    expected.postAuthentication !== undefined,
    "post-authentication exists when count_all_logins is on (by default in create mode)",
  );
  if (postAuthentication) {
    assert.deepEqual(sorted(postAuthentication), moduleSets(POST_AUTHENTICATION_ENVIRONMENT));
    const { config, problems } = readConfig(POST_AUTHENTICATION_ENVIRONMENT, { ...LAMBDA, ...postAuthentication });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      { aggregatesTable: config.aggregatesTable, counterShards: config.counterShards },
      expected.postAuthentication,
    );
    const target = postAuthenticationConfigFromEnv({ ...LAMBDA, ...postAuthentication }).counters;
    assert.deepEqual({ table: target.table, shards: target.shards }, expected.counters);
  }

  assert.equal(
    poolAttach !== undefined,
    expected.poolAttach !== undefined,
    "the attach function exists in attach mode",
  );
  if (poolAttach) {
    // POST_AUTHENTICATION_ARN only while post-authentication is deployed (the module renders it blank otherwise).
    const set = Object.fromEntries(Object.entries(poolAttach).filter(([, value]) => value !== ""));
    assert.deepEqual(
      sorted(set),
      moduleSets(POOL_ATTACH_ENVIRONMENT).filter((n) => n !== "POST_AUTHENTICATION_ARN" || expected.postAuthentication),
    );
    assert.deepEqual(attachConfigFromEnv({ ...LAMBDA, ...poolAttach }), { ok: true, config: expected.poolAttach });
  }

  // The admin API in every configuration (the public route); its console settings only with the console.
  const { adminApi, selfService } = rendered.functions;
  assert.ok(adminApi, "the admin API is deployed in every configuration");
  assert.deepEqual(sorted(adminApi), moduleSets(ADMIN_API_ENVIRONMENT));
  const admin = loadAdminApiConfig({ ...LAMBDA, ...adminApi });
  assert.ok(admin.ok, `the admin API accepts its environment: ${admin.ok ? "" : admin.problems.join(", ")}`);
  const { ssm: _s, console: consoleConfig, requestDeadlineMs: _r, upstreamTimeoutMs: _u, ...adminRest } = admin.config;
  const { console: expectedConsole, ...expectedAdmin } = expected.adminApi;
  assert.deepEqual(
    { ...adminRest, loginSettingsRetryMs: undefined, publicConfigRatePerSecond: undefined },
    {
      ...expectedAdmin,
      loginSettingsRetryMs: undefined,
      publicConfigRatePerSecond: undefined,
    },
  );
  assert.equal(consoleConfig !== undefined, expectedConsole !== undefined, "console settings with the console only");
  if (consoleConfig && expectedConsole) {
    const picked = Object.fromEntries(
      Object.keys(expectedConsole).map((k) => [k, consoleConfig[k as keyof typeof consoleConfig]]),
    );
    assert.deepEqual(picked, expectedConsole);
    assert.match(consoleConfig.issuer, /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/./);
    assert.equal(consoleConfig.clientIds.length, 1, "the console's own client only");
  }

  assert.equal(selfService !== undefined, expected.selfService !== undefined, "self-service exists when enabled");
  if (selfService && expected.selfService) {
    assert.deepEqual(sorted(selfService), moduleSets(SELF_SERVICE_ENVIRONMENT));
    const self = loadSelfServiceConfig({ ...LAMBDA, ...selfService });
    assert.ok(self.ok, `self-service accepts its environment: ${self.ok ? "" : self.problems.join(", ")}`);
    const { clientIds, ...expectedSelf } = expected.selfService;
    const picked = Object.fromEntries(
      Object.keys(expectedSelf).map((k) => [k, self.config[k as keyof typeof self.config]]),
    );
    assert.deepEqual(picked, expectedSelf);
    // Default: the module's own app client.
    if (clientIds) assert.deepEqual(self.config.clientIds, clientIds);
    else assert.equal(self.config.clientIds.length, 1);
  }

  assert.equal(rendered.actions !== undefined, expected.actions !== undefined, "the actions' environment is output");
  if (rendered.actions) {
    // One map for both actions: post-append's contract, which holds pre-login's.
    assert.deepEqual(sorted(rendered.actions), moduleSets(POST_APPEND_ENVIRONMENT));
    assert.deepEqual(postAppendConfigFromEnv(rendered.actions), { ok: true, config: expected.actions });
    const { mfaAfterPasskey: _m, poolSmsMfaConfigured: _p, ...actions } = expected.actions!;
    const { aggregatesTable: _a, counterShards: _c, dynamodbEndpoint: _d, ...preLogin } = actions;
    assert.deepEqual(preLoginConfigFromEnv(rendered.actions), { ok: true, config: preLogin });
    for (const name of moduleSets(PRE_LOGIN_ENVIRONMENT)) assert.ok(name in rendered.actions, name);
  }
}

describe("what infra writes is exactly what the functions accept", () => {
  for (const [name, props] of Object.entries(CONFIGURATIONS)) {
    it(`the construct with literal props: ${name}`, async () => {
      assertAccepted(await renderedByConstruct(props), props);
    });
    it(`the module with the same values as variables: ${name}`, async () => {
      assertAccepted(await renderedByModule(props), props);
    });
  }

  it("catches an environment the function would read differently (control case)", async () => {
    const rendered = await renderedByConstruct({ corbadoTimeoutMs: 3000 });
    assert.throws(() => assertAccepted(rendered, { corbadoTimeoutMs: 2999 }));
    const clamped = { ...rendered, functions: { ...rendered.functions } };
    clamped.functions.verify = { ...rendered.functions.verify!, CORBADO_TIMEOUT_MS: "3001" };
    assert.throws(() => assertAccepted(clamped, { corbadoTimeoutMs: 3000 }), /corbado_timeout_ms_invalid/);
  });
});

/** Names a function reads while it builds its configuration, recorded from an empty environment. */
function namesRead(build: (env: Env) => unknown): string[] {
  const names = new Set<string>();
  const env = new Proxy({} as Env, {
    get: (_target, key) => {
      if (typeof key === "string") names.add(key);
      return undefined;
    },
  });
  build(env);
  return [...names].sort();
}

describe("every variable a function reads is in its contract, rendered by infra or left there on purpose", () => {
  const FUNCTIONS: Array<[string, DocumentedContract, (env: Env) => unknown]> = [
    ["define-auth-challenge", DEFINE_ENVIRONMENT, defineConfigFromEnv],
    ["verify-auth-challenge", VERIFY_ENVIRONMENT, verifyConfigFromEnv],
    ["pool-attach", POOL_ATTACH_ENVIRONMENT, (env) => createPoolAttachHandler(undefined, { env })],
    ["pre-login", PRE_LOGIN_ENVIRONMENT, (env) => createPreLoginHandlerFromEnv(env, () => {})],
    ["post-append", POST_APPEND_ENVIRONMENT, (env) => createPostAppendHandlerFromEnv(env, () => {})],
    ["post-authentication", POST_AUTHENTICATION_ENVIRONMENT, postAuthenticationConfigFromEnv],
    ["admin-api", ADMIN_API_ENVIRONMENT, (env) => createAdminApiFromEnv(env, { logSink: () => {} })],
    ["self-service", SELF_SERVICE_ENVIRONMENT, loadSelfServiceConfig],
  ];

  for (const [fn, contract, build] of FUNCTIONS) {
    it(`${fn} reads exactly the variables of its contract`, () => {
      assert.deepEqual(namesRead(build), namesOf(contract));
    });
  }

  it("hands functions the whole environment and never reads a variable anywhere else", () => {
    const root = path.join(import.meta.dirname, "..", "functions");
    const sources = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.includes("fixtures"),
    );
    const reads = sources.filter((f) => /process\.env\s*(\.|\[)/.test(readFileSync(path.join(root, f), "utf8")));
    assert.deepEqual(reads, []);
  });

  it("leaves to a function only what it has a default for, and renders nothing Lambda or only tests set", () => {
    for (const contract of [
      DEFINE_ENVIRONMENT,
      VERIFY_ENVIRONMENT,
      POOL_ATTACH_ENVIRONMENT,
      POST_APPEND_ENVIRONMENT,
      POST_AUTHENTICATION_ENVIRONMENT,
      ADMIN_API_ENVIRONMENT,
      SELF_SERVICE_ENVIRONMENT,
    ]) {
      for (const v of Object.values(contract)) {
        if (v.setBy === "default") assert.notEqual(v.default, undefined, v.env);
        if (v.setBy === "tests") assert.ok(v.optional, `${v.env} is optional: production never sets it`);
      }
    }
  });
});

/** Module variables the module passes to a function as they are, with the contract variable they feed. */
const BOUNDED = [
  ["corbadoTimeoutMs", VERIFY_ENVIRONMENT.timeoutMs],
  ["maxChallengeAttempts", DEFINE_ENVIRONMENT.maxAttempts],
  ["loginSettingsCacheTtlMs", DEFINE_ENVIRONMENT.settingsCacheTtlMs],
] as const;

describe("the module refuses exactly what the functions would refuse", () => {
  it("defaults each contract-backed variable to the function's own default", () => {
    for (const [prop, v] of BOUNDED) assert.equal(VARIABLES[prop].default, v.default, prop);
    assert.equal(
      VARIABLES.killSwitchWhenSettingsUnreadable.default,
      DEFINE_ENVIRONMENT.killSwitchWhenUnreadable.default,
    );
    assert.equal(VARIABLES.mfaAfterPasskey.default, POST_APPEND_ENVIRONMENT.mfaAfterPasskey.default);
    assert.equal(VARIABLES.poolSmsMfaConfigured.default, POST_APPEND_ENVIRONMENT.poolSmsMfaConfigured.default);
    assert.equal(DEFAULTS.corbadoTimeoutMs, VERIFY_ENVIRONMENT.timeoutMs.default);
  });

  it("refuses a number outside the function's bounds in the construct, and the function reads the bounds as given", () => {
    for (const [prop, v] of BOUNDED) {
      for (const value of [v.min - 1, v.min, v.max, v.max + 1]) {
        const inside = value >= v.min && value <= v.max;
        const { config, problems } = readConfig({ v }, { [v.env]: String(value) });
        assert.deepEqual([config.v === value, problems.length === 0], [inside, inside], `${v.env}=${value}`);
        if (inside) assertLiteralProps({ [prop]: value });
        else assert.throws(() => assertLiteralProps({ [prop]: value }), { message: new RegExp(`^${prop} must be`) });
      }
    }
  });

  it("refuses a user pool id the attach function and the actions would refuse, in the construct and in Terraform", (t) => {
    const v = POOL_ATTACH_ENVIRONMENT.userPoolId;
    assert.deepEqual(v, { ...PRE_LOGIN_ENVIRONMENT.userPoolId, about: v.about, shape: v.shape });
    const long = (n: number) => `eu-central-1_${"A".repeat(n - "eu-central-1_".length)}`;
    const ids = ["eu-central-1_AbC123", long(55), long(56), "eu-central-1", "eu central-1_AbC", "_AbC123"];
    const functionAccepts = ids.map((id) => readConfig({ v }, { [v.env]: id }).problems.length === 0);
    assert.deepEqual(functionAccepts, [true, true, false, false, false, false]);
    const constructAccepts = ids.map((id) => {
      try {
        assertLiteralProps({ poolMode: "attach", userPoolId: id });
        return true;
      } catch {
        return false;
      }
    });
    assert.deepEqual(constructAccepts, functionAccepts, "the construct");
    if (tf.skip(t)) return;
    const [condition] = VARIABLES.userPoolId.validation!.map((c) =>
      c.condition.replaceAll("var.pool_mode", '"attach"').replaceAll("var.user_pool_id", "x"),
    );
    const run = terraformEvaluate(
      `[${ids.map((id) => `[for x in [${JSON.stringify(id)}] : ${condition}][0]`)}]`,
      scratch,
    );
    assert.equal(run.status, 0, run.output);
    assert.deepEqual(run.value, functionAccepts, "Terraform");
  });

  it("refuses the same numbers and words in Terraform's validation", (t) => {
    if (tf.skip(t)) return;
    const cases: Array<[condition: string, value: string, accepted: boolean]> = [];
    const conditions = (prop: keyof typeof VARIABLES) => {
      const spec = VARIABLES[prop];
      return spec.validation!.map((c) => c.condition.replaceAll(`var.${spec.name}`, "x"));
    };
    for (const [prop, v] of BOUNDED) {
      for (const condition of conditions(prop)) {
        for (const value of [v.min - 1, v.min, v.max, v.max + 1, v.min + 0.5]) {
          cases.push([condition, String(value), value >= v.min && value <= v.max && Number.isInteger(value)]);
        }
      }
    }
    const modes = POST_APPEND_ENVIRONMENT.mfaAfterPasskey.values;
    for (const condition of conditions("mfaAfterPasskey")) {
      for (const word of [...modes, "SMS", "totp", " sms"]) {
        cases.push([condition, JSON.stringify(word), (modes as readonly string[]).includes(word)]);
        assert.equal(postAppendMfaAccepts(word), (modes as readonly string[]).includes(word), word);
      }
    }
    const evaluated = terraformEvaluate(
      `[${cases.map(([condition, value]) => `[for x in [${value}] : ${condition}][0]`).join(", ")}]`,
      scratch,
    );
    assert.equal(evaluated.status, 0, evaluated.output);
    assert.deepEqual(
      evaluated.value,
      cases.map(([, , accepted]) => accepted),
    );
  });
});

function postAppendMfaAccepts(word: string): boolean {
  const v = POST_APPEND_ENVIRONMENT.mfaAfterPasskey;
  const { config, problems } = readConfig({ v }, { [v.env]: word });
  return problems.length === 0 && config.v === word;
}
