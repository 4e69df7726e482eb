import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { App, AssetType, TerraformAsset, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { MODULE_DIR, MODULE_FUNCTIONS } from "../module/build-module";
import { requires } from "../../tools/test/requirements";
import { providerMirror, SIX_X_ONLY, terraform } from "../module/terraform-cli";
import { CorbadoPasskeys } from "./corbado-passkeys";

const scratch = mkdtempSync(path.join(tmpdir(), "passkeys-cdktf-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The CDKTF app of docs/deploy.md ("CDKTF"), synthesized the way `cdktf synth` does. */
function synthDocsExample(): string {
  const app = new App({ outdir: scratch });
  const stack = new TerraformStack(app, "passkeys");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  const zip = (name: string) =>
    new TerraformAsset(stack, `${name}-zip`, {
      path: path.join(MODULE_DIR, "functions", `${name}.zip`),
      type: AssetType.FILE,
    }).path;
  new CorbadoPasskeys(
    stack,
    "passkeys",
    { poolMode: "external", userPoolId: "eu-central-1_AbC123", logRetentionDays: 731, tags: { team: "identity" } },
    { packagePaths: Object.fromEntries(MODULE_FUNCTIONS.map((name) => [name, zip(name)])) },
  );
  app.synth();
  return path.join(scratch, "stacks", "passkeys");
}

describe("a CDKTF app using the construct (docs/deploy.md)", () => {
  const stackDir = synthDocsExample();
  const config = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };

  it("deploys the zips it is given, hashed by Terraform at plan time", () => {
    const fn = config.resource.aws_lambda_function!.verify_auth_challenge!;
    assert.match(fn.filename as string, /^assets\/verify-auth-challenge-zip\/[0-9A-F]+\/verify-auth-challenge\.zip$/);
    assert.equal(fn.source_code_hash, `\${filebase64sha256("${fn.filename as string}")}`);
    assert.ok(
      readFileSync(path.join(stackDir, fn.filename as string)).equals(
        readFileSync(path.join(MODULE_DIR, "functions/verify-auth-challenge.zip")),
      ),
    );
  });

  it("is valid Terraform for the AWS provider (terraform validate against the local mirror)", (t) => {
    const mirror = providerMirror();
    if (requires("terraform", "provider-mirror").skip(t) || !mirror) return;
    const file = path.join(stackDir, "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8")) as {
      terraform: { required_providers: { aws: { version: string } } };
    };
    json.terraform.required_providers.aws.version = mirror.awsVersion;
    let text = JSON.stringify(json, null, 2);
    // The two 6.x features a 5.x mirror does not know (terraform-cli.ts, SIX_X_ONLY).
    if (!mirror.awsVersion.startsWith("6.")) for (const [from, to] of SIX_X_ONLY) text = text.replace(from, to);
    writeFileSync(file, text);
    const init = terraform(["init", "-backend=false", "-input=false", `-plugin-dir=${mirror.dir}`], stackDir);
    assert.equal(init.status, 0, init.output);
    const validate = terraform(["validate", "-json"], stackDir);
    const result = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: unknown[] };
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.valid, true);
  });
});
