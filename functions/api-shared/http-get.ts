/**
 * A bounded GET for the token issuer's JWKS, as aws-jwt-verify's Fetcher: https, or http on loopback only (the
 * library's own fetcher refuses http, which the local OIDC provider serves). One deadline for the whole call, at
 * most 256 kB read, redirects not followed. node:https via require (../shared/builtins: no undici load).
 */
import type { IncomingMessage } from "node:http";
import { builtin } from "../shared/builtins";
import { isLoopbackHost } from "../shared/env";

export class JwksFetchError extends Error {
  override readonly name = "JwksFetchError";
  constructor(readonly reason: "timeout" | "unreachable" | "http_error" | "too_large") {
    super(reason);
  }
}

const MAX_BYTES = 256 * 1024;

export function httpGet(target: string, timeoutMs: number): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return reject(new JwksFetchError("unreachable"));
    }
    const https = url.protocol === "https:";
    if (!https && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
      return reject(new JwksFetchError("unreachable"));
    }
    const mod = builtin<typeof import("node:http")>(https ? "node:https" : "node:http");
    let settled = false;
    const finish = (error: JwksFetchError | undefined, body?: ArrayBuffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(body!);
    };
    const timer = setTimeout(() => finish(new JwksFetchError("timeout")), timeoutMs);
    const req = mod.get(url, { headers: { accept: "application/json" } }, (res: IncomingMessage) => {
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) > 299) {
        res.resume();
        return finish(new JwksFetchError("http_error"));
      }
      const chunks: Buffer[] = [];
      let total = 0;
      res.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_BYTES) finish(new JwksFetchError("too_large"));
        else chunks.push(chunk);
      });
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        finish(undefined, body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
      });
      res.on("error", () => finish(new JwksFetchError("unreachable")));
    });
    req.on("error", () => finish(new JwksFetchError("unreachable")));
  });
}
