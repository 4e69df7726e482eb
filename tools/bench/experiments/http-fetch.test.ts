import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { readTextCapped } from "../../../functions/shared/http";
import { httpFetch, httpFetchAsFetch } from "./http-fetch";

describe("the bench experiment's node:http stand-in for fetch()", () => {
  let server: Server;
  let base = "";
  const seen: Array<{ method?: string; header?: string; body: string }> = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (d: string) => (body += d));
      req.on("end", () => {
        seen.push({ method: req.method, header: req.headers["x-test"] as string | undefined, body });
        if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
        res.writeHead(201, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("sends method, headers and body, and its response reads like fetch's through readTextCapped", async () => {
    const res = await httpFetchAsFetch(`${base}/x`, { method: "POST", headers: { "x-test": "1" }, body: "hello" });
    assert.equal(res.status, 201);
    assert.equal(await readTextCapped(res, 1024), '{"ok":true}');
    assert.deepEqual(seen.at(-1), { method: "POST", header: "1", body: "hello" });
  });

  test("a body over the cap is refused, as with fetch", async () => {
    const res = await httpFetchAsFetch(`${base}/x`, { method: "POST", body: "" });
    assert.equal(await readTextCapped(res, 3), undefined);
  });

  test("an AbortSignal timeout rejects with an AbortError, which the triggers read as a timeout", async () => {
    await assert.rejects(httpFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }), { name: "AbortError" });
  });
});
