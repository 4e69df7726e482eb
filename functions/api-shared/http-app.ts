/**
 * Pieces of a hono app that both HTTP APIs use the same way: who sent a request (request id, source IP, user
 * agent, from API Gateway's event under Lambda or the socket under the local adapter), the JSON body rule, and the
 * error answer `{code, message, requestId}` with the message from the API's own table.
 */
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import type { Context } from "hono";
import { ApiError, type ErrorSpec } from "./errors";

/** Where a request came from. */
export interface RequestMeta {
  readonly requestId: string;
  /** An IP address literal, or "" when unknown. */
  readonly sourceIp: string;
  /** Truncated to 512 characters. */
  readonly userAgent: string;
}

const REQUEST_ID_RE = /^[A-Za-z0-9_.:=+/-]{1,100}$/;

/**
 * Request id, source IP and user agent, from API Gateway's payload 2.0 event under Lambda (hono's adapter puts it
 * in c.env.event) or from the socket under the local adapter. Anything unexpected is replaced, never trusted.
 */
export function requestMetaOf(c: Context): RequestMeta {
  const env = (c.env ?? {}) as {
    event?: { requestContext?: { requestId?: unknown; http?: { sourceIp?: unknown } } };
    lambdaContext?: { awsRequestId?: unknown };
    incoming?: { socket?: { remoteAddress?: unknown } };
  };
  const candidates = [env.lambdaContext?.awsRequestId, env.event?.requestContext?.requestId];
  const requestId =
    candidates.find((id): id is string => typeof id === "string" && REQUEST_ID_RE.test(id)) ?? randomUUID();
  const ip = env.event?.requestContext?.http?.sourceIp ?? env.incoming?.socket?.remoteAddress;
  const userAgent = c.req.header("user-agent") ?? "";
  return {
    requestId,
    sourceIp: typeof ip === "string" && isIP(ip) ? ip : "",
    userAgent: userAgent.slice(0, 512),
  };
}

/** The JSON body: 415 unless the content type is JSON, 400 invalid_json unless it parses. */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError("unsupported_media_type");
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json");
  }
}

/** The answer for an error: its status and fixed message from `table`, no-store, the request id. */
export function errorResponse(
  c: Context,
  error: ApiError,
  requestId: string,
  table: Readonly<Record<string, ErrorSpec>>,
): Response {
  const spec = table[error.code] ?? table.internal_error!;
  const body: Record<string, unknown> = { code: error.code, message: spec.message, requestId };
  if (error.extra.issues) body.issues = error.extra.issues;
  return c.json(body, spec.status as 400, {
    ...error.extra.headers,
    "cache-control": "no-store",
    "x-request-id": requestId,
  });
}
