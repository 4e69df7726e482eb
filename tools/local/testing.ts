/** Helpers for the specs of functions/, infra/ and tools/ (a handler never imports tools/, so never bundles them). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { freeLoopbackPort, listenLoopback, readBody } from "./http-util";

/** Runs `fn` while recording every console.log/info/warn/error line; restores console afterwards. */
export async function captureConsole<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    return { result: await fn(), lines };
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
}

/** Parses captured lines as JSON objects (fails the test on a non-JSON line). */
export function parseLines(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Route = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** Replace the behaviour for subsequent requests. */
  setRoute(route: Route): void;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1, ephemeral port, recording requests (their bodies read in full first). */
export async function startLoopbackServer(route: Route): Promise<LoopbackServer> {
  let current = route;
  const requests: RecordedRequest[] = [];
  const { url, close } = await listenLoopback((req, res) => {
    readBody(req)
      .then((body) => {
        const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
        requests.push(recorded);
        return current(recorded, res);
      })
      .catch(() => res.destroy());
  });
  return { url, requests, setRoute: (r) => (current = r), close };
}

/** A loopback URL on which nothing listens (a port that was just free). */
export async function refusedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freeLoopbackPort()}`;
}

/** An unsigned compact JWT with the given payload (the signature is junk: only Corbado could check it). */
export function fakeJwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "RS256" }): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${enc(header)}.${enc(payload)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** A manual clock for cache tests. */
export function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Deterministic PRNG (mulberry32) for fuzz specs: a failure is reproducible from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random JSON-ish value (objects, arrays, strings, numbers, booleans, null, undefined), depth-bounded. */
export function randomValue(rand: () => number, depth = 3): unknown {
  const pick = Math.floor(rand() * (depth > 0 ? 9 : 7));
  switch (pick) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return rand() < 0.5;
    case 3:
      return Math.floor(rand() * 2000) - 1000;
    case 4:
      return ["", "CUSTOM_CHALLENGE", "SRP_A", "true", "success", "x".repeat(Math.floor(rand() * 50))][
        Math.floor(rand() * 6)
      ];
    case 5:
      return rand() < 0.5;
    case 6:
      return "CUSTOM_CHALLENGE";
    case 7:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth - 1));
    default: {
      const keys = ["challengeName", "challengeResult", "session", "userNotFound", "request", "response", "x"];
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 4); i > 0; i--) {
        out[keys[Math.floor(rand() * keys.length)]!] = randomValue(rand, depth - 1);
      }
      return out;
    }
  }
}
