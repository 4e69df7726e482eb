/**
 * The self-service route (Lambda handler "index.handler", API Gateway HTTP API payload format 2.0): a signed-in
 * user's connect tokens for their own passkeys. See docs/login-page.md. The same app runs outside Lambda in
 * tools/local/self-service.ts.
 */
import { handle } from "hono/aws-lambda";
import { createSelfServiceFromEnv } from "./handler-factory";

// Configuration is read and the clients are built once per container (cold start).
export const handler = handle(createSelfServiceFromEnv(process.env));
