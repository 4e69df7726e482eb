/**
 * The admin API (Lambda handler "index.handler", API Gateway HTTP API payload format 2.0). See docs/admin-api.md.
 * The same app runs outside Lambda in tools/local/admin-api.ts.
 */
import { handle } from "hono/aws-lambda";
import { createAdminApiFromEnv } from "./handler-factory";

// Configuration is read and the clients are built once per container (cold start).
export const handler = handle(createAdminApiFromEnv(process.env));
