/**
 * Types for the three Cognito custom-authentication Lambda trigger events, after AWS's documentation
 * ("Custom authentication challenge Lambda triggers" in the Amazon Cognito Developer Guide):
 * - Define auth challenge:  triggerSource "DefineAuthChallenge_Authentication"
 * - Create auth challenge:  triggerSource "CreateAuthChallenge_Authentication"
 * - Verify auth challenge:  triggerSource "VerifyAuthChallengeResponse_Authentication"
 *
 * Cognito waits at most 5 seconds for a trigger and may retry it. Handlers must treat incoming events as
 * untrusted shapes (`unknown`) and validate them; these types describe well-formed events.
 */

export const DEFINE_TRIGGER_SOURCE = "DefineAuthChallenge_Authentication";
export const CREATE_TRIGGER_SOURCE = "CreateAuthChallenge_Authentication";
export const VERIFY_TRIGGER_SOURCE = "VerifyAuthChallengeResponse_Authentication";

/** Challenge names Cognito can put in a session (see ChallengeNameType in the Cognito API reference). */
export type ChallengeName =
  | "CUSTOM_CHALLENGE"
  | "PASSWORD_VERIFIER"
  | "SMS_MFA"
  | "EMAIL_OTP"
  | "SOFTWARE_TOKEN_MFA"
  | "DEVICE_SRP_AUTH"
  | "DEVICE_PASSWORD_VERIFIER"
  | "ADMIN_NO_SRP_AUTH"
  | "SRP_A"
  | (string & {});

/** One element of `request.session`: a challenge already presented in this authentication flow. */
export interface ChallengeResult {
  challengeName: ChallengeName;
  challengeResult: boolean;
  /** Whatever create-auth-challenge put into `response.challengeMetadata` (custom challenges only). */
  challengeMetadata?: string;
}

export interface CallerContext {
  awsSdkVersion: string;
  clientId: string;
}

/** Fields common to every Cognito user pool trigger event. */
export interface CognitoTriggerEventBase<TSource extends string, TRequest, TResponse> {
  version: string;
  region: string;
  userPoolId: string;
  /** The Cognito username (for an unknown user with user-existence errors prevented: what was typed). */
  userName: string;
  callerContext: CallerContext;
  triggerSource: TSource;
  request: TRequest;
  response: TResponse;
}

export interface DefineAuthChallengeRequest {
  userAttributes: Record<string, string>;
  session: ChallengeResult[];
  clientMetadata?: Record<string, string>;
  /** true when the user does not exist and the app client prevents user-existence errors. */
  userNotFound?: boolean;
}

export interface DefineAuthChallengeResponse {
  /** The next challenge to present; CUSTOM_CHALLENGE for ours. */
  challengeName?: ChallengeName;
  /** true: Cognito issues tokens now. */
  issueTokens: boolean;
  /** true: Cognito ends the flow with an error (NotAuthorizedException). */
  failAuthentication: boolean;
}

export type DefineAuthChallengeEvent = CognitoTriggerEventBase<
  typeof DEFINE_TRIGGER_SOURCE,
  DefineAuthChallengeRequest,
  Partial<DefineAuthChallengeResponse>
>;

export interface CreateAuthChallengeRequest {
  userAttributes: Record<string, string>;
  /** The challenge define-auth-challenge chose: CUSTOM_CHALLENGE. */
  challengeName: ChallengeName;
  session: ChallengeResult[];
  clientMetadata?: Record<string, string>;
  userNotFound?: boolean;
}

export interface CreateAuthChallengeResponse {
  /** Sent to the client with the challenge: nothing secret. Cognito requires at least one entry. */
  publicChallengeParameters: Record<string, string>;
  /** Passed to verify-auth-challenge only; never to the client. */
  privateChallengeParameters: Record<string, string>;
  /** Stored in the session entry for this challenge (`session[i].challengeMetadata`). */
  challengeMetadata: string;
}

export type CreateAuthChallengeEvent = CognitoTriggerEventBase<
  typeof CREATE_TRIGGER_SOURCE,
  CreateAuthChallengeRequest,
  Partial<CreateAuthChallengeResponse>
>;

export interface VerifyAuthChallengeRequest {
  userAttributes: Record<string, string>;
  /** What create-auth-challenge put into `privateChallengeParameters`. */
  privateChallengeParameters: Record<string, string>;
  /** The ANSWER the client sent with RespondToAuthChallenge. */
  challengeAnswer: string;
  clientMetadata?: Record<string, string>;
  userNotFound?: boolean;
}

export interface VerifyAuthChallengeResponse {
  answerCorrect: boolean;
}

export type VerifyAuthChallengeEvent = CognitoTriggerEventBase<
  typeof VERIFY_TRIGGER_SOURCE,
  VerifyAuthChallengeRequest,
  Partial<VerifyAuthChallengeResponse>
>;

/** The part of the Lambda context object the functions use. */
export interface LambdaContext {
  awsRequestId?: string;
}

/** What a handler returns: the event it got (when it was an object) with `response` filled in. */
export type TriggerResult<TResponse> = Record<string, unknown> & { response: TResponse };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Cognito usernames are at most 128 characters. */
export const MAX_USERNAME_LENGTH = 128;

/**
 * A usable Cognito username (a non-empty string of at most MAX_USERNAME_LENGTH characters), or undefined.
 * create-auth-challenge puts only such a username into privateChallengeParameters; verify accepts only such.
 */
export function usernameOf(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_USERNAME_LENGTH ? value : undefined;
}

/** The Lambda request id from a context object, if any. */
export function requestIdOf(context: unknown): unknown {
  return isObject(context) ? context.awsRequestId : undefined;
}

/** The user pool id of an event, if any. */
export function userPoolIdOf(event: unknown): unknown {
  return isObject(event) ? event.userPoolId : undefined;
}

/**
 * Returns `event` with `response` replaced. Never throws: for a non-object event (or one that cannot be
 * copied) the result holds only `response`.
 */
export function withResponse<TResponse>(event: unknown, response: TResponse): TriggerResult<TResponse> {
  if (isObject(event)) {
    try {
      return { ...event, response };
    } catch {
      // e.g. a throwing getter: fall through
    }
  }
  return { response };
}
