import assert from "node:assert/strict";
import { request } from "node:https";
import { after, before, describe, test } from "node:test";
import { selfSignedCertificate } from "../bench/tls";
import { requires } from "../test/requirements";
import { startCorbadoStandin, type CorbadoStandin } from "./corbado-standin";
import { startSsmStandin, type SsmStandin } from "./ssm-standin";

/** One POST that trusts only the given certificate. */
function post(url: string, ca: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", ca, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end("{}");
  });
}

describe("the stand-ins over TLS (tls option, used by npm run bench -- --tls)", () => {
  const certificate = selfSignedCertificate();
  let ssm: SsmStandin | undefined;
  let corbado: CorbadoStandin | undefined;
  before(async () => {
    if (!certificate) return;
    const tls = { key: certificate.key, cert: certificate.cert };
    ssm = await startSsmStandin({ tls });
    corbado = await startCorbadoStandin({ tls });
  });
  after(async () => {
    await Promise.all([ssm?.close(), corbado?.close()]);
    certificate?.remove();
  });

  test("serve https on loopback with the given certificate, and answer as over http", async (t) => {
    if (requires("openssl").skip(t)) return;
    assert.ok(certificate && ssm && corbado, "the stand-ins serve https");
    assert.match(ssm.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(corbado.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    // Unsigned SSM call: refused as the http stand-in refuses it; Corbado without credentials: 401.
    assert.equal(await post(`${ssm.url}/`, certificate.cert, { "x-amz-target": "AmazonSSM.GetParameter" }), 400);
    assert.equal(await post(`${corbado.url}/v2/passkey/verifySignedData`, certificate.cert), 401);
    assert.equal(corbado.requests.at(-1)?.status, 401);
  });

  test("stay plain http without the option", async () => {
    const plain = await startSsmStandin();
    try {
      assert.match(plain.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await plain.close();
    }
  });
});
