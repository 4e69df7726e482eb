/**
 * Guard against settings this build cannot see.
 *
 * The SDK drops JSON members its model does not know. If AWS adds a pool setting after this function
 * was built, DescribeUserPool would return it, the SDK would drop it, our UpdateUserPool would omit it
 * and Cognito would reset it to its default. To fail closed instead, the client keeps the raw
 * DescribeUserPool body and the handler compares it with the parsed output: any member the SDK dropped
 * stops the run before anything is written.
 */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { isObject } from "../shared/cognito-events";

/** DescribeUserPool returned members this build does not understand. Nothing was changed. */
export class UnknownSettingsError extends Error {
  override readonly name = "UnknownSettingsError";
  constructor(
    readonly userPoolId: string,
    readonly paths: readonly string[],
  ) {
    super(
      `User pool ${userPoolId}: DescribeUserPool returned settings this version of the attach step does not know ` +
        `(${paths.join(", ")}). UpdateUserPool would reset them, so nothing was changed. ` +
        "Upgrade the module (its AWS SDK) to a version that knows these settings.",
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !(value instanceof Date);
}

/**
 * JSON paths present in `raw` (the wire JSON) but missing from `parsed` (the SDK's output for it).
 * Values the SDK converts (epoch seconds to Date) are leaves and compare as present.
 */
export function droppedMembers(raw: unknown, parsed: unknown, path = ""): string[] {
  if (Array.isArray(raw)) {
    if (!Array.isArray(parsed)) return [];
    return raw.flatMap((item, i) => droppedMembers(item, parsed[i], `${path}[${i}]`));
  }
  if (!isRecord(raw) || !isRecord(parsed)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const at = path ? `${path}.${key}` : key;
    if (value === null) continue;
    if (!(key in parsed) || parsed[key] === undefined) out.push(at);
    else out.push(...droppedMembers(value, parsed[key], at));
  }
  return out;
}

const RAW_KEY = Symbol.for("corbado-cognito.pool-attach.rawDescribe");

/** The raw DescribeUserPool JSON kept by `keepRawDescribeUserPool`, if any. */
export function rawDescribeOf(output: object): unknown {
  return (output as Record<symbol, unknown>)[RAW_KEY];
}

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Adds two middlewares: one next to the HTTP response (inside the deserializer) that buffers the
 * DescribeUserPool body, and one around the command that attaches the parsed raw JSON to the output
 * under a symbol (invisible to JSON.stringify and to the SDK).
 */
export function keepRawDescribeUserPool(client: CognitoIdentityProviderClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== "DescribeUserPoolCommand") return result;
      const response = result.response as { statusCode?: number; body?: unknown };
      if (response.statusCode !== 200 || response.body === undefined) return result;
      const bytes = await readBody(response.body);
      response.body = bytes;
      try {
        (context as Record<symbol, unknown>)[RAW_KEY] = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        // Not JSON: the deserializer reports it.
      }
      return result;
    },
    { step: "deserialize", priority: "low", name: "poolAttachKeepRawBody" },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const raw = (context as Record<symbol, unknown>)[RAW_KEY];
      if (raw !== undefined && typeof result.output === "object" && result.output !== null) {
        Object.defineProperty(result.output, RAW_KEY, { value: raw, enumerable: false });
      }
      return result;
    },
    { step: "initialize", priority: "high", name: "poolAttachExposeRawBody" },
  );
}
