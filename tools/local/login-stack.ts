// Wires the loopback pieces of the passkey login path together: SSM stand-in (holding the Corbado secret),
// Corbado stand-in, and the Cognito harness running the REAL trigger handlers from functions/ (their index.ts,
// configured through the same environment variables infra sets in Lambda, written from the functions' contracts).
//
// The handlers read their environment when first imported, so one process gets one login stack; a second
// call in the same process throws instead of silently pointing at the first stack's stand-ins.
import { DEFINE_CONTRACT } from "../../functions/define-auth-challenge/config";
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
}

export interface LoginStack {
  ssm: SsmStandin;
  corbado: CorbadoStandin;
  harness: CognitoHarness;
  handlers: { define: TriggerHandler; create: TriggerHandler; verify: TriggerHandler };
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
export function triggerEnv(ssmUrl: string, corbadoUrl: string, config: TriggerConfig = {}): Record<string, string> {
  return {
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

/** Imports the three real trigger handlers. Call only after process.env is set. */
export async function importTriggerHandlers(): Promise<LoginStack["handlers"]> {
  const [define, create, verify] = await Promise.all([
    import("../../functions/define-auth-challenge/index"),
    import("../../functions/create-auth-challenge/index"),
    import("../../functions/verify-auth-challenge/index"),
  ]);
  return { define: define.handler, create: create.handler, verify: verify.handler };
}

export async function startLoginStack(opts: LoginStackOptions = {}): Promise<LoginStack> {
  if (started) throw new Error("one login stack per process: the trigger handlers read their environment once");
  started = true;
  const ssm = await startSsmStandin({ port: opts.ports?.ssm ?? 0 });
  const corbado = await startCorbadoStandin({ port: opts.ports?.corbado ?? 0, clock: opts.clock });
  ssm.put(SECRET_PARAMETER, corbado.basicSecret, "SecureString");
  ssm.put(LOGIN_SETTINGS_PARAMETER, LOGIN_SETTINGS_VALUE, "String");
  const env = triggerEnv(ssm.url, corbado.url, opts.config);
  delete process.env.AWS_ENDPOINT_URL;
  Object.assign(process.env, env);
  const handlers = await importTriggerHandlers();
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
