/** Runs the terraform binary (tests that need it say so through tools/test/requirements.ts). */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface TerraformRun {
  status: number | null;
  /** stdout then stderr. */
  output: string;
  stdout: string;
}

const TERRAFORM_ENV = { TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };

export function terraform(args: string[], cwd: string, timeoutMs = 120_000): TerraformRun {
  const run = spawnSync("terraform", [...args, "-no-color"], {
    cwd,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, ...TERRAFORM_ENV },
  });
  return { status: run.status, output: `${run.stdout ?? ""}${run.stderr ?? ""}`, stdout: run.stdout ?? "" };
}

/**
 * Evaluates one HCL expression with `terraform console` in `cwd` (a folder without providers to install) and
 * returns its value, read back through jsonencode. Evaluate a list to check many values in one run (a piped
 * console prints only its last result).
 */
export function terraformEvaluate(
  expression: string,
  cwd: string,
  timeoutMs = 60_000,
): TerraformRun & { value?: unknown } {
  const run = spawnSync("terraform", ["console", "-no-color"], {
    cwd,
    input: `jsonencode(${expression})\n`,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, ...TERRAFORM_ENV },
  });
  const result = { status: run.status, output: `${run.stdout ?? ""}${run.stderr ?? ""}`, stdout: run.stdout ?? "" };
  const printed = result.stdout.trim();
  // The console prints the JSON text as an HCL string literal, whose escapes are JSON's for this content.
  return run.status === 0 && printed ? { ...result, value: JSON.parse(JSON.parse(printed) as string) } : result;
}

/** As `terraform`, without blocking: several slow runs (validate loads the provider schema) can overlap. */
export function terraformAsync(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<TerraformRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color"], {
      cwd,
      env: { ...process.env, ...TERRAFORM_ENV, ...env },
      timeout: timeoutMs,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output: `${stdout}${stderr}`, stdout }));
  });
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

export interface ProviderMirror {
  dir: string;
  /** hashicorp/aws version found in the mirror. */
  awsVersion: string;
}

/**
 * A local provider mirror (`terraform init -plugin-dir`), from TF_PLUGIN_MIRROR or /opt/tf-plugins, holding
 * hashicorp/aws. Lets `terraform validate` run offline.
 */
export function providerMirror(env: NodeJS.ProcessEnv = process.env): ProviderMirror | undefined {
  const dir = env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins";
  const awsDir = path.join(dir, "registry.terraform.io", "hashicorp", "aws");
  if (!existsSync(awsDir)) return undefined;
  const versions = readdirSync(awsDir)
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const awsVersion = versions.at(-1);
  return awsVersion ? { dir, awsVersion } : undefined;
}

/**
 * The only two things the module uses that a 5.x provider lacks (the reason for its 6.x floor): the runtime
 * nodejs24.x and data.aws_region's `region` attribute. A scratch copy checked against a 5.x mirror maps
 * exactly those back, so everything else meets a real provider schema.
 */
export const SIX_X_ONLY: ReadonlyArray<readonly [RegExp, string]> = [
  [/nodejs24\.x/g, "nodejs22.x"],
  [/data\.aws_region\.current\.region/g, "data.aws_region.current.name"],
];

/**
 * Copies the module to `dest` with its provider constraint set to the mirror's version and 6.x-only features
 * mapped back: all of them (`true`, the default for a 5.x mirror), none (`false`), or the ones listed.
 */
export function copyForMirror(
  moduleDir: string,
  dest: string,
  mirror: ProviderMirror,
  providerConstraint: string,
  downgrade: boolean | ReadonlyArray<readonly [RegExp, string]> = !mirror.awsVersion.startsWith("6."),
): void {
  cpSync(moduleDir, dest, { recursive: true });
  const mappings = downgrade === true ? SIX_X_ONLY : downgrade === false ? [] : downgrade;
  const files = (readdirSync(dest, { recursive: true }) as string[]).filter((f) => /\.tf(\.json)?$/.test(f));
  for (const file of files) {
    let text = readFileSync(path.join(dest, file), "utf8").replaceAll(providerConstraint, `>= ${mirror.awsVersion}`);
    for (const [from, to] of mappings) text = text.replace(from, to);
    writeFileSync(path.join(dest, file), text);
  }
}
