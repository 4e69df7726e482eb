import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { envBool, envInt, envString, safeBaseUrl } from "./env";

const bounds = { default: 3, min: 1, max: 10 };

describe("environment parsing", () => {
  it("uses the default for a missing, empty or non-numeric integer", () => {
    assert.equal(envInt({}, "N", bounds), 3);
    assert.equal(envInt({ N: "" }, "N", bounds), 3);
    assert.equal(envInt({ N: "three" }, "N", bounds), 3);
    assert.equal(envInt({ N: "2.5" }, "N", bounds), 3);
    assert.equal(envInt({ N: "1e3" }, "N", bounds), 3);
  });

  it("clamps an integer to its bounds and accepts surrounding spaces", () => {
    assert.equal(envInt({ N: " 5 " }, "N", bounds), 5);
    assert.equal(envInt({ N: "0" }, "N", bounds), 1);
    assert.equal(envInt({ N: "-4" }, "N", bounds), 1);
    assert.equal(envInt({ N: "99999" }, "N", bounds), 10);
  });

  it("reads booleans case-insensitively and falls back to the default for anything else", () => {
    for (const v of ["true", "TRUE", "1", "yes", "on"]) assert.equal(envBool({ B: v }, "B", false), true);
    for (const v of ["false", "False", "0", "no", "off"]) assert.equal(envBool({ B: v }, "B", true), false);
    assert.equal(envBool({ B: "maybe" }, "B", true), true);
    assert.equal(envBool({}, "B", false), false);
  });

  it("treats a blank string as missing", () => {
    assert.equal(envString({ S: "  " }, "S"), undefined);
    assert.equal(envString({ S: " x " }, "S"), "x");
  });

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
