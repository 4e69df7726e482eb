/**
 * The custom-auth state machine, as a pure function of the session Cognito passes to define-auth-challenge.
 *
 * AWS's contract: Cognito calls define-auth-challenge at the start of CUSTOM_AUTH (empty session) and after every
 * answer (the session then lists each challenge presented and whether verify-auth-challenge accepted it). The
 * trigger answers with the next challengeName, or issueTokens, or failAuthentication.
 */
import { isObject } from "../shared/cognito-events";

export const CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE";
/** Longest session we accept at all (Cognito itself bounds a flow; anything longer is malformed). */
export const MAX_SESSION_LENGTH = 20;

export type Decision = "challenge" | "issue_tokens" | "fail";

export type DefineReason =
  | "first_challenge"
  | "retry_challenge"
  | "challenge_passed"
  | "max_attempts_reached"
  | "non_custom_challenge"
  | "malformed_session"
  | "malformed_user_not_found"
  | "user_not_found"
  | "kill_switch";

export interface DefineInput {
  /** request.session as received (unvalidated). */
  readonly session: unknown;
  /** request.userNotFound as received (unvalidated). */
  readonly userNotFound: unknown;
  /** Wrong answers allowed before the flow fails (>= 1). */
  readonly maxAttempts: number;
  /** Operational kill switch from the login settings. */
  readonly killSwitch: boolean;
}

export interface DefineOutcome {
  readonly decision: Decision;
  readonly reason: DefineReason;
  /** Number of wrong answers in the session (0 when the session is malformed). */
  readonly failedAttempts: number;
}

const outcome = (decision: Decision, reason: DefineReason, failedAttempts = 0): DefineOutcome => ({
  decision,
  reason,
  failedAttempts,
});

/**
 * Decides the next step. Tokens are issued only when every session entry is a well-formed CUSTOM_CHALLENGE,
 * the LAST entry's challengeResult is exactly `true`, fewer than `maxAttempts` answers before it were wrong,
 * the user exists, and the kill switch is off.
 */
export function decide(input: DefineInput): DefineOutcome {
  const { session, userNotFound, maxAttempts, killSwitch } = input;
  if (!Array.isArray(session) || session.length > MAX_SESSION_LENGTH) return outcome("fail", "malformed_session");
  if (userNotFound !== undefined && typeof userNotFound !== "boolean")
    return outcome("fail", "malformed_user_not_found");

  let failedAttempts = 0;
  for (let i = 0; i < session.length; i++) {
    const entry: unknown = session[i];
    if (!isObject(entry) || typeof entry.challengeName !== "string") return outcome("fail", "malformed_session");
    // Any non-custom step (SRP_A, PASSWORD_VERIFIER, an MFA step, ...) means this is not our flow.
    if (entry.challengeName !== CUSTOM_CHALLENGE) return outcome("fail", "non_custom_challenge");
    if (typeof entry.challengeResult !== "boolean") return outcome("fail", "malformed_session");
    // A success can only be the last entry: after one we issue tokens (or fail), we never ask again.
    if (entry.challengeResult && i !== session.length - 1) return outcome("fail", "malformed_session");
    if (!entry.challengeResult) failedAttempts++;
  }

  if (killSwitch) return outcome("fail", "kill_switch", failedAttempts);

  // Checked before success: a session that already holds maxAttempts wrong answers should not exist (define
  // failed it), e.g. after MAX_CHALLENGE_ATTEMPTS was lowered mid-session. Fail rather than honour it.
  if (failedAttempts >= maxAttempts) return outcome("fail", "max_attempts_reached", failedAttempts);
  const last: unknown = session.at(-1);
  if (isObject(last) && last.challengeResult === true) {
    // An unknown user goes through the same steps as a real one but never gets tokens.
    return userNotFound === true
      ? outcome("fail", "user_not_found", failedAttempts)
      : outcome("issue_tokens", "challenge_passed", failedAttempts);
  }
  return outcome("challenge", session.length === 0 ? "first_challenge" : "retry_challenge", failedAttempts);
}

export interface DefineResponse {
  challengeName?: string;
  issueTokens: boolean;
  failAuthentication: boolean;
}

/** The response object Cognito expects for a decision. */
export function toResponse(decision: Decision): DefineResponse {
  switch (decision) {
    case "challenge":
      return { challengeName: CUSTOM_CHALLENGE, issueTokens: false, failAuthentication: false };
    case "issue_tokens":
      return { issueTokens: true, failAuthentication: false };
    default:
      return { issueTokens: false, failAuthentication: true };
  }
}

export const FAIL_RESPONSE = (): DefineResponse => toResponse("fail");
