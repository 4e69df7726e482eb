/**
 * The local stack's smaller parts: the functions' environments (each accepted by its function, one process for all),
 * ports (a taken one is named with the way out), the state folder (never emptying someone else's), the summary.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { loadAdminApiConfig } from "../../../functions/admin-api/config";
import { DEFINE_CONTRACT } from "../../../functions/define-auth-challenge/config";
import { POST_APPEND_CONTRACT } from "../../../functions/post-append/config";
import { POST_AUTHENTICATION_CONTRACT } from "../../../functions/post-authentication/config";
import { loadSelfServiceConfig } from "../../../functions/self-service/config";
import { readConfig } from "../../../functions/shared/config-contract";
import { VERIFY_CONTRACT } from "../../../functions/verify-auth-challenge/config";
import {
  actionsEnvironment,
  adminApiEnvironment,
  selfServiceEnvironment,
  triggersEnvironment,
  unionEnvironment,
  type StackWiring,
} from "./functions";
import { allocatePorts, PortInUseError, SERVICES } from "./ports";
import { consoleInputsHash } from "./console-build";
import { clearState } from "./state";
import { startStaticServer } from "./static-server";
import { deliveredCode, functionLogLine } from "./summary";

const wiring: StackWiring = {
  region: "us-east-1",
  userPoolId: "us-east-1_LocalUsers",
  cognitoUrl: "http://127.0.0.1:4404",
  ssmUrl: "http://127.0.0.1:4406",
  dynamodbUrl: "http://127.0.0.1:4407",
  stsUrl: "http://127.0.0.1:4408",
  corbadoUrl: "http://127.0.0.1:4405",
  corbadoProjectId: "pro-1234567890123456789",
  actionsRoleArn: "arn:aws:iam::000000000000:role/corbado-passkeys-local-corbado-actions",
  actionsExternalId: "local-external-id",
  tables: { aggregates: "local-aggregates", audit: "local-audit", selfServiceRateLimit: "local-self-service" },
  consoleIssuer: "http://127.0.0.1:4403/us-east-1_LocalConsole",
  consoleClientId: "consoleclient0000000000001",
  consoleOrigin: "http://localhost:4401",
  loginPageOrigin: "http://localhost:4400",
  customerClientIds: ["webclient00000000000000001", "passkeyclient0000000000001"],
};

describe("the functions' environments in the local stack", () => {
  it("are accepted by each function's contract and point at the stand-ins", () => {
    const triggers = triggersEnvironment(wiring);
    assert.deepEqual(readConfig(DEFINE_CONTRACT, triggers).problems, []);
    assert.deepEqual(readConfig(VERIFY_CONTRACT, triggers).problems, []);
    assert.equal(triggers.AWS_ENDPOINT_URL_SSM, wiring.ssmUrl);
    assert.equal(triggers.CORBADO_BACKEND_API_URL, wiring.corbadoUrl);
    assert.deepEqual(readConfig(POST_AUTHENTICATION_CONTRACT, triggers).problems, []);
    // define, post-authentication and post-append count into the adoption table the admin API reads.
    assert.equal(triggers.AGGREGATES_TABLE, wiring.tables.aggregates);
    assert.equal(triggers.AWS_ENDPOINT_URL_DYNAMODB, wiring.dynamodbUrl);
    const actions = actionsEnvironment(wiring);
    assert.deepEqual(readConfig(POST_APPEND_CONTRACT, actions).problems, []);
    assert.equal(actions.AWS_ENDPOINT_URL_STS, wiring.stsUrl);
    assert.equal(actions.ASSUME_ROLE_EXTERNAL_ID, wiring.actionsExternalId);
    assert.equal(actions.AGGREGATES_TABLE, wiring.tables.aggregates);
    const admin = loadAdminApiConfig(adminApiEnvironment(wiring, true));
    assert.ok(admin.ok, JSON.stringify(admin));
    assert.equal(admin.config.console?.aggregatesTable, wiring.tables.aggregates);
    assert.equal(admin.config.console?.passwordLoginsCounted, true);
    assert.equal(admin.config.console?.issuer, wiring.consoleIssuer);
    assert.equal(
      admin.config.console?.jwksUri,
      `${wiring.consoleIssuer}/.well-known/jwks.json`,
      "no JWKS_URI: as in AWS",
    );
    const self = loadSelfServiceConfig(selfServiceEnvironment(wiring));
    assert.ok(self.ok, JSON.stringify(self));
    assert.equal(self.config.jwksUri, `${wiring.cognitoUrl}/${wiring.userPoolId}/.well-known/jwks.json`);
    assert.deepEqual(self.config.clientIds, wiring.customerClientIds);
    assert.deepEqual(self.config.origins, [wiring.loginPageOrigin]);
  });

  it("agree wherever two functions read the same variable, and a disagreement is refused", () => {
    const union = unionEnvironment(triggersEnvironment(wiring), actionsEnvironment(wiring));
    assert.equal(union.AWS_REGION, "us-east-1");
    assert.throws(() => unionEnvironment({ AWS_REGION: "us-east-1" }, { AWS_REGION: "eu-west-1" }), /AWS_REGION/);
  });

  it("keep the kill switch's cache short, the same for define and the admin API's public route", () => {
    const define = readConfig(DEFINE_CONTRACT, triggersEnvironment(wiring)).config.settingsCacheTtlMs;
    assert.equal(adminApiEnvironment(wiring, true).LOGIN_SETTINGS_CACHE_TTL_MS, String(define));
    assert.ok(define <= 5000);
  });
});

describe("the local stack's ports", () => {
  it("names a port in use, its service, and how to move every port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      // The base one below the taken port: the second service (the console) collides.
      await assert.rejects(allocatePorts(taken - 1), (error: Error) => {
        assert.ok(error instanceof PortInUseError);
        assert.equal(SERVICES[error.port - (taken - 1)], error.service);
        assert.equal(error.message.split("\n").length, 1);
        assert.match(
          error.message,
          /^port \d+ \([^)]+\) is already in use: .*--port-base <n> or LOCAL_STACK_PORT_BASE=<n>/,
        );
        // Unless something else holds the port just below ours, it is ours that is named: the console's.
        if (error.port === taken) assert.match(error.message, new RegExp(`^port ${taken} \\(console\\)`));
        return true;
      });
    } finally {
      blocker.close();
    }
  });

  it("picks distinct free ports for base 0", async () => {
    const ports = await allocatePorts(0);
    assert.equal(new Set(Object.values(ports)).size, SERVICES.length);
  });
});

describe("the state folder", () => {
  it("is emptied only when it is the stack's own (or empty)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "local-stack-state-"));
    try {
      await writeFile(path.join(dir, "thesis.tex"), "precious");
      await assert.rejects(clearState(dir), /not a local-stack state folder/);
      assert.deepEqual(await readdir(dir), ["thesis.tex"]);
      await writeFile(path.join(dir, "stack.json"), "{}");
      await clearState(dir);
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the terminal output", () => {
  it("shortens a function's JSON log line and leaves other lines alone", () => {
    const line = JSON.stringify({
      time: "2026-12-02T10:11:12.345Z",
      level: "info",
      fn: "verify-auth-challenge",
      event: "verify_auth_challenge",
      outcome: "incorrect",
      reason: "verification_failed:user_mismatch",
    });
    assert.equal(
      functionLogLine(line),
      "10:11:12 verify-auth-challenge verify_auth_challenge: incorrect (verification_failed:user_mismatch)",
    );
    assert.equal(functionLogLine("plain text"), undefined);
    assert.equal(functionLogLine('{"no":"fn"}'), undefined);
  });

  it("finds the code cognito-local would have sent", () => {
    const box =
      "│ Confirmation Code Delivery │\n│ Username:    abc │\n│ Destination: +15555550123 │\n│ Code:        123456 │";
    assert.deepEqual(deliveredCode(box), { destination: "+15555550123", code: "123456" });
    assert.equal(deliveredCode("GET /health 200"), undefined);
  });
});

describe("the console build", () => {
  it("is made again when any input changes, and only then", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "console-inputs-"));
    try {
      await mkdir(path.join(root, "dashboard", "src"), { recursive: true });
      await writeFile(path.join(root, "dashboard", "src", "main.ts"), "bootstrap();");
      await writeFile(path.join(root, "angular.json"), "{}");
      await writeFile(path.join(root, "package-lock.json"), "{}");
      const first = await consoleInputsHash(root);
      assert.equal(await consoleInputsHash(root), first);
      await writeFile(path.join(root, "dashboard", "src", "main.ts"), "bootstrap(); // changed");
      const edited = await consoleInputsHash(root);
      assert.notEqual(edited, first);
      await writeFile(path.join(root, "dashboard", "src", "extra.ts"), "");
      assert.notEqual(await consoleInputsHash(root), edited, "a new file counts too");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("the static server", () => {
  it("serves its folder, the generated files and, for an app, index.html for routes; nothing outside the folder", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "static-site-"));
    const site = path.join(root, "site");
    await mkdir(site);
    await writeFile(path.join(site, "index.html"), "<h1>app</h1>");
    await writeFile(path.join(root, "secret.json"), '{"secret":true}');
    const server = await startStaticServer({ root: site, spa: true, extra: { "/config.json": '{"apiUrl":"x"}' } });
    try {
      const get = async (p: string) => {
        const res = await fetch(server.url + p);
        return [res.status, await res.text()] as const;
      };
      assert.deepEqual(await get("/"), [200, "<h1>app</h1>"]);
      assert.deepEqual(await get("/users/abc"), [200, "<h1>app</h1>"]);
      assert.deepEqual(await get("/config.json"), [200, '{"apiUrl":"x"}']);
      // Raw requests: fetch would normalise the dots away before they reach the server.
      const raw = (p: string) =>
        new Promise<string>((resolve, reject) => {
          const req = request(server.url + "/", { path: p }, (res) => {
            let body = "";
            res.on("data", (c: Buffer) => (body += c.toString()));
            res.on("end", () => resolve(`${res.statusCode} ${body}`));
          });
          req.once("error", reject);
          req.end();
        });
      for (const escape of ["/../secret.json", "/%2e%2e/secret.json", "/..%2fsecret.json", "/%2e%2e%2fsecret.json"]) {
        const answer = await raw(escape);
        assert.ok(!answer.includes("secret"), `${escape}: ${answer}`);
      }
      assert.equal((await fetch(server.url + "/", { method: "POST" })).status, 405);
    } finally {
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
