/**
 * The Cognito triggers' budget, on every run: Cognito waits at most 5 s for a trigger, and a cold start pays
 * for every byte it loads. The bundles stay small (gzipped, as Lambda fetches them) and carry neither the AWS
 * SDK nor undici (fetch's client, ~100 ms to load); lint keeps their sources off both (eslint.config.js).
 * The bundles measured are the real ones, with the adoption counts each trigger makes (docs/admin-api.md).
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { bundle, FUNCTIONS_DIR, gzipSize, type BundleResult } from "./build-functions";

/**
 * Gzipped bytes (1 kB = 1,000 bytes, as in npm run bench). post-authentication does one signed DynamoDB write:
 * the signer, the transport, the contract reader and the logger are most of its bytes.
 */
export const TRIGGER_BUDGETS = {
  "define-auth-challenge": 6000,
  "create-auth-challenge": 2000,
  "verify-auth-challenge": 6000,
  "post-authentication": 4250,
} as const;

/** The counts each trigger's bundle carries (a source file of the counts, besides adoption-counters.ts). */
const COUNTS: Partial<Record<keyof typeof TRIGGER_BUDGETS, string>> = {
  "define-auth-challenge": "functions/define-auth-challenge/counts.ts",
  "verify-auth-challenge": "functions/verify-auth-challenge/counts.ts",
  "post-authentication": "functions/post-authentication/handler-factory.ts",
};

/** A module no trigger may bundle or import at run time. */
const FORBIDDEN =
  /(^|\/)node_modules\/(@aws-sdk\/|@smithy\/|aws-sdk\/|undici\/)|^(@aws-sdk\/|@smithy\/|aws-sdk$|undici(\/|$))/;

/** Built-ins a trigger loads with require() (functions/shared/builtins.ts): importing them loads undici or WebCrypto. */
const REQUIRE_ONLY = ["node:crypto", "node:http", "node:https"];

export const importedRequireOnly = (b: Pick<BundleResult, "externals">): string[] =>
  b.externals.filter((e) => REQUIRE_ONLY.includes(e.replace(/^(?!node:)/, "node:")));

export const forbiddenModules = (b: Pick<BundleResult, "inputs" | "externals">): string[] =>
  [...b.inputs, ...b.externals].filter((p) => FORBIDDEN.test(p));

describe("the triggers' budget", () => {
  const bundles = new Map(
    Object.keys(TRIGGER_BUDGETS).map((name) => [name, bundle(path.join(FUNCTIONS_DIR, name, "index.ts"))]),
  );

  for (const [name, budget] of Object.entries(TRIGGER_BUDGETS)) {
    it(`${name} is under ${budget / 1000} kB gzipped and bundles neither the AWS SDK nor undici`, async (t) => {
      const b = await bundles.get(name)!;
      const gzipped = gzipSize(b.code);
      t.diagnostic(`${name}: ${gzipped} bytes gzipped`);
      assert.ok(gzipped < budget, `${name}: ${gzipped} bytes gzipped, budget ${budget}`);
      assert.deepEqual(forbiddenModules(b), [], `${name} must not carry these modules`);
      assert.deepEqual(importedRequireOnly(b), [], `${name} must load these through functions/shared/builtins.ts`);
      assert.ok(b.compacted, `${name} is compacted (own code only: build-functions.ts, compact.test.ts)`);
      assert.ok(b.inputs.includes(`functions/${name}/index.ts`), "the inputs are the bundle's own files");
      const counts = COUNTS[name as keyof typeof TRIGGER_BUDGETS];
      if (counts) {
        for (const input of [counts, "functions/shared/adoption-counters.ts"]) {
          assert.ok(b.inputs.includes(input), `${name} is measured with its counts (${input})`);
        }
      }
    });
  }

  it("recognises an imported node:crypto or node:http(s), with or without the node: prefix (control case)", () => {
    assert.deepEqual(importedRequireOnly({ externals: ["node:module", "node:crypto", "https", "node:net"] }), [
      "node:crypto",
      "https",
    ]);
  });

  it("recognises the SDK and undici among a bundle's inputs and run-time imports (control case)", () => {
    const found = forbiddenModules({
      inputs: [
        "functions/verify-auth-challenge/index.ts",
        "node_modules/@aws-sdk/client-ssm/dist-es/SSMClient.js",
        "node_modules/@smithy/signature-v4/dist-es/SignatureV4.js",
        "node_modules/undici/index.js",
        "node_modules/aws4fetch/dist/aws4fetch.esm.mjs",
      ],
      externals: ["node:crypto", "@aws-sdk/client-ssm", "undici"],
    });
    assert.deepEqual(found, [
      "node_modules/@aws-sdk/client-ssm/dist-es/SSMClient.js",
      "node_modules/@smithy/signature-v4/dist-es/SignatureV4.js",
      "node_modules/undici/index.js",
      "@aws-sdk/client-ssm",
      "undici",
    ]);
  });
});
