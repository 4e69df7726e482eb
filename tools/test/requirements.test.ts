import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { CI_ALLOWED_MISSING } from "./ci-allowed-missing";
import { ciEnforced, decide, REPO_ROOT, REQUIREMENTS, unmetRequirements, type Unmet } from "./requirements";
import { parseTapSkips, parseTapSummary } from "./summary";

const TERRAFORM: Unmet = { requirement: "terraform", why: "terraform is not on PATH (install Terraform >= 1.11)" };
const CHROMIUM: Unmet = { requirement: "chromium", why: "no Chromium found" };

/** This process's PATH without the folders that hold a terraform binary: a machine without Terraform. */
function pathWithoutTerraform(): string {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !existsSync(path.join(dir, "terraform")))
    .join(path.delimiter);
}

/** The environment of a machine without Terraform, with CI set or unset. */
function envWithoutTerraform(ci: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithoutTerraform() };
  delete env.NODE_TEST_CONTEXT; // else a child `node --test` believes it runs inside this test and runs nothing
  if (ci === undefined) delete env.CI;
  else env.CI = ci;
  return env;
}

const runTsx = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ["--import", "tsx", ...args], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });

describe("what a test does when the machine lacks something it needs", () => {
  it("runs when nothing is missing, in CI or not", () => {
    assert.deepEqual(decide([], false, {}), { kind: "run" });
    assert.deepEqual(decide([], true, {}), { kind: "run" });
  });

  it("skips on a laptop, saying which requirement is missing and how to get it", () => {
    assert.deepEqual(decide([TERRAFORM], false, {}), {
      kind: "skip",
      reason: "needs terraform: terraform is not on PATH (install Terraform >= 1.11)",
    });
  });

  it("fails under CI=true, naming the requirement and the allow-list", () => {
    const decision = decide([TERRAFORM], true, {});
    assert.equal(decision.kind, "fail");
    assert.match(
      decision.kind === "fail" ? decision.message : "",
      /^CI=true requires terraform: terraform is not on PATH/,
    );
    assert.match(decision.kind === "fail" ? decision.message : "", /tools\/test\/ci-allowed-missing\.ts/);
  });

  it("skips under CI=true only what the allow-list names, and carries its reason", () => {
    const allowed = { chromium: "the console job runs elsewhere" };
    assert.deepEqual(decide([CHROMIUM], true, allowed), {
      kind: "skip",
      reason: "needs chromium: no Chromium found (allowed on CI: the console job runs elsewhere)",
    });
    const both = decide([TERRAFORM, CHROMIUM], true, allowed);
    assert.equal(both.kind, "fail");
    assert.match(both.kind === "fail" ? both.message : "", /^CI=true requires terraform: /);
    assert.doesNotMatch(both.kind === "fail" ? both.message : "", /chromium/);
  });

  it("reads CI=true and CI=1 as CI, anything else as a laptop", () => {
    assert.equal(ciEnforced({ CI: "true" }), true);
    assert.equal(ciEnforced({ CI: "1" }), true);
    for (const CI of [undefined, "", "false", "0"]) assert.equal(ciEnforced({ CI }), false, String(CI));
  });

  it("keeps the allow-list to known requirements, each with a written reason", () => {
    for (const [requirement, reason] of Object.entries(CI_ALLOWED_MISSING)) {
      assert.ok((REQUIREMENTS as readonly string[]).includes(requirement), requirement);
      assert.ok(typeof reason === "string" && reason.trim().length >= 20, `${requirement}: say why CI may lack it`);
    }
  });
});

describe("probing the machine", () => {
  it("finds terraform missing when it is not on PATH, and the mirror missing when TF_PLUGIN_MIRROR is empty", () => {
    const env = { ...envWithoutTerraform(undefined), TF_PLUGIN_MIRROR: path.join(REPO_ROOT, "no-such-mirror") };
    const unmet = unmetRequirements(["terraform", "provider-mirror"], env);
    assert.deepEqual(
      unmet.map((u) => u.requirement),
      ["terraform", "provider-mirror"],
    );
    assert.match(unmet[1]!.why, /no-such-mirror.*TF_PLUGIN_MIRROR/);
  });
});

describe("a test that needs terraform, on a machine without it (node --test on a fixture)", () => {
  const fixture = "tools/test/fixtures/needs-terraform.ts";
  const run = (ci: string | undefined) => runTsx(["--test", "--test-reporter=tap", fixture], envWithoutTerraform(ci));

  it("skips with the reason on a laptop, and the run passes", () => {
    const result = run(undefined);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(parseTapSummary(result.stdout), { passed: 0, failed: 0, skipped: 1 });
    assert.deepEqual(parseTapSkips(result.stdout), [
      {
        test: "a check that needs terraform",
        reason: "needs terraform: terraform is not on PATH (install Terraform >= 1.11)",
      },
    ]);
  });

  it("fails under CI=true with a message that says what is missing", () => {
    const result = run("true");
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.deepEqual(parseTapSummary(result.stdout), { passed: 0, failed: 1, skipped: 0 });
    assert.match(result.stdout, /CI=true requires terraform: terraform is not on PATH/);
  });
});

describe("CI's up-front check (tools/test/check-requirements.ts, run by .ci/run)", () => {
  const check = (ci: string | undefined) => runTsx(["tools/test/check-requirements.ts"], envWithoutTerraform(ci));

  it("fails under CI=true when terraform is missing, and says so", () => {
    const result = check("true");
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^missing {2}terraform /m);
    assert.match(result.stderr, /^check-requirements: CI=true requires terraform/m);
  });

  it("only reports the missing tool on a laptop", () => {
    const result = check(undefined);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^missing {2}terraform /m);
    assert.equal(result.stderr, "");
  });
});

describe(".ci/run", () => {
  const script = readFileSync(path.join(REPO_ROOT, ".ci/run"), "utf8");
  const at = (text: string) => {
    const index = script.indexOf(text);
    assert.ok(index >= 0, `.ci/run runs ${text}`);
    return index;
  };

  it("sets CI=true unless the CI service did, and checks the requirements after npm ci, before lint and tests", () => {
    assert.match(script, /^export CI="\$\{CI:-true\}"$/m);
    const order = ["npm ci", "npx --no-install tsx tools/test/check-requirements.ts", "npm run lint", "npm test"].map(
      at,
    );
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.match(script, /^set -euo pipefail$/m, "a failed step stops the run");
  });
});
