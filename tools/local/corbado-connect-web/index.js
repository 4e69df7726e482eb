// @ts-check
/**
 * A stand-in of @corbado/connect-web-js's default export for the local stack, in the browser: the three components a
 * customer's page mounts (login, append, passkey list), as small forms that run Corbado Connect's Frontend API flows
 * against the Corbado stand-in with the browser's real WebAuthn (navigator.credentials). The Corbado stand-in serves
 * this file (GET /connect-web-js/index.js) and the flows go to the origin it came from, where the real library goes to
 * https://<project id>.frontendapi.corbado.io. What the components look like is not Corbado's; what they call and hand
 * back to the page is: onComplete(signedPasskeyData, clientState) after a verified login, onFallback(identifier) when
 * passkey login cannot be used, the append and list components asking the page's token providers for connect tokens.
 */

const FRONTEND_API = new URL(import.meta.url).origin;

/** @param {string} text */
const b64urlToBytes = (text) => {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "===".slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
};
/** @param {ArrayBuffer | null | undefined} buffer */
const bytesToB64url = (buffer) =>
  buffer
    ? btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "")
    : undefined;

/**
 * One Frontend API call; resolves to the answer's JSON and status (never rejects for an HTTP error).
 * @param {string} projectId
 * @param {string} path
 * @param {unknown} body
 * @param {string} [processId]
 */
async function call(projectId, path, body, processId) {
  /** @type {Record<string, string>} */
  const headers = { "content-type": "application/json", "x-corbado-projectid": projectId };
  if (processId) headers["x-corbado-process-id"] = processId;
  const res = await fetch(FRONTEND_API + path, { method: "POST", headers, body: JSON.stringify(body) });
  /** @type {any} */
  const json = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, json };
}

const clientInformation = () => ({
  isUserVerifyingPlatformAuthenticatorAvailable: true,
  isConditionalMediationAvailable: true,
});

/**
 * @param {HTMLElement} element
 * @param {string} html
 */
function render(element, html) {
  element.innerHTML = html;
  return /** @param {string} selector */ (selector) => /** @type {HTMLElement} */ (element.querySelector(selector));
}

/** @param {string} text */
const escape = (text) =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * The login component: an e-mail field; a passkey login for it, or onFallback when that cannot be done.
 * @param {HTMLElement} element
 * @param {{ projectId: string, onComplete: (signedPasskeyData: string, clientState: string) => Promise<void> | void,
 *   onFallback: (identifier: string, message?: string) => void }} options
 */
function mountCorbadoConnectLogin(element, options) {
  const $ = render(
    element,
    `<form class="cbo-login" novalidate>
      <label for="cbo-login-email">Email</label>
      <input id="cbo-login-email" name="email" type="email" autocomplete="username webauthn" required>
      <button type="submit">Log in with a passkey</button>
      <p class="cbo-status" role="status"></p>
    </form>`,
  );
  const status = $(".cbo-status");
  const loaded = Date.now();
  $("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const identifier = /** @type {HTMLInputElement} */ ($("input")).value.trim();
    void login(identifier).catch(() => options.onFallback(identifier));
  });

  /** @param {string} identifier */
  async function login(identifier) {
    status.textContent = "Checking for a passkey…";
    const init = await call(options.projectId, "/v2/connect/login/init", {
      clientInformation: clientInformation(),
      flags: {},
    });
    if (!init.ok || !init.json.loginAllowed) return options.onFallback(identifier);
    const process = init.json.token;
    const start = await call(
      options.projectId,
      "/v2/connect/login/start",
      { identifier, source: "text-field", loadedMs: Date.now() - loaded },
      process,
    );
    if (!start.ok) {
      // The pre-login action asked to show its message (return: true); otherwise fall back without a word.
      const message = start.json?.error?.type === "pre_login_error" ? start.json.error.details : undefined;
      status.textContent = message ?? "";
      return options.onFallback(identifier, message);
    }
    const { publicKey } = JSON.parse(start.json.assertionOptions);
    status.textContent = "Use your passkey…";
    const credential = /** @type {PublicKeyCredential} */ (
      await navigator.credentials.get({
        publicKey: {
          ...publicKey,
          challenge: b64urlToBytes(publicKey.challenge),
          allowCredentials: (publicKey.allowCredentials ?? []).map(
            /** @param {{ id: string, type: "public-key", transports?: AuthenticatorTransport[] }} c */ (c) => ({
              ...c,
              id: b64urlToBytes(c.id),
            }),
          ),
        },
      })
    );
    const response = /** @type {AuthenticatorAssertionResponse} */ (credential.response);
    const assertion = {
      id: credential.id,
      rawId: bytesToB64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {
        clientDataJSON: bytesToB64url(response.clientDataJSON),
        authenticatorData: bytesToB64url(response.authenticatorData),
        signature: bytesToB64url(response.signature),
        userHandle: bytesToB64url(response.userHandle),
      },
    };
    const finish = await call(
      options.projectId,
      "/v2/connect/login/finish",
      { assertionResponse: JSON.stringify(assertion), isConditionalUI: false },
      process,
    );
    if (!finish.ok) return options.onFallback(identifier);
    status.textContent = "";
    await options.onComplete(finish.json.session, "");
  }
}

/**
 * The append component: "Add a passkey" (a passkey-append connect token from the page, then the ceremony) or skip.
 * @param {HTMLElement} element
 * @param {{ projectId: string, appendTokenProvider: () => Promise<string>, onSkip: () => Promise<void> | void,
 *   onComplete: () => Promise<void> | void }} options
 */
