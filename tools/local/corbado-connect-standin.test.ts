/**
 * The Corbado stand-in's connect flows with real WebAuthn verification (a software authenticator plays the browser):
 * a passkey-append token adds a passkey and runs post-append; a login runs pre-login and yields a signedPasskeyData
 * only for a verified assertion, which verifySignedData then accepts once. Forged, replayed, cross-origin and
 * cross-process answers get nothing. State kept in a file survives a restart.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startCorbadoStandin, TEST_MINT_PATH, type CorbadoStandin } from "./corbado-standin";
import { createCorbadoStore } from "./corbado-store";
import { SoftAuthenticator, SOFT_AAGUID } from "./soft-authenticator";

const ORIGIN = "http://localhost:4400";
const USERS: Record<string, string> = {
  "ada@example.com": "11111111-1111-4111-8111-111111111111",
  "grace@example.com": "22222222-2222-4222-8222-222222222222",
};

let dir: string;
let corbado: CorbadoStandin;
const preLogins: unknown[] = [];
const postAppends: unknown[] = [];

function startStandin(file: string) {
  return startCorbadoStandin({
    projectId: "pro-1234567890123456789",
    apiSecret: "corbado1_connect_spec_secret",
    store: createCorbadoStore({ file }),
    testMint: false,
    webauthn: { rpId: "localhost", rpName: "spec", origins: [ORIGIN] },
    actions: {
      preLogin: async (event) => {
        preLogins.push(event);
        const typed = (event as { identifier: string }).identifier;
        if (typed === "reset@example.com") {
          return {
            statusCode: 200,
            body: { identifier: "", error: { return: true, code: "reset_required", message: "Reset it." } },
          };
        }
        const username = USERS[typed];
        return username
          ? { statusCode: 200, body: { identifier: username } }
          : { statusCode: 200, body: { identifier: "", error: { return: false, code: "user_not_found" } } };
      },
      postAppend: async (event) => {
        postAppends.push(event);
        return { statusCode: 200, body: { mfaPreference: "unchanged" } };
      },
    },
  });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "corbado-connect-"));
  corbado = await startStandin(path.join(dir, "corbado.json"));
});
after(async () => {
  await corbado.close();
  await rm(dir, { recursive: true, force: true });
});

/** The fields these specs read from the stand-in's answers (each answer has some of them). */
interface Reply {
  processID: string;
  token: string;
  attestationOptions: string;
  assertionOptions: string;
  session?: string;
  passkeyOperation: Record<string, string>;
  error: { type: string; details: string };
}

async function post(c: CorbadoStandin, route: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(c.url + route, {
    method: "POST",
    headers: { "content-type": "application/json", "x-corbado-projectid": c.projectId, origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Reply };
}

async function appendToken(c: CorbadoStandin, username: string, email: string): Promise<string> {
  const res = await fetch(c.url + "/v2/connectTokens", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${c.basicSecret}` },
    body: JSON.stringify({ type: "passkey-append", data: { identifier: username, displayName: email } }),
  });
  return ((await res.json()) as { secret: string }).secret;
}

const INIT = { clientInformation: {}, flags: {} };

async function append(c: CorbadoStandin, auth: SoftAuthenticator, username: string, email: string, origin = ORIGIN) {
  const { json: init } = await post(c, "/v2/connect/append/init", INIT);
  const process = { "x-corbado-process-id": init.processID };
  const started = await post(
    c,
    "/v2/connect/append/start",
    { appendTokenValue: await appendToken(c, username, email), loadedMs: 5 },
    process,
  );
  assert.equal(started.status, 200, JSON.stringify(started.json));
  const options = JSON.parse(started.json.attestationOptions).publicKey;
  const attestation = auth.register(options, origin);
  return post(c, "/v2/connect/append/finish", { attestationResponse: JSON.stringify(attestation) }, process);
}

async function loginStart(c: CorbadoStandin, identifier: string) {
  const { json: init } = await post(c, "/v2/connect/login/init", INIT);
  const process = { "x-corbado-process-id": init.token };
  const started = await post(c, "/v2/connect/login/start", { identifier, source: "text-field", loadedMs: 5 }, process);
  return { process, started };
}

async function verify(c: CorbadoStandin, signedPasskeyData: string, username: string): Promise<string> {
  const res = await fetch(c.url + "/v2/passkey/verifySignedData", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${c.basicSecret}` },
    body: JSON.stringify({ signedPasskeyData, username }),
  });
  return ((await res.json()) as { verificationResult: string }).verificationResult;
}

