/**
 * Bench probe (not a function): the same POST as first-fetch.ts, with node:http instead of fetch(), for
 * comparison.
 */
import { request } from "node:http";

export function handler(event: { url: string }): Promise<{ status: number }> {
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
