/**
 * The whole local stack as `npm start` runs it, started once from a clean state folder in its own process group:
 * every service answers; then, in headless Chromium with a virtual authenticator (CDP WebAuthn), the sample login
 * page does what a customer's page does (password login, add a passkey, sign out, passkey login), the tokens verify
 * against the pool's JWKS, the admin API's adoption figures count it, the profile deletes the passkey, and the kill
 * switch set through the admin API hides the passkey login and refuses tokens to a passkey; finally SIGINT stops it
 * and nothing is left running or listening. One start serves every check (it is the suite's slowest part).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { chromium, type Browser, type Page } from "playwright-core";
import { findChromium, requires } from "../../test/requirements";
import { signInToConsole } from "../console-identity";
import type { LocalStackUrls } from "./local-stack";
import { REPO_ROOT, statePaths, type StackIdentity } from "./state";

const browserNeeded = requires("chromium");
const START_TIMEOUT_MS = 180_000;

let dir: string;
let child: ChildProcess;
let output = "";
let urls: LocalStackUrls;
let pids: number[];
let identity: StackIdentity;

/** Resolves when the stack wrote its running.json (it is up), or rejects when the process ends first. */
async function waitUntilRunning(): Promise<{ urls: LocalStackUrls; pids: number[] }> {
  const file = statePaths(dir).running;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as { urls: LocalStackUrls; pids: number[] };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the stack did not start within ${START_TIMEOUT_MS} ms:\n${output.slice(-3000)}`);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname === "localhost" ? "127.0.0.1" : hostname, port: Number(port) });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "local-stack-e2e-"));
  const started = Date.now();
  // Its own process group, as a terminal runs `npm start`: Ctrl-C there reaches the whole group.
  child = spawn(process.execPath, ["--import", "tsx", "tools/start.ts", "--state-dir", dir, "--port-base", "0"], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOCAL_STACK_PORT_BASE: "", LOCAL_STACK_STATE_DIR: "" },
  });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  ({ urls, pids } = await waitUntilRunning());
  identity = JSON.parse(readFileSync(statePaths(dir).identity, "utf8")) as StackIdentity;
  console.log(`# local stack started from a clean state folder in ${Date.now() - started} ms`);
});

