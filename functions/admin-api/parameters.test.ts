/** The settings read for the public route reports SSM's failures by define's reason codes, whatever SSM sends. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAwsCall } from "../api-shared/aws";
import { createDeadline } from "../api-shared/deadline";
import type { Post } from "../shared/http";
import { SsmError } from "../shared/ssm";
import { readParameterValue } from "./parameters";

const ENDPOINT = {
  endpoint: "https://ssm.eu-central-1.amazonaws.com",
  region: "eu-central-1",
  accessKeyId: "a",
  secretAccessKey: "b",
};

/** The reason readParameterValue rejects with when SSM answers `status` with `__type`. */
async function reasonFor(status: number, type: string): Promise<unknown> {
  const post: Post = async () => ({ status, body: JSON.stringify({ __type: type }) });
  const aws = createAwsCall({ ssm: ENDPOINT }, post);
  try {
    await readParameterValue(aws, "/p", createDeadline(1000, 1000));
  } catch (error) {
    assert.ok(error instanceof SsmError);
    return error.reason;
  }
  assert.fail("expected a rejection");
}

describe("the public route's settings read", () => {
  it("maps SSM's error types to define's reason codes", async () => {
    assert.equal(await reasonFor(400, "ParameterNotFound"), "ssm_not_found");
    assert.equal(await reasonFor(400, "ThrottlingException"), "ssm_throttled");
    assert.equal(await reasonFor(403, "AccessDeniedException"), "ssm_access_denied");
  });

  it("reports an error type named like an Object property (constructor, toString) as ssm_http_error", async () => {
    for (const type of ["constructor", "toString", "hasOwnProperty"]) {
      assert.equal(await reasonFor(400, type), "ssm_http_error", type);
    }
  });
});
