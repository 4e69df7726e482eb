/**
 * The triggers' one kind of outbound HTTP call: a POST of a string body, on node:https (node:http for loopback
 * only), instead of the global fetch().
 *
 * Why not fetch(): Node loads its bundled HTTP client (undici) on the first use of fetch, ~100 ms of a cold
 * start. Why ./builtins (require, not import): an ESM `import` of node:http, static or dynamic, builds the module
 * namespace, which reads node:http's lazy getters (WebSocket, CloseEvent, MessageEvent) and so loads undici all the
 * same. See docs/performance.md and tools/bench/probes/module-load.ts.
 *
 * preconnect() opens a connection ahead of a POST (verify: to Corbado while the secret is read from SSM).
 */
import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import type { Socket } from "node:net";
import { builtin } from "./builtins";
import { allowedProtocol } from "./env";

export interface PostRequest {
  /** Absolute URL: https, or http on a loopback host (anything else is refused without a connection). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** One deadline for the whole call: connect, TLS, request, response headers and body. */
  readonly timeoutMs: number;
  /** A response body above this many bytes is not read: `body` is then undefined. */
  readonly maxBodyBytes: number;
}

export interface PostResponse {
  /** Any status, 3xx included: redirects are never followed (a credential must not travel elsewhere). */
  readonly status: number;
  /** UTF-8 body, or undefined when it exceeded `maxBodyBytes`. */
  readonly body: string | undefined;
}

/** The transport the triggers use; injectable in tests. Rejects with HttpError only. */
export type Post = (request: PostRequest) => Promise<PostResponse>;

/**
 * A failed call, as a code: the transport's `timeout` or `unreachable`; ./aws-json.ts adds AWS's error type (or
 * `http_error`, `bad_response`) with the HTTP status. The message is the reason alone: never a URL, header or body.
 */
export class HttpError extends Error {
  override readonly name: string = "HttpError";
  constructor(
    readonly reason: string,
    readonly status?: number,
  ) {
    super(reason);
  }
}

interface Transport {
  readonly request: (url: URL, options: RequestOptions, onResponse: (res: IncomingMessage) => void) => ClientRequest;
  /** Keeps connections open across warm invocations of the same Lambda instance. */
  readonly agent: Agent;
}

interface Pending {
  readonly socket: Socket;
  readonly drop: () => void;
}

/** What preconnect() adds to a transport the first time it is called for it. */
interface Preconnects {
  /** The agent's own createConnection (TCP, plus TLS for https). */
  readonly connect: Agent["createConnection"];
  /** Connections opened by preconnect() that no request has taken yet, by "host:port", with their drop listener. */
  readonly pending: Map<string, Pending>;
}

const transports = new Map<string, Transport>();

/** node:https or node:http, loaded on first use of that protocol, with one keep-alive agent each. */
function transportFor(protocol: "https:" | "http:"): Transport {
  let transport = transports.get(protocol);
  if (!transport) {
    const mod = builtin<typeof import("node:http")>(protocol === "https:" ? "node:https" : "node:http");
    transport = { request: mod.request, agent: new mod.Agent({ keepAlive: true }) };
    transports.set(protocol, transport);
  }
  return transport;
}

const preconnects = new WeakMap<Agent, Preconnects>();

/**
 * The agent's hand-over hook, installed on the first preconnect() for it (so that a bundle that never preconnects
 * does not carry it): the agent calls createConnection (documented override point) only when it has no idle socket
 * for the origin, and then gets the early one.
 */
function preconnectsOf(agent: Agent): Preconnects {
  let p = preconnects.get(agent);
  if (!p) {
    const pending = new Map<string, Pending>();
    const connect = agent.createConnection.bind(agent);
    agent.createConnection = (options, callback) =>
      takePending(pending, `${options.host}:${options.port}`) ?? connect(options, callback);
    p = { connect, pending };
    preconnects.set(agent, p);
  }
  return p;
}

function takePending(pending: Map<string, Pending>, key: string): Socket | undefined {
  const entry = pending.get(key);
  if (!entry) return undefined;
  pending.delete(key);
  const { socket, drop } = entry;
  socket.off("error", drop).off("close", drop);
  // Closed by the server (or failed) since: the request opens a new connection, as it would have without it.
  if (socket.destroyed || !socket.writable || socket.readableEnded) {
    socket.destroy();
    return undefined;
  }
  return socket.ref();
}