after(async () => {
  if (child && child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("the local stack (npm start)", () => {
  it("starts every service from a clean state folder, seeded, and prints where to click", async () => {
    const checks: [string, () => Promise<Response>, number][] = [
      ["sample login page", () => fetch(`${urls.loginPage}/`), 200],
      ["the login page's copy of passkeys.js", () => fetch(`${urls.loginPage}/passkeys.js`), 200],
      ["console", () => fetch(`${urls.console}/users`), 200],
      ["console config.json", () => fetch(`${urls.console}/config.json`), 200],
      ["admin API", () => fetch(`${urls.api}/v1/public/login-config`), 200],
      ["console sign-in", () => fetch(`${urls.consoleIssuer}/.well-known/openid-configuration`), 200],
      ["Cognito front", () => fetch(`${urls.cognito}/health`), 200],
      ["Cognito JWKS", () => fetch(urls.cognitoJwks), 200],
      ["cognito-local", () => fetch(`${urls.cognitoLocal}/health`), 200],
      ["Corbado's web library", () => fetch(`${urls.corbado}/connect-web-js/index.js`), 200],
      // The AWS stand-ins refuse unsigned requests: an answer in the service's own error shape shows it is there.
      ["SSM", () => fetch(urls.ssm, { method: "POST", body: "{}" }), 400],
      ["STS", () => fetch(urls.sts, { method: "POST", body: "Action=AssumeRole" }), 403],
      [
        "DynamoDB",
        () =>
          fetch(urls.dynamodb, {
            method: "POST",
            headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables" },
            body: "{}",
          }),
        400,
      ],
    ];
    for (const [name, check, status] of checks) assert.equal((await check()).status, status, name);
    const pool = await fetch(`${urls.cognito}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.DescribeUserPool",
      },
      body: JSON.stringify({ UserPoolId: identity.customerPool.poolId }),
    });
    assert.equal(
      ((await pool.json()) as { UserPool: { EstimatedNumberOfUsers: number } }).UserPool.EstimatedNumberOfUsers,
      1000,
    );
    for (const url of [urls.loginPage, urls.console, urls.api, urls.consoleIssuer, urls.cognito, urls.corbado]) {
      assert.ok(output.includes(url), `the summary names ${url}`);
    }
    for (const user of identity.consoleUsers)
      assert.ok(output.includes(user.password), `the summary gives ${user.username}'s password`);
    assert.ok(output.includes(identity.customerPassword));
  });

  describe("in Chromium with a virtual authenticator", () => {
    let browser: Browser;
    let page: Page;
    const email = "demo.user@example.com";
    const adminToken = async () => {
      const admin = identity.consoleUsers.find((u) => u.username === "admin")!;
      return (
        await signInToConsole({
          issuer: urls.consoleIssuer,
          clientId: identity.consolePool.clientId,
          consoleOrigin: urls.console,
          username: admin.username,
          password: admin.password,
        })
      ).access_token;
    };
    const api = async (token: string, method: string, route: string, body?: unknown) => {
      const res = await fetch(urls.api + route, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const today = () => new Date().toISOString().slice(0, 10);
    const adoptionToday = async (token: string) => {
      const { json } = await api(token, "GET", `/v1/adoption?from=${today()}&to=${today()}`);
      const report = json as {
        periods: { passkeyLogins: number; passkeysAdded: number; passwordLogins: number | null }[];
        headline: { passkeyUsersShare: { passkeyUsers: number } };
      };
      return {
        passkeyLogins: report.periods[0]!.passkeyLogins,
        passkeysAdded: report.periods[0]!.passkeysAdded,
        passwordLogins: report.periods[0]!.passwordLogins,
        passkeyUsers: report.headline.passkeyUsersShare.passkeyUsers,
      };
    };
    const session = async () =>
      JSON.parse((await page.evaluate(() => sessionStorage.getItem("example.session"))) ?? "null") as {
        via: string;
        clientId: string;
        tokens: { IdToken: string; AccessToken: string };
      } | null;
    let baseline: Awaited<ReturnType<typeof adoptionToday>>;

    before(async () => {
      if (browserNeeded.missing) return;
      browser = await chromium.launch({
        executablePath: findChromium()!,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
        ],
      });
      const context = await browser.newContext();
      page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("WebAuthn.enable");
      await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: {
          protocol: "ctap2",
          transport: "internal",
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
    });
    after(async () => {
      await browser?.close();
    });

    it("password login, add a passkey, sign out, passkey login: each session's tokens verify against the pool's JWKS", async (t) => {
      if (browserNeeded.skip(t)) return;
      baseline = await adoptionToday(await adminToken());
      const verifier = JwtRsaVerifier.create({ issuer: urls.cognitoIssuer, jwksUri: urls.cognitoJwks, audience: null });
      verifier.cacheJwks((await (await fetch(urls.cognitoJwks)).json()) as Parameters<typeof verifier.cacheJwks>[0]);

      await page.goto(urls.loginPage);
      await page.locator("#email").fill(email);
      await page.locator("#password").fill(identity.customerPassword);
      await page.getByRole("button", { name: "Sign in with password" }).click();
      await page.getByText(`Signed in as ${email} with a password.`).waitFor();
      const password = await session();
      assert.equal(password?.via, "password");
      const passwordClaims = await verifier.verify(password!.tokens.IdToken);
      assert.equal(passwordClaims.email, email);

      await page.getByRole("button", { name: "Add a passkey" }).click();
      await page.getByText("Passkey added: next time, log in with it.").waitFor();
      await page.locator("#corbado-passkeys li").first().waitFor();
      assert.equal(await page.locator("#corbado-passkeys li").count(), 1, "the profile lists the new passkey");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.locator("#corbado-login input").fill(email);
      await page.getByRole("button", { name: "Log in with a passkey" }).click();
      await page.getByText(`Signed in as ${email} with a passkey.`).waitFor();
      const passkey = await session();
      assert.equal(passkey?.via, "passkey");
      assert.equal(passkey?.clientId, identity.customerPool.passkeyClientId);
      const idClaims = await verifier.verify(passkey!.tokens.IdToken);
      const accessClaims = await verifier.verify(passkey!.tokens.AccessToken);
      assert.equal(idClaims.sub, passwordClaims.sub, "the same user");
      assert.equal(accessClaims.client_id, identity.customerPool.passkeyClientId);
    });

    it("counts it in GET /v1/adoption: one more passkey added, passkey login, password login and passkey user", async (t) => {
      if (browserNeeded.skip(t)) return;
      const after = await adoptionToday(await adminToken());
      assert.deepEqual(after, {
        passkeyLogins: baseline.passkeyLogins + 1, // define, when it issued the tokens
        passkeysAdded: baseline.passkeysAdded + 1, // post-append, through the actions role
        // post-authentication counts both logins (cognito-local invokes it for the password one); minus the passkey one
        passwordLogins: (baseline.passwordLogins ?? Number.NaN) + 1,
        passkeyUsers: baseline.passkeyUsers + 1, // verify: this user's first passkey login (the marker)
      });
    });

    it("deletes the passkey from the profile, as its owner", async (t) => {
      if (browserNeeded.skip(t)) return;
      // Signed in with the passkey: the list (no step-up needed) shows it; delete it, then add it back for the rest.
      await page.reload();
      await page.locator("#corbado-passkeys li").first().waitFor();
      await page.getByRole("button", { name: /^Delete passkey/ }).click();
      await page.getByText("You have no passkeys yet.").waitFor();
    });

    it("the kill switch set through the admin API hides the passkey login, and a passkey gets no tokens", async (t) => {
      if (browserNeeded.skip(t)) return;
      // A fresh password sign-in (the step-up window) to add a passkey again, then sign out.
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.locator("#password").fill(identity.customerPassword);
      await page.locator("#email").fill(email);
      await page.getByRole("button", { name: "Sign in with password" }).click();
      await page.getByRole("button", { name: "Add a passkey" }).click();
      await page.getByText("Passkey added: next time, log in with it.").waitFor();
      await page.getByRole("button", { name: "Sign out" }).click();

      const token = await adminToken();
      const current = (await api(token, "GET", "/v1/settings")).json as {
        version: number;
        takesEffectWithinSeconds: number;
      };
      const changed = await api(token, "PUT", "/v1/settings", {
        version: current.version,
        passkeyFirst: false,
        killSwitch: true,
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.json));
      // A change reaches every reader within the settings cache (2 s locally).
      await new Promise((resolve) => setTimeout(resolve, (current.takesEffectWithinSeconds + 0.5) * 1000));

      await page.reload();
      await page.getByText("Passkey login is switched off right now.").waitFor();
      assert.equal(await page.locator("#passkey-login").isHidden(), true);

      // What a page that ignored the switch would get: Corbado still verifies the passkey, Cognito issues no tokens.
      const args = {
        sdkUrl: `${urls.corbado}/connect-web-js/index.js`,
        projectId: identity.corbado.projectId,
        endpoint: urls.cognito,
        clientId: identity.customerPool.passkeyClientId,
        identifier: email,
      };
      // In the page, as plain JavaScript (the test's own code is compiled with helpers the page does not have).
      const attempt = (await page.evaluate(`(async (a) => {
        const corbado = (await import(a.sdkUrl)).default;
        const { signInWithPasskey } = await import("/passkeys.js");
        const element = document.createElement("div");
        document.body.append(element);
        return new Promise((resolve) => {
          corbado.mountCorbadoConnectLogin(element, {
            projectId: a.projectId,
            onComplete: async (signedPasskeyData) => {
              try {
                await signInWithPasskey({ endpoint: a.endpoint, clientId: a.clientId }, signedPasskeyData);
                resolve({ signedPasskeyData: true, result: "tokens" });
              } catch (error) {
                resolve({ signedPasskeyData: true, result: error.message });
              }
            },
            onFallback: () => resolve({ signedPasskeyData: false, result: "fallback" }),
          });
          element.querySelector("input").value = a.identifier;
          element.querySelector("button").click();
        });
      })(${JSON.stringify(args)})`)) as { signedPasskeyData: boolean; result: string };
      assert.deepEqual(attempt, { signedPasskeyData: true, result: "NotAuthorizedException" });
      assert.equal(await session(), null);
    });
  });

  it("stops on SIGINT to its process group: no process and no listener left", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    process.kill(-child.pid!, "SIGINT");
    assert.equal(await exited, 0, output.slice(-2000));
    assert.match(output, /stopped\.\s*$/);
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} is gone`);
    for (const url of Object.values(urls)) assert.equal(await listening(url), false, `nothing listens on ${url}`);
    assert.equal(existsSync(statePaths(dir).running), false, "running.json is gone");
  });
});
