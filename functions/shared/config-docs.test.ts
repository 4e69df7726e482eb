import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { bundle, FUNCTIONS_DIR } from "../../tools/build/build-functions";
import { DEFINE_ENVIRONMENT } from "../define-auth-challenge/config.docs";
import { VERIFY_ENVIRONMENT } from "../verify-auth-challenge/config.docs";

const ENDPOINT = "AWS_ENDPOINT_URL_";

describe("the contracts' docs", () => {
  it("stay out of the triggers' bundles, which carry only what the functions read", async () => {
    for (const [fn, docs] of [
      ["define-auth-challenge", DEFINE_ENVIRONMENT],
      ["verify-auth-challenge", VERIFY_ENVIRONMENT],
      ["create-auth-challenge", {}],
    ] as const) {
      const { inputs, code } = await bundle(path.join(FUNCTIONS_DIR, fn, "index.ts"));
      assert.deepEqual(
        inputs.filter((input) => /(\.docs|config-docs)\.ts$/.test(input)),
        [],
        fn,
      );
      const text = code.toString("utf8");
      // An endpoint override's name is built from its service id (../shared/aws-json.ts's awsClientContract).
      const reads = (name: string) =>
        text.includes(`"${name}"`) ||
        (name.startsWith(ENDPOINT) &&
          text.includes(`${ENDPOINT}\${`) &&
          text.includes(`"${name.slice(ENDPOINT.length)}"`));
      for (const v of Object.values(docs)) {
        assert.ok(reads(v.env), `${fn} reads ${v.env}`);
        assert.ok(!text.includes(v.about), `${fn} carries no description (${v.env})`);
      }
    }
  });
});
