// The whole product on loopback, seeded: `startLocalStack` starts every part `npm start` runs and the end-to-end
// tests use, and stops them all with close(). One process (the functions run in it, configured through their AWS
// environment variables) plus cognito-local as a child process; every listener on 127.0.0.1.
//
//   sample login page   static (tools/local/login-page/) + docs/login-page/passkeys.js + its config.json
//   console             the production build (dist/dashboard/browser) + its config.json
//   API                 the admin API's local adapter (and the self-service route under /v1/self/, one origin)
//   console sign-in     oidc-provider in the console pool's place (./console-identity.ts)
//   Cognito             the customer pool: cognito-local behind the front running the real triggers (../cognito-pool.ts)
//   Corbado             the stand-in: Backend API, connect login/append/manage with WebAuthn, the actions (../corbado-*.ts)
//   SSM, STS, DynamoDB  the stand-ins and dynalite
//
// State lives in one folder (./state.ts); the first start seeds it (./seed.ts) in batches: the pool's store file is
// written before cognito-local starts, DynamoDB gets BatchWriteItem requests of 25, Corbado's store one file write.
import path from "node:path";
import { writeFile, rm } from "node:fs/promises";
import { loadAdminApiConfig } from "../../../functions/admin-api/config";
import { consoleSecurityHeaders } from "../../../infra/constructs/console-headers";
import { createAdminApiFromEnv } from "../../../functions/admin-api/handler-factory";
import { createTableRequest } from "../../../functions/admin-api/tables";
import { loadSelfServiceConfig } from "../../../functions/self-service/config";
import { COUNTER_SHARDS, counterPk, MARKER_SK, markerPk, TOTAL_SK } from "../../../functions/shared/adoption-counters";
import { startCustomerPool, writeCognitoStore, type CustomerPool } from "../cognito-pool";
import { startConsoleIdentity, type ConsoleIdentity } from "../console-identity";
import { CONNECT_WEB_PATH, startCorbadoStandin, type CorbadoStandin } from "../corbado-standin";
import { createCorbadoStore } from "../corbado-store";
import { startDynalite, type RunningDynalite } from "../dynalite";
import { serveFetchLoopback, type RunningServer } from "../http-util";
import { LOGIN_SETTINGS_PARAMETER, LOGIN_SETTINGS_VALUE, SECRET_PARAMETER } from "../login-stack";
import { selfServiceFetch, withSelfService } from "../self-service";
import { startSsmStandin, type SsmStandin } from "../ssm-standin";
import { startStsStandin, type StsStandin } from "../sts-standin";
import { ensureConsoleBuild, type ConsoleBuild } from "./console-build";
import {
  actionsEnvironment,
  adminApiEnvironment,
  importHandlers,
  selfServiceEnvironment,
  triggersEnvironment,
  unionEnvironment,
  type StackWiring,
} from "./functions";
import { allocatePorts, DEFAULT_PORT_BASE, type Service } from "./ports";
import { buildSeed, DEMO_USERS, type Seed } from "./seed";
import { startStaticServer } from "./static-server";
import {
  clearState,
  DEFAULT_STATE_DIR,
  newIdentity,
  readIdentity,
  REPO_ROOT,
  statePaths,
  writeIdentity,
  type StackIdentity,
} from "./state";

export interface LocalStackOptions {
  /** Default: .local-stack/ at the repository's root. */
  stateDir?: string;
  /** Ports base..base+9 (default 4400); 0: free ports the system picks. */
  portBase?: number;
  /** Start from an empty state folder (seeded again). */
  reset?: boolean;
  /** "skip": no console build and no console server (specs that do not need it). Default "build". */
  console?: "build" | "skip";
  /** Progress lines while starting. */
  log?: (line: string) => void;
  /** Where the API's log lines go (default stdout, as the functions' own). */
  apiLog?: (line: string) => void;
  /** What cognito-local prints (the codes it would send by SMS or e-mail are there). */
  onCognitoLocalOutput?: (chunk: string) => void;
  /** The SMS codes the Cognito front "sends" for its own SMS_MFA step (../cognito-pool.ts). */
  onSmsCode?: (destination: string, code: string) => void;
}

export interface LocalStackUrls {
  loginPage: string;
  console: string;
  api: string;
  consoleIssuer: string;
  cognito: string;
  cognitoIssuer: string;
  cognitoJwks: string;
  corbado: string;
  ssm: string;
  dynamodb: string;
  sts: string;
  cognitoLocal: string;
}

