/**
 * Whether an address has an account must not show in how long pre-login takes (docs/threat-model.md T3).
 * Cognito is a loopback stand-in that answers every request after the same delay, standing for a network
 * round trip; addresses with and without an account alternate (interleaved runs), and only medians are
 * compared, with a wide margin.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { createPreLoginHandler } from "./handler-factory";

// Long enough that scheduling noise on a loaded machine stays well inside the margin below.
const ROUND_TRIP_MS = 100;
const PAIRS = 10;

let server: Server;
let endpoint: string;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]).split(".").at(-1);
      const { Username } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Username?: string };
      const [status, body] =
        target === "AdminGetUser"
          ? Username === "alice@example.com"
            ? [200, { Username: "alice-sub", UserStatus: "CONFIRMED", Enabled: true, UserAttributes: [] }]
            : [400, { __type: "UserNotFoundException", message: "User does not exist." }]
          : [200, { Users: [] }];
      setTimeout(() => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(body));
      }, ROUND_TRIP_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("pre-login's timing", () => {
  it("is the same for an address that is a username (e-mail-as-username pools) and one nobody has", async (t) => {
    const cognito = new CognitoIdentityProviderClient({
      endpoint,
      region: "eu-central-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const handler = createPreLoginHandler({
      cognito,
      config: { userPoolId: "eu-central-1_AbC123" },
      logSink: () => {},
    });
    const time = async (identifier: string) => {
      const started = performance.now();
      const response = await handler({ identifier });
      return { ms: performance.now() - started, found: response.body.identifier !== "" };
    };
    await time("alice@example.com"); // warm: the connection
    const runs = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < PAIRS; i++) {
      const order =
        i % 2 === 0
          ? ["alice@example.com", `nobody-${i}@example.com`]
          : [`nobody-${i}@example.com`, "alice@example.com"];
      for (const identifier of order) {
        const { ms, found } = await time(identifier);
        assert.equal(found, identifier === "alice@example.com");
        (found ? runs.known : runs.unknown).push(ms);
      }
    }
    const [k, u] = [median(runs.known), median(runs.unknown)];
    t.diagnostic(`median pre-login: known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
    // One round trip against two in a row before the fix: a ratio of about 0.5.
    assert.ok(k / u > 0.75 && u / k > 0.75, `known ${k.toFixed(1)} ms vs unknown ${u.toFixed(1)} ms`);
    cognito.destroy();
  });
});
