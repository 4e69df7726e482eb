/**
 * Cognito "Post authentication" trigger (optional): counts every successful login. See docs/admin-api.md,
 * "Writers".
 */
import { postAuthenticationConfigFromEnv } from "./config";
import { createPostAuthenticationHandler } from "./handler-factory";

// Configuration is read once per container (cold start).
export const handler = createPostAuthenticationHandler(postAuthenticationConfigFromEnv(process.env));
