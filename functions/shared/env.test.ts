import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { safeBaseUrl } from "./env";

describe("base URLs for services we send secrets to", () => {
  it("accepts https anywhere but plain http only on loopback, so a secret never crosses a network in clear", () => {
    assert.equal(safeBaseUrl("https://backendapi.cloud.corbado.io/"), "https://backendapi.cloud.corbado.io");
    assert.equal(safeBaseUrl("http://127.0.0.1:4000"), "http://127.0.0.1:4000");
    assert.equal(safeBaseUrl("http://localhost:4000/prefix/"), "http://localhost:4000/prefix");
    assert.equal(safeBaseUrl("http://backendapi.cloud.corbado.io"), undefined);
    assert.equal(safeBaseUrl("https://user:pw@example.com"), undefined);
    assert.equal(safeBaseUrl("https://example.com/?q=1"), undefined);
    assert.equal(safeBaseUrl("ftp://example.com"), undefined);
    assert.equal(safeBaseUrl("not a url"), undefined);
    assert.equal(safeBaseUrl(undefined), undefined);
  });

  it("refuses a bare ? or # that the URL parser reports as empty, instead of building a request URL from it", () => {
    for (const raw of [
      "https://backendapi.cloud.corbado.io?",
      "https://backendapi.cloud.corbado.io/?",
      "https://backendapi.cloud.corbado.io#",
      "https://backendapi.cloud.corbado.io/#",
      "https://backendapi.cloud.corbado.io/v2?#",
      "http://127.0.0.1:4000/?",
    ]) {
      assert.equal(safeBaseUrl(raw), undefined, raw);
    }
  });
});
