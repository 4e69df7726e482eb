/**
 * The overall time budget of one action invocation. Corbado waits for the answer while a person waits for
 * Corbado; it publishes no budget for actions, so we assume the person's patience: ACTION_DEADLINE_MS.
 */

/** Everything an invocation does (STS, Cognito, retries) ends within this; see docs/corbado-actions.md. */
export const ACTION_DEADLINE_MS = 3000;

/** The work did not finish within the deadline. Its requests were aborted; the answer is the safe fallback. */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceeded";
  constructor(ms: number) {
    super(`the action's ${ms} ms deadline passed`);
  }
}

/**
 * Runs `work` with a signal that aborts at the deadline, and rejects with DeadlineExceededError then, whether
 * or not the work honours the signal (a credential lookup inside the SDK, for one, does not see it).
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceededError(ms);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
