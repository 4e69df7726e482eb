/** Runs the terraform binary when the machine has one (tests skip and say so when it does not). */
import { spawnSync } from "node:child_process";

export interface TerraformRun {
  status: number | null;
  output: string;
}

let available: boolean | undefined;

export function terraformAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync("terraform", ["version"], { encoding: "utf8", timeout: 20_000 });
    available = probe.status === 0;
  }
  return available;
}

export const TERRAFORM_MISSING =
  "terraform is not on PATH: skipping the check that needs it (install Terraform >= 1.11 to run it)";

export function terraform(args: string[], cwd: string, timeoutMs = 120_000): TerraformRun {
  const run = spawnSync("terraform", [...args, "-no-color"], {
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" },
  });
  return { status: run.status, output: `${run.stdout ?? ""}${run.stderr ?? ""}` };
}

/**
 * Errors `terraform init` may report on a machine without access to the provider registry: everything
 * after decoding the configuration. Any other error (decode, syntax, unsupported argument) is a defect.
 */
export const PROVIDER_DOWNLOAD_ERRORS = [
  "Failed to query available provider packages",
  "Failed to install provider",
  "Failed to install providers",
  "Incompatible provider version",
];

export function unexpectedInitErrors(output: string): string[] {
  const errors = [...output.matchAll(/^Error: (.+)$/gm)].map((m) => m[1]!.trim());
  return errors.filter((e) => !PROVIDER_DOWNLOAD_ERRORS.some((allowed) => e.startsWith(allowed)));
}
