/**
 * Bench probe (not a function): the same POST as first-post.ts, on node:http / node:https loaded with an ESM
 * `import()` instead of createRequire. Building the ESM namespace of node:http reads its lazy getters
 * (WebSocket, CloseEvent, MessageEvent), which load undici: the difference to first-post.ts is that load.
 */
export async function handler(event: { url: string }): Promise<{ status: number }> {
  const { request } = await (event.url.startsWith("https:") ? import("node:https") : import("node:http"));
  return new Promise((resolve, reject) => {
    const req = request(event.url, { method: "POST", signal: AbortSignal.timeout(2000) }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end("{}");
  });
}
