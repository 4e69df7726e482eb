// Loopback stand-in for the one AWS STS call this project makes: AssumeRole, as the Corbado actions' Cognito client
// calls it (fromTemporaryCredentials) to reach the customer's pool through the module's cross-account role. AWS Query
// protocol (POST /, form-encoded `Action=AssumeRole&Version=2011-06-15&...`), XML answers. It grants a session only for
// the one role it is told about and only with that role's external id, as the role's trust policy does; it refuses
// requests that are not SigV4-signed at all (it does not check signatures). The credentials it issues are random and
// valid for nothing but the other stand-ins, which do not check them either.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { listenLoopback, readBody, type ListenOptions } from "./http-util";

export interface StsStandinOptions extends ListenOptions {
  /** The one role that may be assumed (the module's `corbado_actions_role_arn`). */
  roleArn: string;
  /** The external id its trust policy requires. */
  externalId: string;
  /** The longest session the role allows (default 3600 s, the module's role). */
  maxSessionSeconds?: number;
  clock?: () => number;
}

export interface AssumedSession {
  roleSessionName: string;
  accessKeyId: string;
  expires: number;
}

export interface StsRequestRecord {
  action: string;
  /** AssumeRole's answer: the session's access key id, or the error code. */
  outcome: string;
}

export interface StsStandin {
  url: string;
  requests: StsRequestRecord[];
  /** Sessions issued, oldest first. */
  sessions: AssumedSession[];
  close(): Promise<void>;
}

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const SESSION_NAME_RE = /^[\w+=,.@-]{2,64}$/;

const xmlEscape = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(xml) });
  res.end(xml);
}

function errorXml(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

export async function startStsStandin(opts: StsStandinOptions): Promise<StsStandin> {
  const clock = opts.clock ?? Date.now;
  const maxSessionSeconds = opts.maxSessionSeconds ?? 3600;
  const requests: StsRequestRecord[] = [];
  const sessions: AssumedSession[] = [];
  const roleName = opts.roleArn.slice(opts.roleArn.lastIndexOf("/") + 1);
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(opts.roleArn)?.[1] ?? "000000000000";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fail = (status: number, action: string, code: string, message: string) => {
      requests.push({ action, outcome: code });
      sendXml(res, status, errorXml(code, message));
    };
    const text = await readBody(req, 64 * 1024);
    const form = new URLSearchParams(text);
    const action = form.get("Action") ?? "";
    if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") {
      return fail(404, action, "InvalidAction", "Only POST / is served.");
    }
    if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
      return fail(403, action, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    if (action !== "AssumeRole") return fail(400, action, "InvalidAction", "The stand-in serves AssumeRole only.");
    const roleArn = form.get("RoleArn") ?? "";
    const sessionName = form.get("RoleSessionName") ?? "";
    const duration = Number(form.get("DurationSeconds") ?? "3600");
    if (!SESSION_NAME_RE.test(sessionName)) {
      return fail(400, action, "ValidationError", "RoleSessionName must be 2-64 characters of [\\w+=,.@-].");
    }
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      return fail(400, action, "ValidationError", "DurationSeconds must be between 900 and 43200.");
    }
    // What the role's trust policy decides: only this role, only with its external id.
    if (roleArn !== opts.roleArn || form.get("ExternalId") !== opts.externalId) {
      return fail(403, action, "AccessDenied", "User is not authorized to perform: sts:AssumeRole on this resource.");
    }
    if (duration > maxSessionSeconds) {
      return fail(
        400,
        action,
        "ValidationError",
        "The requested DurationSeconds exceeds the role's MaxSessionDuration.",
      );
    }
    const accessKeyId = `ASIA${randomBytes(8).toString("hex").toUpperCase()}`;
    const expires = clock() + duration * 1000;
    sessions.push({ roleSessionName: sessionName, accessKeyId, expires });
    requests.push({ action, outcome: accessKeyId });
    sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>` +
        `<AssumedRoleUser><AssumedRoleId>AROALOCALSTANDIN:${sessionName}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(roleName)}/${sessionName}</Arn></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>${randomBytes(30).toString("base64")}</SecretAccessKey>` +
        `<SessionToken>${randomBytes(96).toString("base64")}</SessionToken>` +
        `<Expiration>${new Date(expires).toISOString()}</Expiration></Credentials>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
        `</AssumeRoleResponse>`,
    );
  }

  const running = await listenLoopback((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendXml(res, 500, errorXml("InternalFailure", "Stand-in failure."));
      else res.destroy();
    });
  }, opts);
  return { url: running.url, requests, sessions, close: () => running.close() };
}
