import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startCorbadoStandin, TEST_MINT_PATH, type CorbadoStandin } from "./corbado-standin";

describe("Corbado Backend API stand-in", () => {
  let corbado: CorbadoStandin;
  let now = Date.now();

  before(async () => {
    corbado = await startCorbadoStandin({ clock: () => now });
  });
  after(() => corbado.close());

  const post = (path: string, body: unknown, auth: string | null = `Basic ${corbado.basicSecret}`) =>
    fetch(corbado.url + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const verify = async (signedPasskeyData: string, username: string) => {
    const res = await post("/v2/passkey/verifySignedData", { signedPasskeyData, username });
    assert.equal(res.status, 200);
    return ((await res.json()) as { verificationResult: string }).verificationResult;
  };

  test("the Basic secret is base64(projectId:apiSecret)", () => {
    assert.equal(Buffer.from(corbado.basicSecret, "base64").toString(), `${corbado.projectId}:${corbado.apiSecret}`);
    assert.match(corbado.projectId, /^pro-\d+$/);
  });

  test("a minted signedPasskeyData is an RS256 JWT carrying the claims Corbado documents", () => {
    const jwt = corbado.mintSignedPasskeyData({ username: "alice", corbadoUserId: "usr-1" });
    const [header, claims] = jwt
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, "base64url").toString()));
    assert.equal(header.alg, "RS256");
    assert.equal(claims.iss, corbado.projectId);
    assert.equal(claims.sub, "usr-1");
    assert.equal(claims.webauthnId, "alice");
    for (const claim of ["exp", "nbf", "iat", "jti", "credential", "challengeId", "processId", "isCUI"]) {
      assert.ok(claim in claims, `claim ${claim} is present`);
    }
    assert.ok(claims.exp > claims.iat);
  });

  test("a freshly minted JWT verifies once for its own user, and a replay is an invalid challenge", async () => {
    const jwt = corbado.mintSignedPasskeyData({ username: "alice" });
    assert.equal(await verify(jwt, "alice"), "success");
    assert.equal(await verify(jwt, "alice"), "invalid_challenge");
  });

  test("a JWT minted for one user does not verify for another", async () => {
    assert.equal(await verify(corbado.mintSignedPasskeyData({ username: "alice" }), "bob"), "user_mismatch");
  });

  test("an expired JWT is an invalid challenge", async () => {
    const jwt = corbado.mintSignedPasskeyData({ username: "alice", expiresInSeconds: 60 });
    now += 61_000;
    try {
      assert.equal(await verify(jwt, "alice"), "invalid_challenge");
    } finally {
      now -= 61_000;
    }
  });

  test("a tampered, foreign or non-JWT answer is an invalid signature", async () => {
    const jwt = corbado.mintSignedPasskeyData({ username: "alice" });
    const [h, c, s] = jwt.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(c, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, webauthnId: "mallory" })).toString("base64url")}.${s}`;
    assert.equal(await verify(forged, "mallory"), "invalid_signature");
    assert.equal(await verify("not-a-jwt", "alice"), "invalid_signature");
    const other = await startCorbadoStandin();
    try {
      assert.equal(await verify(other.mintSignedPasskeyData({ username: "alice" }), "alice"), "invalid_signature");
    } finally {
      await other.close();
    }
  });

  test("calls without the right Basic auth are refused with 401 in the spec's error shape", async () => {
    for (const auth of [null, "Basic " + Buffer.from(`${corbado.projectId}:wrong`).toString("base64"), "Bearer x"]) {
      const res = await post("/v2/passkey/verifySignedData", { signedPasskeyData: "a.b.c", username: "x" }, auth);
      assert.equal(res.status, 401);
      const body = (await res.json()) as { httpStatusCode: number; error: { type: string } };
      assert.equal(body.httpStatusCode, 401);
      assert.equal(typeof body.error.type, "string");
    }
  });

  test("malformed bodies are answered 400 with per-field validation errors", async () => {
    const res = await post("/v2/passkey/verifySignedData", { signedPasskeyData: 42 });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { validation: { field: string }[] } };
    assert.deepEqual(body.error.validation.map((v) => v.field).sort(), ["signedPasskeyData", "username"]);
    assert.equal((await post("/v2/passkey/verifySignedData", "{not json")).status, 400);
  });

  test("connect tokens are minted per type, carry a ctk1_ secret and expiry, and are single use", async () => {
    const res = await post("/v2/connectTokens", {
      type: "passkey-list",
      data: { identifier: "alice" },
      maxLifetimeInSeconds: 120,
    });
    assert.equal(res.status, 200);
    const token = (await res.json()) as { secret: string; expires: number; tokenType: string; id: string };
    assert.match(token.secret, /^ctk1_/);
    assert.match(token.id, /^ctk-\d+$/);
    assert.equal(token.tokenType, "passkey-list");
    assert.equal(token.expires, Math.floor(now / 1000) + 120);
    assert.equal(corbado.consumeConnectToken(token.secret, "passkey-delete"), undefined, "wrong type is refused");
    assert.equal(corbado.consumeConnectToken(token.secret, "passkey-list")?.data.identifier, "alice");
    assert.equal(corbado.consumeConnectToken(token.secret, "passkey-list"), undefined, "second use is refused");
  });

  test("passkey-append requires a displayName, and unknown types are refused", async () => {
    assert.equal((await post("/v2/connectTokens", { type: "passkey-append", data: { identifier: "a" } })).status, 400);
    assert.equal((await post("/v2/connectTokens", { type: "passkey-steal", data: { identifier: "a" } })).status, 400);
    const ok = await post("/v2/connectTokens", {
      type: "passkey-append",
      data: { identifier: "alice", displayName: "alice@example.com" },
    });
    assert.equal(ok.status, 200);
  });

  test("the test-only mint endpoint returns a JWT that verifies, and says it is not Corbado's API", async () => {
    const res = await post(TEST_MINT_PATH, { username: "carol" }, null);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { signedPasskeyData: string; testOnly: string };
    assert.match(body.testOnly, /not part of Corbado's API/);
    assert.equal(await verify(body.signedPasskeyData, "carol"), "success");
  });

  test("faults: a fixed verification result, an error status, garbage and a hang-up, then back to normal", async () => {
    const jwt = corbado.mintSignedPasskeyData({ username: "alice" });
    corbado.setFault({ kind: "verificationResult", verificationResult: "generic_error" });
    assert.equal(await verify(jwt, "alice"), "generic_error");
    corbado.setFault({ kind: "status", status: 503 });
    assert.equal(
      (await post("/v2/passkey/verifySignedData", { signedPasskeyData: jwt, username: "alice" })).status,
      503,
    );
    corbado.setFault({ kind: "garbage" });
    const garbage = await post("/v2/passkey/verifySignedData", { signedPasskeyData: jwt, username: "alice" });
    await assert.rejects(garbage.json());
    corbado.setFault({ kind: "hangup" });
    await assert.rejects(post("/v2/passkey/verifySignedData", { signedPasskeyData: jwt, username: "alice" }));
    corbado.setFault();
    assert.equal(await verify(jwt, "alice"), "success");
  });

  test("the secret never appears in the recorded requests", () => {
    const recorded = JSON.stringify(corbado.requests);
    assert.ok(corbado.requests.length > 0);
    assert.ok(!recorded.includes(corbado.apiSecret));
    assert.ok(!recorded.includes(corbado.basicSecret));
  });
});

describe("Corbado stand-in: the Frontend API's passkey management over connect tokens", () => {
  let corbado: CorbadoStandin;
  let now = Date.now();

  before(async () => {
    corbado = await startCorbadoStandin({ clock: () => now });
  });
  after(() => corbado.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(corbado.url + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const mint = async (type: string, identifier: string, maxLifetimeInSeconds = 60) => {
    const res = await fetch(corbado.url + "/v2/connectTokens", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${corbado.basicSecret}` },
      body: JSON.stringify({
        type,
        data: type === "passkey-append" ? { identifier, displayName: identifier } : { identifier },
        maxLifetimeInSeconds,
      }),
    });
    assert.equal(res.status, 200);
    return ((await res.json()) as { secret: string }).secret;
  };
  const init = async () => {
    const res = await post(
      "/v2/connect/manage/init",
      { clientInformation: {}, flags: {} },
      { "X-Corbado-ProjectID": corbado.projectId },
    );
    assert.equal(res.status, 200);
    return ((await res.json()) as { processID: string }).processID;
  };
  const headers = (processId: string) => ({
    "X-Corbado-ProjectID": corbado.projectId,
    "x-corbado-process-id": processId,
  });

  test("init needs the project header and answers a process that allows management", async () => {
    assert.equal((await post("/v2/connect/manage/init", { clientInformation: {}, flags: {} })).status, 401);
    const res = await post(
      "/v2/connect/manage/init",
      { clientInformation: {}, flags: {} },
      { "X-Corbado-ProjectID": corbado.projectId },
    );
    const body = (await res.json()) as { processID: string; manageAllowed: boolean; expiresAt: number };
    assert.equal(body.manageAllowed, true);
    assert.ok(body.expiresAt > now / 1000);
    corbado.manage.setManageAllowed(false);
    const denied = await post(
      "/v2/connect/manage/init",
      { clientInformation: {}, flags: {} },
      { "X-Corbado-ProjectID": corbado.projectId },
    );
    assert.equal(((await denied.json()) as { manageAllowed: boolean }).manageAllowed, false);
    corbado.manage.setManageAllowed(true);
  });

  test("list answers the token's user's passkeys, once per token, and only for a passkey-list token", async () => {
    const mine = corbado.manage.addPasskey("alice");
    corbado.manage.addPasskey("bob");
    const process = await init();
    const token = await mint("passkey-list", "alice");
    const res = await post("/v2/connect/manage/list", { connectToken: token }, headers(process));
    assert.equal(res.status, 200);
    assert.deepEqual(
      ((await res.json()) as { passkeys: { id: string }[] }).passkeys.map((p) => p.id),
      [mine.id],
    );
    assert.equal((await post("/v2/connect/manage/list", { connectToken: token }, headers(process))).status, 403);
    const deleteToken = await mint("passkey-delete", "alice");
    assert.equal((await post("/v2/connect/manage/list", { connectToken: deleteToken }, headers(process))).status, 403);
    const appendToken = await mint("passkey-append", "alice");
    assert.equal((await post("/v2/connect/manage/list", { connectToken: appendToken }, headers(process))).status, 403);
  });

  test("list and delete need a live process from init", async () => {
    const token = await mint("passkey-list", "alice");
    assert.equal((await post("/v2/connect/manage/list", { connectToken: token }, headers("cpr-made-up"))).status, 400);
    const process = await init();
    now += 601_000;
    try {
      assert.equal((await post("/v2/connect/manage/list", { connectToken: token }, headers(process))).status, 400);
    } finally {
      now -= 601_000;
    }
  });

  test("an expired token is refused", async () => {
    const process = await init();
    const token = await mint("passkey-list", "alice", 10);
    now += 11_000;
    try {
      assert.equal((await post("/v2/connect/manage/list", { connectToken: token }, headers(process))).status, 403);
    } finally {
      now -= 11_000;
    }
  });

  test("delete removes one of the token's user's passkeys, never another user's", async () => {
    const carol = corbado.manage.addPasskey("carol");
    const dave = corbado.manage.addPasskey("dave");
    const process = await init();
    const other = await post(
      "/v2/connect/manage/delete",
      { connectToken: await mint("passkey-delete", "carol"), credentialID: dave.id },
      headers(process),
    );
    assert.equal(other.status, 404);
    assert.equal(corbado.manage.passkeysOf("dave").length, 1);
    const listToken = await mint("passkey-list", "carol");
    assert.equal(
      (await post("/v2/connect/manage/delete", { connectToken: listToken, credentialID: carol.id }, headers(process)))
        .status,
      403,
    );
    const res = await post(
      "/v2/connect/manage/delete",
      { connectToken: await mint("passkey-delete", "carol"), credentialID: carol.id },
      headers(process),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { credentialID: carol.id });
    assert.deepEqual(corbado.manage.passkeysOf("carol"), []);
  });

  test("faults apply to the manage flow too", async () => {
    corbado.setFault({ kind: "status", status: 503 });
    try {
      assert.equal((await post("/v2/connect/manage/init", { clientInformation: {}, flags: {} })).status, 503);
    } finally {
      corbado.setFault();
    }
  });
});