const ada = new SoftAuthenticator();

describe("Corbado connect: append", () => {
  it("adds a passkey for the connect token's user and runs post-append with the username", async () => {
    const finished = await append(corbado, ada, USERS["ada@example.com"]!, "ada@example.com");
    assert.equal(finished.status, 200, JSON.stringify(finished.json));
    assert.deepEqual(finished.json.passkeyOperation, {
      operationType: "append",
      identifierValue: "ada@example.com",
      identifierType: "email",
      ceremonyType: "local",
    });
    const [passkey] = corbado.store.passkeysOf(USERS["ada@example.com"]!);
    assert.equal(passkey?.authenticatorAAGUID, SOFT_AAGUID);
    assert.equal(passkey?.backupEligible, true);
    assert.deepEqual(postAppends.at(-1), { username: USERS["ada@example.com"] });
  });

  it("takes a connect token once, and only a passkey-append one", async () => {
    const token = await appendToken(corbado, USERS["grace@example.com"]!, "grace@example.com");
    const first = await post(corbado, "/v2/connect/append/init", INIT);
    const again = await post(corbado, "/v2/connect/append/init", INIT);
    const ok = await post(
      corbado,
      "/v2/connect/append/start",
      { appendTokenValue: token, loadedMs: 1 },
      { "x-corbado-process-id": first.json.processID },
    );
    assert.equal(ok.status, 200);
    const reused = await post(
      corbado,
      "/v2/connect/append/start",
      { appendTokenValue: token, loadedMs: 1 },
      { "x-corbado-process-id": again.json.processID },
    );
    assert.equal(reused.status, 403);
    assert.equal(reused.json.error.type, "connect_token_invalid");
  });

  it("stores nothing for an attestation made for another origin", async () => {
    const before = corbado.store.passkeysOf(USERS["grace@example.com"]!).length;
    const finished = await append(
      corbado,
      new SoftAuthenticator(),
      USERS["grace@example.com"]!,
      "grace@example.com",
      "http://evil.localhost:4400",
    );
    assert.equal(finished.status, 400);
    assert.equal(corbado.store.passkeysOf(USERS["grace@example.com"]!).length, before);
  });
});