export interface LocalStack {
  urls: LocalStackUrls;
  credentials: {
    console: { username: string; password: string; groups: string[] }[];
    /** Every seeded customer signs in with this password. */
    customerPassword: string;
    customers: { email: string; purpose: string }[];
  };
  ids: {
    userPoolId: string;
    passwordClientId: string;
    passkeyClientId: string;
    consolePoolId: string;
    consoleClientId: string;
    corbadoProjectId: string;
  };
  stateDir: string;
  /** Whether this start seeded the state (a first start or --reset). */
  seeded: boolean;
  /** What the seed holds (first start only). */
  seedCounts?: { users: number; passkeys: number; passkeyUsers: number; days: number };
  timings: { totalMs: number; seedMs?: number; console?: ConsoleBuild };
  /** Processes the stack runs: this one and cognito-local. */
  pids: number[];
  /** The parts, for tests and tools that look inside. */
  parts: {
    pool: CustomerPool;
    corbado: CorbadoStandin;
    ssm: SsmStandin;
    db: RunningDynalite;
    sts: StsStandin;
    consoleIdentity: ConsoleIdentity;
  };
  close(): Promise<void>;
}

const LOCAL_ORIGIN = (port: number) => `http://127.0.0.1:${port}`;

/** The pages people open use `localhost`: WebAuthn needs a domain as relying party id, and localhost is one. */
const PAGE_ORIGIN = (port: number) => `http://localhost:${port}`;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const paths = statePaths(stateDir);
  const ports = await allocatePorts(options.portBase ?? DEFAULT_PORT_BASE);

  // The console build is the long pole on a fresh machine: it runs while everything else starts.
  const consoleBuild = options.console === "skip" ? undefined : ensureConsoleBuild(log);
  consoleBuild?.catch(() => undefined);

  if (options.reset) await clearState(stateDir);
  let identity = await readIdentity(stateDir);
  const seeded = identity === undefined;
  let seed: Seed | undefined;
  let seedMs: number | undefined;
  if (!identity) {
    await clearState(stateDir);
    await writeFile(paths.seeding, "");
    identity = newIdentity();
    const seedStarted = Date.now();
    seed = buildSeed({ now: started, password: identity.customerPassword });
    await writeCognitoStore(paths.cognito, {
      poolId: identity.customerPool.poolId,
      name: "customers",
      usernameAttributes: ["email"],
      mfaConfiguration: "OPTIONAL",
      created: started - 800 * 86_400_000,
      clients: [
        {
          clientId: identity.customerPool.webClientId,
          name: "customer-web",
          explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
        {
          clientId: identity.customerPool.passkeyClientId,
          name: "corbado-passkeys-login",
          explicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
      ],
      users: seed.users,
    });
    seedMs = Date.now() - seedStarted;
  }
  const id: StackIdentity = identity;

  const url = (service: Service) => LOCAL_ORIGIN(ports[service]);
  const urls: LocalStackUrls = {
    loginPage: PAGE_ORIGIN(ports.loginPage),
    console: PAGE_ORIGIN(ports.console),
    api: url("api"),
    consoleIssuer: `${url("consoleIdentity")}/${id.consolePool.poolId}`,
    cognito: url("cognito"),
    cognitoIssuer: `${url("cognito")}/${id.customerPool.poolId}`,
    cognitoJwks: `${url("cognito")}/${id.customerPool.poolId}/.well-known/jwks.json`,
    corbado: url("corbado"),
    ssm: url("ssm"),
    dynamodb: url("dynamodb"),
    sts: url("sts"),
    cognitoLocal: url("cognitoLocal"),
  };
  const wiring: StackWiring = {
    region: id.region,
    userPoolId: id.customerPool.poolId,
    cognitoUrl: urls.cognito,
    ssmUrl: urls.ssm,
    dynamodbUrl: urls.dynamodb,
    stsUrl: urls.sts,
    corbadoUrl: urls.corbado,
    corbadoProjectId: id.corbado.projectId,
    actionsRoleArn: id.actions.roleArn,
    actionsExternalId: id.actions.externalId,
    tables: id.tables,
    consoleIssuer: urls.consoleIssuer,
    consoleClientId: id.consolePool.clientId,
    consoleOrigin: urls.console,
    loginPageOrigin: urls.loginPage,
    customerClientIds: [id.customerPool.webClientId, id.customerPool.passkeyClientId],
  };

  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of closers.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const handlers = await importHandlers(unionEnvironment(triggersEnvironment(wiring), actionsEnvironment(wiring)));
    const adminEnv = adminApiEnvironment(wiring, true);
    const adminConfig = loadAdminApiConfig(adminEnv);
    const selfServiceConfig = loadSelfServiceConfig(selfServiceEnvironment(wiring));
    if (!selfServiceConfig.ok) {
      throw new Error(
        `the self-service route refuses the local configuration: ${selfServiceConfig.problems.join(", ")}`,
      );
    }
    if (!adminConfig.ok)
      throw new Error(`the admin API refuses the local configuration: ${adminConfig.problems.join(", ")}`);

    const [ssm, db, sts] = await Promise.all([
      startSsmStandin({ port: ports.ssm, stateFile: paths.ssm }),
      startDynalite({ port: ports.dynamodb, path: paths.dynamodb }),
      startStsStandin({ port: ports.sts, roleArn: id.actions.roleArn, externalId: id.actions.externalId }),
    ]);
    closers.push(ssm.close, db.close, sts.close);
    const store = createCorbadoStore({ file: paths.corbado });
    const corbado = await startCorbadoStandin({
      port: ports.corbado,
      projectId: id.corbado.projectId,
      apiSecret: id.corbado.apiSecret,
      store,
      testMint: false,
      webauthn: { rpId: "localhost", rpName: "Example Inc. (local stack)", origins: [urls.loginPage] },
      actions: { preLogin: handlers.preLogin, postAppend: handlers.postAppend },
    });
    closers.push(corbado.close);
    const pool = await startCustomerPool({
      workDir: paths.cognito,
      poolId: id.customerPool.poolId,
      passkeyClientId: id.customerPool.passkeyClientId,
      anyClientId: id.customerPool.webClientId,
      handlers,
      port: ports.cognito,
      cognitoLocalPort: ports.cognitoLocal,
      ...(options.onCognitoLocalOutput ? { onCognitoLocalOutput: options.onCognitoLocalOutput } : {}),
      ...(options.onSmsCode ? { onSmsCode: options.onSmsCode } : {}),
    });
    closers.push(pool.close);

    let seedCounts: LocalStack["seedCounts"];
    if (seed) {
      const seedStarted = Date.now();
      ssm.put(SECRET_PARAMETER, corbado.basicSecret, "SecureString");
      ssm.put(LOGIN_SETTINGS_PARAMETER, LOGIN_SETTINGS_VALUE, "String");
      for (const table of Object.values(id.tables)) await db.call("CreateTable", createTableRequest(table));
      await writeBatches(db, id.tables.aggregates, seedItems(seed, COUNTER_SHARDS.default));
      store.bulk(seed.passkeys);
      seedCounts = {
        users: seed.users.length,
        passkeys: store.counts().passkeys,
        passkeyUsers: seed.passkeyUsers.length,
        days: seed.days.length,
      };
      seedMs = (seedMs ?? 0) + Date.now() - seedStarted;
    }

    const apiServer = await startApiServer(adminEnv, selfServiceEnvironment(wiring), ports.api, options.apiLog);
    closers.push(apiServer.close);
    const consoleIdentity = await startConsoleIdentity({
      port: ports.consoleIdentity,
      poolId: id.consolePool.poolId,
      clientId: id.consolePool.clientId,
      consoleOrigin: urls.console,
      resource: urls.api,
      users: id.consoleUsers,
      signingKey: id.consolePool.signingKey,
      cookieKeys: id.consolePool.cookieKeys,
      stateFile: paths.consoleSessions,
    });
    closers.push(consoleIdentity.close);

    const loginPage = await startStaticServer(
      {
        root: path.join(REPO_ROOT, "tools", "local", "login-page"),
        extra: {
          "/passkeys.js": { file: path.join(REPO_ROOT, "docs", "login-page", "passkeys.js") },
          "/config.json": JSON.stringify({
            cognito: {
              endpoint: urls.cognito,
              passwordClientId: id.customerPool.webClientId,
              passkeyClientId: id.customerPool.passkeyClientId,
            },
            apiUrl: urls.api,
            corbado: { projectId: id.corbado.projectId, sdkUrl: urls.corbado + CONNECT_WEB_PATH },
          }),
        },
      },
      { port: ports.loginPage },
    );
    closers.push(loginPage.close);

    let consoleTiming: ConsoleBuild | undefined;
    if (consoleBuild) {
      consoleTiming = await consoleBuild;
      const consoleServer: RunningServer = await startStaticServer(
        {
          root: consoleTiming.dir,
          spa: true,
          // The headers CloudFront serves the console with (infra/constructs/console-hosting.ts), for loopback http.
          headers: consoleSecurityHeaders({
            connectOrigins: [new URL(urls.api).origin, new URL(urls.consoleIssuer).origin],
            https: false,
          }),
          extra: {
            "/config.json": JSON.stringify({
              apiUrl: urls.api,
              ...consoleIdentity.consoleConfig,
            }),
          },
        },
        { port: ports.console },
      );
      closers.push(consoleServer.close);
    }

    // The first start is complete: the marker of a half-seeded folder goes, the identity is the proof.
    if (seeded) {
      await writeIdentity(stateDir, id);
      await rm(paths.seeding, { force: true });
    }
    const running = {
      pid: process.pid,
      pids: [process.pid, ...(pool.cognitoLocal.pid ? [pool.cognitoLocal.pid] : [])],
      urls,
    };
    await writeFile(paths.running, JSON.stringify(running, null, 2));
    closers.unshift(() => rm(paths.running, { force: true }));

    return {
      urls,
      credentials: {
        console: id.consoleUsers.map((u) => ({ username: u.username, password: u.password, groups: u.groups })),
        customerPassword: id.customerPassword,
        customers: DEMO_USERS.map((u) => ({ email: u.email, purpose: u.purpose })),
      },
      ids: {
        userPoolId: id.customerPool.poolId,
        passwordClientId: id.customerPool.webClientId,
        passkeyClientId: id.customerPool.passkeyClientId,
        consolePoolId: id.consolePool.poolId,
        consoleClientId: id.consolePool.clientId,
        corbadoProjectId: id.corbado.projectId,
      },
      stateDir,
      seeded,
      ...(seedCounts ? { seedCounts } : {}),
      timings: {
        totalMs: Date.now() - started,
        ...(seedMs !== undefined ? { seedMs } : {}),
        ...(consoleTiming ? { console: consoleTiming } : {}),
      },
      pids: running.pids,
      parts: { pool, corbado, ssm, db, sts, consoleIdentity },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The admin API and the self-service route on one origin, as API Gateway routes /v1/self/* to its own function. */
async function startApiServer(
  adminEnv: Record<string, string>,
  selfServiceEnv: Record<string, string>,
  port: number,
  logSink: ((line: string) => void) | undefined,
): Promise<RunningServer> {
  const admin = createAdminApiFromEnv(adminEnv, logSink ? { logSink } : {});
  const fetch = withSelfService(selfServiceFetch(selfServiceEnv, logSink ? { logSink } : {}), (request) =>
    admin.fetch(request),
  );
  const running = await serveFetchLoopback(fetch, { port });
  return { server: running.server as RunningServer["server"], url: LOCAL_ORIGIN(running.port), close: running.close };
}

type Item = Record<string, { S: string } | { N: string }>;

/** The seed's counters as the writers keep them: day items and totals spread over the shards, and user markers. */
export function seedItems(seed: Seed, shards: number): Item[] {
  const items: Item[] = [];
  const share = (n: number, shard: number) => Math.floor(n / shards) + (shard < n % shards ? 1 : 0);
  const totals: Item[] = Array.from({ length: shards }, (_, s) => ({ pk: { S: counterPk(s) }, sk: { S: TOTAL_SK } }));
  const users = Array.from({ length: shards }, () => 0);
  for (const [i, day] of seed.days.entries()) {
    for (let s = 0; s < shards; s++) {
      const item: Item = { pk: { S: counterPk(s) }, sk: { S: day.day } };
      const add = (name: string, n: number) => {
        if (n > 0) item[name] = { N: String(n) };
      };
      add("logins", share(day.logins, s));
      add("passkeyLogins", share(day.passkeyLogins, s));
      add("passkeysAdded", share(day.passkeysAdded, s));
      for (const [reason, n] of Object.entries(day.failures)) add(`fail#${reason}`, share(n, s));
      if (Object.keys(item).length > 2) items.push(item);
    }
    if (day.newPasskeyUsers > 0) {
      const s = i % shards;
      totals[s]![`new#${day.day}`] = { N: String(day.newPasskeyUsers) };
      users[s]! += day.newPasskeyUsers;
    }
  }
  for (const [s, item] of totals.entries()) item.passkeyUsers = { N: String(users[s]) };
  items.push(...totals);
  for (const { username, day } of seed.passkeyUsers) {
    items.push({ pk: { S: markerPk(username) }, sk: { S: MARKER_SK }, day: { S: day } });
  }
  return items;
}

/** BatchWriteItem in requests of 25, retrying what DynamoDB leaves unprocessed. */
async function writeBatches(db: RunningDynalite, table: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: unknown[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 5) throw new Error("DynamoDB left items unprocessed");
      const answer = await db.call("BatchWriteItem", { RequestItems: { [table]: requests } });
      requests = ((answer.UnprocessedItems as Record<string, unknown[]> | undefined)?.[table] ?? []) as unknown[];
    }
  }
}
