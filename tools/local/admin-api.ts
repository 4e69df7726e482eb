// The local adapter: the admin API's app (functions/admin-api/app.ts, the one the Lambda handler serves) over plain
// HTTP on loopback, configured through the same environment variables as in AWS. For the local stack and the
// console's end-to-end tests.
import { createAdminApiFromEnv, type FactoryOptions } from "../../functions/admin-api/handler-factory";
import type { Env } from "../../functions/shared/config-contract";
import { serveFetchLoopback } from "./http-util";

export interface RunningAdminApi {
  url: string;
  close(): Promise<void>;
}

export async function startAdminApi(
  env: Env,
  options: FactoryOptions & { host?: string; port?: number } = {},
): Promise<RunningAdminApi> {
  const app = createAdminApiFromEnv(env, options);
  const { url, close } = await serveFetchLoopback(app.fetch, options);
  return { url, close };
}
