// Passkey login and passkey append as Corbado Connect's Frontend API runs them (../shared/corbado/frontend_api_v2.yml),
// with real WebAuthn ceremonies verified by @simplewebauthn/server:
//   POST /v2/connect/login/init     (ConnectLoginInit)     opens a login process; its `token` is the process id
//   POST /v2/connect/login/start    (ConnectLoginStart)    {identifier}: runs the pre-login action (the typed e-mail
//                                   -> the Cognito username), answers assertionOptions for the user's passkeys
//   POST /v2/connect/login/finish   (ConnectLoginFinish)   {assertionResponse}: verifies the assertion and only then
//                                   answers `session`, the signedPasskeyData (RS256) the page gives Cognito
//   POST /v2/connect/append/init    (ConnectAppendInit)    opens an append process
//   POST /v2/connect/append/start   (ConnectAppendStart)   {appendTokenValue}: a passkey-append connect token (single
//                                   use) names the user; answers attestationOptions
//   POST /v2/connect/append/finish  (ConnectAppendFinish)  {attestationResponse}: verifies and stores the passkey,
//                                   then runs the post-append action
// Every call needs X-Corbado-ProjectID; start and finish need the process id in `x-corbado-process-id` (what Corbado's
// client libraries send). A process lives 10 minutes and finishes once. The options and responses travel as JSON
// strings, `{"publicKey": …}` around WebAuthn's JSON forms. Errors use common.yml's errorRsp, as the manage flow does.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isObject } from "../../functions/shared/cognito-events";
import type { ManageReply } from "./corbado-manage-standin";
import { authenticatorName, type CorbadoStore, type StoredPasskey } from "./corbado-store";

export const CONNECT_PATHS = [
  "/v2/connect/login/init",
  "/v2/connect/login/start",
  "/v2/connect/login/finish",
  "/v2/connect/append/init",
  "/v2/connect/append/start",
  "/v2/connect/append/finish",
] as const;

/** A Corbado action as Corbado runs it: a Lambda handler, (event, context) -> answer. */
export type ActionHandler = (event: unknown, context?: unknown) => Promise<unknown>;

export interface WebauthnSettings {
  /** The relying party id: the login page's host (`localhost` for a page on http://localhost:<port>). */
  rpId: string;
  rpName: string;
  /** Origins a ceremony may come from (the login pages). */
  origins: string[];
}

export interface ConnectStandinOptions {
  projectId: string;
  clock: () => number;
  store: CorbadoStore;
  webauthn: WebauthnSettings;
  /** The project's actions; without pre-login the typed identifier is taken as the username. */
  actions: { preLogin?: ActionHandler; postAppend?: ActionHandler };
  consumeConnectToken(
    secret: string,
    type: "passkey-append",
  ): { data: { identifier: string; displayName?: string } } | undefined;
  /** The signedPasskeyData for a verified login. */
  signPasskeyData(claims: { username: string; corbadoUserId: string; credential: string; processId: string }): string;
  errorBody(status: number, type: string, details: string): unknown;
}

export interface ActionCall {
  action: "pre-login" | "post-append";
  /** The answer's status code, or "threw". */
  outcome: number | "threw";
  /** pre-login's error code or post-append's mfaPreference, when the answer had one. */
  result?: string;
}

export interface ConnectStandin {
  handle(path: string, headers: IncomingHttpHeaders, body: unknown): Promise<ManageReply> | undefined;
  /** Every action run, oldest first. */
  actionCalls: ActionCall[];
}

const PROCESS_LIFETIME_S = 600;
const SPEC_TRANSPORTS = ["usb", "nfc", "ble", "internal", "hybrid", "smart-card"] as const;

interface LoginProcess {
  kind: "login";
  expires: number;
  started?: { username: string; identifier: string; challenge: string };
}
interface AppendProcess {
  kind: "append";
  expires: number;
  started?: { username: string; displayName: string | undefined; challenge: string; corbadoUserId: string };
}
type Process = LoginProcess | AppendProcess;

