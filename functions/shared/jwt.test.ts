import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeJwt } from "./jwt";

const decodeJwtPayload = (token: unknown, maxLength?: number) => decodeJwt(token, maxLength)?.payload;
import { fakeJwt } from "../../tools/local/testing";

describe("JWT payload decoding (no verification)", () => {
  it("returns the payload claims of a compact three-part JWT", () => {
    const token = fakeJwt({ webauthnId: "alice", iss: "pro-1" });
    assert.deepEqual(decodeJwtPayload(token), { webauthnId: "alice", iss: "pro-1" });
    assert.deepEqual(decodeJwt(token)?.header, { alg: "RS256" });
  });

  it("returns undefined, never throws, for anything that is not a compact JWT", () => {
    const valid = fakeJwt({ a: 1 });
    const [h, p] = valid.split(".");
    const cases: unknown[] = [
      undefined,
      null,
      42,
      {},
      "",
      "abc",
      "a.b",
      "a.b.c.d",
      `${h}.${p}.`,
      `${h}..sig`,
      `.${p}.sig`,
      `${h}.${p}.si+g`,
      `${h}.${Buffer.from("not json").toString("base64url")}.sig`,
      `${h}.${Buffer.from("[1,2]").toString("base64url")}.sig`,
      `${h}.${Buffer.from("null").toString("base64url")}.sig`,
      `${Buffer.from('"str"').toString("base64url")}.${p}.sig`,
      `${h}.${p}=.sig`,
    ];
    for (const c of cases) assert.equal(decodeJwtPayload(c), undefined, String(c));
  });

  it("refuses tokens longer than the size bound without decoding them", () => {
    const token = fakeJwt({ pad: "x".repeat(9000) });
    assert.equal(decodeJwtPayload(token), undefined);
    assert.ok(decodeJwtPayload(token, 20_000));
  });
});
