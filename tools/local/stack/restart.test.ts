/**
 * `npm start` keeps its state folder across restarts and `--reset` starts it over: the whole stack started three times
 * on one folder, each in its own process group and stopped with SIGINT. After the first start a setting (the kill
 * switch, through the admin API) and a customer (AdminCreateUser through the Cognito front) change; a start without
 * --reset still has both, the same identity and the same adoption history (nothing seeded a second time); a start
 * with --reset has neither, a new identity and the seed again.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { signInToConsole } from "../console-identity";
import type { LocalStackUrls } from "./local-stack";
import { REPO_ROOT, statePaths, type StackIdentity } from "./state";

const START_TIMEOUT_MS = 180_000;
const SEEDED_USERS = 1000;
const NEW_CUSTOMER = "restart.check@example.com";

interface Running {
  child: ChildProcess;
  output: () => string;
  urls: LocalStackUrls;
  identity: StackIdentity;
  identityText: string;
}

let dir: string;
let current: Running | undefined;

/** `npm start` on the spec's state folder, in its own process group as a terminal runs it; resolves once it is up. */
async function start(...args: string[]): Promise<Running> {
  let output = "";
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tools/start.ts", "--state-dir", dir, "--port-base", "0", ...args],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LOCAL_STACK_PORT_BASE: "", LOCAL_STACK_STATE_DIR: "" },
    },
  );
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const file = statePaths(dir).running;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!existsSync(file) || !output.includes("Ctrl-C stops everything.")) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    if (Date.now() > deadline)
      throw new Error(`the stack did not start in ${START_TIMEOUT_MS} ms:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { urls } = JSON.parse(readFileSync(file, "utf8")) as { urls: LocalStackUrls };
  const identityText = readFileSync(statePaths(dir).identity, "utf8");
  current = { child, output: () => output, urls, identity: JSON.parse(identityText) as StackIdentity, identityText };
  return current;
}

/** Ctrl-C to the stack's process group; resolves once it stopped cleanly. */
async function stop(stack: Running): Promise<void> {
  const exited = new Promise<number | null>((resolve) => stack.child.once("exit", (code) => resolve(code)));
  process.kill(-stack.child.pid!, "SIGINT");
  assert.equal(await exited, 0, stack.output().slice(-2000));
  assert.equal(existsSync(statePaths(dir).running), false, "running.json is gone");
  current = undefined;
}

async function adminApi(stack: Running) {
  const admin = stack.identity.consoleUsers.find((u) => u.username === "admin")!;
  const { access_token: token } = await signInToConsole({
    issuer: stack.urls.consoleIssuer,
    clientId: stack.identity.consolePool.clientId,
    consoleOrigin: stack.urls.console,
    username: admin.username,
    password: admin.password,
  });
  return async (method: string, route: string, body?: unknown) => {
    const res = await fetch(stack.urls.api + route, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    assert.equal(res.status, 200, `${method} ${route}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

const cognito = (stack: Running) =>
  new CognitoIdentityProviderClient({
    region: stack.identity.region,
    endpoint: stack.urls.cognito,
    credentials: { accessKeyId: "AKIDLOCALSTACK", secretAccessKey: "local" },
    maxAttempts: 1,
  });

/** What the spec compares across starts: the settings, the pool's size, the new customer, the adoption history. */
async function observe(stack: Running) {
  const api = await adminApi(stack);
  const client = cognito(stack);
  try {
    const poolId = stack.identity.customerPool.poolId;
    const settings = await api("GET", "/v1/settings");
    const pool = await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    const customer = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: NEW_CUSTOMER })).then(
      () => true,
      (err: unknown) => {
        if (err instanceof UserNotFoundException) return false;
        throw err;
      },
    );
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const adoption = (await api("GET", `/v1/adoption?from=${from}&to=${to}`)).periods;
    return {
      killSwitch: settings.killSwitch,
      users: pool.UserPool?.EstimatedNumberOfUsers,
      customer,
      adoption,
      api,
      client,
    };
  } catch (err) {
    client.destroy();
    throw err;
  }
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "local-stack-restart-"));
});

after(async () => {
  const child = current?.child;
  if (child && child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("npm start's state folder across restarts", () => {
  it("keeps a changed setting and a new user across a restart without re-seeding, and --reset starts over", async () => {
    // First start: seeded; then a setting and a customer change.
    let stack = await start();
    assert.match(stack.output(), /first start: seeded 1,000 users/);
    const first = await observe(stack);
    assert.deepEqual([first.killSwitch, first.users, first.customer], [false, SEEDED_USERS, false]);
    const logins = (first.adoption as { passkeyLogins: number }[]).reduce((n, p) => n + p.passkeyLogins, 0);
    assert.ok(logins > 0, "the seed holds adoption history to compare");
    const settings = await first.api("GET", "/v1/settings");
    await first.api("PUT", "/v1/settings", { version: settings.version, passkeyFirst: false, killSwitch: true });
    await first.client.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.identity.customerPool.poolId,
        Username: NEW_CUSTOMER,
        UserAttributes: [{ Name: "email", Value: NEW_CUSTOMER }],
        MessageAction: "SUPPRESS",
      }),
    );
    first.client.destroy();
    const firstIdentity = stack.identityText;
    await stop(stack);

    // Restart without --reset: everything kept, nothing seeded again.
    stack = await start();
    assert.match(stack.output(), /state kept from the last run/);
    assert.doesNotMatch(stack.output(), /first start: seeded/);
    assert.equal(stack.identityText, firstIdentity, "the same identity (ids, secrets, passwords)");
    const kept = await observe(stack);
    kept.client.destroy();
    assert.deepEqual([kept.killSwitch, kept.users, kept.customer], [true, SEEDED_USERS + 1, true]);
    assert.deepEqual(kept.adoption, first.adoption, "the seeded adoption history, not twice");
    await stop(stack);

    // --reset: the change and the customer are gone, a new identity, the seed is back.
    stack = await start("--reset");
    assert.match(stack.output(), /first start: seeded 1,000 users/);
    assert.notEqual(stack.identityText, firstIdentity, "a new identity");
    const reset = await observe(stack);
    reset.client.destroy();
    assert.deepEqual([reset.killSwitch, reset.users, reset.customer], [false, SEEDED_USERS, false]);
    assert.equal(
      (reset.adoption as unknown[]).length,
      (first.adoption as unknown[]).length,
      "the seed's history, over the same days",
    );
    await stop(stack);
  });
});
