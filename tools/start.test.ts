import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

test("npm start -- --demo logs the user in, shows failures failing closed, exits 0 and prints no secret", () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "tools/start.ts", "--demo"], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, LOCAL_SSM_PORT: "", LOCAL_CORBADO_PORT: "", LOCAL_COGNITO_PORT: "" },
  });
  assert.equal(run.status, 0, run.stderr);
  const output = run.stdout;
  assert.match(output, /Result: all \d+ expectations held/);
  assert.match(output, /AuthenticationResult \(tokens issued\)/);
  assert.match(output, /verificationResult=invalid_challenge/);
  assert.match(output, /NotAuthorizedException: "Incorrect username or password\."/);
  assert.doesNotMatch(output, /eyJ[A-Za-z0-9_-]{8,}/, "no JWT (signedPasskeyData or Cognito token)");
  assert.doesNotMatch(output, /corbado1_|ctk1_/, "no Corbado API secret or connect-token secret");
  assert.doesNotMatch(output, /Basic [A-Za-z0-9+/=]{8,}/, "no Basic credentials");
  assert.doesNotMatch(output, /FAIL/);
});
