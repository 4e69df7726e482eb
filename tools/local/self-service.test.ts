import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { APP_ORIGIN, startSelfServiceTestStack, type SelfServiceTestStack } from "./self-service-stack";
import { selfServiceFetch, startSelfService, withSelfService, type RunningSelfService } from "./self-service";

describe("the self-service route's local adapter (the Lambda's app over HTTP on loopback)", () => {
  let stack: SelfServiceTestStack;
  let api: RunningSelfService;
  before(async () => {
    stack = await startSelfServiceTestStack({ users: [{ Username: "alice", email: "alice@example.com" }] });
    api = await startSelfService(stack.env, { logSink: () => undefined });
  });
  after(async () => {
    await api.close();
    await stack.close();
  });

  it("mints a token for the user of the token, configured by the same variables", async () => {
    const res = await fetch(`${api.url}/v1/self/connect-tokens`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stack.idToken({ username: "alice" })}`,
        "content-type": "application/json",
        origin: APP_ORIGIN,
      },
      body: JSON.stringify({ type: "passkey-append" }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), APP_ORIGIN);
    const { secret } = (await res.json()) as { secret: string };
    assert.equal(stack.corbado.connectTokens.get(secret)?.data.identifier, "alice");
  });

  it("shares one origin with another app: /v1/self/* goes to the route, the rest elsewhere", async () => {
    const fetchBoth = withSelfService(selfServiceFetch(stack.env, { logSink: () => undefined }), () =>
      Response.json({ other: true }),
    );
    const mine = await fetchBoth(
      new Request("http://127.0.0.1/v1/self/connect-tokens", {
        method: "POST",
        headers: {
          authorization: `Bearer ${stack.accessToken({ username: "alice" })}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ type: "passkey-list" }),
      }),
    );
    assert.equal(mine.status, 200);
    assert.deepEqual(await (await fetchBoth(new Request("http://127.0.0.1/v1/public/login-config"))).json(), {
      other: true,
    });
  });

  it("listens on loopback only", async () => {
    await assert.rejects(startSelfService(stack.env, { host: "0.0.0.0" }), /loopback only/);
  });
});
