/**
 * The shipped actions (the bundled index.mjs from their zips, as Corbado runs them) against AWS endpoints
 * that stall or trickle: every answer comes within the action's deadline, and it is the safe one (pre-login:
 * silent fallback to password; post-append: 500, nothing changed). Each case runs in its own Node process,
 * configured through the environment like the deployed action, with loopback stand-ins for STS and Cognito.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { buildFunctions, DEFAULT_OUT_DIR, isBuildStale } from "../../tools/build/build-functions";
import { readZip } from "../../tools/build/zip";
import { ACTION_DEADLINE_MS } from "./deadline";

type Mode = "answer" | "stall" | "trickle";

/** Generous: the deadline plus process and scheduling noise on a busy machine. */
const SLACK_MS = 1500;
/** A process still running after this is a hung action (the bug this spec exists for: more than 15 s). */
const KILL_AFTER_MS = ACTION_DEADLINE_MS + 12_000;

let work: string;
const bundles: Record<string, string> = {};
const servers: Server[] = [];

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), "action-deadline-"));
  const names = ["pre-login", "post-append"];
  // The zips `npm run build` wrote, when they are current; otherwise the same build into a temporary folder.
  const outDir = isBuildStale() ? path.join(work, "dist") : DEFAULT_OUT_DIR;
  if (outDir !== DEFAULT_OUT_DIR) await buildFunctions({ outDir, functions: names });
  for (const name of names) {
    const [entry] = readZip(readFileSync(path.join(outDir, `${name}.zip`)));
    assert.equal(entry?.name, "index.mjs");
    mkdirSync(path.join(work, name));
    bundles[name] = path.join(work, name, "index.mjs");
    writeFileSync(bundles[name], entry.data);
  }
  writeFileSync(
    path.join(work, "run.mjs"),
    [
      "const { handler } = await import(process.argv[2]);",
      "const started = performance.now();",
      "const response = await handler(JSON.parse(process.argv[3]));",
      "const ms = Math.round(performance.now() - started);",
      'process.stdout.write("\\n@@result " + JSON.stringify({ response, ms }) + "\\n");',
      // A stuck socket must not keep the process (the test) alive; Lambda freezes it instead.
      "process.exit(0);",
    ].join("\n"),
  );
});

after(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(work, { recursive: true, force: true });
});

