// The local adapter: the self-service route's app (functions/self-service/app.ts, the one the Lambda handler serves)
// over plain HTTP on loopback, configured through the same environment variables as in AWS. In AWS it is its own
// function behind the same HTTP API as the admin API; locally withSelfService mounts both under one origin, or
// startSelfService runs this one alone. For the local stack, the sample login page and their tests.
import { createSelfServiceFromEnv, type FactoryOptions } from "../../functions/self-service/handler-factory";
import type { Env } from "../../functions/shared/config-contract";
import { serveFetchLoopback } from "./http-util";

export interface RunningSelfService {
  url: string;
  close(): Promise<void>;
}

/** The app's fetch handler, for a local server that routes `/v1/self/*` here and the rest to the admin API. */
export function selfServiceFetch(env: Env, options: FactoryOptions = {}): (request: Request) => Promise<Response> {
  const app = createSelfServiceFromEnv(env, options);
  return async (request) => app.fetch(request);
}

/** The path prefix the self-service function owns on the shared HTTP API (API Gateway routes it to that Lambda). */
export const SELF_SERVICE_PREFIX = "/v1/self/";

/**
 * One origin for two functions, as API Gateway's routes make it in AWS: `/v1/self/*` goes to the self-service
 * route, everything else to `rest` (the admin API's app.fetch).
 */
export function withSelfService(
  selfService: (request: Request) => Promise<Response>,
  rest: (request: Request) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) =>
    new URL(request.url).pathname.startsWith(SELF_SERVICE_PREFIX) ? selfService(request) : rest(request);
}

export async function startSelfService(
  env: Env,
  options: FactoryOptions & { host?: string; port?: number } = {},
): Promise<RunningSelfService> {
  const app = createSelfServiceFromEnv(env, options);
  const { url, close } = await serveFetchLoopback(app.fetch, options);
  return { url, close };
}
