// @ts-check
/**
 * The sample login page's script: what a customer's page does with the module, and nothing framework-specific.
 * Password sign-in with Cognito (USER_PASSWORD_AUTH on the customer's app client), passkey sign-in with Corbado's
 * login component and Cognito CUSTOM_AUTH (docs/login-page/passkeys.js), then, signed in: add a passkey (a
 * passkey-append connect token from the module's self-service route, then Corbado's append ceremony) and the user's
 * own passkeys with delete, each with a connect token from the same route. The passkey login is hidden while
 * /v1/public/login-config says it is not available (the kill switch). The session (Cognito's tokens) is kept in
 * sessionStorage, as a page using Amplify keeps it in web storage.
 */
// docs/login-page/passkeys.js, the module's page-side code (index.html's import map: the stack serves it beside).
import {
  mountLogin,
  offerPasskey,
  SelfServiceError,
  selfServiceTokens,
  showPasskeys,
  signInWithPasskey,
} from "passkeys";

/**
 * What the stack writes to config.json: where Cognito, the module's API and Corbado are.
 * @typedef {{ cognito: { endpoint: string, passwordClientId: string, passkeyClientId: string },
 *   apiUrl: string, corbado: { projectId: string, sdkUrl: string } }} PageConfig
 * @typedef {{ IdToken: string, AccessToken: string, RefreshToken?: string }} Tokens
 * @typedef {{ via: "password" | "passkey", clientId: string, tokens: Tokens }} Session
 */

