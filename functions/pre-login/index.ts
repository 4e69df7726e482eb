/** Corbado pre-login action (Lambda handler "index.handler"); see docs/corbado-actions.md. */
import { createPreLoginHandlerFromEnv } from "./handler-factory";

// Configuration is read and the Cognito client created once per container (cold start).
export const handler = createPreLoginHandlerFromEnv(process.env);
