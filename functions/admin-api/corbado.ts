/**
 * A user's passkeys through Corbado's connect tokens, server side (Corbado's specs: Backend API
 * `POST /v2/connectTokens`, Frontend API `/v2/connect/manage/init`, `/list`, `/delete`):
 * 1. mint a fresh short-lived connect token for the Cognito username (Basic auth with the Backend API secret);
 * 2. `manage/init` with the project header, which opens a process; `manage/list` or `manage/delete` then carry the
 *    process id in `x-corbado-process-id` (as Corbado's own client libraries send it; the spec does not name the
 *    header) and the token in the JSON body. The init's `frontendApiUrl` is ignored: we only call the configured URL.
 * The token never leaves this function. Only `passkey-list` and `passkey-delete` tokens are ever minted: whoever can
 * mint `passkey-append` or `passkey-login` for someone else can take their account over (connect-token-types.test.ts
 * proves the bundle holds no other type).
 */
import * as z from "zod";
import type { Post } from "../shared/http";
import { createConnectTokenMinter, createCorbadoCall } from "../api-shared/corbado";
import type { Deadline } from "../api-shared/deadline";
import { ApiError } from "./errors";

/** The only connect-token types this API mints. */
export const MINTED_TOKEN_TYPES = ["passkey-list", "passkey-delete"] as const;
export type MintedTokenType = (typeof MINTED_TOKEN_TYPES)[number];

export interface CorbadoOptions {
  readonly backendApiUrl: string;
  readonly frontendApiUrl: string;
  readonly projectId: string;
  /** base64(projectId:apiSecret), cached; rejects with ApiError (ssm_error, ssm_timeout) when unreadable. */
  readonly getSecret: (deadline: Deadline) => Promise<string>;
  /** Called after Corbado answered 401 to the secret, so it is read again next time. */
  readonly invalidateSecret: () => void;
  readonly tokenLifetimeSeconds: number;
  readonly post?: Post;
}

/** A passkey as the console shows it (a subset of Corbado's `passkey`; icons are left out). */
export interface PasskeySummary {
  readonly id: string;
  readonly credentialId: string;
  readonly authenticatorName: string;
  readonly created: string;
  readonly lastUsed: string;
  readonly status: string;
  readonly sourceOS: string;
  readonly sourceBrowser: string;
  readonly backupEligible: boolean;
  readonly backupState: boolean;
  readonly transports: string[];
}

export interface CorbadoClient {
  listPasskeys(username: string, deadline: Deadline): Promise<PasskeySummary[]>;
  /** Deletes one passkey of the user; ApiError(passkey_not_found) when Corbado says it does not exist. */
  deletePasskey(username: string, passkeyId: string, deadline: Deadline): Promise<void>;
}

const manageInitRsp = z.object({ processID: z.string().min(1).max(512), manageAllowed: z.boolean() });
const passkeyRsp = z.object({
  id: z.string(),
  credentialID: z.string(),
  transport: z.array(z.string()),
  backupEligible: z.boolean(),
  backupState: z.boolean(),
  sourceOS: z.string(),
  sourceBrowser: z.string(),
  lastUsed: z.string(),
  created: z.string(),
  status: z.string(),
  aaguidDetails: z.object({ name: z.string() }),
});
const manageListRsp = z.object({ passkeys: z.array(passkeyRsp).max(1000) });
const manageDeleteRsp = z.object({ credentialID: z.string() });

export function createCorbadoClient(options: CorbadoOptions): CorbadoClient {
  const call = createCorbadoCall(options.post);
  const mint = createConnectTokenMinter({
    backendApiUrl: options.backendApiUrl,
    getSecret: options.getSecret,
    invalidateSecret: options.invalidateSecret,
    lifetimeSeconds: options.tokenLifetimeSeconds,
    ...(options.post ? { post: options.post } : {}),
  });

  const parse = <T>(schema: z.ZodType<T>, json: unknown): T => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiError("corbado_error");
    return parsed.data;
  };

  async function mintToken(type: MintedTokenType, identifier: string, deadline: Deadline): Promise<string> {
    // A runtime guard as well as the type: nothing but these two literals may reach the request body.
    if (type !== "passkey-list" && type !== "passkey-delete") throw new ApiError("internal_error");
    return (await mint(type, { identifier }, deadline)).secret;
  }

  const frontend = (path: string) => `${options.frontendApiUrl}${path}`;

  async function manageInit(deadline: Deadline): Promise<string> {
    const { status, json } = await call(
      frontend("/v2/connect/manage/init"),
      { "x-corbado-projectid": options.projectId },
      { clientInformation: {}, flags: {} },
      deadline,
    );
    if (status < 200 || status > 299) throw new ApiError("corbado_error");
    const init = parse(manageInitRsp, json);
    if (!init.manageAllowed) throw new ApiError("corbado_manage_not_allowed");
    return init.processID;
  }

  const processHeaders = (processId: string) => ({
    "x-corbado-projectid": options.projectId,
    "x-corbado-process-id": processId,
  });

  return {
    async listPasskeys(username, deadline) {
      // The token and the process are independent: fetch both at once.
      const [connectToken, processId] = await Promise.all([
        mintToken("passkey-list", username, deadline),
        manageInit(deadline),
      ]);
      const { status, json } = await call(
        frontend("/v2/connect/manage/list"),
        processHeaders(processId),
        { connectToken },
        deadline,
      );
      if (status < 200 || status > 299) throw new ApiError("corbado_error");
      return parse(manageListRsp, json).passkeys.map((p) => ({
        id: p.id,
        credentialId: p.credentialID,
        authenticatorName: p.aaguidDetails.name,
        created: p.created,
        lastUsed: p.lastUsed,
        status: p.status,
        sourceOS: p.sourceOS,
        sourceBrowser: p.sourceBrowser,
        backupEligible: p.backupEligible,
        backupState: p.backupState,
        transports: p.transport,
      }));
    },

    async deletePasskey(username, passkeyId, deadline) {
      const [connectToken, processId] = await Promise.all([
        mintToken("passkey-delete", username, deadline),
        manageInit(deadline),
      ]);
      // credentialID is the passkey's `id` from the list, as Corbado's own passkey list component sends it.
      const { status, json } = await call(
        frontend("/v2/connect/manage/delete"),
        processHeaders(processId),
        { connectToken, credentialID: passkeyId },
        deadline,
      );
      if (status === 404) throw new ApiError("passkey_not_found");
      if (status < 200 || status > 299) throw new ApiError("corbado_error");
      parse(manageDeleteRsp, json);
    },
  };
}
