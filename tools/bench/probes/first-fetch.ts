/**
 * Bench probe (not a function): one POST with the global fetch(). Its cold start shows what the first fetch()
 * of a process costs: Node loads its bundled undici lazily, on first use of fetch, Headers, Request or
 * Response. The triggers no longer use fetch(); this is the figure they avoid.
 */
export async function handler(event: { url: string }): Promise<{ status: number }> {
  const res = await fetch(event.url, { method: "POST", body: "{}", signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return { status: res.status };
}
