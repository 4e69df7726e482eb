/**
 * verify-auth-challenge, built from its dependencies so that tests and the benchmark can inject how the Corbado
 * secret is read (index.ts: ../shared/ssm's SigV4-signed GetParameter + TTL cache; the benchmark's baseline:
 * @aws-sdk/client-ssm, no cache) and, for tests, the HTTP transport of the Corbado call.
 */
import type { TriggerResult } from "../shared/cognito-events";
import { HttpError, httpPost, type Post } from "../shared/http";
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
}

export interface VerifyResponse {
  answerCorrect: boolean;
}

export type VerifyHandler = (event: unknown, context?: unknown) => Promise<TriggerResult<VerifyResponse>>;

const REJECT = (): VerifyResponse => ({ answerCorrect: false });

export function createVerifyAuthChallengeHandler(deps: VerifyDeps): VerifyHandler {
  const { config } = deps;
  const post = deps.post ?? httpPost;

  return (event, context) =>
    runTrigger(event, context, {
      fn: FN,
      event: EVENT,
      failResponse: REJECT,
      body: async (log) => {
        const started = performance.now();
        const reject = (reason: string, extra: { cause?: string; status?: number; corbadoMs?: number } = {}) => {
          log.warn({
            event: EVENT,
            outcome: "rejected",
            reason,
            ...(extra.cause ? { cause: extra.cause } : {}),
            metrics: {
              durationMs: Math.round(performance.now() - started),
              ...(extra.status !== undefined ? { status: extra.status } : {}),
              ...(extra.corbadoMs !== undefined ? { corbadoMs: extra.corbadoMs } : {}),
            },
          });
          return REJECT();
        };

        if (!config.backendApiUrl) return reject("config_invalid");
        const input = checkInput(event, config.earlyReject);
        if (!input.ok) return reject(input.reason);

        const url = verifyUrl(config.backendApiUrl);
        // On a cold instance, connect to Corbado (TCP + TLS, no request byte) while the secret is read.
        const release = deps.preconnect?.(url);
        try {
          let secret: string | undefined;
          try {
            secret = normalizeSecret(await deps.getSecret());
          } catch (error) {
            return reject("secret_unavailable", { cause: error instanceof SsmError ? error.reason : "secret_error" });
          }
          if (!secret) return reject("secret_unavailable", { cause: "secret_malformed" });

          const callStarted = performance.now();
          let status: number;
          let body: string | undefined;
          try {
            // Redirects are never followed (the credential must not travel elsewhere): a 3xx is a non-2xx status.
            const res = await post({
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
            status = res.status;
            body = res.body;
          } catch (error) {
            const corbadoMs = Math.round(performance.now() - callStarted);
            const timedOut = error instanceof HttpError && error.reason === "timeout";
            return reject(input.deny ?? (timedOut ? "corbado_timeout" : "corbado_unreachable"), { corbadoMs });
          }
          const corbadoMs = Math.round(performance.now() - callStarted);
          if (status === 401) deps.invalidateSecret?.();
          const verdict = classifyCorbadoResponse(status, body);
          if (input.deny) return reject(input.deny, { status, corbadoMs });
          if (!verdict.correct) return reject(verdict.reason, { status, corbadoMs });

          log.info({
            event: EVENT,
            outcome: "accepted",
            reason: verdict.reason,
            metrics: { durationMs: Math.round(performance.now() - started), status, corbadoMs },
          });
          return { answerCorrect: true };
        } finally {
          release?.(); // closes that connection if the call did not take it (e.g. the secret read failed)
        }
      },
    });
}
