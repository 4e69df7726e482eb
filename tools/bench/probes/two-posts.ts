/**
 * Bench probe (not a function): verify's shape without verify. Two POSTs with the triggers' own transport
 * (functions/shared/http.ts), the second only after the first has answered, both connections opened at the start
 * (as verify opens Corbado's while it reads the secret from SSM): the least any trigger that reads a secret and
 * then calls with it can take. first-post.ts is the floor of one request; this is the floor of two in sequence.
 */
import { httpPost, preconnect } from "../../../functions/shared/http";

const post = (url: string) => httpPost({ url, headers: {}, body: "{}", timeoutMs: 2000, maxBodyBytes: 65536 });

export async function handler(event: { url: string; first: string }): Promise<{ status: number }> {
  const release = preconnect(event.url);
  await post(event.first);
  const res = await post(event.url);
  release();
  return { status: res.status };
}