/** Answers with `reply`, or holds the request open forever, or sends headers and then one byte every 250 ms. */
async function standIn(mode: Mode, reply: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (mode === "stall") return;
      if (mode === "trickle") {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": "100000" });
        const timer = setInterval(() => res.write(" "), 250);
        res.on("close", () => clearInterval(timer));
        return;
      }
      reply(req, Buffer.concat(chunks).toString("utf8"), res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function sts(mode: Mode) {
  return standIn(mode, (_req, _body, res) => {
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
        "<AccessKeyId>ASIASTANDIN</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>" +
        `<SessionToken>token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        "<AssumedRoleUser><AssumedRoleId>AROASTANDIN:corbado</AssumedRoleId>" +
        "<Arn>arn:aws:sts::123456789012:assumed-role/corbado-actions/corbado</Arn></AssumedRoleUser>" +
        "</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>",
    );
  });
}

function cognito(mode: Mode) {
  return standIn(mode, (req, _body, res) => {
    const target = String(req.headers["x-amz-target"]).split(".").at(-1);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    };
    if (target === "ListUsers") {
      return json(200, {
        Users: [
          {
            Username: "alice",
            UserStatus: "CONFIRMED",
            Enabled: true,
            Attributes: [
              { Name: "email", Value: "alice@example.com" },
              { Name: "email_verified", Value: "true" },
            ],
          },
        ],
      });
    }
    if (target === "AdminGetUser" && mode === "answer") {
      // post-append's user: already has MFA, so nothing is written.
      const body = JSON.parse(_body) as { Username?: string };
      if (body.Username === "alice@example.com") return json(400, { __type: "UserNotFoundException", message: "x" });
      return json(200, { Username: "alice", Enabled: true, UserStatus: "CONFIRMED", UserMFASettingList: ["SMS_MFA"] });
    }
    json(400, { __type: "InvalidParameterException", message: "unexpected" });
  });
}

interface Outcome {
  response: unknown;
  ms: number;
  logs: string[];
}

async function runAction(name: string, event: unknown, stsMode: Mode, cognitoMode: Mode): Promise<Outcome> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: work,
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKIDCORBADOSIDE",
    AWS_SECRET_ACCESS_KEY: "corbado-side-secret",
    AWS_EC2_METADATA_DISABLED: "true",
    USER_POOL_ID: "eu-central-1_AbC123",
    ASSUME_ROLE_ARN: "arn:aws:iam::123456789012:role/corbado-actions",
    ASSUME_ROLE_EXTERNAL_ID: "ext-id-42",
    MFA_AFTER_PASSKEY: "sms",
    POOL_SMS_MFA_CONFIGURED: "true",
    AWS_ENDPOINT_URL_STS: await sts(stsMode),
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: await cognito(cognitoMode),
  };
  const child = spawn(
    process.execPath,
    [path.join(work, "run.mjs"), pathToFileURL(bundles[name]!).href, JSON.stringify(event)],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const killer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
  await new Promise((resolve) => child.once("close", resolve));
  clearTimeout(killer);
  const lines = stdout.split("\n");
  const result = lines.find((l) => l.startsWith("@@result "));
  assert.ok(result, `the action never answered (killed after ${KILL_AFTER_MS} ms)\n${stderr.slice(-2000)}`);
  return {
    ...(JSON.parse(result.slice("@@result ".length)) as Omit<Outcome, "logs">),
    logs: lines.filter((l) => l.startsWith("{")),
  };
}

const PRE_LOGIN_FALLBACK = {
  statusCode: 200,
  body: { identifier: "", error: { return: false, code: "untyped", message: "lookup_failed" } },
};
const POST_APPEND_FAILURE = { statusCode: 500, body: { error: { code: "internal_error" } } };

describe(`the shipped actions answer within ${ACTION_DEADLINE_MS} ms whatever STS and Cognito do`, () => {
  const identifier = { identifier: "alice@example.com" };
  const cases: [string, string, unknown, Mode, Mode, unknown][] = [
    ["pre-login", "STS stalls", identifier, "stall", "answer", PRE_LOGIN_FALLBACK],
    ["pre-login", "STS trickles its answer", identifier, "trickle", "answer", PRE_LOGIN_FALLBACK],
    ["pre-login", "Cognito stalls", identifier, "answer", "stall", PRE_LOGIN_FALLBACK],
    ["pre-login", "Cognito trickles its answer", identifier, "answer", "trickle", PRE_LOGIN_FALLBACK],
    ["post-append", "STS stalls", { username: "alice" }, "stall", "answer", POST_APPEND_FAILURE],
    ["post-append", "Cognito trickles its answer", { username: "alice" }, "answer", "trickle", POST_APPEND_FAILURE],
  ];
  // In parallel: each case waits out the deadline, one after another they would take half a minute.
  const outcomes = new Map<string, Promise<Outcome>>();
  const outcome = (key: string, start: () => Promise<Outcome>) => {
    if (!outcomes.has(key)) outcomes.set(key, start());
    return outcomes.get(key)!;
  };
  before(() => {
    for (const [name, when, event, stsMode, cognitoMode] of cases) {
      void outcome(`${name}: ${when}`, () => runAction(name, event, stsMode, cognitoMode)).catch(() => {});
    }
  });

  for (const [name, when, event, stsMode, cognitoMode, expected] of cases) {
    it(`${name} answers the safe fallback in time when ${when}`, async (t) => {
      const { response, ms, logs } = await outcome(`${name}: ${when}`, () =>
        runAction(name, event, stsMode, cognitoMode),
      );
      t.diagnostic(`answered after ${ms} ms`);
      assert.deepEqual(response, expected);
      assert.ok(ms <= ACTION_DEADLINE_MS + SLACK_MS, `answered after ${ms} ms`);
      assert.ok(
        logs.some((l) => /"level":"error".*"cause":"[a-z_]+"/.test(l)),
        `an error line names the cause as a code:\n${logs.join("\n")}`,
      );
    });
  }

  it("control: both actions answer normally, and quickly, when STS and Cognito answer", async () => {
    const [preLogin, postAppend] = await Promise.all([
      runAction("pre-login", identifier, "answer", "answer"),
      runAction("post-append", { username: "alice" }, "answer", "answer"),
    ]);
    assert.deepEqual(preLogin.response, { statusCode: 200, body: { identifier: "alice" } });
    assert.deepEqual(postAppend.response, { statusCode: 200, body: { mfaPreference: "unchanged" } });
    assert.ok(preLogin.ms < ACTION_DEADLINE_MS && postAppend.ms < ACTION_DEADLINE_MS);
  });
});
