/**
 * One process of the `counters` and `logins` areas of `npm run bench` (tools/bench/areas/logins.ts starts it with
 * `node --import tsx`, one process per configuration, because the trigger handlers read their environment once).
 * The real trigger handlers (functions/, through tools/local/login-stack.ts) behind the CUSTOM_AUTH harness, with
 * the SSM and Corbado stand-ins, all in this one process: one Node thread, so one core.
 *
 *   counters <off|on|dead> <logins> <corbadoDelayMs> <counterTimeoutMs>
 *       warm passkey logins one after another; prints each trigger invocation's time (the harness measures it)
 *       with the counts off, on (a DynamoDB answering at once, in a process of its own: ./dynamodb-answerer.mjs), or
 *       pointed at a DynamoDB that accepts connections and never answers
 *   throughput <seconds> <concurrency>
 *       passkey logins over HTTP through the Cognito front (InitiateAuth + RespondToAuthChallenge), `concurrency`
 *       at a time, for `seconds`; then the same again under the V8 profiler, to attribute the CPU time to our code
 *       (functions/), the harness standing in for Cognito, the other stand-ins, and the client
 *
 * Prints one line `@@bench@@{...}`.
 */
import { spawn } from "node:child_process";
import { request, type IncomingMessage } from "node:http";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { COUNTER_SHARDS } from "../../../functions/shared/adoption-counters";
import { startCognitoFront } from "../../local/cognito-harness";
import { startLoginStack, type LoginStack } from "../../local/login-stack";

const MARKER = "@@bench@@";
/** Untimed passkey logins before the measured ones in a `counters` process. */
const WARM_LOGINS = 20;
const TABLE = "bench-aggregates";
const USER = { username: "5e0b7d1a-bench-user-0001", email: "bench@example.com" };
const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const ANSWERER = path.join(import.meta.dirname, "dynamodb-answerer.mjs");

async function passkeyLogin(stack: LoginStack): Promise<void> {
  const challenge = await stack.harness.initiateAuth({
    AuthFlow: "CUSTOM_AUTH",
    ClientId: stack.harness.clientId,
    AuthParameters: { USERNAME: USER.username },
  });
  const answer = await stack.harness.respondToAuthChallenge({
    ChallengeName: "CUSTOM_CHALLENGE",
    ClientId: stack.harness.clientId,
    Session: challenge.Session,
    ChallengeResponses: { USERNAME: USER.username, ANSWER: stack.corbado.mintSignedPasskeyData(USER) },
  });
  if (!answer.AuthenticationResult) throw new Error("a passkey login got no tokens");
}

/** What each trigger invocation is, by what it does in a passkey login. */
function labelOf(trigger: string, event: Record<string, unknown>): string {
  if (trigger !== "define") return trigger;
  const session = (event.request as { session?: unknown[] } | undefined)?.session ?? [];
  return session.length > 0 ? "define (issues the tokens: counts the login)" : "define (starts the challenge)";
}

async function counters(mode: string, logins: number, corbadoDelayMs: number, counterTimeoutMs: number) {
  if (!["off", "on", "dead"].includes(mode)) throw new Error(`unknown mode ${mode}`);
  // "on": a DynamoDB that answers every write at once, "dead": one that takes the request and never answers; in a
  // process of its own (./dynamodb-answerer.mjs), so that what is measured is our own work (sign, send, read the
  // answer), not an emulator's. The warm-up logins put verify's first-login marker, so every measured login is a
  // returning user's (the marker's conditional put refused).
  const dynamodb = mode === "off" ? undefined : await startDynamodbAnswerer(mode as "on" | "dead");
  const stack = await startLoginStack({
    users: [USER],
    countAllLogins: true,
    ...(dynamodb
      ? {
          counters: {
            aggregatesTable: TABLE,
            counterShards: COUNTER_SHARDS.default,
            counterTimeoutMs,
            endpoint: dynamodb.url,
          },
        }
      : {}),
  });
  // Cognito's trigger log lines go to stdout in Lambda; here they would only cost the measurement.
  console.log = () => undefined;
  try {
    stack.corbado.setFault({ kind: "delay", ms: corbadoDelayMs });
    // Warm: caches filled, connections open, and V8's optimizing tiers done with the handlers (a few logins leave
    // them compiling and deoptimizing during the measured ones: each such pause lands on whichever trigger runs).
    for (let i = 0; i < WARM_LOGINS; i++) await passkeyLogin(stack);
    const from = stack.harness.invocations.length;
    const before = (await dynamodb?.requests()) ?? 0;
    for (let i = 0; i < logins; i++) await passkeyLogin(stack);
    const writes = ((await dynamodb?.requests()) ?? 0) - before;
    const byInvocation: Record<string, number[]> = {};
    for (const inv of stack.harness.invocations.slice(from)) {
      if (inv.error) throw new Error(`${inv.trigger}: ${inv.error}`);
      // verify waits for Corbado's fixed delay: that is Corbado's time, not ours.
      const own = (inv.ms ?? Number.NaN) - (inv.trigger === "verify" ? corbadoDelayMs : 0);
      (byInvocation[labelOf(inv.trigger, inv.event)] ??= []).push(own);
    }
    return { mode, writes, byInvocation };
  } finally {
    try {
      await stack.close();
    } finally {
      dynamodb?.close();
    }
  }
}

