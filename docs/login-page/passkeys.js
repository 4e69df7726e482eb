// @ts-check
/**
 * Passkeys on the customer's page with the corbado-cognito module, framework-free and without dependencies (fetch
 * only): the login component, sign-in to Cognito with the component's result, and connect tokens for Corbado's
 * passkey components from the module's self-service route. Served to browsers as it is (an ES module); the regions
 * marked below are the snippets of docs/login-page.md, and tools/local/login-page.test.ts runs every one of them
 * against the local stack (real triggers, Corbado stand-in, the self-service route).
 *
 * `corbado` below is @corbado/connect-web-js's default export (or the local stack's stand-in of it): the functions
 * take it as an argument so that this file imports nothing.
 */

// #region errors
/** An answer of the self-service route that is not a token; `code` tells the page what to do (docs/login-page.md). */
export class SelfServiceError extends Error {
  /**
   * @param {string} code e.g. `reauthentication_required`, `rate_limited`, `token_expired`
   * @param {number} status the HTTP status (0: the route could not be reached)
   * @param {number | undefined} retryAfterSeconds with `rate_limited`: when to try again
   */
  constructor(code, status, retryAfterSeconds) {
    super(code);
    this.name = "SelfServiceError";
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
// #endregion

// #region username
/**
 * The Cognito username a signedPasskeyData stands for: its `webauthnId` claim. Read, not verified: Cognito's
 * verify trigger has Corbado verify the whole token, and a token for another user fails there.
 * @param {string} signedPasskeyData
 * @returns {string}
 */
export function usernameOf(signedPasskeyData) {
  const payload = signedPasskeyData.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  if (typeof claims.webauthnId !== "string" || claims.webauthnId === "") throw new Error("no_webauthn_id");
  return claims.webauthnId;
}
// #endregion

// #region sign-in
/**
 * Signs in to Cognito with the login component's result: InitiateAuth with CUSTOM_AUTH and the webauthnId as
 * username, then RespondToAuthChallenge with the signedPasskeyData as ANSWER (what Amplify calls
 * CUSTOM_WITHOUT_SRP). `cognito.endpoint` is https://cognito-idp.<region>.amazonaws.com, `cognito.clientId` the
 * module's app client for the login page (output `app_client_id`).
 * @param {{ endpoint: string, clientId: string }} cognito
 * @param {string} signedPasskeyData
 * @param {string} [webauthnId] the login component's third onComplete argument, when it passes one
 * @returns {Promise<{ IdToken: string, AccessToken: string, RefreshToken?: string, ExpiresIn: number }>}
 */
export async function signInWithPasskey(cognito, signedPasskeyData, webauthnId) {
  const username = webauthnId || usernameOf(signedPasskeyData);
  const started = await cognitoCall(cognito.endpoint, "InitiateAuth", {
    AuthFlow: "CUSTOM_AUTH",
    ClientId: cognito.clientId,
    AuthParameters: { USERNAME: username },
  });
  if (started.ChallengeName !== "CUSTOM_CHALLENGE") throw new Error("passkey_login_unavailable");
  const answered = await cognitoCall(cognito.endpoint, "RespondToAuthChallenge", {
    ChallengeName: "CUSTOM_CHALLENGE",
    ClientId: cognito.clientId,
    Session: started.Session,
    ChallengeResponses: { USERNAME: started.ChallengeParameters?.USERNAME ?? username, ANSWER: signedPasskeyData },
  });
  if (!answered.AuthenticationResult) throw new Error("passkey_login_failed");
  return answered.AuthenticationResult;
}

/**
 * One call of Cognito's user-pool API (JSON 1.1; these two need no AWS signature). Rejects with Cognito's error
 * type, e.g. `NotAuthorizedException` when the passkey answer was refused three times or the session expired.
 * @param {string} endpoint
 * @param {string} operation
 * @param {Record<string, unknown>} body
 */
async function cognitoCall(endpoint, operation, body) {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new Error(
      String(json.__type ?? `http_${res.status}`)
        .split("#")
        .pop(),
    );
  return json;
}
// #endregion

// #region amplify-sign-in
/**
 * The same sign-in with Amplify v6: pass `{ signIn, confirmSignIn }` from "aws-amplify/auth", configured with the
 * module's pool and passkey app client. Amplify keeps the tokens (fetchAuthSession() returns them).
 * @param {{ signIn: Function, confirmSignIn: Function }} amplify
 * @param {string} signedPasskeyData
 * @param {string} [webauthnId]
 */
export async function signInWithAmplify(amplify, signedPasskeyData, webauthnId) {
  const username = webauthnId || usernameOf(signedPasskeyData);
  const { nextStep } = await amplify.signIn({ username, options: { authFlowType: "CUSTOM_WITHOUT_SRP" } });
  if (nextStep.signInStep !== "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE") throw new Error("passkey_login_unavailable");
  const { isSignedIn } = await amplify.confirmSignIn({ challengeResponse: signedPasskeyData });
  if (!isSignedIn) throw new Error("passkey_login_failed");
}
// #endregion

// #region login
/**
 * The login component: on a passkey login it signs in to Cognito (`signIn`: one of the two functions above, bound
 * to your settings); on fallback your password form takes over with what the user typed.
 * @param {any} corbado
 * @param {unknown} element where the component goes (an HTMLElement)
 * @param {{ projectId: string, signIn: (signedPasskeyData: string, webauthnId?: string) => Promise<unknown>,
 *   onSignedIn: (result: unknown) => void, onFallback: (identifier: string) => void }} options
 */
export function mountLogin(corbado, element, options) {
  corbado.mountCorbadoConnectLogin(element, {
    projectId: options.projectId,
    /** @param {string} signedPasskeyData @param {string} _clientState @param {string} [webauthnId] */
    onComplete: async (signedPasskeyData, _clientState, webauthnId) =>
      options.onSignedIn(await options.signIn(signedPasskeyData, webauthnId)),
    /** @param {string} identifier */
    onFallback: (identifier) => options.onFallback(identifier),
  });
}
// #endregion

// #region connect-tokens
/**
 * Connect tokens for the signed-in user from the module's self-service route (output `self_service_url`), as
 * Corbado's components ask for them. `getToken` returns the user's current ID (or access) token from your session.
 * Rejects with SelfServiceError.
 * @param {{ apiUrl: string, getToken: () => Promise<string> }} options
 * @returns {(type: "passkey-append" | "passkey-list" | "passkey-delete") => Promise<string>}
 */
export function selfServiceTokens(options) {
  return async (type) => {
    let res;
    try {
      res = await fetch(`${options.apiUrl}/v1/self/connect-tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${await options.getToken()}`, "content-type": "application/json" },
        body: JSON.stringify({ type }),
      });
    } catch {
      throw new SelfServiceError("unreachable", 0, undefined);
    }
    const body = await res.json().catch(() => ({}));
    if (res.ok && typeof body.secret === "string") return body.secret;
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new SelfServiceError(
      typeof body.code === "string" ? body.code : `http_${res.status}`,
      res.status,
      retryAfter > 0 ? retryAfter : undefined,
    );
  };
}
// #endregion

