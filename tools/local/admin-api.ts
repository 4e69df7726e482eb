// The local adapter: the admin API's app (functions/admin-api/app.ts, the one the Lambda handler serves) over plain
// HTTP on loopback, configured through the same environment variables as in AWS. For the local stack and the
// console's end-to-end tests.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { createAdminApiFromEnv, type FactoryOptions } from "../../functions/admin-api/handler-factory";
import type { Env } from "../../functions/shared/config-contract";
import { assertLoopback } from "./http-util";

export interface RunningAdminApi {
  url: string;
  close(): Promise<void>;
}

export async function startAdminApi(
  env: Env,
  options: FactoryOptions & { host?: string; port?: number } = {},
): Promise<RunningAdminApi> {
  const host = options.host ?? "127.0.0.1";
  assertLoopback(host);
  const app = createAdminApiFromEnv(env, options);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
