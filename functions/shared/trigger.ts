/** Runs a trigger's logic so that it never throws: a throwing handler is a bug, and Cognito shows the text. */
import { requestIdOf, userPoolIdOf, withResponse, type TriggerResult } from "./cognito-events";
import { createLogger, type Logger } from "./log";

export interface TriggerRun<TResponse> {
  /** Function name used in logs, e.g. "verify-auth-challenge". */
  readonly fn: string;
  /** Log event name, e.g. "verify_auth_challenge". */
  readonly event: string;
  /** The fail-closed response returned when `body` throws. */
  readonly failResponse: () => TResponse;
  /** Computes the response; logs its own outcome line. */
  readonly body: (log: Logger) => Promise<TResponse>;
}

export async function runTrigger<TResponse>(
  event: unknown,
  context: unknown,
  run: TriggerRun<TResponse>,
): Promise<TriggerResult<TResponse>> {
  let log: Logger | undefined;
  try {
    log = createLogger(run.fn, { requestId: requestIdOf(context), userPoolId: userPoolIdOf(event) });
    return withResponse(event, await run.body(log));
  } catch {
    // Deliberately not logging the error's message: it may contain event data.
    (log ?? createLogger(run.fn)).error({ event: run.event, outcome: "fail_closed", reason: "unexpected_exception" });
    return withResponse(event, run.failResponse());
  }
}
