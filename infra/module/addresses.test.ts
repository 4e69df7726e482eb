import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { TerraformBlocks } from "../audit/module-model";
import { ADDRESS_SCENARIOS, moduleAddresses, movedBlocks, vanishedWithoutMove } from "./addresses";
import { REPO_ROOT, synthesizeModule } from "./build-module";
import { RELEASED_ADDRESSES_DIR, type ReleasedAddresses } from "./record-addresses";

const releases = readdirSync(RELEASED_ADDRESSES_DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(path.join(RELEASED_ADDRESSES_DIR, f), "utf8")) as ReleasedAddresses);
const packageVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string })
  .version;

/** The current module's addresses in every scenario, and its moved blocks. */
async function current(mainTfJson: Record<string, unknown>) {
  const byScenario = new Map<string, string[]>();
  for (const scenario of ADDRESS_SCENARIOS)
    byScenario.set(scenario.name, await moduleAddresses(mainTfJson as TerraformBlocks, scenario));
  return { byScenario, moved: movedBlocks(mainTfJson) };
}

/** Every address of a release the module would destroy on upgrade, as `scenario: address`. */
async function destroyedOnUpgrade(release: ReleasedAddresses, mainTfJson: Record<string, unknown>) {
  const { byScenario, moved } = await current(mainTfJson);
  return Object.entries(release.scenarios).flatMap(([scenario, addresses]) => {
    const now = byScenario.get(scenario);
    assert.ok(now, `scenario ${scenario} of ${release.version} is still in ADDRESS_SCENARIOS`);
    return vanishedWithoutMove(addresses, now, moved).map((a) => `${scenario}: ${a}`);
  });
}

describe("resource addresses across releases", () => {
  const { mainTfJson } = synthesizeModule();

  it("has a record of the addresses of package.json's version", () => {
    assert.ok(
      releases.some((r) => r.version === packageVersion),
      `run npm run release:addresses -- --version ${packageVersion}`,
    );
  });

  it("keeps every address of every release, or carries it with a moved block", async () => {
    for (const release of releases)
      assert.deepEqual(await destroyedOnUpgrade(release, mainTfJson), [], release.version);
  });

  it("puts every resource of the module into at least one scenario, so a release records it", async () => {
    const { byScenario } = await current(mainTfJson);
    const recorded = new Set([...byScenario.values()].flat().map((a) => a.replace(/\[\d+\]$/, "")));
    const resources = Object.entries(mainTfJson.resource as Record<string, object>).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    assert.deepEqual(
      resources.filter((r) => !recorded.has(r)),
      [],
    );
  });

  it("notices a renamed resource, and accepts the rename once a moved block carries it", async () => {
    const release = releases.find((r) => r.version === packageVersion)!;
    const renamed = structuredClone(mainTfJson) as { resource: Record<string, Record<string, unknown>> };
    const roles = renamed.resource.aws_iam_role!;
    roles.verify = roles.verify_auth_challenge;
    delete roles.verify_auth_challenge;
    const destroyed = await destroyedOnUpgrade(release, renamed);
    assert.ok(destroyed.includes("create: aws_iam_role.verify_auth_challenge"), destroyed.join("\n"));
    const moved = { ...renamed, moved: [{ from: "aws_iam_role.verify_auth_challenge", to: "aws_iam_role.verify" }] };
    assert.deepEqual(await destroyedOnUpgrade(release, moved), []);
  });
});

describe("vanishedWithoutMove", () => {
  it("reports an address the module no longer has", () => {
    assert.deepEqual(vanishedWithoutMove(["aws_x.a", "aws_x.b"], ["aws_x.a"], []), ["aws_x.b"]);
  });

  it("follows a moved block of the instance, of its resource, and a chain of them", () => {
    assert.deepEqual(
      vanishedWithoutMove(["aws_x.a[0]"], ["aws_x.b[0]"], [{ from: "aws_x.a[0]", to: "aws_x.b[0]" }]),
      [],
    );
    assert.deepEqual(vanishedWithoutMove(["aws_x.a[0]"], ["aws_x.b[0]"], [{ from: "aws_x.a", to: "aws_x.b" }]), []);
    const chain = [
      { from: "aws_x.a", to: "aws_x.b" },
      { from: "aws_x.b", to: "aws_x.c" },
    ];
    assert.deepEqual(vanishedWithoutMove(["aws_x.a"], ["aws_x.c"], chain), []);
  });

  it("still reports an address whose moved block points at nothing the module has", () => {
    assert.deepEqual(vanishedWithoutMove(["aws_x.a"], ["aws_x.c"], [{ from: "aws_x.a", to: "aws_x.b" }]), ["aws_x.a"]);
  });

  it("counts adding or removing count as kept (Terraform moves x to x[0] by itself), but not another index", () => {
    assert.deepEqual(vanishedWithoutMove(["aws_x.a", "aws_x.b[0]"], ["aws_x.a[0]", "aws_x.b"], []), []);
    assert.deepEqual(vanishedWithoutMove(["aws_x.a[1]"], ["aws_x.a"], []), ["aws_x.a[1]"]);
  });
});
