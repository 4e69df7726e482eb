// Loopback stand-in for the two AWS Systems Manager Parameter Store calls this project makes, speaking the
// SSM JSON 1.1 wire protocol (POST /, X-Amz-Target: AmazonSSM.<Operation>, application/x-amz-json-1.1).
// It does not verify SigV4 signatures, but it refuses requests that are not SigV4-signed at all, so a client
// that forgets to sign fails here as it would against AWS. Nothing here talks to AWS.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isObject } from "../../functions/shared/cognito-events";
import {
  BodyTooLargeError,
  GARBAGE_BODY,
  listenLoopback,
  parseJson,
  readBody,
  sendJson,
  sleep,
  type ListenOptions,
} from "./http-util";

export type SsmParameterType = "SecureString" | "String" | "StringList";

export type SsmFault = { kind: "status"; status: number } | { kind: "delay"; ms: number } | { kind: "garbage" };

export interface SsmRequestRecord {
  /** The operation from X-Amz-Target, e.g. "AmazonSSM.GetParameter" (empty when the header was missing). */
  target: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

export interface SsmStandin {
  url: string;
  /** Stores (or overwrites) a parameter directly, bumping its version like PutParameter with Overwrite. */
  put(name: string, value: string, type?: SsmParameterType): void;
  /** Makes every following request fail in the given way; call without an argument to clear it. */
  setFault(fault?: SsmFault): void;
  requests: SsmRequestRecord[];
  close(): Promise<void>;
}

interface StoredParameter {
  name: string;
  type: SsmParameterType;
  value: string;
  version: number;
  lastModified: number;
}

const JSON_11 = "application/x-amz-json-1.1";
const NAME_PATTERN = /^[a-zA-Z0-9_.\-/]{1,2048}$/;
const ACCOUNT_ID = "000000000000";

function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { __type: type, message }, JSON_11, { "x-amzn-ErrorType": type });
}

/** Region from a SigV4 credential scope (`Credential=AKID/20260101/eu-west-1/ssm/aws4_request`). */
function regionFromAuthorization(auth: string): string {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/ssm\/aws4_request/.exec(auth);
  return match?.[1] ?? "us-east-1";
}

export interface SsmStandinOptions extends ListenOptions {
  /** Where the parameters are kept across restarts (a JSON file rewritten on every change); default memory only. */
  stateFile?: string;
}

export async function startSsmStandin(opts: SsmStandinOptions = {}): Promise<SsmStandin> {
  const parameters = new Map<string, StoredParameter>();
  const { stateFile } = opts;
  if (stateFile && existsSync(stateFile)) {
    for (const p of JSON.parse(readFileSync(stateFile, "utf8")) as StoredParameter[]) parameters.set(p.name, p);
  }
  const requests: SsmRequestRecord[] = [];
  let fault: SsmFault | undefined;

  function store(name: string, value: string, type: SsmParameterType): StoredParameter {
    const previous = parameters.get(name);
    const parameter: StoredParameter = {
      name,
      type,
      value,
      version: (previous?.version ?? 0) + 1,
      lastModified: Date.now() / 1000,
    };
    parameters.set(name, parameter);
    if (stateFile) {
      writeFileSync(`${stateFile}.tmp`, JSON.stringify([...parameters.values()]));
      renameSync(`${stateFile}.tmp`, stateFile);
    }
    return parameter;
  }

  function arn(region: string, name: string): string {
    return `arn:aws:ssm:${region}:${ACCOUNT_ID}:parameter${name.startsWith("/") ? "" : "/"}${name}`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return awsError(res, 413, "RequestEntityTooLarge", err.message);
      throw err;
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    const body = parseJson(text);
    requests.push({ target, body: body === undefined ? text : body });

    const activeFault = fault;
    if (activeFault?.kind === "delay") await sleep(activeFault.ms);
    if (activeFault?.kind === "status") {
      return awsError(res, activeFault.status, "InternalServerError", "Injected fault from the SSM stand-in.");
    }
    if (activeFault?.kind === "garbage") {
      res.writeHead(200, { "Content-Type": JSON_11 });
      res.end(GARBAGE_BODY);
      return;
    }

    if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") {
      return awsError(res, 404, "UnknownOperationException", "Only POST / is served.");
    }
    const auth = String(req.headers.authorization ?? "");
    if (!auth.startsWith("AWS4-HMAC-SHA256 ")) {
      return awsError(res, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    if (!String(req.headers["content-type"] ?? "").startsWith(JSON_11)) {
      return awsError(res, 400, "SerializationException", `Content-Type must be ${JSON_11}.`);
    }
    if (!isObject(body)) {
      return awsError(res, 400, "SerializationException", "Request body is not a JSON object.");
    }
    const region = regionFromAuthorization(auth);

    switch (target) {
      case "AmazonSSM.GetParameter": {
        const name = body.Name;
        if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
          return awsError(res, 400, "ValidationException", "1 validation error detected: Value at 'name' failed.");
        }
        if (body.WithDecryption !== undefined && typeof body.WithDecryption !== "boolean") {
          return awsError(res, 400, "SerializationException", "WithDecryption must be a boolean.");
        }
        const parameter = parameters.get(name);
        if (!parameter) return awsError(res, 400, "ParameterNotFound", `Parameter ${name} not found.`);
        const decrypt = body.WithDecryption === true;
        // Without decryption AWS returns the KMS ciphertext of a SecureString, never its plaintext.
        const value =
          parameter.type === "SecureString" && !decrypt
            ? Buffer.from(`standin-ciphertext:${randomBytes(8).toString("hex")}`).toString("base64")
            : parameter.value;
        return sendJson(
          res,
          200,
          {
            Parameter: {
              ARN: arn(region, parameter.name),
              DataType: "text",
              LastModifiedDate: parameter.lastModified,
              Name: parameter.name,
              Type: parameter.type,
              Value: value,
              Version: parameter.version,
            },
          },
          JSON_11,
        );
      }
      case "AmazonSSM.PutParameter": {
        const { Name: name, Value: value, Type: type, Overwrite: overwrite } = body;
        if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
          return awsError(res, 400, "ValidationException", "1 validation error detected: Value at 'name' failed.");
        }
        if (typeof value !== "string" || value.length === 0) {
          return awsError(res, 400, "ValidationException", "1 validation error detected: Value at 'value' failed.");
        }
        if (overwrite !== undefined && typeof overwrite !== "boolean") {
          return awsError(res, 400, "SerializationException", "Overwrite must be a boolean.");
        }
        const existing = parameters.get(name);
        if (existing && overwrite !== true) {
          return awsError(res, 400, "ParameterAlreadyExists", "The parameter already exists.");
        }
        const resolvedType = type ?? existing?.type;
        if (resolvedType !== "String" && resolvedType !== "SecureString" && resolvedType !== "StringList") {
          return awsError(res, 400, "ValidationException", "A parameter type is required when you create one.");
        }
        const stored = store(name, value, resolvedType);
        return sendJson(res, 200, { Version: stored.version, Tier: "Standard" }, JSON_11);
      }
      default:
        return awsError(res, 400, "UnknownOperationException", "The operation is not supported by the stand-in.");
    }
  }

  const running = await listenLoopback(
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) awsError(res, 500, "InternalServerError", "Stand-in failure.");
        else res.destroy();
      });
    },
    {
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
    },
  );

  return {
    url: running.url,
    put(name, value, type = "SecureString") {
      store(name, value, type);
    },
    setFault(next) {
      fault = next;
    },
    requests,
    close: () => running.close(),
  };
}
