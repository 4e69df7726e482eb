import { HttpErrorResponse } from "@angular/common/http";

/** An admin API failure as the console shows it: the API's code and message, or ours when it did not answer. */
export interface ApiProblem {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  /** Seconds, from Retry-After (429). */
  readonly retryAfter?: number;
}

const CODE_RE = /^[a-z][a-z0-9_]{0,63}$/;
const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;

/** Text the API would write: printable, one line, bounded (the API's messages are fixed text per code). */
const safeText = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 && value.length <= 500 && !/\p{Cc}/u.test(value) ? value : undefined;

/** Any error of a request to the admin API as an ApiProblem. */
export function toApiProblem(error: unknown): ApiProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, code: "client_error", message: "The console failed to handle the answer." };
  }
  if (error.status === 0) {
    return { status: 0, code: "network_error", message: "The admin API could not be reached." };
  }
  const body = (typeof error.error === "object" && error.error !== null ? error.error : {}) as Record<string, unknown>;
  const code = typeof body["code"] === "string" && CODE_RE.test(body["code"]) ? body["code"] : `http_${error.status}`;
  const retryAfter = Number(error.headers.get("retry-after"));
  return {
    status: error.status,
    code,
    message: safeText(body["message"]) ?? `The admin API answered with HTTP ${error.status}.`,
    ...(typeof body["requestId"] === "string" && REQUEST_ID_RE.test(body["requestId"])
      ? { requestId: body["requestId"] }
      : {}),
    ...(Number.isInteger(retryAfter) && retryAfter > 0 ? { retryAfter } : {}),
  };
}
