/**
 * `npm run release:addresses -- --version X.Y.Z`: records the module's resource addresses per scenario
 * (infra/module/addresses.ts) into infra/module/released-addresses/X.Y.Z.json, the list a later version must keep
 * or move. Run it when a version is released, on the commit that is tagged.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { commandLine, defineCommand, exitWithUsageError } from "../../tools/cli";
import type { TerraformBlocks } from "../audit/module-model";
import { ADDRESS_SCENARIOS, moduleAddresses } from "./addresses";
import { REPO_ROOT, synthesizeModule } from "./build-module";

export const RELEASED_ADDRESSES_DIR = path.join(import.meta.dirname, "released-addresses");
const RECORDS = "infra/module/released-addresses";

/** What a released-addresses file holds. */
export interface ReleasedAddresses {
  version: string;
  /** Where the addresses were read from (a commit of this repository). */
  source: string;
  /** Scenario name (addresses.ts) -> addresses of the module's resources in that scenario. */
  scenarios: Record<string, string[]>;
}

export async function recordAddresses(
  version: string,
  blocks: TerraformBlocks,
  source: string,
): Promise<ReleasedAddresses> {
  const scenarios: Record<string, string[]> = {};
  for (const scenario of ADDRESS_SCENARIOS) scenarios[scenario.name] = await moduleAddresses(blocks, scenario);
  return { version, source, scenarios };
}

const COMMAND = defineCommand({
  name: "release:addresses",
  usage: `Usage: npm run release:addresses -- --version X.Y.Z [--module-json FILE]

Records the module's resource addresses per scenario into infra/module/released-addresses/X.Y.Z.json: the
addresses the next versions keep or carry with a moved block (infra/module/addresses.test.ts).

Options:
  --version X.Y.Z       the version being released (package.json's version)
  --module-json FILE    read this module file (e.g. terraform/main.tf.json) instead of synthesizing infra/
  -h, --help            print this help`,
  options: { version: { type: "string" }, "module-json": { type: "string" } },
});

function currentCommit(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" });
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "infra", "terraform", `:!${RECORDS}`], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  const commit = head.status === 0 ? head.stdout.trim() : "an unknown commit";
  return dirty.stdout.trim() ? `${commit} with uncommitted changes` : commit;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = commandLine(COMMAND);
  const version = values.version;
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) exitWithUsageError(COMMAND.name, "--version X.Y.Z is required");
  const file = values["module-json"];
  const blocks = file
    ? (JSON.parse(readFileSync(path.resolve(file), "utf8")) as TerraformBlocks)
    : (synthesizeModule().mainTfJson as TerraformBlocks);
  const source = `${file ? path.relative(REPO_ROOT, path.resolve(file)) : "infra/ synthesized"} at ${currentCommit()}`;
  const record = await recordAddresses(version, blocks, source);
  mkdirSync(RELEASED_ADDRESSES_DIR, { recursive: true });
  const out = path.join(RELEASED_ADDRESSES_DIR, `${version}.json`);
  writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
  const count = Object.values(record.scenarios).reduce((sum, a) => sum + a.length, 0);
  console.log(`wrote ${path.relative(REPO_ROOT, out)} (${count} addresses in ${ADDRESS_SCENARIOS.length} scenarios)`);
}