// #region manage
/**
 * Right after a sign-in (the step-up window, 5 minutes by default): offer the user a passkey. A refused token
 * (e.g. `reauthentication_required`) reaches `onTokenError` before the component skips.
 * @param {any} corbado
 * @param {unknown} element where the component goes (an HTMLElement)
 * @param {{ projectId: string, connectToken: ReturnType<typeof selfServiceTokens>,
 *   onDone: (outcome: "added" | "skipped") => void, onTokenError?: (error: unknown) => void }} options
 */
export function offerPasskey(corbado, element, options) {
  corbado.mountCorbadoConnectAppend(element, {
    projectId: options.projectId,
    appendTokenProvider: () => withErrors(options.connectToken("passkey-append"), options.onTokenError),
    onSkip: async () => options.onDone("skipped"),
    onComplete: async () => options.onDone("added"),
  });
}

/**
 * On a profile page: the user's passkeys, with delete (list and delete need no recent sign-in).
 * @param {any} corbado
 * @param {unknown} element where the component goes (an HTMLElement)
 * @param {{ projectId: string, connectToken: ReturnType<typeof selfServiceTokens>,
 *   onTokenError?: (error: unknown) => void }} options
 */
export function showPasskeys(corbado, element, options) {
  corbado.mountCorbadoConnectPasskeyList(element, {
    projectId: options.projectId,
    /** @param {"passkey-list" | "passkey-delete" | "passkey-append"} type */
    connectTokenProvider: (type) => withErrors(options.connectToken(type), options.onTokenError),
  });
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {((error: unknown) => void) | undefined} onError
 * @returns {Promise<T>}
 */
async function withErrors(promise, onError) {
  try {
    return await promise;
  } catch (error) {
    onError?.(error);
    throw error;
  }
}
// #endregion
