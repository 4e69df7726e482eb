// The local stack's state folder (default `.local-stack/` at the repository's root, gitignored): everything a restart
// keeps. `stack.json` holds what the first start chose (ids, secrets, passwords, keys); beside it each stand-in's data.
// A folder is seeded when it has no stack.json; `--reset` empties it first. The stack never deletes a folder it did
// not make: one that holds other files and no stack.json (nor a `.seeding` marker of an interrupted first start) is
// refused.
import { randomBytes, randomUUID, type JsonWebKey } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { newSigningKey, ADMIN_GROUP, AUDITOR_GROUP, type ConsoleUser } from "../console-identity";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
export const DEFAULT_STATE_DIR = path.join(REPO_ROOT, ".local-stack");

export interface StackIdentity {
  version: 1;
  createdAt: string;
  region: string;
  customerPool: { poolId: string; webClientId: string; passkeyClientId: string };
  consolePool: { poolId: string; clientId: string; signingKey: JsonWebKey; cookieKeys: string[] };
  consoleUsers: ConsoleUser[];
  /** Every seeded customer's password. */
  customerPassword: string;
  corbado: { projectId: string; apiSecret: string };
  actions: { roleArn: string; externalId: string };
  tables: { aggregates: string; audit: string; selfServiceRateLimit: string };
}

export function statePaths(dir: string) {
  return {
    dir,
    identity: path.join(dir, "stack.json"),
    seeding: path.join(dir, ".seeding"),
    cognito: path.join(dir, "cognito"),
    dynamodb: path.join(dir, "dynamodb"),
    ssm: path.join(dir, "ssm.json"),
    corbado: path.join(dir, "corbado.json"),
    consoleSessions: path.join(dir, "console-sessions.json"),
    logs: path.join(dir, "functions.log"),
    /** While the stack runs: its pid and URLs (tools and tests read them). */
    running: path.join(dir, "running.json"),
  };
}

/** Letters and digits, as Cognito's app client ids (26 lower-case characters). */
const clientId = () => Array.from(randomBytes(26), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
/** A password Cognito's default policy accepts, easy to copy from a terminal. */
const password = (prefix: string) => `${prefix}-${randomBytes(6).toString("base64url").replace(/[-_]/g, "x")}-7`;
const digits = (n: number) => Array.from(randomBytes(n), (b, i) => String(i === 0 ? (b % 9) + 1 : b % 10)).join("");

export function newIdentity(now = Date.now()): StackIdentity {
  const region = "us-east-1";
  return {
    version: 1,
    createdAt: new Date(now).toISOString(),
    region,
    customerPool: { poolId: `${region}_LocalUsers`, webClientId: clientId(), passkeyClientId: clientId() },
    consolePool: {
      poolId: `${region}_LocalConsole`,
      clientId: clientId(),
      signingKey: newSigningKey(),
      cookieKeys: [randomBytes(32).toString("base64url")],
    },
    consoleUsers: [
      {
        sub: randomUUID(),
        username: "admin",
        email: "admin@console.example.com",
        password: password("Admin"),
        groups: [ADMIN_GROUP],
      },
      {
        sub: randomUUID(),
        username: "auditor",
        email: "auditor@console.example.com",
        password: password("Audit"),
        groups: [AUDITOR_GROUP],
      },
    ],
    customerPassword: password("Demo"),
    corbado: { projectId: `pro-${digits(19)}`, apiSecret: `corbado1_${randomBytes(24).toString("base64url")}` },
    actions: {
      roleArn: "arn:aws:iam::000000000000:role/corbado-passkeys-local-corbado-actions",
      externalId: `local-${randomBytes(12).toString("hex")}`,
    },
    tables: {
      aggregates: "corbado-passkeys-local-aggregates",
      audit: "corbado-passkeys-local-audit",
      selfServiceRateLimit: "corbado-passkeys-local-self-service",
    },
  };
}

export async function readIdentity(dir: string): Promise<StackIdentity | undefined> {
  const file = statePaths(dir).identity;
  if (!existsSync(file)) return undefined;
  const identity = JSON.parse(await readFile(file, "utf8")) as StackIdentity;
  if (identity.version !== 1) throw new Error(`${file} is from another version of the local stack: start with --reset`);
  return identity;
}

export async function writeIdentity(dir: string, identity: StackIdentity): Promise<void> {
  await writeFile(statePaths(dir).identity, JSON.stringify(identity, null, 2) + "\n", { mode: 0o600 });
}

/** Empties the folder (creating it if needed), only if it is ours or empty. */
export async function clearState(dir: string): Promise<void> {
  if (existsSync(dir)) {
    const entries = await readdir(dir);
    const paths = statePaths(dir);
    const ours = existsSync(paths.identity) || existsSync(paths.seeding);
    if (entries.length > 0 && !ours) {
      throw new Error(`${dir} is not a local-stack state folder (no stack.json): refusing to empty it`);
    }
    for (const entry of entries) await rm(path.join(dir, entry), { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
}
