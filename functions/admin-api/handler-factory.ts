/**
 * Builds the admin API from the environment, once per container: configuration (config.ts), the AWS calls, the
 * token verifier and the Corbado client. An invalid configuration yields an app that answers every request
 * 500 config_invalid; each problem is logged once here, as a code naming the variable.
 */
import type { Env } from "../shared/config-contract";
import type { Post } from "../shared/http";
import { createAdminApp, createMisconfiguredApp, type AdminApp } from "./app";
import { createTokenVerifier } from "./auth";
import { createAwsCall } from "../api-shared/aws";
import { loadAdminApiConfig } from "./config";
import { createCorbadoClient } from "./corbado";
import { createSecretReader } from "../api-shared/parameters";
import { iamReportReader } from "./iam-report";

export interface FactoryOptions {
  /** Transport of every AWS and Corbado call (tests). */
  readonly post?: Post;
  /** Where log lines go (default stdout). */
  readonly logSink?: (line: string) => void;
  readonly now?: () => number;
}

export function createAdminApiFromEnv(env: Env, options: FactoryOptions = {}): AdminApp {
  const sink = options.logSink ?? ((line: string) => console.log(line));
  const loaded = loadAdminApiConfig(env);
  if (!loaded.ok) {
    for (const problem of loaded.problems) {
      sink(
        JSON.stringify({
          time: new Date().toISOString(),
          level: "error",
          fn: "admin-api",
          event: "config_invalid",
          cause: problem,
        }),
      );
    }
    return createMisconfiguredApp();
  }
  const { config } = loaded;
  const aws = createAwsCall(
    {
      ssm: config.ssm,
      ...(config.console ? { cognito: config.console.cognito, dynamodb: config.console.dynamodb } : {}),
    },
    options.post,
  );
  const iamReport = iamReportReader();
  const c = config.console;
  if (!c)
    return createAdminApp({ config, aws, iamReport, logSink: sink, ...(options.now ? { now: options.now } : {}) });
  const secret = createSecretReader(aws, c.corbadoSecretParameter, c.secretCacheTtlMs);
  return createAdminApp({
    config,
    aws,
    iamReport,
    logSink: sink,
    ...(options.now ? { now: options.now } : {}),
    verifyToken: createTokenVerifier({
      issuer: c.issuer,
      jwksUri: c.jwksUri,
      clientIds: c.clientIds,
      jwksTimeoutMs: config.upstreamTimeoutMs,
    }),
    corbado: createCorbadoClient({
      backendApiUrl: c.corbadoBackendApiUrl,
      frontendApiUrl: c.corbadoFrontendApiUrl,
      projectId: c.corbadoProjectId,
      getSecret: (deadline) => secret.get(deadline),
      invalidateSecret: () => secret.invalidate(),
      tokenLifetimeSeconds: c.connectTokenLifetimeSeconds,
      ...(options.post ? { post: options.post } : {}),
    }),
  });
}
