/**
 * docs/login-page.md's snippets (docs/login-page/passkeys.js) against the local stack: the real triggers behind the
 * Cognito front, the Corbado stand-in, and the self-service route over HTTP. `corbado` is a stand-in of
 * @corbado/connect-web-js's default export whose components call the callbacks the snippets give them, the way
 * Corbado's components do (the login component's onComplete with a signedPasskeyData; the passkey list and append
 * components asking their token provider, then using the token with Corbado).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  mountLogin,
  offerPasskey,
  SelfServiceError,
  selfServiceTokens,
  showPasskeys,
  signInWithAmplify,
  signInWithPasskey,
  usernameOf,
} from "../../docs/login-page/passkeys.js";
import { startCognitoFront, type CognitoFront } from "./cognito-harness";
import { startFakeCognito, type FakeCognito } from "./admin-api-stack";
import { startDynalite, type RunningDynalite } from "./dynalite";
import { SECRET_PARAMETER, startLoginStack, type LoginStack } from "./login-stack";
import { startSelfService, type RunningSelfService } from "./self-service";

type Options = Record<string, (...args: never[]) => unknown> & { projectId: string };

/** Records what each mount got; `run*` then plays the component's part. */
function corbadoStandin() {
  const mounted: Record<string, Options> = {};
  return {
    mounted,
    mountCorbadoConnectLogin: (_el: unknown, o: Options) => void (mounted.login = o),
    mountCorbadoConnectAppend: (_el: unknown, o: Options) => void (mounted.append = o),
    mountCorbadoConnectPasskeyList: (_el: unknown, o: Options) => void (mounted.list = o),
  };
}