const nothing = () => undefined;

/**
 * Opens a connection to the origin of `url` ahead of a POST there (TCP, and for https the TLS handshake: not one
 * byte of a request), so that a cold call can connect while something else is awaited (verify: the secret read).
 * The next httpPost to that origin that needs a new connection takes it over; keep-alive pools it as usual.
 * Does nothing when the agent has an idle kept-alive connection to the origin or a preconnect to it is pending.
 * Until taken, the socket is unref'd (it keeps no process alive) and dropped if it fails or the server closes it
 * (the POST then connects as it would have without it). Returns a function that destroys the socket if no
 * request has taken it: call it once the POST is done or will not happen (e.g. the secret could not be read).
 */
export function preconnect(target: string): () => void {
  try {
    const url = new URL(target);
    const protocol = allowedProtocol(url);
    if (!protocol) return nothing;
    const { agent } = transportFor(protocol);
    const { connect, pending } = preconnectsOf(agent);
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const port = Number(url.port) || (protocol === "https:" ? 443 : 80);
    const key = `${host}:${port}`;
    if (pending.has(key) || agent.freeSockets[agent.getName({ host, port })]?.length) return nothing;
    const { isIP } = builtin<typeof import("node:net")>("node:net");
    // As the agent connects for such a request: SNI with the host name (none for an IP address), Nagle off.
    const options = { host, port, servername: isIP(host) ? "" : host, noDelay: true };
    const socket = connect(options);
    if (!socket) return nothing;
    const entry: Pending = {
      socket: socket as Socket,
      drop: () => {
        if (pending.get(key) === entry) pending.delete(key);
        entry.socket.destroy();
      },
    };
    entry.socket.unref().on("error", entry.drop).on("close", entry.drop);
    pending.set(key, entry);
    return () => {
      if (pending.get(key) === entry) entry.drop();
    };
  } catch {
    return nothing;
  }
}

/**
 * POSTs `body` to `url` and reads the response, within one deadline. A timeout rejects with
 * HttpError("timeout"); a refused, reset or failed connection (DNS, TLS) with HttpError("unreachable").
 *
 * A kept-alive connection the server closed while it sat idle (e.g. while Lambda froze the instance) fails
 * with ECONNRESET on reuse; such a request is sent once more on a new connection, within the same deadline
 * (the pattern Node's documentation gives for `request.reusedSocket`). A fresh connection is never retried.
 */
export const httpPost: Post = (request) =>
  new Promise<PostResponse>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return reject(new HttpError("unreachable"));
    }
    const protocol = allowedProtocol(url);
    if (!protocol) return reject(new HttpError("unreachable"));
    const { request: send, agent } = transportFor(protocol);
    const body = Buffer.from(request.body, "utf8");
    const headers = { ...request.headers, host: url.host, "content-length": String(body.length) };

    let settled = false;
    let current: ClientRequest | undefined;
    const timer = setTimeout(() => fail("timeout"), request.timeoutMs);
    function settle(): boolean {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    }
    function fail(reason: "timeout" | "unreachable"): void {
      if (!settle()) return;
      current?.destroy();
      reject(new HttpError(reason));
    }
    function succeed(response: PostResponse): void {
      if (settle()) resolve(response);
    }

    const attempt = (mayRetry: boolean) => {
      let responded = false;
      const req = send(url, { method: "POST", agent, headers }, (res) => {
        responded = true;
        const status = res.statusCode ?? 0;
        const tooLarge = () => {
          succeed({ status, body: undefined });
          res.destroy(); // not returned to the pool: the rest of the body is never read
        };
        if (Number(res.headers["content-length"]) > request.maxBodyBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let total = 0;
        res.on("data", (chunk: Buffer) => {
          total += chunk.length;
          if (total > request.maxBodyBytes) tooLarge();
          else chunks.push(chunk);
        });
        res.on("end", () => succeed({ status, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", () => fail("unreachable"));
        res.on("close", () => {
          if (!res.complete) fail("unreachable");
        });
      });
      current = req;
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (settled) return;
        if (mayRetry && !responded && req.reusedSocket && error.code === "ECONNRESET") return attempt(false);
        fail("unreachable");
      });
      req.end(body);
    };
    attempt(true);
  });