describe("Corbado connect: login", () => {
  it("runs pre-login, verifies the assertion and answers a signedPasskeyData that verifySignedData accepts once", async () => {
    const { process, started } = await loginStart(corbado, "ada@example.com");
    assert.equal(started.status, 200, JSON.stringify(started.json));
    assert.deepEqual(preLogins.at(-1), { identifier: "ada@example.com" });
    const options = JSON.parse(started.json.assertionOptions).publicKey;
    assert.equal(options.rpId, "localhost");
    const finished = await post(
      corbado,
      "/v2/connect/login/finish",
      { assertionResponse: JSON.stringify(ada.authenticate(options, ORIGIN)), isConditionalUI: false },
      process,
    );
    assert.equal(finished.status, 200, JSON.stringify(finished.json));
    assert.equal(finished.json.passkeyOperation.operationType, "verify");
    const spd = finished.json.session!;
    const claims = JSON.parse(Buffer.from(spd.split(".")[1]!, "base64url").toString());
    assert.equal(claims.webauthnId, USERS["ada@example.com"]);
    assert.equal(claims.credential, corbado.store.passkeysOf(USERS["ada@example.com"]!)[0]?.id);
    assert.equal(await verify(corbado, spd, USERS["ada@example.com"]!), "success");
    assert.equal(await verify(corbado, spd, USERS["ada@example.com"]!), "invalid_challenge");
  });

  it("answers no session for a forged signature, another origin, a finished process or another process's challenge", async () => {
    const forged = await loginStart(corbado, "ada@example.com");
    const forgedOptions = JSON.parse(forged.started.json.assertionOptions).publicKey;
    const bad = await post(
      corbado,
      "/v2/connect/login/finish",
      { assertionResponse: JSON.stringify(ada.authenticate(forgedOptions, ORIGIN, true)), isConditionalUI: false },
      forged.process,
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.json.session, undefined);

    const foreign = await loginStart(corbado, "ada@example.com");
    const foreignOptions = JSON.parse(foreign.started.json.assertionOptions).publicKey;
    const cross = await post(
      corbado,
      "/v2/connect/login/finish",
      {
        assertionResponse: JSON.stringify(ada.authenticate(foreignOptions, "http://localhost:9999")),
        isConditionalUI: false,
      },
      foreign.process,
    );
    assert.equal(cross.status, 400);
    const replay = await post(
      corbado,
      "/v2/connect/login/finish",
      { assertionResponse: JSON.stringify(ada.authenticate(foreignOptions, ORIGIN)), isConditionalUI: false },
      foreign.process,
    );
    assert.equal(replay.status, 400);
    assert.equal(replay.json.error.type, "process_missing");

    const one = await loginStart(corbado, "ada@example.com");
    const other = await loginStart(corbado, "ada@example.com");
    const otherOptions = JSON.parse(other.started.json.assertionOptions).publicKey;
    const swapped = await post(
      corbado,
      "/v2/connect/login/finish",
      { assertionResponse: JSON.stringify(ada.authenticate(otherOptions, ORIGIN)), isConditionalUI: false },
      one.process,
    );
    assert.equal(swapped.status, 400);
    assert.equal(swapped.json.session, undefined);
  });

  it("falls back quietly for an unknown address or a user without passkeys, and shows pre-login's message when it asks", async () => {
    assert.equal((await loginStart(corbado, "nobody@example.com")).started.status, 404);
    assert.equal((await loginStart(corbado, "grace@example.com")).started.json.error.type, "no_passkey");
    const reset = await loginStart(corbado, "reset@example.com");
    assert.equal(reset.started.status, 400);
    assert.equal(reset.started.json.error.details, "Reset it.");
  });

  it("needs the project header and a started process", async () => {
    const noProject = await post(corbado, "/v2/connect/login/init", INIT, { "x-corbado-projectid": "pro-1" });
    assert.equal(noProject.status, 401);
    const { json: init } = await post(corbado, "/v2/connect/login/init", INIT);
    const early = await post(
      corbado,
      "/v2/connect/login/finish",
      { assertionResponse: "{}", isConditionalUI: false },
      { "x-corbado-process-id": init.token },
    );
    assert.equal(early.status, 400);
    assert.equal(early.json.error.type, "process_not_started");
  });

  it("does not serve the test-only mint endpoint when told not to", async () => {
    const res = await fetch(corbado.url + TEST_MINT_PATH, { method: "POST", body: JSON.stringify({ username: "x" }) });
    assert.equal(res.status, 404);
  });

  it("answers CORS preflights for the login page's origin only", async () => {
    const preflight = (origin: string) =>
      fetch(corbado.url + "/v2/connect/login/init", {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "x-corbado-projectid",
        },
      });
    const ok = await preflight(ORIGIN);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
    const other = await preflight("http://localhost:5555");
    assert.equal(other.headers.get("access-control-allow-origin"), null);
  });

  it("keeps users and passkeys across a restart when the store has a file", async () => {
    await corbado.close();
    corbado = await startStandin(path.join(dir, "corbado.json"));
    const { process, started } = await loginStart(corbado, "ada@example.com");
    assert.equal(started.status, 200);
    const options = JSON.parse(started.json.assertionOptions).publicKey;
    const finished = await post(
      corbado,
      "/v2/connect/login/finish",
      { assertionResponse: JSON.stringify(ada.authenticate(options, ORIGIN)), isConditionalUI: false },
      process,
    );
    assert.equal(finished.status, 200);
  });
});