export const SESSION_KEY = "example.session";

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {string} jwt */
function claimsOf(jwt) {
  const part = (jwt.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
}

/**
 * Cognito's user-pool API (JSON 1.1); rejects with Cognito's error type.
 * @param {string} endpoint @param {string} operation @param {Record<string, unknown>} body
 */
async function cognito(endpoint, operation, body) {
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

/** @returns {Session | undefined} */
function currentSession() {
  const raw = sessionStorage.getItem(SESSION_KEY);
  return raw ? JSON.parse(raw) : undefined;
}

async function main() {
  /** @type {PageConfig} */
  const config = await (await fetch("config.json")).json();
  const corbado = (await import(config.corbado.sdkUrl)).default;
  const loginConfig = await fetch(`${config.apiUrl}/v1/public/login-config`)
    .then((res) => (res.ok ? res.json() : { passkeyLoginAvailable: false }))
    .catch(() => ({ passkeyLoginAvailable: false }));
  const passkeyCognito = { endpoint: config.cognito.endpoint, clientId: config.cognito.passkeyClientId };
  const connectToken = selfServiceTokens({
    apiUrl: config.apiUrl,
    getToken: async () => currentSession()?.tokens.IdToken ?? "",
  });
  /** @param {unknown} error */
  const onTokenError = (error) => {
    $("token-error").textContent =
      error instanceof SelfServiceError && error.code === "reauthentication_required"
        ? "To add a passkey, sign in again first (it must follow a fresh sign-in)."
        : `The module's self-service route refused: ${error instanceof Error ? error.message : "error"}.`;
  };

  /** @param {Session} session @param {boolean} justSignedIn */
  function showSignedIn(session, justSignedIn) {
    const id = claimsOf(session.tokens.IdToken);
    $("who").textContent = `Signed in as ${id.email} with ${session.via === "passkey" ? "a passkey" : "a password"}.`;
    $("signed-out").hidden = true;
    $("signed-in").hidden = false;
    $("token-error").textContent = "";
    const list = () =>
      showPasskeys(corbado, $("corbado-passkeys"), { projectId: config.corbado.projectId, connectToken, onTokenError });
    list();
    // Right after a sign-in (the route's step-up window), offer a passkey; later only the list.
    $("corbado-append").parentElement?.toggleAttribute("hidden", !justSignedIn);
    if (justSignedIn) {
      offerPasskey(corbado, $("corbado-append"), {
        projectId: config.corbado.projectId,
        connectToken,
        onTokenError,
        onDone: (outcome) => {
          if (outcome === "skipped") return $("corbado-append").parentElement?.setAttribute("hidden", "");
          $("corbado-append").innerHTML = '<p role="status">Passkey added: next time, log in with it.</p>';
          list();
        },
      });
    }
  }

  /** @param {Session["via"]} via @param {string} clientId @param {Tokens} tokens */
  function signedIn(via, clientId, tokens) {
    /** @type {Session} */
    const session = { via, clientId, tokens };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    showSignedIn(session, true);
  }

  function showSignedOut() {
    $("signed-in").hidden = true;
    $("signed-out").hidden = false;
    $("mfa-form").hidden = true;
    $("password-form").hidden = false;
    $("passkey-login").hidden = !loginConfig.passkeyLoginAvailable;
    $("passkeys-off").hidden = loginConfig.passkeyLoginAvailable;
    if (loginConfig.passkeyLoginAvailable) {
      mountLogin(corbado, $("corbado-login"), {
        projectId: config.corbado.projectId,
        signIn: (signedPasskeyData, webauthnId) => signInWithPasskey(passkeyCognito, signedPasskeyData, webauthnId),
        onSignedIn: (result) => signedIn("passkey", passkeyCognito.clientId, /** @type {Tokens} */ (result)),
        onFallback: (identifier) => {
          /** @type {HTMLInputElement} */ ($("email")).value = identifier;
          $("password").focus();
        },
      });
    }
  }

  /** @type {{ name: string, session: string, username: string } | undefined} */
  let pendingMfa;
  $("password-form").addEventListener("submit", (event) => {
    event.preventDefault();
    $("sign-in-error").textContent = "";
    const email = /** @type {HTMLInputElement} */ ($("email")).value.trim();
    const password = /** @type {HTMLInputElement} */ ($("password")).value;
    cognito(config.cognito.endpoint, "InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: config.cognito.passwordClientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    })
      .then((answer) => {
        if (answer.AuthenticationResult)
          return signedIn("password", config.cognito.passwordClientId, answer.AuthenticationResult);
        if (answer.ChallengeName === "SMS_MFA" || answer.ChallengeName === "SOFTWARE_TOKEN_MFA") {
          pendingMfa = {
            name: answer.ChallengeName,
            session: answer.Session,
            username: answer.ChallengeParameters?.USER_ID_FOR_SRP ?? email,
          };
          $("password-form").hidden = true;
          $("mfa-form").hidden = false;
          return $("mfa-code").focus();
        }
        $("sign-in-error").textContent =
          `This account needs a step this sample does not show (${answer.ChallengeName}).`;
      })
      .catch(
        (error) =>
          ($("sign-in-error").textContent =
            error.message === "NotAuthorizedException"
              ? "Incorrect email or password."
              : `Sign-in failed: ${error.message}`),
      );
  });
  $("mfa-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!pendingMfa) return;
    const { name, session, username } = pendingMfa;
    const code = /** @type {HTMLInputElement} */ ($("mfa-code")).value.trim();
    cognito(config.cognito.endpoint, "RespondToAuthChallenge", {
      ChallengeName: name,
      ClientId: config.cognito.passwordClientId,
      Session: session,
      ChallengeResponses: {
        USERNAME: username,
        [name === "SMS_MFA" ? "SMS_MFA_CODE" : "SOFTWARE_TOKEN_MFA_CODE"]: code,
      },
    })
      .then((answer) => signedIn("password", config.cognito.passwordClientId, answer.AuthenticationResult))
      .catch((error) => ($("sign-in-error").textContent = `That code did not work (${error.message}).`));
  });
  $("sign-out").addEventListener("click", () => {
    const session = currentSession();
    sessionStorage.removeItem(SESSION_KEY);
    // Ends the refresh token's life at Cognito; the page forgets the rest.
    if (session?.tokens.RefreshToken) {
      void cognito(config.cognito.endpoint, "RevokeToken", {
        ClientId: session.clientId,
        Token: session.tokens.RefreshToken,
      }).catch(() => undefined);
    }
    showSignedOut();
  });

  $("loading").hidden = true;
  const session = currentSession();
  if (session) showSignedIn(session, false);
  else showSignedOut();
}

main().catch(() => ($("loading").textContent = "The page could not load its configuration."));
