/**
 * Pure parts of verify-auth-challenge. AWS's contract: Cognito passes the client's ANSWER as
 * request.challengeAnswer and create-auth-challenge's privateChallengeParameters; the trigger sets
 * response.answerCorrect. Corbado's contract (backend_api_public_v2.yml, PasskeyVerifySignedData):
 * POST /v2/passkey/verifySignedData {signedPasskeyData, username} -> 200 {verificationResult: "success" |
 * "invalid_signature" | "invalid_challenge" | "user_mismatch" | "generic_error"}.
 */
import { isObject } from "../shared/cognito-events";
import { usernameOf } from "../shared/cognito-names";
import { decodeJwt } from "../shared/jwt";

/** Largest challengeAnswer we look at; a signedPasskeyData JWT is ~1-2 KB. */
export const MAX_ANSWER_LENGTH = 8 * 1024;
/** Largest Corbado response body we read. */
export const MAX_CORBADO_BODY_BYTES = 64 * 1024;

export const VERIFICATION_RESULTS = [
  "success",
  "invalid_signature",
  "invalid_challenge",
  "user_mismatch",
  "generic_error",
] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

export type InputRejection =
  | "malformed_event"
  | "username_missing"
  | "answer_missing"
  | "answer_too_large"
  | "answer_not_jwt"
  | "malformed_user_not_found";

/** Why an answer is refused whatever Corbado says; it still costs the Corbado call a real user's answer costs. */
export type Denial = "webauthn_id_mismatch" | "user_not_found";

export type CheckedInput =
  { ok: true; username: string; answer: string; deny: Denial | undefined } | { ok: false; reason: InputRejection };

/**
 * Validates the event before any network call. With `earlyReject`, an answer that is not a compact JWT is
 * rejected here. An answer that is then refused whatever Corbado says (its `webauthnId` claim differs from
 * the username in privateChallengeParameters, or the user is unknown: request.userNotFound) carries `deny`:
 * the handler still reads the secret and calls Corbado for it, so that how long the answer takes, and what
 * the function sends, do not tell a real username from an unknown one.
 */
export function checkInput(event: unknown, earlyReject: boolean): CheckedInput {
  if (!isObject(event) || !isObject(event.request) || !isObject(event.response)) {
    return { ok: false, reason: "malformed_event" };
  }
  const request = event.request;
  const priv = request.privateChallengeParameters;
  const username = usernameOf(isObject(priv) ? priv.username : undefined);
  if (username === undefined) return { ok: false, reason: "username_missing" };
  const answer = request.challengeAnswer;
  if (typeof answer !== "string" || answer.length === 0) return { ok: false, reason: "answer_missing" };
  if (answer.length > MAX_ANSWER_LENGTH) return { ok: false, reason: "answer_too_large" };
  if (request.userNotFound !== undefined && typeof request.userNotFound !== "boolean") {
    return { ok: false, reason: "malformed_user_not_found" };
  }
  let deny: Denial | undefined;
  if (earlyReject) {
    const payload = decodeJwt(answer, MAX_ANSWER_LENGTH)?.payload;
    if (!payload) return { ok: false, reason: "answer_not_jwt" };
    if (payload.webauthnId !== username) deny = "webauthn_id_mismatch";
  }
  if (request.userNotFound === true) deny = "user_not_found";
  return { ok: true, username, answer, deny };
}

/**
 * Classifies Corbado's answer. Correct ONLY for HTTP 2xx with a JSON object body whose verificationResult is
 * exactly "success". `body` is undefined when it was larger than MAX_CORBADO_BODY_BYTES.
 */
export function classifyCorbadoResponse(
  status: number,
  body: string | undefined,
): { correct: boolean; reason: string } {
  if (!Number.isInteger(status) || status < 200 || status > 299) {
    const code = Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : "invalid";
    return { correct: false, reason: `corbado_http_${code}` };
  }
  if (body === undefined) return { correct: false, reason: "corbado_bad_body" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { correct: false, reason: "corbado_bad_body" };
  }
  const result = isObject(parsed) ? parsed.verificationResult : undefined;
  if (typeof result !== "string") return { correct: false, reason: "corbado_bad_body" };
  if (result === "success") return { correct: true, reason: "verified" };
  const known = (VERIFICATION_RESULTS as readonly string[]).includes(result);
  return { correct: false, reason: `verification_failed:${known ? result : "unknown"}` };
}

/** `${base}/v2/passkey/verifySignedData` for a base URL without trailing slash. */
export function verifyUrl(backendApiUrl: string): string {
  return `${backendApiUrl}/v2/passkey/verifySignedData`;
}

/** A usable Basic-auth credential: the SSM value trimmed, one line, printable ASCII. */
export function normalizeSecret(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= 4096 && /^[\x21-\x7e]+$/.test(trimmed) ? trimmed : undefined;
}