function mountCorbadoConnectAppend(element, options) {
  const $ = render(
    element,
    `<div class="cbo-append">
      <p>Sign in faster next time: add a passkey to this account.</p>
      <button type="button" class="cbo-add">Add a passkey</button>
      <button type="button" class="cbo-skip">Not now</button>
      <p class="cbo-status" role="status"></p>
    </div>`,
  );
  const status = $(".cbo-status");
  const loaded = Date.now();
  $(".cbo-skip").addEventListener("click", () => void options.onSkip());
  $(".cbo-add").addEventListener("click", () => {
    void append().catch((error) => {
      status.textContent =
        error instanceof Error && error.name === "InvalidStateError"
          ? "This device already has a passkey for this account."
          : "The passkey could not be added.";
    });
  });

  async function append() {
    status.textContent = "Preparing…";
    const token = await options.appendTokenProvider();
    const init = await call(options.projectId, "/v2/connect/append/init", {
      clientInformation: clientInformation(),
      flags: {},
    });
    if (!init.ok || !init.json.appendAllowed) throw new Error("append_not_allowed");
    const process = init.json.processID;
    const start = await call(
      options.projectId,
      "/v2/connect/append/start",
      { appendTokenValue: token, loadedMs: Date.now() - loaded },
      process,
    );
    if (!start.ok) throw new Error(start.json?.error?.type ?? "append_failed");
    const { publicKey } = JSON.parse(start.json.attestationOptions);
    status.textContent = "Create your passkey…";
    const credential = /** @type {PublicKeyCredential} */ (
      await navigator.credentials.create({
        publicKey: {
          ...publicKey,
          challenge: b64urlToBytes(publicKey.challenge),
          user: { ...publicKey.user, id: b64urlToBytes(publicKey.user.id) },
          excludeCredentials: (publicKey.excludeCredentials ?? []).map(
            /** @param {{ id: string, type: "public-key", transports?: AuthenticatorTransport[] }} c */ (c) => ({
              ...c,
              id: b64urlToBytes(c.id),
            }),
          ),
        },
      })
    );
    const response = /** @type {AuthenticatorAttestationResponse} */ (credential.response);
    const attestation = {
      id: credential.id,
      rawId: bytesToB64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {
        clientDataJSON: bytesToB64url(response.clientDataJSON),
        attestationObject: bytesToB64url(response.attestationObject),
        transports: response.getTransports?.() ?? [],
      },
    };
    const finish = await call(
      options.projectId,
      "/v2/connect/append/finish",
      { attestationResponse: JSON.stringify(attestation) },
      process,
    );
    if (!finish.ok) throw new Error(finish.json?.error?.type ?? "append_failed");
    status.textContent = "Passkey added.";
    await options.onComplete();
  }
}

/**
 * The passkey list: the user's passkeys with delete, each operation with a fresh connect token from the page.
 * @param {HTMLElement} element
 * @param {{ projectId: string, connectTokenProvider: (type: "passkey-list" | "passkey-delete" | "passkey-append") => Promise<string> }} options
 */
function mountCorbadoConnectPasskeyList(element, options) {
  const $ = render(
    element,
    `<div class="cbo-list"><ul></ul><p class="cbo-status" role="status">Loading your passkeys…</p></div>`,
  );
  const list = $("ul");
  const status = $(".cbo-status");

  /** @param {"passkey-list" | "passkey-delete"} type @param {string} path @param {Record<string, string>} body */
  async function manage(type, path, body) {
    const connectToken = await options.connectTokenProvider(type);
    const init = await call(options.projectId, "/v2/connect/manage/init", {
      clientInformation: clientInformation(),
      flags: {},
    });
    if (!init.ok || !init.json.manageAllowed) throw new Error("manage_not_allowed");
    const answer = await call(options.projectId, path, { connectToken, ...body }, init.json.processID);
    if (!answer.ok) throw new Error(answer.json?.error?.type ?? "manage_failed");
    return answer.json;
  }

  async function refresh() {
    const { passkeys } = await manage("passkey-list", "/v2/connect/manage/list", {});
    list.innerHTML = passkeys
      .map(
        /** @param {{ id: string, aaguidDetails: { name: string }, created: string, lastUsed: string, sourceOS: string, sourceBrowser: string }} p */ (
          p,
        ) =>
          `<li data-passkey-id="${escape(p.id)}"><span class="cbo-name">${escape(p.aaguidDetails.name)}</span>
           <span class="cbo-meta">${escape(p.sourceBrowser)} on ${escape(p.sourceOS)}, created ${escape(p.created.slice(0, 10))},
           last used ${escape(p.lastUsed.slice(0, 10))}</span>
           <button type="button" class="cbo-delete" aria-label="Delete passkey ${escape(p.aaguidDetails.name)}">Delete</button></li>`,
      )
      .join("");
    status.textContent = passkeys.length === 0 ? "You have no passkeys yet." : "";
  }

  list.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest(".cbo-delete");
    const item = button?.closest("li");
    if (!item) return;
    status.textContent = "Deleting…";
    void manage("passkey-delete", "/v2/connect/manage/delete", { credentialID: item.dataset.passkeyId ?? "" })
      .then(refresh)
      .catch(() => (status.textContent = "The passkey could not be deleted."));
  });
  void refresh().catch(() => (status.textContent = "Your passkeys could not be loaded."));
}

export default { mountCorbadoConnectLogin, mountCorbadoConnectAppend, mountCorbadoConnectPasskeyList };
