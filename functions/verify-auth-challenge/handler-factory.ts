/**
 * verify-auth-challenge, built from its dependencies so that tests and the benchmark can inject how the Corbado
 * secret is read (index.ts: ../shared/ssm's SigV4-signed GetParameter + TTL cache; the benchmark's baseline:
 * @aws-sdk/client-ssm, no cache) and, for tests, the HTTP transport of the Corbado call.
 */
import type { TriggerResult } from "../shared/cognito-events";
import { HttpError, httpPost, type Post, type PostResponse } from "../shared/http";
import type { Logger } from "../shared/log";
import { SsmError } from "../shared/ssm";
import { runTrigger } from "../shared/trigger";
import type { VerifyConfig } from "./config";
import { checkInput, classifyCorbadoResponse, MAX_CORBADO_BODY_BYTES, normalizeSecret, verifyUrl } from "./logic";

export const FN = "verify-auth-challenge";
const EVENT = "verify_auth_challenge";

export interface VerifyDeps {
  /** The Corbado Backend API secret, base64(projectId:apiSecret). May reject (e.g. SsmError). */
  readonly getSecret: () => Promise<string>;
  /** What the Corbado call needs of config.ts's VerifyConfig. */
  readonly config: Pick<VerifyConfig, "backendApiUrl" | "timeoutMs" | "earlyReject">;
  /** Called when Corbado answers 401, so a rotated secret is re-read on the next invocation. */
  readonly invalidateSecret?: () => void;
  /** The transport of the Corbado call (default: ../shared/http's httpPost); for tests. */
  readonly post?: Post;
  /**
   * Opens the connection to Corbado while the secret is read; returns a function that closes it if the call did
   * not take it (index.ts: ../shared/http's preconnect). Without it, the call connects once the secret is known.
   */
  readonly preconnect?: (url: string) => () => void;
  /** The adoption counts (./counts.ts); without them nothing is counted. */
  readonly counts?: VerifyCounts;
}

/** What verify counts (docs/admin-api.md, "Writers"). Never rejects, never changes the answer. */
export interface VerifyCounts {
  /** An accepted answer, for the Cognito username: the user's first passkey login, if it is one. */
  readonly accepted: (username: string, log: Logger) => Promise<unknown>;
  /** A rejected answer, by its reason code. */
  readonly rejected: (reason: string, log: Logger) => Promise<unknown>;
}

export interface VerifyResponse {
  answerCorrect: boolean;
}

export type VerifyHandler = (event: unknown, context?: unknown) => Promise<TriggerResult<VerifyResponse>>;

const REJECT = (): VerifyResponse => ({ answerCorrect: false });

/** What one answer came to: accepted (for `username`), or the reason code it was rejected for. */
interface Verdict {
  readonly accepted?: boolean;
  readonly reason: string;
  readonly cause?: string;
  readonly status?: number;
  readonly corbadoMs?: number;
  readonly username?: string;
}

export function createVerifyAuthChallengeHandler(deps: VerifyDeps): VerifyHandler {
  return (event, context) =>
    runTrigger(event, context, {
      fn: FN,
      event: EVENT,
      failResponse: REJECT,
      body: async (log) => {
        const started = performance.now();
        const { accepted, reason, cause, status, corbadoMs, username } = await judge(event, deps);
        log[accepted ? "info" : "warn"]({
          event: EVENT,
          outcome: accepted ? "accepted" : "rejected",
          reason,
          cause,
          metrics: { durationMs: Math.round(performance.now() - started), status, corbadoMs },
        });
        // Counted after the Corbado call like the answer itself, so that counting costs an unknown user's answer
        // what it costs a real user's.
        if (accepted) await deps.counts?.accepted(username!, log);
        else await deps.counts?.rejected(reason, log);
        return { answerCorrect: accepted === true };
      },
    });
}

/** Checks the answer with Corbado. Never rejects: every failure is a reason code. */
async function judge(event: unknown, deps: VerifyDeps): Promise<Verdict> {
  const { config } = deps;
  if (!config.backendApiUrl) return { reason: "config_invalid" };
  const input = checkInput(event, config.earlyReject);
  if (!input.ok) return { reason: input.reason };

  const url = verifyUrl(config.backendApiUrl);
  // On a cold instance, connect to Corbado (TCP + TLS, no request byte) while the secret is read.
  const release = deps.preconnect?.(url);
  try {
    let secret: string | undefined;
    try {
      secret = normalizeSecret(await deps.getSecret());
    } catch (error) {
      return { reason: "secret_unavailable", cause: error instanceof SsmError ? error.reason : "secret_error" };
    }
    if (!secret) return { reason: "secret_unavailable", cause: "secret_malformed" };

    const callStarted = performance.now();
    let response: PostResponse;
    try {
      // Redirects are never followed (the credential must not travel elsewhere): a 3xx is a non-2xx status.
      response = await (deps.post ?? httpPost)({
        url,
        headers: {
          Authorization: `Basic ${secret}`,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        body: JSON.stringify({ signedPasskeyData: input.answer, username: input.username }),
        timeoutMs: config.timeoutMs,
        maxBodyBytes: MAX_CORBADO_BODY_BYTES,
      });
    } catch (error) {
      const timedOut = error instanceof HttpError && error.reason === "timeout";
      return {
        reason: input.deny ?? (timedOut ? "corbado_timeout" : "corbado_unreachable"),
        corbadoMs: Math.round(performance.now() - callStarted),
      };
    }
    const { status } = response;
    if (status === 401) deps.invalidateSecret?.();
    const verdict = classifyCorbadoResponse(status, response.body);
    return {
      accepted: !input.deny && verdict.correct,
      reason: input.deny ?? verdict.reason,
      status,
      corbadoMs: Math.round(performance.now() - callStarted),
      username: input.username,
    };
  } finally {
    release?.(); // closes that connection if the call did not take it (e.g. the secret read failed)
  }
}
