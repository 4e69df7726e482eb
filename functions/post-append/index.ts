/** Corbado post-append action (Lambda handler "index.handler"); see docs/corbado-actions.md. */
import { createPostAppendHandlerFromEnv } from "./handler-factory";

// Configuration is read and the Cognito client created once per container (cold start).
export const handler = createPostAppendHandlerFromEnv(process.env);
