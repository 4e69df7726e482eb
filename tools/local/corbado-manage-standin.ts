// The passkey-management part of the Corbado stand-in: a per-user credential store and Corbado's Frontend API
// manage flow, written from ../shared/corbado/frontend_api_v2.yml:
//   POST /v2/connect/manage/init     (ConnectManageInit)    needs the X-Corbado-ProjectID header; opens a process
//   POST /v2/connect/manage/list     (ConnectManageList)    {connectToken} of type passkey-list
//   POST /v2/connect/manage/delete   (ConnectManageDelete)  {connectToken, credentialID} of type passkey-delete
// list and delete need the process id from init in `x-corbado-process-id` (Corbado's client libraries send it;
// the spec does not list the header). A connect token is accepted once, unexpired, and only for its own type; the
// user is the token's identifier. The spec declares only 200 answers for these operations: errors use common.yml's
// errorRsp, as the Backend API does (a documented deviation, checked in spec-conformance.test.ts).
// Kept apart from corbado-standin.ts, which routes these paths here.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { isObject } from "../../functions/shared/cognito-events";
import type { CorbadoStore, StoredPasskey } from "./corbado-store";

export const MANAGE_PATHS = [
  "/v2/connect/manage/init",
  "/v2/connect/manage/list",
  "/v2/connect/manage/delete",
] as const;

export type { StoredPasskey } from "./corbado-store";

export type ManageTokenType = "passkey-list" | "passkey-delete";

export interface ManageStandinOptions {
  projectId: string;
  /** The users' passkeys. */
  store: CorbadoStore;
  clock: () => number;
  /** Consumes a connect token of the given type (single use); undefined when invalid, used, expired or mistyped. */
  consumeConnectToken(secret: string, type: ManageTokenType): { data: { identifier: string } } | undefined;
  errorBody(status: number, type: string, details: string): unknown;
}

export interface ManageReply {
  status: number;
  payload: unknown;
}

export interface ManageStandin {
  /** Answers a manage request, or undefined when `path` is not one of MANAGE_PATHS. */
  handle(path: string, headers: IncomingHttpHeaders, body: unknown): ManageReply | undefined;
  /** Adds a passkey for a user (the connect-token identifier, i.e. the Cognito username). */
  addPasskey(identifier: string, overrides?: Partial<StoredPasskey>): StoredPasskey;
  /** The user's passkeys (a copy). */
  passkeysOf(identifier: string): StoredPasskey[];
  /** Whether new manage processes may manage passkeys (`manageAllowed`). */
  setManageAllowed(allowed: boolean): void;
}

const PROCESS_LIFETIME_S = 600;

export function createManageStandin(options: ManageStandinOptions): ManageStandin {
  const { store } = options;
  const processes = new Map<string, number>();
  let manageAllowed = true;

  const nowS = () => Math.floor(options.clock() / 1000);
  const error = (status: number, type: string, details: string): ManageReply => ({
    status,
    payload: options.errorBody(status, type, details),
  });

  function liveProcess(headers: IncomingHttpHeaders): boolean {
    const id = headers["x-corbado-process-id"];
    const expires = typeof id === "string" ? processes.get(id) : undefined;
    return expires !== undefined && expires > nowS();
  }

  function init(headers: IncomingHttpHeaders, body: unknown): ManageReply {
    if (headers["x-corbado-projectid"] !== options.projectId) {
      return error(401, "authentication_error", "unknown or missing X-Corbado-ProjectID");
    }
    if (!isObject(body) || !isObject(body.clientInformation) || !isObject(body.flags)) {
      return error(400, "validation_error", "clientInformation and flags are required objects");
    }
    const processID = `cpr-${randomBytes(12).toString("hex")}`;
    const expiresAt = nowS() + PROCESS_LIFETIME_S;
    processes.set(processID, expiresAt);
    return {
      status: 200,
      payload: {
        processID,
        expiresAt,
        frontendApiUrl: `https://${options.projectId}.frontendapi.corbado.io`,
        manageAllowed,
        flags: {},
      },
    };
  }

  function withToken(
    headers: IncomingHttpHeaders,
    body: unknown,
    type: ManageTokenType,
  ): { identifier: string; body: Record<string, unknown> } | ManageReply {
    if (headers["x-corbado-projectid"] !== options.projectId) {
      return error(401, "authentication_error", "unknown or missing X-Corbado-ProjectID");
    }
    if (!liveProcess(headers)) return error(400, "process_missing", "no live manage process (x-corbado-process-id)");
    if (!isObject(body) || typeof body.connectToken !== "string" || body.connectToken === "") {
      return error(400, "validation_error", "connectToken is required");
    }
    const token = options.consumeConnectToken(body.connectToken, type);
    if (!token) return error(403, "connect_token_invalid", `not a valid, unused ${type} connect token`);
    return { identifier: token.data.identifier, body };
  }

  function list(headers: IncomingHttpHeaders, body: unknown): ManageReply {
    const checked = withToken(headers, body, "passkey-list");
    if ("status" in checked) return checked;
    return { status: 200, payload: { passkeys: store.passkeysOf(checked.identifier) } };
  }

  function remove(headers: IncomingHttpHeaders, body: unknown): ManageReply {
    if (isObject(body) && (typeof body.credentialID !== "string" || body.credentialID === "")) {
      return error(400, "validation_error", "credentialID is required");
    }
    const checked = withToken(headers, body, "passkey-delete");
    if ("status" in checked) return checked;
    const credentialID = checked.body.credentialID as string;
    // Only the token's user's passkeys: another user's passkey id is as unknown as a made-up one.
    if (!store.removePasskey(checked.identifier, credentialID)) {
      return error(404, "not_found", "the user has no passkey with this id");
    }
    return { status: 200, payload: { credentialID } };
  }

  return {
    handle(path, headers, body) {
      if (path === MANAGE_PATHS[0]) return init(headers, body);
      if (path === MANAGE_PATHS[1]) return list(headers, body);
      if (path === MANAGE_PATHS[2]) return remove(headers, body);
      return undefined;
    },
    addPasskey: (identifier, overrides = {}) => store.addPasskey(identifier, overrides),
    passkeysOf: (identifier) => store.passkeysOf(identifier),
    setManageAllowed(allowed) {
      manageAllowed = allowed;
    },
  };
}