describe("docs/login-page.md's snippets against the local stack", () => {
  let stack: LoginStack;
  let front: CognitoFront;
  let pool: FakeCognito;
  let db: RunningDynalite;
  let selfService: RunningSelfService;
  let cognito: { endpoint: string; clientId: string };

  before(async () => {
    stack = await startLoginStack({ users: [{ username: "alice", email: "alice@example.com", sub: "sub-alice" }] });
    front = await startCognitoFront(stack.harness);
    // AdminGetUser for the route: the same user, the same sub (the harness front answers only the sign-in calls).
    pool = await startFakeCognito([{ Username: "alice", email: "alice@example.com" }]);
    db = await startDynalite();
    await db.createTable("self-service-local");
    selfService = await startSelfService(
      {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIDLOCAL",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_ENDPOINT_URL_SSM: stack.ssm.url,
        AWS_ENDPOINT_URL_DYNAMODB: db.url,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: pool.url,
        USER_POOL_ID: stack.harness.userPoolId,
        JWKS_URI: `${front.url}/${stack.harness.userPoolId}/.well-known/jwks.json`,
        CLIENT_IDS: stack.harness.clientId,
        RATE_LIMIT_TABLE: "self-service-local",
        CORBADO_SECRET_PARAMETER: SECRET_PARAMETER,
        CORBADO_BACKEND_API_URL: stack.corbado.url,
      },
      { logSink: () => undefined },
    );
    cognito = { endpoint: front.url, clientId: stack.harness.clientId };
  });
  after(async () => {
    await Promise.all([selfService.close(), db.close(), pool.close(), front.close()]);
    await stack.close();
  });

  it("usernameOf reads the webauthnId claim of a signedPasskeyData", () => {
    assert.equal(usernameOf(stack.corbado.mintSignedPasskeyData({ username: "alice" })), "alice");
    assert.throws(() => usernameOf("a.e30.c"), /no_webauthn_id/);
  });

  it("the login component's result signs the user in to Cognito (real triggers), and the ID token gets connect tokens", async () => {
    const corbado = corbadoStandin();
    let signedIn: { IdToken: string } | undefined;
    mountLogin(
      corbado,
      {},
      {
        projectId: stack.corbado.projectId,
        signIn: (spd, webauthnId) => signInWithPasskey(cognito, spd, webauthnId),
        onSignedIn: (result) => void (signedIn = result as { IdToken: string }),
        onFallback: () => assert.fail("no fallback"),
      },
    );
    // Corbado's login component after a passkey ceremony: onComplete(signedPasskeyData, clientState, webauthnId).
    await corbado.mounted.login!.onComplete!(
      stack.corbado.mintSignedPasskeyData({ username: "alice" }) as never,
      "" as never,
    );
    assert.ok(signedIn?.IdToken, "Cognito issued tokens");
    const verified = stack.corbado.requests.filter((r) => r.path === "/v2/passkey/verifySignedData").at(-1);
    assert.equal(verified?.status, 200, "verify asked Corbado");

    const connectToken = selfServiceTokens({ apiUrl: selfService.url, getToken: async () => signedIn!.IdToken });
    // Right after the sign-in: the append component gets its token (auth_time is fresh).
    let outcome: string | undefined;
    offerPasskey(corbado, {}, { projectId: stack.corbado.projectId, connectToken, onDone: (o) => void (outcome = o) });
    const appendToken = (await corbado.mounted.append!.appendTokenProvider!()) as string;
    assert.deepEqual(
      [stack.corbado.connectTokens.get(appendToken)?.tokenType, stack.corbado.connectTokens.get(appendToken)?.data],
      ["passkey-append", { displayName: "alice@example.com", identifier: "alice" }],
    );
    await corbado.mounted.append!.onComplete!();
    assert.equal(outcome, "added");

    // The profile page: the list component asks for a passkey-list token and lists alice's passkeys with it.
    stack.corbado.manage.addPasskey("alice");
    showPasskeys(corbado, {}, { projectId: stack.corbado.projectId, connectToken });
    const listToken = (await corbado.mounted.list!.connectTokenProvider!("passkey-list" as never)) as string;
    const init = await post("/v2/connect/manage/init", { clientInformation: {}, flags: {} });
    const list = await post(
      "/v2/connect/manage/list",
      { connectToken: listToken },
      { "x-corbado-process-id": (init as { processID: string }).processID },
    );
    assert.equal((list as { passkeys: unknown[] }).passkeys.length, 1);
  });

  it("the Amplify variant sends what Amplify v6 expects (a stand-in of signIn/confirmSignIn over the same front)", async () => {
    const calls: unknown[] = [];
    let session: { Session: string; USERNAME: string } | undefined;
    const amplify = {
      signIn: async (input: { username: string; options: { authFlowType: string } }) => {
        calls.push(input);
        const res = await cognitoPost("InitiateAuth", {
          AuthFlow: "CUSTOM_AUTH",
          ClientId: cognito.clientId,
          AuthParameters: { USERNAME: input.username },
        });
        session = {
          Session: res.Session as string,
          USERNAME: (res.ChallengeParameters as { USERNAME: string }).USERNAME,
        };
        return { isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE" } };
      },
      confirmSignIn: async (input: { challengeResponse: string }) => {
        calls.push({ challengeResponse: input.challengeResponse.slice(0, 3) });
        const res = await cognitoPost("RespondToAuthChallenge", {
          ChallengeName: "CUSTOM_CHALLENGE",
          ClientId: cognito.clientId,
          Session: session!.Session,
          ChallengeResponses: { USERNAME: session!.USERNAME, ANSWER: input.challengeResponse },
        });
        return { isSignedIn: res.AuthenticationResult !== undefined, nextStep: { signInStep: "DONE" } };
      },
    };
    await signInWithAmplify(amplify, stack.corbado.mintSignedPasskeyData({ username: "alice" }));
    assert.deepEqual(calls, [
      { username: "alice", options: { authFlowType: "CUSTOM_WITHOUT_SRP" } },
      { challengeResponse: "eyJ" },
    ]);
    // A signedPasskeyData that Corbado refuses (replayed) is no sign-in.
    const spd = stack.corbado.mintSignedPasskeyData({ username: "alice" });
    await signInWithAmplify(amplify, spd);
    await assert.rejects(signInWithAmplify(amplify, spd), /passkey_login_failed/);
  });

  it("surfaces the route's refusals as SelfServiceError codes the page can act on", async () => {
    const connectToken = selfServiceTokens({ apiUrl: selfService.url, getToken: async () => "not-a-token" });
    const errors: unknown[] = [];
    const corbado = corbadoStandin();
    offerPasskey(
      corbado,
      {},
      {
        projectId: stack.corbado.projectId,
        connectToken,
        onDone: () => undefined,
        onTokenError: (e) => errors.push(e),
      },
    );
    await assert.rejects(corbado.mounted.append!.appendTokenProvider!() as Promise<unknown>, SelfServiceError);
    const [error] = errors as SelfServiceError[];
    assert.deepEqual([error!.code, error!.status], ["token_invalid", 401]);
    const down = selfServiceTokens({ apiUrl: "http://127.0.0.1:1", getToken: async () => "x" });
    await assert.rejects(
      down("passkey-list"),
      (e: unknown) => e instanceof SelfServiceError && e.code === "unreachable",
    );
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const res = await fetch(`${stack.corbado.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-corbado-projectid": stack.corbado.projectId, ...headers },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, path);
    return res.json();
  }

  async function cognitoPost(operation: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(front.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  }
});
