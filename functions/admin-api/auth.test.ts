import assert from "node:assert/strict";
import { createPrivateKey, generateKeyPairSync, createHmac } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { signRs256Jwt } from "../../tools/local/jwt";
import { startTestIssuer, type TestIssuer } from "../../tools/local/test-issuer";
import { refusedUrl, startLoopbackServer } from "../../tools/local/testing";
import { allows, bearerToken, createTokenVerifier, roleOf } from "./auth";
import { ApiError } from "./errors";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error.code;
  }
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("token verification", () => {
  let issuer: TestIssuer;
  let verify: ReturnType<typeof createTokenVerifier>;
  before(async () => {
    issuer = await startTestIssuer("console-client");
    verify = createTokenVerifier({
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      clientIds: ["console-client", "second-client"],
      jwksTimeoutMs: 2000,
    });
  });
  after(() => issuer.close());

  it("accepts a Cognito-style access token and returns who it is and their groups", async () => {
    const identity = await verify(issuer.token({ sub: "s-1", username: "admin1", groups: ["admins", "other"] }));
    assert.deepEqual(identity, {
      sub: "s-1",
      username: "admin1",
      groups: ["admins", "other"],
      clientId: "console-client",
    });
  });

  it("accepts an OIDC provider's JWT access token (aud names the resource, client_id the client)", async () => {
    const token = issuer.token({ clientId: "second-client", extraClaims: { aud: "https://api.local" } });
    assert.equal((await verify(token)).clientId, "second-client");
  });

  it("refuses forged, expired, wrong-client, wrong-issuer and non-access tokens as 401 codes", async () => {
    assert.equal(await codeOf(verify(issuer.token({ forged: true }))), "token_invalid");
    assert.equal(await codeOf(verify(issuer.token({ expiresIn: -10 }))), "token_expired");
    assert.equal(await codeOf(verify(issuer.token({ clientId: "someone-else" }))), "token_invalid");
    assert.equal(await codeOf(verify(issuer.token({ issuer: "https://evil.example.com" }))), "token_invalid");
    assert.equal(await codeOf(verify(issuer.token({ tokenUse: "id" }))), "token_invalid");
    assert.equal(await codeOf(verify(issuer.token({ extraClaims: { client_id: undefined } }))), "token_invalid");
    assert.equal(
      await codeOf(verify(issuer.token({ extraClaims: { nbf: Math.floor(Date.now() / 1000) + 600 } }))),
      "token_invalid",
    );
  });

  it("accepts RS256 only: alg none, HS256 (signed with the public key) and RS384 are refused", async () => {
    const good = issuer.token();
    const [header, payload] = good.split(".") as [string, string];
    const kid = (JSON.parse(Buffer.from(header, "base64url").toString()) as { kid: string }).kid;
    const none = `${b64({ alg: "none", kid })}.${payload}.`;
    assert.equal(await codeOf(verify(none)), "token_invalid");
    const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: { n: string }[] };
    const hsInput = `${b64({ alg: "HS256", kid })}.${payload}`;
    const hs = `${hsInput}.${createHmac("sha256", jwks.keys[0]!.n).update(hsInput).digest("base64url")}`;
    assert.equal(await codeOf(verify(hs)), "token_invalid");
    const rs384 = issuer.token({ alg: "RS384" });
    assert.equal(await codeOf(verify(rs384)), "token_invalid");
    assert.equal(await codeOf(verify(good)), "accepted", "control: the unmodified token passes");
  });

  it("refuses garbage without looking it up", async () => {
    for (const token of ["", "abc", "a.b", "a.b.c.d", "x".repeat(9000), "€.b.c"]) {
      assert.equal(await codeOf(verify(token)), "token_invalid", token.slice(0, 10));
    }
  });

  it("needs a sub made of visible characters", async () => {
    assert.equal(await codeOf(verify(issuer.token({ sub: "a\nb" }))), "token_invalid");
  });

  it("a token signed by another key with the issuer's kid is refused (the JWKS is the authority)", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = (JSON.parse(Buffer.from(issuer.token().split(".")[0]!, "base64url").toString()) as { kid: string }).kid;
    const claims = JSON.parse(Buffer.from(issuer.token().split(".")[1]!, "base64url").toString()) as object;
    const token = signRs256Jwt(
      { alg: "RS256", kid },
      claims,
      createPrivateKey(privateKey.export({ type: "pkcs8", format: "pem" })),
    );
    assert.equal(await codeOf(verify(token)), "token_invalid");
  });
});

describe("token verification when the JWKS cannot be loaded", () => {
  let issuer: TestIssuer;
  before(async () => void (issuer = await startTestIssuer()));
  after(() => issuer.close());

  it("answers jwks_error for an unreachable JWKS and jwks_timeout for one that never answers", async () => {
    const token = issuer.token(); // any well-formed RS256 token
    const dead = createTokenVerifier({
      issuer: "http://127.0.0.1:1",
      jwksUri: `${await refusedUrl()}/jwks`,
      clientIds: ["console-client"],
      jwksTimeoutMs: 500,
    });
    assert.equal(await codeOf(dead(token)), "jwks_error");
    const stalled = await startLoopbackServer(() => undefined);
    try {
      const slow = createTokenVerifier({
        issuer: "http://127.0.0.1:1",
        jwksUri: `${stalled.url}/jwks`,
        clientIds: ["c"],
        jwksTimeoutMs: 100,
      });
      assert.equal(await codeOf(slow(token)), "jwks_timeout");
    } finally {
      await stalled.close();
    }
  });

  it("never fetches a JWKS over plain http from a host that is not loopback", async () => {
    const token = issuer.token();
    const remote = createTokenVerifier({
      issuer: "http://idp.example.com",
      jwksUri: "http://idp.example.com/jwks",
      clientIds: ["c"],
      jwksTimeoutMs: 500,
    });
    assert.equal(await codeOf(remote(token)), "jwks_error");
  });
});

describe("groups and the bearer header", () => {
  it("admins may do what auditors may; a token without either group may only read /v1/me", () => {
    const who = (groups: string[]) => ({ sub: "s", username: "u", groups, clientId: "c" });
    assert.equal(roleOf(["auditors", "admins"]), "admin");
    assert.equal(roleOf(["auditors"]), "auditor");
    assert.equal(roleOf(["Admins", "auditor"]), undefined);
    assert.ok(allows(who(["admins"]), "auditor") && allows(who(["admins"]), "admin"));
    assert.ok(allows(who(["auditors"]), "auditor") && !allows(who(["auditors"]), "admin"));
    assert.ok(!allows(who([]), "auditor") && allows(who([]), "any"));
  });

  it("takes the token from `Authorization: Bearer`, and anything else is token_missing", () => {
    assert.equal(bearerToken("Bearer abc.def.ghi"), "abc.def.ghi");
    assert.equal(bearerToken("bearer abc"), "abc");
    for (const header of [undefined, "", "Basic abc", "Bearer", "Bearer a b", "abc.def.ghi"]) {
      assert.throws(
        () => bearerToken(header),
        (e: unknown) => e instanceof ApiError && e.code === "token_missing",
      );
    }
  });
});
