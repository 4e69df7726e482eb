// Wires the loopback pieces of the passkey login path together: SSM stand-in (holding the Corbado secret),
// Corbado stand-in, and the Cognito harness running the REAL trigger handlers from functions/ (their index.ts,
// configured through the same environment variables infra sets in Lambda).
//
// The handlers read their environment when first imported, so one process gets one login stack; a second
// call in the same process throws instead of silently pointing at the first stack's stand-ins.
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
  /** Extra/overriding environment for the triggers (e.g. CORBADO_TIMEOUT_MS). */
  env?: Record<string, string>;
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

/** Environment for the triggers pointing at the given stand-ins. Credentials are dummies: the stand-in
 * requires a SigV4 signature but does not check it. */
export function triggerEnv(ssmUrl: string, corbadoUrl: string): Record<string, string> {
  return {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDLOCALSTANDIN000",
    AWS_SECRET_ACCESS_KEY: "local-stand-in-does-not-check-signatures",
    AWS_ENDPOINT_URL_SSM: ssmUrl,
    CORBADO_SECRET_PARAMETER: SECRET_PARAMETER,
    CORBADO_BACKEND_API_URL: corbadoUrl,
    CORBADO_TIMEOUT_MS: "2500",
    SSM_TIMEOUT_MS: "1000",
    SECRET_CACHE_TTL_MS: "300000",
    MAX_CHALLENGE_ATTEMPTS: "3",
    LOGIN_SETTINGS_PARAMETER,
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
  const env = { ...triggerEnv(ssm.url, corbado.url), ...opts.env };
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
