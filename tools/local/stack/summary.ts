// What `npm start` prints once the stack is up: each service's URL, the credentials, and what to try first; and the
// one-line form of a function's log line. Pure formatting (specs check it).
import path from "node:path";
import type { LocalStack } from "./local-stack";
import { REPO_ROOT } from "./state";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const thousands = (n: number) => n.toLocaleString("en-US");

export function summary(stack: LocalStack): string {
  const { urls, credentials, ids, timings } = stack;
  const state = path.relative(REPO_ROOT, stack.stateDir) || stack.stateDir;
  const stateShown = state.startsWith("..") ? stack.stateDir : state;
  const admin = credentials.console.find((c) => c.username === "admin");
  const auditor = credentials.console.find((c) => c.username === "auditor");
  const firstStart = stack.seedCounts
    ? `first start: seeded ${thousands(stack.seedCounts.users)} users, ${thousands(stack.seedCounts.passkeys)} passkeys and ` +
      `${stack.seedCounts.days} days of adoption in ${seconds(timings.seedMs ?? 0)}`
    : "state kept from the last run";
  const build = timings.console
    ? timings.console.built
      ? `; console built in ${seconds(timings.console.ms)}`
      : "; console build up to date"
    : "";
  const row = (name: string, url: string, note: string) => `  ${name.padEnd(17)} ${url.padEnd(52)} ${note}`;
  const customer = credentials.customers[0];
  return [
    `corbado-cognito local stack: ready in ${seconds(timings.totalMs)} (${firstStart}${build})`,
    "",
    row(
      "Sample login page",
      urls.loginPage,
      "a customer's page: password and passkey sign-in, add and delete passkeys",
    ),
    row("Console", urls.console, "the admin console (sign in below)"),
    row("Admin API", `${urls.api}/v1`, "and the self-service route, /v1/self/connect-tokens"),
    row("Console sign-in", urls.consoleIssuer, "OIDC provider in the console pool's place"),
    row("Cognito", urls.cognito, `customer pool ${ids.userPoolId} (JWKS: /${ids.userPoolId}/.well-known/jwks.json)`),
    row("Corbado", urls.corbado, `stand-in for project ${ids.corbadoProjectId}`),
    row("SSM, STS", `${urls.ssm}, ${urls.sts.replace("http://127.0.0.1", "")}`, "stand-ins"),
    row("DynamoDB", urls.dynamodb, "dynalite"),
    "",
    "Console users:",
    ...(admin
      ? [`  admin     ${admin.password}   (admins: everything, incl. deleting passkeys and the kill switch)`]
      : []),
    ...(auditor ? [`  auditor   ${auditor.password}   (auditors: read only)`] : []),
    "",
    `Customers (${stack.seedCounts ? thousands(stack.seedCounts.users) : "1,000"} seeded; every one signs in with ${credentials.customerPassword}):`,
    ...credentials.customers.map((c) => `  ${c.email.padEnd(24)} ${c.purpose}`),
    "",
    "Try first:",
    `  1. ${urls.loginPage}: sign in as ${customer?.email ?? "demo.user@example.com"} with the password above, add a passkey,`,
    "     sign out, then log in with the passkey.",
    `  2. ${urls.console}: sign in as admin; Adoption shows today's passkey login, Users finds the user and their passkeys.`,
    "  3. Console > Settings: turn the kill switch on; reload the login page: the passkey login is gone.",
    "",
    `State: ${stateShown}/ (kept across restarts; npm start -- --reset starts clean). Function logs: ${stateShown}/functions.log`,
    "Ctrl-C stops everything.",
  ].join("\n");
}

/** A function's JSON log line as one short line ("12:03:04 verify-auth-challenge verify_auth_challenge: correct (verified)"). */
export function functionLogLine(line: string): string | undefined {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof record !== "object" || record === null || typeof record.fn !== "string") return undefined;
  const time = typeof record.time === "string" ? record.time.slice(11, 19) : "";
  const why = [record.reason, record.cause].filter((v) => typeof v === "string" && v !== "").join(", ");
  const what = [record.event, record.outcome].filter((v) => typeof v === "string").join(": ");
  return `${time} ${record.fn} ${what}${why ? ` (${why})` : ""}`.trim();
}

/** The code cognito-local "sends" by SMS or e-mail, from its log: (destination, code). */
export function deliveredCode(chunk: string): { destination: string; code: string } | undefined {
  const code = /Code:\s+(\d{4,8})/.exec(chunk)?.[1];
  const destination = /Destination:\s+(\S+)/.exec(chunk)?.[1];
  return code && destination ? { destination, code } : undefined;
}
