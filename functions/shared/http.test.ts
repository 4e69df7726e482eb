import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { selfSignedCertificate } from "../../tools/bench/tls";
import { requires } from "../../tools/test/requirements";
import { HttpError, httpPost, preconnect, type PostRequest } from "./http";
import { refusedUrl } from "../../tools/local/testing";

/** Roomy: a loaded machine must not flake the specs that expect an answer. */
const ROOMY_MS = 3000;
const SLACK_MS = 1500;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  connection: number;
}

/** A loopback server that numbers its connections and records every request it read. */
async function startServer(server: Server = createServer()) {
  let route: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void = (_req, res) => res.end("ok");
  const seen: Seen[] = [];
  const ids = new WeakMap<Socket, number>();
  const sockets: Socket[] = [];
  let connections = 0;
  server.on("connection", (socket: Socket) => {
    sockets.push(socket);
    ids.set(socket, ++connections);
  });
  let handshakes = 0;
  server.on("secureConnection", (socket: Socket) => {
    handshakes++;
    ids.set(socket, connections);
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        connection: ids.get(req.socket) ?? 0,
      };
      seen.push(entry);
      route(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    seen,
    connections: () => connections,
    /** TLS handshakes completed (https servers only). */
    handshakes: () => handshakes,
    /** The server side of each connection, in the order they were accepted. */
    sockets,
    setRoute: (next: typeof route) => void (route = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const request = (url: string, overrides: Partial<PostRequest> = {}): PostRequest => ({
  url,
  headers: { "content-type": "application/json", "x-test": "yes" },
  body: '{"hello":"wörld"}',
  timeoutMs: ROOMY_MS,
  maxBodyBytes: 1024,
  ...overrides,
});

/** Resolves once `condition()` holds (checked every 5 ms), or after `ms` (the caller then asserts it). */
async function until(condition: () => boolean, ms = ROOMY_MS): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

/** A few turns of the event loop: enough for loopback I/O already in flight to be seen by both ends. */
const settle = () => new Promise((r) => setTimeout(r, 50));

const rejectsWith = (reason: HttpError["reason"]) => (e: unknown) =>
  e instanceof HttpError && e.reason === reason && e.message === reason;

describe("the triggers' HTTP transport (POST on node:http for loopback)", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let base = "";
  before(async () => {
    server = await startServer();
    base = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.close());

  it("POSTs the body with its headers and a Content-Length, and returns status and UTF-8 body", async () => {
    server.setRoute((_req, res) => res.writeHead(201, { "content-type": "application/json" }).end('{"ok":"ü"}'));
    const res = await httpPost(request(`${base}/v2/x`));
    assert.deepEqual(res, { status: 201, body: '{"ok":"ü"}' });
    const seen = server.seen.at(-1)!;
    assert.equal(seen.method, "POST");
    assert.equal(seen.url, "/v2/x");
    assert.equal(seen.headers["x-test"], "yes");
    assert.equal(seen.headers["content-type"], "application/json");
    assert.equal(seen.headers["content-length"], String(Buffer.byteLength('{"hello":"wörld"}')));
    assert.equal(seen.headers.host, `127.0.0.1:${server.port}`);
    assert.equal(seen.body, '{"hello":"wörld"}');
  });

  it("returns a redirect as its status and never follows it", async () => {
    server.setRoute((_req, res) => res.writeHead(307, { location: "/elsewhere" }).end());
    const before = server.seen.length;
    assert.deepEqual(await httpPost(request(`${base}/x`)), { status: 307, body: "" });
    assert.equal(server.seen.length - before, 1);
    assert.ok(server.seen.every((s) => s.url !== "/elsewhere"));
  });

  it("reads a body of exactly the cap, and gives no body for one byte more, declared or streamed", async () => {
    server.setRoute((req, res) => {
      const text = "x".repeat(req.url === "/at-cap" ? 1024 : 1025);
      if (req.url === "/streamed") {
        res.writeHead(200); // chunked, no Content-Length
        res.write(text.slice(0, 600));
        setImmediate(() => res.end(text.slice(600)));
      } else res.writeHead(200, { "content-length": String(text.length) }).end(text);
    });
    assert.equal((await httpPost(request(`${base}/at-cap`))).body, "x".repeat(1024));
    assert.deepEqual(await httpPost(request(`${base}/declared`)), { status: 200, body: undefined });
    assert.deepEqual(await httpPost(request(`${base}/streamed`)), { status: 200, body: undefined });
  });

  it("rejects with timeout within the deadline (+ slack) when the server never answers", async () => {
    server.setRoute(() => undefined);
    const started = performance.now();
    await assert.rejects(httpPost(request(`${base}/x`, { timeoutMs: 200 })), rejectsWith("timeout"));
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 180 && elapsed < 200 + SLACK_MS, `took ${elapsed} ms`);
  });

  it("rejects with timeout within the same deadline when the headers come but the body stalls", async () => {
    server.setRoute((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
    });
    const started = performance.now();
    await assert.rejects(httpPost(request(`${base}/x`, { timeoutMs: 200 })), rejectsWith("timeout"));
    assert.ok(performance.now() - started < 200 + SLACK_MS);
  });

  it("rejects with unreachable when the connection is refused", async () => {
    await assert.rejects(httpPost(request(`${await refusedUrl()}/x`)), rejectsWith("unreachable"));
  });

  it("rejects with unreachable, without retrying, when the server drops a new connection", async () => {
    // A fresh server, so the request cannot go out on a kept-alive connection.
    const dropping = await startServer();
    dropping.setRoute((req) => req.socket.destroy());
    try {
      await assert.rejects(httpPost(request(`http://127.0.0.1:${dropping.port}/x`)), rejectsWith("unreachable"));
      assert.equal(dropping.seen.length, 1);
    } finally {
      await dropping.close();
    }
  });

  it("rejects with unreachable when the connection is reset halfway through the body", async () => {
    server.setRoute((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
      setImmediate(() => res.destroy());
    });
    await assert.rejects(httpPost(request(`${base}/x`)), rejectsWith("unreachable"));
  });

  it("refuses plain http off loopback and other protocols without connecting", async () => {
    for (const url of ["http://backendapi.cloud.corbado.io/x", "ftp://127.0.0.1/x", "not a url"]) {
      await assert.rejects(httpPost(request(url)), rejectsWith("unreachable"), url);
    }
  });

  it("keeps the connection alive: consecutive calls (warm invocations) share one connection", async () => {
    const fresh = await startServer();
    try {
      const url = `http://127.0.0.1:${fresh.port}/x`;
      for (let i = 0; i < 3; i++) assert.equal((await httpPost(request(url))).status, 200);
      assert.equal(fresh.seen.length, 3);
      assert.equal(fresh.connections(), 1);
    } finally {
      await fresh.close();
    }
  });

  it("sends the request once more on a new connection when a kept-alive one turns out closed", async () => {
    const stale = await startServer();
    try {
      // The second request arrives on the reused connection: the server closes it without answering, as a
      // server does with a connection that sat idle past its timeout while Lambda kept the instance frozen.
      stale.setRoute((req, res, seen) =>
        stale.seen.length === 2 ? req.socket.destroy() : res.end(`c${seen.connection}`),
      );
      const url = `http://127.0.0.1:${stale.port}/x`;
      assert.deepEqual(await httpPost(request(url)), { status: 200, body: "c1" });
      assert.deepEqual(await httpPost(request(url)), { status: 200, body: "c2" });
      assert.deepEqual(
        stale.seen.map((s) => s.connection),
        [1, 1, 2],
      );
    } finally {
      await stale.close();
    }
  });

  it("retries a closed kept-alive connection only once", async () => {
    const stale = await startServer();
    try {
      stale.setRoute((req, res) => (stale.seen.length === 1 ? res.end("first") : req.socket.destroy()));
      const url = `http://127.0.0.1:${stale.port}/x`;
      assert.equal((await httpPost(request(url))).body, "first");
      await assert.rejects(httpPost(request(url)), rejectsWith("unreachable"));
      assert.equal(stale.seen.length, 3);
    } finally {
      await stale.close();
    }
  });
});

describe("opening a connection ahead of a POST (preconnect)", () => {
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  /** A fresh server per spec, so no kept-alive connection of an earlier spec can serve it. */
  const fresh = async () => {
    const server = await startServer();
    servers.push(server);
    return { server, url: `http://127.0.0.1:${server.port}/x` };
  };
  after(() => Promise.all(servers.map((s) => s.close())));

  it("connects without sending a byte, and the next POST goes out on that connection", async () => {
    const { server, url } = await fresh();
    const release = preconnect(url);
    await until(() => server.connections() === 1);
    await settle();
    assert.equal(server.connections(), 1, "the connection is opened before any POST");
    assert.equal(server.sockets[0]!.bytesRead, 0, "nothing is sent before the POST");
    assert.deepEqual(await httpPost(request(url)), { status: 200, body: "ok" });
    release(); // the POST took the connection: releasing leaves it alone
    assert.deepEqual(await httpPost(request(url)), { status: 200, body: "ok" });
    assert.equal(server.connections(), 1);
    assert.deepEqual(
      server.seen.map((s) => s.connection),
      [1, 1],
    );
  });

  it("closes the connection when released unused, having sent nothing", async () => {
    const { server, url } = await fresh();
    const release = preconnect(url);
    await until(() => server.connections() === 1);
    const socket = server.sockets[0]!;
    release();
    await until(() => socket.destroyed);
    assert.ok(socket.destroyed, "the server saw the connection closed");
    assert.equal(socket.bytesRead, 0);
    assert.equal(server.seen.length, 0);
  });

  it("opens nothing when an idle kept-alive connection to the origin exists, or one is already being opened", async () => {
    const { server, url } = await fresh();
    assert.equal((await httpPost(request(url))).status, 200);
    preconnect(url)(); // idle kept-alive connection: nothing to open
    const other = await fresh();
    const release = preconnect(other.url);
    preconnect(other.url)(); // pending: the second call opens nothing, and its release closes nothing
    assert.equal((await httpPost(request(url))).status, 200);
    assert.equal((await httpPost(request(other.url))).status, 200);
    release();
    await settle();
    assert.equal(server.connections(), 1);
    assert.equal(other.server.connections(), 1);
    assert.deepEqual(
      other.server.seen.map((s) => s.connection),
      [1],
    );
  });

  it("connects anew for the POST when the server closed the early connection", async () => {
    const { server, url } = await fresh();
    const release = preconnect(url);
    await until(() => server.connections() === 1);
    server.sockets[0]!.destroy();
    await settle();
    assert.deepEqual(await httpPost(request(url)), { status: 200, body: "ok" });
    release();
    assert.deepEqual(
      server.seen.map((s) => s.connection),
      [2],
    );
  });

  it("does nothing for URLs the transport refuses, and never throws", async () => {
    for (const url of ["http://backendapi.cloud.corbado.io/x", "ftp://127.0.0.1/x", "not a url"]) {
      const release = preconnect(url);
      assert.equal(typeof release, "function");
      release();
    }
  });
});

describe("the triggers' HTTP transport over TLS (https URLs)", () => {
  const openssl = requires("openssl");
  const certificate = selfSignedCertificate();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  before(async () => {
    if (!certificate) return;
    server = await startServer(createTlsServer({ key: certificate.key, cert: certificate.cert }));
    server.setRoute((req, res) => res.end(`tls ${(req.socket as { encrypted?: boolean }).encrypted === true}`));
  });
  after(async () => {
    await server?.close();
    certificate?.remove();
  });

  it("speaks TLS to an https URL and refuses a certificate the process does not trust", async (t) => {
    if (openssl.skip(t)) return;
    assert.ok(certificate && server, "the TLS server started");
    const before = server.seen.length;
    await assert.rejects(httpPost(request(`https://127.0.0.1:${server.port}/x`)), rejectsWith("unreachable"));
    assert.equal(server.seen.length, before, "no request may be sent over an untrusted connection");
  });

  it("POSTs over TLS when the certificate is trusted (NODE_EXTRA_CA_CERTS, as in the bench)", async (t) => {
    if (openssl.skip(t)) return;
    assert.ok(certificate && server, "the TLS server started");
    const script = [
      `import { httpPost } from ${JSON.stringify(path.join(import.meta.dirname, "http.ts"))};`,
      `const r = await httpPost({ url: process.argv[1], headers: {}, body: "{}", timeoutMs: ${ROOMY_MS}, maxBodyBytes: 100 });`,
      `console.log(JSON.stringify(r));`,
    ].join("\n");
    // A child process, because NODE_EXTRA_CA_CERTS is read at start-up (and not synchronously: the server
    // answering it runs in this process).
    const child = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "--eval", script, `https://127.0.0.1:${server.port}/x`],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath }, encoding: "utf8", timeout: 20_000 },
    );
    assert.deepEqual(JSON.parse(child.stdout.trim()), { status: 200, body: "tls true" });
  });

  /** Runs `script` (ES module importing ./http) in a child that trusts the certificate; argv[1] is the URL. */
  const child = (script: string[], url: string) =>
    spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script.join("\n"), url], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate!.certPath },
      stdio: ["pipe", "pipe", "inherit"],
    });
  const importHttp = `import { httpPost, preconnect } from ${JSON.stringify(path.join(import.meta.dirname, "http.ts"))};`;

  it("completes the TLS handshake ahead of the POST, sending nothing, and the POST uses that one connection", async (t) => {
    if (openssl.skip(t)) return;
    assert.ok(certificate, "openssl made a certificate");
    const tlsServer = await startServer(createTlsServer({ key: certificate.key, cert: certificate.cert }));
    try {
      const proc = child(
        [
          importHttp,
          `preconnect(process.argv[1]);`,
          // The test sends the go once the server completed the handshake (as the secret read would end later).
          `await new Promise((resolve) => process.stdin.once("data", resolve));`,
          `const r = await httpPost({ url: process.argv[1], headers: {}, body: "{}", timeoutMs: ${ROOMY_MS}, maxBodyBytes: 100 });`,
          `console.log(JSON.stringify(r));`,
          `process.stdin.destroy();`,
        ],
        `https://127.0.0.1:${tlsServer.port}/x`,
      );
      let stdout = "";
      proc.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      const exited = new Promise<number | null>((resolve) => proc.on("close", resolve));
      await until(() => tlsServer.handshakes() === 1, 20_000);
      await settle();
      assert.equal(tlsServer.handshakes(), 1, "the handshake completes before the POST is let go");
      assert.equal(tlsServer.seen.length, 0, "no request before the go");
      proc.stdin.end("go\n");
      assert.equal(await exited, 0);
      assert.deepEqual(JSON.parse(stdout.trim()), { status: 200, body: "ok" });
      assert.equal(tlsServer.connections(), 1);
      assert.equal(tlsServer.handshakes(), 1);
      assert.deepEqual(
        tlsServer.seen.map((s) => s.connection),
        [1],
      );
    } finally {
      await tlsServer.close();
    }
  });

  it("lets the process exit while an early connection nobody took is still open (it is unref'd)", async (t) => {
    if (openssl.skip(t)) return;
    assert.ok(certificate, "openssl made a certificate");
    const tlsServer = await startServer(createTlsServer({ key: certificate.key, cert: certificate.cert }));
    try {
      const proc = child(
        [importHttp, `preconnect(process.argv[1]);`, `process.stdin.destroy();`],
        `https://127.0.0.1:${tlsServer.port}/x`,
      );
      const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
      const code = await new Promise<number | null>((resolve) => proc.on("close", resolve));
      clearTimeout(timer);
      assert.equal(code, 0, "the child exited on its own");
      assert.equal(tlsServer.seen.length, 0);
    } finally {
      await tlsServer.close();
    }
  });
});
