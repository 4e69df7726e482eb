/**
 * Builds the self-service app from the environment, once per container: configuration (config.ts), the AWS calls,
 * the token verifier and the connect-token minter. An invalid configuration yields an app that answers every
 * request 500 config_invalid; each problem is logged once here, as a code naming the variable.
 */
import type { Env } from "../shared/config-contract";
import type { Post } from "../shared/http";
import { createAwsCall } from "../api-shared/aws";
import { createConnectTokenMinter } from "../api-shared/corbado";
import { createSecretReader } from "../api-shared/parameters";
import { createMisconfiguredApp, createSelfServiceApp, type SelfServiceApp } from "./app";
import { createSelfTokenVerifier } from "./auth";
import { loadSelfServiceConfig } from "./config";

export interface FactoryOptions {
  /** Transport of every AWS and Corbado call (tests). */
  readonly post?: Post;
  /** Where log lines go (default stdout). */
  readonly logSink?: (line: string) => void;
  readonly now?: () => number;
}

export function createSelfServiceFromEnv(env: Env, options: FactoryOptions = {}): SelfServiceApp {
  const sink = options.logSink ?? ((line: string) => console.log(line));
  const loaded = loadSelfServiceConfig(env);
  if (!loaded.ok) {
    for (const problem of loaded.problems) {
      sink(
        JSON.stringify({
          time: new Date().toISOString(),
          level: "error",
          fn: "self-service",
          event: "config_invalid",
          cause: problem,
        }),
      );
    }
    return createMisconfiguredApp();
  }
  const { config } = loaded;
  const aws = createAwsCall({ cognito: config.cognito, ssm: config.ssm, dynamodb: config.dynamodb }, options.post);
  const secret = createSecretReader(aws, config.corbadoSecretParameter, config.secretCacheTtlMs);
  return createSelfServiceApp({
    config,
    aws,
    logSink: sink,
    ...(options.now ? { now: options.now } : {}),
    verifyToken: createSelfTokenVerifier({
      issuer: config.issuer,
      jwksUri: config.jwksUri,
      clientIds: config.clientIds,
      tokenUses: config.tokenUses,
      jwksTimeoutMs: config.upstreamTimeoutMs,
    }),
    mint: createConnectTokenMinter({
      backendApiUrl: config.corbadoBackendApiUrl,
      getSecret: (deadline) => secret.get(deadline),
      invalidateSecret: () => secret.invalidate(),
      lifetimeSeconds: config.connectTokenLifetimeSeconds,
      ...(options.post ? { post: options.post } : {}),
    }),
  });
}
