/**
 * Bench probe (not a function): one POST with the triggers' own transport (functions/shared/http.ts:
 * node:http / node:https through createRequire, keep-alive agent), and nothing else. Its cold start is the
 * floor of any trigger's first outbound request.
 */
import { httpPost } from "../../../functions/shared/http";

export async function handler(event: { url: string }): Promise<{ status: number }> {
  const res = await httpPost({ url: event.url, headers: {}, body: "{}", timeoutMs: 2000, maxBodyBytes: 65536 });
  return { status: res.status };
}
