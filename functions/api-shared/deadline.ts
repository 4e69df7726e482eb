/**
 * One deadline per request (REQUEST_DEADLINE_MS, default 8 s, far below API Gateway's 29 s integration timeout):
 * each outbound call gets min(UPSTREAM_TIMEOUT_MS, what is left), so a slow dependency answers 504 in time and a
 * chain of calls can never outlive the request.
 */
import { ApiError } from "./errors";

export interface Deadline {
  /** The timeout for the next outbound call; throws ApiError(deadline_exceeded) when nothing is left. */
  callTimeoutMs(): number;
  /** Milliseconds left (may be negative). */
  remainingMs(): number;
  /** The same deadline `ms` earlier: what an action may use while `ms` stays for recording its result. */
  reserving(ms: number): Deadline;
}

/** Below this many milliseconds a call is not started: it could not finish anyway. */
export const MIN_CALL_MS = 50;

export function createDeadline(totalMs: number, perCallMs: number, now: () => number = Date.now): Deadline {
  return deadlineAt(now() + totalMs, perCallMs, now);
}

function deadlineAt(endsAt: number, perCallMs: number, now: () => number): Deadline {
  const remainingMs = () => endsAt - now();
  return {
    remainingMs,
    callTimeoutMs() {
      const left = remainingMs();
      if (left < MIN_CALL_MS) throw new ApiError("deadline_exceeded");
      return Math.min(perCallMs, left);
    },
    reserving: (ms) => deadlineAt(endsAt - ms, perCallMs, now),
  };
}
