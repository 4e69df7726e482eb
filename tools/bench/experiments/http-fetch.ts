/**
 * BENCH EXPERIMENT, NOT SHIPPED: the subset of fetch() the triggers use (method, headers, string body,
 * AbortSignal; status and a streamed body read through getReader()), on node:http(s). Nothing here touches
 * Node's lazily loaded undici, which fetch() loads on first use.
 */
import type { IncomingMessage } from "node:http";

export interface MiniResponse {
  status: number;
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };
}

export interface MiniRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export async function httpFetch(url: string, init: MiniRequestInit = {}): Promise<MiniResponse> {
  const target = new URL(url);
  // Loaded on first use, and only the one the URL needs (fetch() too loads TLS only for https URLs).
  const { request } = await (target.protocol === "https:" ? import("node:https") : import("node:http"));
  return new Promise<MiniResponse>((resolve, reject) => {
    const req = request(
      target,
      { method: init.method ?? "GET", headers: init.headers, signal: init.signal },
      (res: IncomingMessage) => {
        const chunks = res[Symbol.asyncIterator]();
        resolve({
          status: res.statusCode ?? 0,
          body: {
            getReader: () => ({
              read: async () => {
                const next = await chunks.next();
                return next.done ? { done: true } : { done: false, value: next.value as Uint8Array };
              },
              cancel: async () => void res.destroy(),
            }),
          },
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** httpFetch typed as fetch, for the functions' injectable `fetch` parameters. */
export const httpFetchAsFetch = httpFetch as unknown as typeof fetch;