/** ./dynamodb-answerer.mjs in a child process: its URL, its count of requests so far, and a way to stop it. */
async function startDynamodbAnswerer(mode: "on" | "dead") {
  const child = spawn(process.execPath, [ANSWERER, mode], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the DynamoDB answerer exited (${code})`)));
    child.stdout.setEncoding("utf8").once("data", (line: string) => resolve(Number(line.trim())));
  });
  const url = `http://127.0.0.1:${port}`;
  const requests = () =>
    new Promise<number>((resolve, reject) => {
      request(url, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (d: string) => (body += d));
        res.on("end", () => resolve((JSON.parse(body) as { requests: number }).requests));
      })
        .on("error", reject)
        .end();
    });
  return { url, requests, close: () => void child.kill("SIGTERM") };
}

/** One AWS JSON 1.1 call to the front, on a keep-alive connection. */
function call(url: string, target: string, body: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const json = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
          if (res.statusCode !== 200) reject(new Error(`${target}: ${res.statusCode} ${JSON.stringify(json)}`));
          else resolve(json);
        });
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

async function throughput(seconds: number, concurrency: number) {
  const stack = await startLoginStack({ users: [USER] });
  const front = await startCognitoFront(stack.harness);
  console.log = () => undefined;
  const clientId = stack.harness.clientId;
  const login = async () => {
    const challenge = await call(front.url, "InitiateAuth", {
      AuthFlow: "CUSTOM_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: USER.username },
    });
    const answer = await call(front.url, "RespondToAuthChallenge", {
      ChallengeName: "CUSTOM_CHALLENGE",
      ClientId: clientId,
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: USER.username, ANSWER: stack.corbado.mintSignedPasskeyData(USER) },
    });
    if (!answer.AuthenticationResult) throw new Error("a passkey login got no tokens");
  };
  const run = async (ms: number) => {
    const until = performance.now() + ms;
    let done = 0;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await login();
          done++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // The harness keeps every invocation: drop them so memory does not grow with the run.
    stack.harness.invocations.length = 0;
    return { logins: done, seconds: elapsed, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
  try {
    await run(Math.min(2000, seconds * 250)); // warm-up
    const measured = await run(seconds * 1000);
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
    const profiled = await run(Math.max(2000, seconds * 500));
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    return { ...measured, profiled: { logins: profiled.logins, cpuMsByOwner: attribute(profile as Profile) } };
  } finally {
    await front.close();
    await stack.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Who a script belongs to: our functions, the harness in Cognito's place, the other stand-ins, the client. */
function ownerOf(url: string): string | undefined {
  if (!url || url.startsWith("node:")) return undefined;
  const file = url.startsWith("file:") ? fileURLToPath(url) : url;
  const rel = path.relative(REPO_ROOT, file).split(path.sep).join("/");
  if (rel.startsWith("functions/")) return "ours (functions/)";
  if (rel === "tools/local/cognito-harness.ts") return "Cognito (the harness)";
  if (rel.startsWith("tools/local/")) return "stand-ins (SSM, Corbado)";
  if (rel.startsWith("tools/bench/")) return "client";
  if (rel.startsWith("node_modules/")) return `stand-ins' libraries (${rel.split("/")[1]})`;
  return undefined;
}

/**
 * CPU time by owner: each sample goes to the nearest frame on its stack that belongs to a file of this repository
 * (so Node's own work, crypto, JSON, sockets, counts for whoever called it); samples with none are Node's own
 * (event loop, GC) or idle.
 */
function attribute(profile: Profile): Record<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, string>();
  const ownerOfNode = (id: number): string => {
    const known = owner.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const fn = node.callFrame.functionName;
    let o = ownerOf(node.callFrame.url);
    if (!o) {
      const p = parent.get(id);
      if (fn === "(idle)") o = "idle";
      else if (fn === "(garbage collector)") o = "Node (GC)";
      else o = p === undefined ? "Node (event loop, other)" : ownerOfNode(p);
      if (o === "Node (root)") o = "Node (event loop, other)";
    }
    owner.set(id, o);
    return o;
  };
  const totals: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const o = ownerOfNode(id);
    totals[o] = (totals[o] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return totals;
}

const [scenario, ...args] = process.argv.slice(2);
const numbers = args.slice(scenario === "counters" ? 1 : 0).map(Number);
const result =
  scenario === "counters"
    ? await counters(args[0] ?? "", numbers[0]!, numbers[1]!, numbers[2]!)
    : scenario === "throughput"
      ? await throughput(numbers[0]!, numbers[1]!)
      : undefined;
if (!result) throw new Error(`unknown scenario ${scenario}`);
process.stdout.write(`\n${MARKER}${JSON.stringify(result)}\n`);
process.exit(0);
