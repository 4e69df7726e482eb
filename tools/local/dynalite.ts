// dynalite (npm, an in-process DynamoDB emulator on LevelDB in memory) on loopback, with the admin API's tables.
// dynalite has no TransactWriteItems and no UpdateTimeToLive (so items never expire here), which is why every
// write in this project is a single conditional request. Used by specs and the local stack.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { callAwsJson, type AwsEndpoint } from "../../functions/shared/aws-json";
import { createTableRequest } from "../../functions/admin-api/tables";
import { assertLoopback } from "./http-util";

export interface RunningDynalite {
  url: string;
  /** Signing settings for this endpoint (dynalite requires a SigV4 header but does not check it). */
  endpoint: AwsEndpoint;
  /** Creates a table with the admin API's key schema (pk/sk); resolves once it is ACTIVE. */
  createTable(name: string): Promise<void>;
  /** Requests received so far per operation (x-amz-target without its prefix): what the bench counts. */
  readonly requestCounts: Map<string, number>;
  /** One DynamoDB JSON 1.0 call (e.g. "Scan"), for specs that look at raw items. */
  call(operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

type DynaliteFactory = (options: Record<string, unknown>) => Server;

/** `path`: keep the tables in a LevelDB folder there (the local stack's state) instead of memory. */
export async function startDynalite(
  opts: { host?: string; port?: number; path?: string } = {},
): Promise<RunningDynalite> {
  const host = opts.host ?? "127.0.0.1";
  assertLoopback(host);
  const dynalite = createRequire(import.meta.url)("dynalite") as DynaliteFactory;
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.path ? { path: opts.path } : {}),
  });
  // Counts, not a log: the local stack's dynalite runs for hours.
  const requestCounts = new Map<string, number>();
  server.on("request", (req: { headers: Record<string, string | string[] | undefined> }) => {
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    requestCounts.set(operation, (requestCounts.get(operation) ?? 0) + 1);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const endpoint: AwsEndpoint = { endpoint: url, region: "us-east-1", accessKeyId: "local", secretAccessKey: "local" };
  const call = (operation: string, body: Record<string, unknown>) =>
    callAwsJson({
      endpoint,
      service: "dynamodb",
      target: `DynamoDB_20120810.${operation}`,
      jsonVersion: "1.0",
      body,
      timeoutMs: 10_000,
    });
  let closing: Promise<void> | undefined;
  return {
    url,
    endpoint,
    requestCounts,
    call,
    async createTable(name) {
      await call("CreateTable", createTableRequest(name));
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
