/**
 * Decoding (NOT verification) of compact JWTs, used only to reject obviously wrong answers early.
 * Only Corbado's Backend API can verify a signedPasskeyData token. Never throws.
 */
import { isObject } from "./cognito-events";

export const DEFAULT_MAX_JWT_LENGTH = 8192;

const SEGMENT_RE = /^[A-Za-z0-9_-]+$/;

export type JsonObject = Record<string, unknown>;

function decodeSegment(segment: string): JsonObject | undefined {
  if (!SEGMENT_RE.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The header and payload of a compact JWS (`header.payload.signature`), or undefined when `token` is not a
 * string, is longer than `maxLength`, has not exactly three non-empty base64url parts, or the header or payload
 * is not a JSON object.
 */
export function decodeJwt(
  token: unknown,
  maxLength = DEFAULT_MAX_JWT_LENGTH,
): { header: JsonObject; payload: JsonObject } | undefined {
  if (typeof token !== "string" || token.length === 0 || token.length > maxLength) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  if (!SEGMENT_RE.test(s)) return undefined;
  const header = decodeSegment(h);
  const payload = header && decodeSegment(p);
  return header && payload ? { header, payload } : undefined;
}
