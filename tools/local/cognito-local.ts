/**
 * A private cognito-local (npm) process on 127.0.0.1: for the action specs in a temporary working directory on a
 * free port (it keeps its database under ./.cognito), for the local stack in its state folder on a given port;
 * plus a request recorder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { freeLoopbackPort } from "./http-util";

export interface CognitoLocal {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** The process id (the local stack's stop checks it is gone). */
  readonly pid: number | undefined;
  /** A client for this endpoint with fake credentials: no STS, no role. */
  client(): CognitoIdentityProviderClient;
  /** Kills the process and removes its working directory. Safe to call twice. */
  stop(): Promise<void>;
}

// Generous: on a loaded 2-core machine its first start (module loading) has taken over 20 s.
const START_TIMEOUT_MS = 60_000;

export interface CognitoLocalOptions {
  /** Where its .cognito folder is, kept on stop (the local stack's state); default a temporary folder, removed. */
  workDir?: string;
  /** Default: a free port. */
  port?: number;
  /** .cognito/config.json; default: free-form usernames, AWS's default (cognito-local's is e-mail). */
  config?: Record<string, unknown>;
  /** Each chunk it prints (its log: requests, and the codes it "sends" by SMS or e-mail). */
  onOutput?: (chunk: string) => void;
}

export async function startCognitoLocal(options: CognitoLocalOptions = {}): Promise<CognitoLocal> {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve("cognito-local/package.json")), "lib", "bin", "start.js");
  const temporary = options.workDir === undefined;
  const workDir = options.workDir ?? (await mkdtemp(path.join(tmpdir(), "cognito-local-")));
  // cognito-local makes every new pool use e-mail as username unless told otherwise; AWS's default is a
  // free-form username. Pools that want e-mail usernames pass UsernameAttributes: ["email"].
  await mkdir(path.join(workDir, ".cognito"), { recursive: true });
  await writeFile(
    path.join(workDir, ".cognito", "config.json"),
    JSON.stringify(options.config ?? { UserPoolDefaults: { UsernameAttributes: [] } }, null, 2),
  );
  const port = options.port ?? (await freeLoopbackPort());
  const output: string[] = [];
  const child = spawn(process.execPath, [bin], {
    cwd: workDir,
    // Its default port (9229) is Node's inspector port; HOST keeps it on loopback.
    env: { PATH: process.env.PATH ?? "", PORT: String(port), HOST: "127.0.0.1", NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 200) output.splice(0, output.length - 200);
    options.onOutput?.(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killOnExit);
    await terminate(child);
    if (temporary) await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(endpoint, child);
  } catch (error) {
    await stop();
    throw new Error(`cognito-local did not start: ${(error as Error).message}\n${output.join("").slice(-2000)}`, {
      cause: error,
    });
  }
  return {
    endpoint,
    pid: child.pid,
    client: () =>
      new CognitoIdentityProviderClient({
        endpoint,
        region: "local",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        maxAttempts: 1,
      }),
    stop,
  };
}

/**
 * Records the name of every command that goes through the client's middleware stack, so a spec can prove
 * that a request never reached Cognito. (A send() stubbed by aws-sdk-client-mock bypasses the stack.)
 */
export function recordCommands(client: CognitoIdentityProviderClient): string[] {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "recordCommands" },
  );
  return sent;
}

async function waitForHealth(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer on ${endpoint}/health within ${START_TIMEOUT_MS} ms`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}
