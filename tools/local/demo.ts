// `npm start -- --demo`: the passkey login path as a terminal transcript, with no AWS account and no Corbado project.
// Starts the SSM and Corbado stand-ins and the Cognito CUSTOM_AUTH harness (running the real triggers from
// functions/), logs a demo user in with a passkey-verified answer through the AWS SDK's Cognito client, shows failing
// cases failing closed, and prints what happened at each step. Secrets, JWTs and Session strings are never printed.
// Ports are ephemeral unless LOCAL_SSM_PORT, LOCAL_CORBADO_PORT, LOCAL_COGNITO_PORT are set.
import {
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEFINE_ENVIRONMENT } from "../../functions/define-auth-challenge/config.docs";
import { VERIFY_ENVIRONMENT } from "../../functions/verify-auth-challenge/config.docs";
import { cognitoFrontClient, decodeJwtClaims, startCognitoFront } from "./cognito-harness";
import { TEST_MINT_PATH } from "./corbado-standin";
import {
  LOGIN_SETTINGS_PARAMETER,
  LOGIN_SETTINGS_VALUE,
  SECRET_PARAMETER,
  startLoginStack,
  type LoginStack,
} from "./login-stack";

const DEMO_USER = { username: "3f1c9a2e-5b7d-4e8f-9a6b-1c2d3e4f5a6b", email: "demo.user@example.com" };
const OTHER_USER = { username: "8a7b6c5d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", email: "other.user@example.com" };

const failures: string[] = [];
let expectations = 0;

