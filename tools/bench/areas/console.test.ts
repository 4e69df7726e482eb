import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { initialScripts } from "./console";

describe("the console's initial JS, as the bench counts it", () => {
  const files: Record<string, string> = {
    "main-A.js": 'import{a as b}from"./chunk-S.js";import"./chunk-P.js";const r=()=>import("./chunk-L.js");',
    "chunk-S.js": 'export const a=1;import"./chunk-S2.js";',
    "chunk-S2.js": "export{}",
    "chunk-P.js": "export{}",
    "chunk-L.js": 'import{a}from"./chunk-S.js";import"./chunk-L2.js";',
    "chunk-L2.js": "export{}",
    "polyfills-B.js": "",
  };
  const html =
    '<link rel="modulepreload" href="chunk-S.js"><script src="polyfills-B.js" type="module"></script><script src="main-A.js" type="module"></script>';

  test("is what index.html loads and everything imported statically from there, never a dynamic import()", () => {
    const initial = initialScripts(html, (f) => files[f] ?? "");
    assert.deepEqual([...initial].sort(), ["chunk-P.js", "chunk-S.js", "chunk-S2.js", "main-A.js", "polyfills-B.js"]);
    assert.ok(!initial.has("chunk-L.js") && !initial.has("chunk-L2.js"), "a lazy page and its own imports stay lazy");
  });
});
