// Small helpers shared by the loopback stand-ins and the specs: loopback-only listening, bounded body reading,
// JSON replies, a close() that also ends kept-alive or deliberately delayed connections, and free ports.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { isLoopbackHost } from "../../functions/shared/env";

/** Request bodies above this size are refused: the stand-ins only ever see small JSON documents. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface ListenOptions {
  host?: string;
  port?: number;
  /** PEM key and certificate: serve https instead of http (e.g. `npm run bench -- --tls`). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function assertLoopback(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new Error(`refusing to listen on ${JSON.stringify(host)}: the local stand-ins bind to loopback only`);
  }
}

export async function listenLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  opts: ListenOptions = {},
): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  assertLoopback(host);
  const server: Server = opts.tls
    ? createTlsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler)
    : createServer(handler);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${opts.tls ? "https" : "http"}://${urlHost}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** A fetch handler (a hono app's, as the Lambda handlers serve it) over plain HTTP on loopback. */
export async function serveFetchLoopback(
  fetch: (request: Request) => Response | Promise<Response>,
  opts: { host?: string; port?: number } = {},
): Promise<{ server: ServerType; port: number; url: string; close(): Promise<void> }> {
  const host = opts.host ?? "127.0.0.1";
  assertLoopback(host);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch, hostname: host, port: opts.port ?? 0 }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(`request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (err) => {
      if (!failed) reject(err);
    });
  });
}

/** Parses JSON, returning `undefined` for anything that is not valid JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = "application/json",
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A timer-based sleep the stand-ins use for "delay" faults; cancelled timers never keep the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The bytes a "garbage" fault answers with: not JSON, not empty, clearly not a real reply. */
export const GARBAGE_BODY = "<html><body>\u0000\u00ff not json {{{</body>";

/** A loopback port on which nothing listens (one that was free a moment ago): for a process told where to listen. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
