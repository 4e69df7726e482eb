// A static file server on loopback for the console's build and the sample login page: files from one folder (nothing
// outside it), a few generated files (the runtime config.json), and for a single-page app its index.html for any
// other path. GET and HEAD only.
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { listenLoopback, sendJson, type ListenOptions, type RunningServer } from "../http-util";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

export interface StaticSite {
  /** Folder served at `/`. */
  root: string;
  /** Extra files by URL path (e.g. "/config.json"): their content, or a file elsewhere ({file}). */
  extra?: Record<string, string | { file: string }>;
  /** Answer index.html for paths that are no file (a single-page app's routes). */
  spa?: boolean;
  /** Headers for every answer (e.g. a Content-Security-Policy). */
  headers?: Record<string, string>;
}

export async function startStaticServer(site: StaticSite, opts: ListenOptions = {}): Promise<RunningServer> {
  const root = path.resolve(site.root);

  async function send(res: ServerResponse, file: string, head: boolean, cache: string): Promise<void> {
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": cache,
      "x-content-type-options": "nosniff",
      ...site.headers,
    });
    res.end(head ? undefined : body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      res.end();
      return;
    }
    const head = req.method === "HEAD";
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    if (urlPath === "/health") return sendJson(res, 200, { ok: true });
    const extra = site.extra?.[urlPath];
    if (typeof extra === "string") {
      res.writeHead(200, {
        "content-type": TYPES[path.extname(urlPath)] ?? "text/plain; charset=utf-8",
        "cache-control": "no-store",
        ...site.headers,
      });
      res.end(head ? undefined : extra);
      return;
    }
    if (extra) return send(res, extra.file, head, "no-cache");
    const file = path.resolve(root, "." + (urlPath.endsWith("/") ? `${urlPath}index.html` : urlPath));
    const inside = file === root || file.startsWith(root + path.sep);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      // Hashed build outputs never change; everything else is checked again on each load.
      return send(res, file, head, /-\w{8}\.(js|css)$/.test(file) ? "public, max-age=31536000, immutable" : "no-cache");
    }
    if (site.spa && inside && !path.extname(urlPath)) return send(res, path.join(root, "index.html"), head, "no-cache");
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end(head ? undefined : "not found");
  }

  return listenLoopback((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  }, opts);
}