/** "macOS 15" / "Chrome 131" from a User-Agent, roughly, as Corbado shows where a passkey was made. */
export function sourceOf(userAgent: string | undefined): { os: string; browser: string } {
  const ua = userAgent ?? "";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Mac OS X/.test(ua)
        ? "macOS"
        : /Windows/.test(ua)
          ? "Windows"
          : /Linux/.test(ua)
            ? "Linux"
            : "Unknown";
  const chrome = /(?:Headless)?Chrome\/(\d+)/.exec(ua);
  const firefox = /Firefox\/(\d+)/.exec(ua);
  const safari = /Version\/(\d+)[^ ]* .*Safari/.exec(ua);
  const browser = chrome
    ? `Chrome ${chrome[1]}`
    : firefox
      ? `Firefox ${firefox[1]}`
      : safari
        ? `Safari ${safari[1]}`
        : "Unknown";
  return { os, browser };
}

function parseJsonString(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function createConnectStandin(options: ConnectStandinOptions): ConnectStandin {
  const { store, webauthn } = options;
  const processes = new Map<string, Process>();
  const actionCalls: ActionCall[] = [];
  const nowS = () => Math.floor(options.clock() / 1000);
  const error = (status: number, type: string, details: string): ManageReply => ({
    status,
    payload: options.errorBody(status, type, details),
  });
  const frontendApiUrl = `https://${options.projectId}.frontendapi.corbado.io`;

  function open(kind: Process["kind"], headers: IncomingHttpHeaders, body: unknown): ManageReply | string {
    if (headers["x-corbado-projectid"] !== options.projectId) {
      return error(401, "authentication_error", "unknown or missing X-Corbado-ProjectID");
    }
    if (!isObject(body) || !isObject(body.clientInformation) || !isObject(body.flags)) {
      return error(400, "validation_error", "clientInformation and flags are required objects");
    }
    const id = `cpr-${randomBytes(12).toString("hex")}`;
    processes.set(id, { kind, expires: nowS() + PROCESS_LIFETIME_S });
    return id;
  }

  function processOf<K extends Process["kind"]>(
    kind: K,
    headers: IncomingHttpHeaders,
  ): { id: string; process: Extract<Process, { kind: K }> } | ManageReply {
    if (headers["x-corbado-projectid"] !== options.projectId) {
      return error(401, "authentication_error", "unknown or missing X-Corbado-ProjectID");
    }
    const id = headers["x-corbado-process-id"];
    const process = typeof id === "string" ? processes.get(id) : undefined;
    if (!process || process.kind !== kind || process.expires <= nowS()) {
      return error(400, "process_missing", `no live ${kind} process (x-corbado-process-id)`);
    }
    return { id: id as string, process: process as Extract<Process, { kind: K }> };
  }

  async function runAction(action: ActionCall["action"], handler: ActionHandler, event: unknown) {
    try {
      const answer = await handler(event, { awsRequestId: randomBytes(16).toString("hex"), functionName: action });
      const statusCode = isObject(answer) && typeof answer.statusCode === "number" ? answer.statusCode : 0;
      const body = isObject(answer) && isObject(answer.body) ? answer.body : {};
      const result = isObject(body.error)
        ? String(body.error.code)
        : typeof body.mfaPreference === "string"
          ? body.mfaPreference
          : undefined;
      actionCalls.push({ action, outcome: statusCode, ...(result ? { result } : {}) });
      return { statusCode, body };
    } catch {
      actionCalls.push({ action, outcome: "threw" });
      return { statusCode: 0, body: {} };
    }
  }

  /** The Cognito username for what was typed, as the pre-login action answers it. */
  async function usernameFor(identifier: string): Promise<string | ManageReply> {
    if (!options.actions.preLogin) return identifier;
    const { statusCode, body } = await runAction("pre-login", options.actions.preLogin, { identifier });
    if (statusCode === 200 && typeof body.identifier === "string" && body.identifier !== "") return body.identifier;
    const actionError = isObject(body.error) ? body.error : undefined;
    // `return: true`: the component shows the action's message; otherwise it falls back to password silently.
    if (actionError?.return === true && typeof actionError.message === "string") {
      return error(400, "pre_login_error", actionError.message);
    }
    if (statusCode !== 200) return error(502, "action_failed", "the pre-login action failed");
    return error(404, "user_not_found", "no user for this identifier");
  }

  async function loginStart(headers: IncomingHttpHeaders, body: unknown): Promise<ManageReply> {
    const found = processOf("login", headers);
    if ("status" in found) return found;
    if (found.process.started) return error(400, "process_started", "this login process was started already");
    if (
      !isObject(body) ||
      typeof body.identifier !== "string" ||
      body.identifier === "" ||
      typeof body.source !== "string"
    ) {
      return error(400, "validation_error", "identifier and source are required");
    }
    const username = await usernameFor(body.identifier);
    if (typeof username !== "string") return username;
    const keys = store.keysOf(username);
    if (keys.length === 0) return error(404, "no_passkey", "the user has no passkey");
    const options_ = await generateAuthenticationOptions({
      rpID: webauthn.rpId,
      allowCredentials: keys.map((k) => ({ id: k.passkey.credentialID, transports: k.passkey.transport })),
      userVerification: "preferred",
    });
    found.process.started = { username, identifier: body.identifier, challenge: options_.challenge };
    return { status: 200, payload: { assertionOptions: JSON.stringify({ publicKey: options_ }), isCDA: false } };
  }

  async function loginFinish(headers: IncomingHttpHeaders, body: unknown): Promise<ManageReply> {
    const found = processOf("login", headers);
    if ("status" in found) return found;
    const started = found.process.started;
    if (!started) return error(400, "process_not_started", "start the login first");
    // One finish per process, whatever its outcome: a challenge is answered once.
    processes.delete(found.id);
    const response = isObject(body) ? parseJsonString(body.assertionResponse) : undefined;
    const credential = response && isObject(response.publicKey) ? response.publicKey : response;
    if (!credential || typeof credential.id !== "string") {
      return error(400, "validation_error", "assertionResponse must be a JSON string of the credential");
    }
    const key = store.keysOf(started.username).find((k) => k.passkey.credentialID === credential.id);
    if (!key) return error(400, "passkey_verification_failed", "not a passkey of this user");
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response: credential as unknown as AuthenticationResponseJSON,
        expectedChallenge: started.challenge,
        expectedOrigin: webauthn.origins,
        expectedRPID: webauthn.rpId,
        credential: {
          id: key.passkey.credentialID,
          publicKey: Buffer.from(key.webauthn.publicKey, "base64url"),
          counter: key.webauthn.counter,
          transports: key.passkey.transport,
        },
        requireUserVerification: false,
      });
    } catch {
      return error(400, "passkey_verification_failed", "the assertion did not verify");
    }
    if (!verified.verified) return error(400, "passkey_verification_failed", "the assertion did not verify");
    store.touch(started.username, key.passkey.id, verified.authenticationInfo.newCounter, options.clock());
    const user = store.userFor(started.username);
    const session = options.signPasskeyData({
      username: started.username,
      corbadoUserId: user.id,
      credential: key.passkey.id,
      processId: found.id,
    });
    return {
      status: 200,
      payload: {
        passkeyOperation: {
          operationType: "verify",
          identifierValue: started.identifier,
          identifierType: "email",
          ceremonyType: "local",
        },
        session,
      },
    };
  }

  async function appendStart(headers: IncomingHttpHeaders, body: unknown): Promise<ManageReply> {
    const found = processOf("append", headers);
    if ("status" in found) return found;
    if (found.process.started) return error(400, "process_started", "this append process was started already");
    if (!isObject(body) || typeof body.appendTokenValue !== "string" || body.appendTokenValue === "") {
      return error(400, "validation_error", "appendTokenValue is required");
    }
    const token = options.consumeConnectToken(body.appendTokenValue, "passkey-append");
    if (!token) return error(403, "connect_token_invalid", "not a valid, unused passkey-append connect token");
    const { identifier: username, displayName } = token.data;
    const user = store.userFor(username, displayName);
    const options_ = await generateRegistrationOptions({
      rpName: webauthn.rpName,
      rpID: webauthn.rpId,
      userName: displayName ?? username,
      userDisplayName: displayName ?? username,
      userID: new TextEncoder().encode(user.id),
      attestationType: "none",
      excludeCredentials: store
        .keysOf(username)
        .map((k) => ({ id: k.passkey.credentialID, transports: k.passkey.transport })),
      authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    });
    found.process.started = { username, displayName, challenge: options_.challenge, corbadoUserId: user.id };
    return {
      status: 200,
      payload: { attestationOptions: JSON.stringify({ publicKey: options_ }), variant: "default" },
    };
  }

  async function appendFinish(headers: IncomingHttpHeaders, body: unknown): Promise<ManageReply> {
    const found = processOf("append", headers);
    if ("status" in found) return found;
    const started = found.process.started;
    if (!started) return error(400, "process_not_started", "start the append first");
    processes.delete(found.id);
    const response = isObject(body) ? parseJsonString(body.attestationResponse) : undefined;
    const credential = response && isObject(response.publicKey) ? response.publicKey : response;
    if (!credential || typeof credential.id !== "string") {
      return error(400, "validation_error", "attestationResponse must be a JSON string of the credential");
    }
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: credential as unknown as RegistrationResponseJSON,
        expectedChallenge: started.challenge,
        expectedOrigin: webauthn.origins,
        expectedRPID: webauthn.rpId,
        requireUserVerification: false,
      });
    } catch {
      return error(400, "passkey_verification_failed", "the attestation did not verify");
    }
    if (!verified.verified) return error(400, "passkey_verification_failed", "the attestation did not verify");
    const info = verified.registrationInfo;
    const source = sourceOf(headers["user-agent"]);
    const transport = (info.credential.transports ?? []).filter((t): t is StoredPasskey["transport"][number] =>
      (SPEC_TRANSPORTS as readonly string[]).includes(t),
    );
    store.addPasskey(
      started.username,
      {
        credentialID: info.credential.id,
        attestationType: info.fmt,
        transport,
        backupEligible: info.credentialDeviceType === "multiDevice",
        backupState: info.credentialBackedUp,
        authenticatorAAGUID: info.aaguid,
        sourceOS: source.os,
        sourceBrowser: source.browser,
        aaguidDetails: { name: authenticatorName(info.aaguid), iconLight: "", iconDark: "" },
      },
      { publicKey: Buffer.from(info.credential.publicKey).toString("base64url"), counter: info.credential.counter },
    );
    // Corbado runs post-append after the passkey is stored; the action's outcome does not undo the append.
    if (options.actions.postAppend)
      await runAction("post-append", options.actions.postAppend, { username: started.username });
    return {
      status: 200,
      payload: {
        passkeyOperation: {
          operationType: "append",
          identifierValue: started.displayName ?? started.username,
          identifierType: "email",
          ceremonyType: "local",
        },
      },
    };
  }

  return {
    actionCalls,
    handle(path, headers, body) {
      switch (path) {
        case "/v2/connect/login/init":
        case "/v2/connect/append/init": {
          const kind = path.includes("login") ? "login" : "append";
          const opened = open(kind, headers, body);
          if (typeof opened !== "string") return Promise.resolve(opened);
          const common = { expiresAt: nowS() + PROCESS_LIFETIME_S, frontendApiUrl, flags: {} };
          return Promise.resolve({
            status: 200,
            payload:
              kind === "login"
                ? { token: opened, loginAllowed: true, ...common }
                : { processID: opened, appendAllowed: true, ...common },
          });
        }
        case "/v2/connect/login/start":
          return loginStart(headers, body);
        case "/v2/connect/login/finish":
          return loginFinish(headers, body);
        case "/v2/connect/append/start":
          return appendStart(headers, body);
        case "/v2/connect/append/finish":
          return appendFinish(headers, body);
        default:
          return undefined;
      }
    },
  };
}