function port(name: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number`);
  return n;
}

const out = (line = "") => process.stdout.write(line + "\n");
const detail = (line: string) => out(`      ${line}`);
function step(n: number, title: string) {
  out();
  out(`[${n}] ${title}`);
}
function expect(condition: boolean, what: string) {
  expectations++;
  if (!condition) failures.push(what);
  detail(`${condition ? "ok  " : "FAIL"} expected: ${what}`);
}

/** Trigger log lines (JSON, one per line, designed to carry no secrets) captured while `fn` runs. */
const captured: string[] = [];
const realLog = console.log;
async function withTriggerLogs<T>(fn: () => Promise<T>): Promise<T> {
  const from = captured.length;
  console.log = (...args: unknown[]) => void captured.push(args.map(String).join(" "));
  try {
    return await fn();
  } finally {
    console.log = realLog;
    for (const line of captured.slice(from)) {
      try {
        const record = JSON.parse(line) as { fn?: string; outcome?: string; reason?: string; cause?: string };
        const why = [record.reason, record.cause].filter(Boolean).join(", ");
        detail(`trigger ${record.fn ?? "?"}: ${record.outcome ?? "?"}${why ? ` (${why})` : ""}`);
      } catch {
        detail("trigger log line (not JSON)");
      }
    }
  }
}

/** What came back from the Cognito front through the AWS SDK: the output, or the error Cognito answered. */
interface WireReply {
  status: number;
  body: {
    __type?: string;
    message?: string;
    ChallengeName?: string;
    Session?: string;
    ChallengeParameters?: Record<string, string>;
    AuthenticationResult?: { IdToken?: string; AccessToken?: string; RefreshToken?: string; ExpiresIn?: number };
  };
}

async function cognitoCall(send: () => Promise<WireReply["body"] & { $metadata: { httpStatusCode?: number } }>) {
  return withTriggerLogs(async (): Promise<WireReply> => {
    try {
      const { $metadata, ...body } = await send();
      return { status: $metadata.httpStatusCode ?? 0, body };
    } catch (err) {
      if (!(err instanceof CognitoIdentityProviderServiceException)) throw err;
      return { status: err.$metadata.httpStatusCode ?? 0, body: { __type: err.name, message: err.message } };
    }
  });
}

function initiateAuth(cognito: CognitoIdentityProviderClient, clientId: string, username: string) {
  return cognitoCall(() =>
    cognito.send(
      new InitiateAuthCommand({ AuthFlow: "CUSTOM_AUTH", ClientId: clientId, AuthParameters: { USERNAME: username } }),
    ),
  );
}

function respond(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  session: string | undefined,
  username: string,
  answer: string,
) {
  return cognitoCall(() =>
    cognito.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "CUSTOM_CHALLENGE",
        ClientId: clientId,
        Session: session,
        ChallengeResponses: { USERNAME: username, ANSWER: answer },
      }),
    ),
  );
}

function describeReply(reply: WireReply) {
  const b = reply.body;
  if (b.__type) return detail(`<- HTTP ${reply.status} ${b.__type}: "${b.message ?? ""}"`);
  if (b.AuthenticationResult) return detail(`<- HTTP ${reply.status} AuthenticationResult (tokens issued)`);
  const params = Object.entries(b.ChallengeParameters ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  detail(
    `<- HTTP ${reply.status} ChallengeName=${b.ChallengeName}, ChallengeParameters={${params}}, ` +
      `Session=<opaque, ${b.Session?.length ?? 0} chars, not shown>`,
  );
}

function summariseToken(name: string, jwt: string | undefined, keys: string[]) {
  if (!jwt) return detail(`${name}: missing`);
  const claims = decodeJwtClaims(jwt);
  const parts = keys.filter((k) => k in claims).map((k) => `${k}=${String(claims[k])}`);
  const exp = typeof claims.exp === "number" && typeof claims.iat === "number" ? claims.exp - claims.iat : undefined;
  detail(`${name}: ${parts.join(", ")}${exp !== undefined ? `, valid ${exp} s` : ""} (token not shown)`);
}

function newCorbadoCalls(stack: LoginStack, from: number) {
  for (const r of stack.corbado.requests.slice(from)) {
    const result = (r.response as { verificationResult?: string } | undefined)?.verificationResult;
    detail(
      `Corbado stand-in saw ${r.method} ${r.path} -> HTTP ${r.status}${result ? ` verificationResult=${result}` : ""}`,
    );
  }
}

function newSsmCalls(stack: LoginStack, from: number) {
  for (const r of stack.ssm.requests.slice(from)) {
    const name = (r.body as { Name?: string } | undefined)?.Name;
    detail(`SSM stand-in saw ${r.target} Name=${name ?? "?"}`);
  }
}

async function mint(stack: LoginStack, username: string): Promise<string> {
  const res = await fetch(stack.corbado.url + TEST_MINT_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username }),
  });
  const body = (await res.json()) as { signedPasskeyData?: string };
  if (res.status !== 200 || typeof body.signedPasskeyData !== "string") throw new Error("mint failed");
  return body.signedPasskeyData;
}

/** Runs the transcript; resolves 0 when every expectation held, 1 otherwise. */
export async function runDemo(): Promise<number> {
  out("corbado-cognito: passkey login demo on loopback (no AWS account, no Corbado project needed)");

  step(1, "Start the stand-ins (127.0.0.1 only)");
  const stack = await withTriggerLogs(() =>
    startLoginStack({
      users: [DEMO_USER, OTHER_USER],
      ports: { ssm: port("LOCAL_SSM_PORT"), corbado: port("LOCAL_CORBADO_PORT") },
    }),
  );
  const { harness, corbado, ssm } = stack;
  const front = await startCognitoFront(harness, { port: port("LOCAL_COGNITO_PORT") });
  // The AWS SDK's own client, as a login page's backend would use it: the front must speak Cognito's protocol.
  const cognito = cognitoFrontClient(front.url, harness.region);
  detail(`SSM stand-in       ${ssm.url}  (AmazonSSM JSON 1.1: GetParameter, PutParameter; SigV4 required)`);
  detail(`Corbado stand-in   ${corbado.url}  (Backend API v2: verifySignedData, connectTokens)`);
  detail(`Cognito front      ${front.url}  (InitiateAuth/RespondToAuthChallenge, pool ${harness.userPoolId})`);
  detail("triggers: functions/{define,create,verify}-auth-challenge/index.ts, configured by environment:");
  // What the module sets and what points at the stand-ins; never the (dummy) credentials.
  const shown = [...Object.values(DEFINE_ENVIRONMENT), ...Object.values(VERIFY_ENVIRONMENT)]
    .filter((v) => v.setBy === "module" || v.setBy === "tests")
    .map((v) => v.env);
  for (const key of new Set(shown)) if (stack.env[key] !== undefined) detail(`  ${key}=${stack.env[key]}`);

  try {
    step(2, "Store the Corbado Backend API secret and the login settings in SSM (as the Terraform module does)");
    detail(`${SECRET_PARAMETER} (SecureString) = base64(projectId:apiSecret), value not shown`);
    detail(`Corbado project id: ${corbado.projectId}`);
    detail(`${LOGIN_SETTINGS_PARAMETER} (String) = ${LOGIN_SETTINGS_VALUE}`);

    step(3, "Create the demo user in the Cognito harness");
    detail(`username=${DEMO_USER.username} email=${DEMO_USER.email} status=CONFIRMED`);

    step(4, "The user completes a passkey ceremony: Corbado hands the page a signedPasskeyData");
    detail(`POST ${TEST_MINT_PATH}  (TEST-ONLY stand-in endpoint, not part of Corbado's API)`);
    const jwt = await mint(stack, DEMO_USER.username);
    const spd = decodeJwtClaims(jwt);
    detail(
      `RS256 JWT: iss=${String(spd.iss)}, sub=${String(spd.sub)}, webauthnId=${String(spd.webauthnId)}, ` +
        `single use, expires in ${Number(spd.exp) - Number(spd.iat)} s (value not shown)`,
    );

    step(5, `InitiateAuth AuthFlow=CUSTOM_AUTH USERNAME=${DEMO_USER.username}`);
    const init = await initiateAuth(cognito, harness.clientId, DEMO_USER.username);
    describeReply(init);
    expect(init.status === 200 && init.body.ChallengeName === "CUSTOM_CHALLENGE", "a CUSTOM_CHALLENGE");

    step(6, "RespondToAuthChallenge ANSWER=<signedPasskeyData>");
    let corbadoFrom = corbado.requests.length;
    let ssmFrom = ssm.requests.length;
    const done = await respond(cognito, harness.clientId, init.body.Session, DEMO_USER.username, jwt);
    newSsmCalls(stack, ssmFrom);
    newCorbadoCalls(stack, corbadoFrom);
    describeReply(done);
    const tokens = done.body.AuthenticationResult;
    summariseToken("IdToken", tokens?.IdToken, ["sub", "cognito:username", "email", "token_use", "iss"]);
    summariseToken("AccessToken", tokens?.AccessToken, ["sub", "username", "token_use", "scope"]);
    detail(`RefreshToken: ${tokens?.RefreshToken ? "present" : "missing"} (not shown)`);
    const idClaims = decodeJwtClaims(tokens?.IdToken ?? "");
    expect(
      done.status === 200 && idClaims["cognito:username"] === DEMO_USER.username && idClaims.email === DEMO_USER.email,
      "tokens for the demo user",
    );

    step(7, "Failing case: the same signedPasskeyData replayed in a new login");
    const init2 = await initiateAuth(cognito, harness.clientId, DEMO_USER.username);
    corbadoFrom = corbado.requests.length;
    ssmFrom = ssm.requests.length;
    const replay = await respond(cognito, harness.clientId, init2.body.Session, DEMO_USER.username, jwt);
    newSsmCalls(stack, ssmFrom);
    if (ssm.requests.length === ssmFrom) detail("SSM: not called (secret served from the trigger's cache)");
    newCorbadoCalls(stack, corbadoFrom);
    describeReply(replay);
    expect(!replay.body.AuthenticationResult && replay.body.ChallengeName === "CUSTOM_CHALLENGE", "no tokens");

    step(8, `Failing case: a signedPasskeyData minted for the demo user, presented for ${OTHER_USER.username}`);
    const init3 = await initiateAuth(cognito, harness.clientId, OTHER_USER.username);
    const demoUsersJwt = await mint(stack, DEMO_USER.username);
    corbadoFrom = corbado.requests.length;
    const wrongUser = await respond(cognito, harness.clientId, init3.body.Session, OTHER_USER.username, demoUsersJwt);
    newCorbadoCalls(stack, corbadoFrom);
    if (corbado.requests.length === corbadoFrom) detail("Corbado: not called (rejected early: webauthnId mismatch)");
    describeReply(wrongUser);
    expect(!wrongUser.body.AuthenticationResult, "no tokens");

    step(9, "Failing case: two more wrong answers in that session (3 in total)");
    let session = wrongUser.body.Session;
    let last: WireReply | undefined;
    for (let i = 0; i < 2; i++) {
      last = await respond(cognito, harness.clientId, session, OTHER_USER.username, "not-a-passkey-answer");
      describeReply(last);
      session = last.body.Session;
    }
    expect(last?.body.__type === "NotAuthorizedException", "NotAuthorizedException after 3 wrong answers");

    step(10, "Failing case: the spent Session string of step 5 used again");
    const reused = await respond(
      cognito,
      harness.clientId,
      init.body.Session,
      DEMO_USER.username,
      await mint(stack, DEMO_USER.username),
    );
    describeReply(reused);
    expect(reused.body.__type === "NotAuthorizedException", "NotAuthorizedException (sessions are single use)");

    out();
    if (failures.length === 0) {
      out(`Result: all ${expectations} expectations held. The passkey login works and fails closed.`);
    } else {
      out(`Result: ${failures.length} of ${expectations} expectations FAILED: ${failures.join("; ")}`);
    }
  } finally {
    cognito.destroy();
    await front.close();
    await stack.close();
  }
  return failures.length === 0 ? 0 : 1;
}
