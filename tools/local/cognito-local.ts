/**
 * Test support: a private cognito-local (npm) process for the action specs, on 127.0.0.1 and a free port,
 * in a temporary working directory (it keeps its database under ./.cognito), plus a request recorder.
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
  /** A client for this endpoint with fake credentials: no STS, no role. */
  client(): CognitoIdentityProviderClient;
  /** Kills the process and removes its working directory. Safe to call twice. */
  stop(): Promise<void>;
}

// Generous: on a loaded 2-core machine its first start (module loading) has taken over 20 s.
const START_TIMEOUT_MS = 60_000;

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve("cognito-local/package.json")), "lib", "bin", "start.js");
  const workDir = await mkdtemp(path.join(tmpdir(), "cognito-local-"));
  // cognito-local makes every new pool use e-mail as username unless told otherwise; AWS's default is a
  // free-form username. Pools that want e-mail usernames pass UsernameAttributes: ["email"].
  await mkdir(path.join(workDir, ".cognito"));
  await writeFile(
    path.join(workDir, ".cognito", "config.json"),
    JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }),
  );
  const port = await freeLoopbackPort();
  const output: string[] = [];
  const child = spawn(process.execPath, [bin], {
    cwd: workDir,
    // Its default port (9229) is Node's inspector port; HOST keeps it on loopback.
    env: { PATH: process.env.PATH ?? "", PORT: String(port), HOST: "127.0.0.1", NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killOnExit);
    await terminate(child);
    await rm(workDir, { recursive: true, force: true });
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
