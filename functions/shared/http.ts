/** Small helpers for fetch() responses. */

/**
 * Reads a response body as UTF-8 text, at most `maxBytes`. Returns undefined (and cancels the stream) when the
 * body is larger. Rejects like fetch does on abort/timeout.
 */
export async function readTextCapped(res: Response, maxBytes: number): Promise<string | undefined> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** True when an error thrown by fetch (or a body read) comes from an AbortSignal.timeout(). */
export function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}
