// Wires the loopback pieces of the passkey login path together: SSM stand-in (holding the Corbado secret),
// Corbado stand-in, and the Cognito harness running the REAL trigger handlers from functions/ (their index.ts,
// configured through the same environment variables infra sets in Lambda, written from the functions' contracts).
// Optionally the post-authentication trigger runs after every login (`countAllLogins`), and the triggers count
// into a DynamoDB endpoint (`counters`, e.g. tools/local/dynalite.ts's).
//
// The handlers read their environment when first imported, so one process gets one login stack; a second
// call in the same process throws instead of silently pointing at the first stack's stand-ins.
import { DEFINE_CONTRACT } from "../../functions/define-auth-challenge/config";
import { COUNTERS_CONTRACT, DYNAMODB_CLIENT_CONTRACT } from "../../functions/shared/adoption-counters";
import { writeConfig, type ConfigValues } from "../../functions/shared/config-contract";
import { SSM_CLIENT_CONTRACT } from "../../functions/shared/ssm";
import { VERIFY_CONTRACT } from "../../functions/verify-auth-challenge/config";
import { startCorbadoStandin, type CorbadoStandin } from "./corbado-standin";
import { createCognitoHarness, type CognitoHarness, type HarnessUser, type TriggerHandler } from "./cognito-harness";
import { startSsmStandin, type SsmStandin } from "./ssm-standin";

export const SECRET_PARAMETER = "/corbado-cognito/local/corbado-backend-api-secret";
export const LOGIN_SETTINGS_PARAMETER = "/corbado-cognito/local/login-settings";
/** Passkey login on: without a readable value define fails safe (kill switch ON). */
export const LOGIN_SETTINGS_VALUE = JSON.stringify({ passkeyFirst: false, killSwitch: false });

export interface LoginStackOptions {
  users?: HarnessUser[];
  sessionTtlMs?: number;
  clock?: () => number;
  /** Settings other than the module's defaults, by the functions' contracts (e.g. `verify: { timeoutMs: 500 }`). */
  config?: TriggerConfig;
  /** Fixed ports for the stand-ins (default: ephemeral). */
  ports?: { ssm?: number; corbado?: number };
  /** Where the triggers count (the adoption table); without it they count nothing. */
  counters?: CountersConfig;
  /** Run the post-authentication trigger after every successful login, as the module's `count_all_logins`. */
  countAllLogins?: boolean;
}

/** The adoption counts' settings by COUNTERS_CONTRACT's names, and the DynamoDB endpoint they go to. */
export type CountersConfig = ConfigValues<typeof COUNTERS_CONTRACT> & {
  readonly aggregatesTable: string;
  readonly endpoint: string;
};

export interface LoginStack {
  ssm: SsmStandin;
  corbado: CorbadoStandin;
  harness: CognitoHarness;
  handlers: {
    define: TriggerHandler;
    create: TriggerHandler;
    verify: TriggerHandler;
    postAuthentication?: TriggerHandler;
  };
  /** The environment the triggers were configured with (no secret values: only names and URLs). */
  env: Record<string, string>;
  close(): Promise<void>;
}

let started = false;

/** What the triggers are configured with besides the stand-ins' addresses. */
export interface TriggerConfig {
  define?: ConfigValues<typeof DEFINE_CONTRACT>;
  verify?: ConfigValues<typeof VERIFY_CONTRACT>;
}

/**
 * Environment for the triggers pointing at the given stand-ins: what Lambda sets (the credentials are dummies:
 * the stand-in requires a SigV4 signature but does not check it) and every variable the module sets, at the
 * module's defaults (the functions' own), unless `config` says otherwise.
 */
export function triggerEnv(
  ssmUrl: string,
  corbadoUrl: string,
  config: TriggerConfig = {},
  counters?: CountersConfig,
): Record<string, string> {
  return {
    ...(counters ? countersEnv(counters) : {}),
    ...writeConfig(SSM_CLIENT_CONTRACT, {
      region: "us-east-1",
      endpoint: ssmUrl,
      accessKeyId: "AKIDLOCALSTANDIN000",
      secretAccessKey: "local-stand-in-does-not-check-signatures",
    }),
    ...writeConfig(DEFINE_CONTRACT, {
      maxAttempts: DEFINE_CONTRACT.maxAttempts.default,
      settingsParameter: LOGIN_SETTINGS_PARAMETER,
      settingsCacheTtlMs: DEFINE_CONTRACT.settingsCacheTtlMs.default,
      killSwitchWhenUnreadable: DEFINE_CONTRACT.killSwitchWhenUnreadable.default,
      ...config.define,
    }),
    ...writeConfig(VERIFY_CONTRACT, {
      secretParameter: SECRET_PARAMETER,
      backendApiUrl: corbadoUrl,
      timeoutMs: VERIFY_CONTRACT.timeoutMs.default,
      ...config.verify,
    }),
  };
}

/** What the counting triggers (define, post-authentication) read, as Lambda in the module's region would get it. */
export function countersEnv({ endpoint, ...values }: CountersConfig): Record<string, string> {
  return {
    ...writeConfig(COUNTERS_CONTRACT, values),
    ...writeConfig({ endpoint: DYNAMODB_CLIENT_CONTRACT.endpoint }, { endpoint }),
  };
}

/** Imports the real trigger handlers (post-authentication when asked). Call only after process.env is set. */
export async function importTriggerHandlers(postAuthentication = false): Promise<LoginStack["handlers"]> {
  const [define, create, verify, post] = await Promise.all([
    import("../../functions/define-auth-challenge/index"),
    import("../../functions/create-auth-challenge/index"),
    import("../../functions/verify-auth-challenge/index"),
    postAuthentication ? import("../../functions/post-authentication/index") : undefined,
  ]);
  return {
    define: define.handler,
    create: create.handler,
    verify: verify.handler,
    ...(post ? { postAuthentication: post.handler } : {}),
  };
}

export async function startLoginStack(opts: LoginStackOptions = {}): Promise<LoginStack> {
  if (started) throw new Error("one login stack per process: the trigger handlers read their environment once");
  started = true;
  const ssm = await startSsmStandin({ port: opts.ports?.ssm ?? 0 });
  const corbado = await startCorbadoStandin({ port: opts.ports?.corbado ?? 0, clock: opts.clock });
  ssm.put(SECRET_PARAMETER, corbado.basicSecret, "SecureString");
  ssm.put(LOGIN_SETTINGS_PARAMETER, LOGIN_SETTINGS_VALUE, "String");
  const env = triggerEnv(ssm.url, corbado.url, opts.config, opts.counters);
  delete process.env.AWS_ENDPOINT_URL;
  Object.assign(process.env, env);
  const handlers = await importTriggerHandlers(opts.countAllLogins === true);
  const harness = createCognitoHarness({
    handlers,
    users: opts.users ?? [],
    sessionTtlMs: opts.sessionTtlMs,
    clock: opts.clock,
  });
  return {
    ssm,
    corbado,
    harness,
    handlers,
    env,
    async close() {
      await Promise.all([ssm.close(), corbado.close()]);
    },
  };
}
