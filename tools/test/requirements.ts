/**
 * What some tests need from the machine beyond `npm ci`, and the one rule for when it is missing: on a laptop
 * the test skips and says why; under CI=true it fails, unless tools/test/ci-allowed-missing.ts lists the
 * requirement with the reason CI may run without it (docs/development.md, "Tests").
 *
 *   const tf = requires("terraform", "provider-mirror");
 *   before(() => { if (tf.missing) return; ... });
 *   it("...", (t) => { if (tf.skip(t)) return; ... });
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { providerMirror } from "../../infra/module/terraform-cli";
import { CI_ALLOWED_MISSING } from "./ci-allowed-missing";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
/** Corbado's OpenAPI specs, read in place beside the repository (never copied into it). */
export const CORBADO_SPECS_DIR = path.resolve(REPO_ROOT, "../shared/corbado");
const CORBADO_SPEC_FILES = ["backend_api_public_v2.yml", "common.yml", "frontend_api_v2.yml"];
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const REQUIREMENTS = [
  "terraform",
  "provider-mirror",
  "corbado-specs",
  "chromium",
  "openssl",
  "python3",
  "aws-sdk-signer",
] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
/** Requirement -> why CI may run without it. */
export type AllowList = Readonly<Partial<Record<Requirement, string>>>;

const runs = (command: string, args: string[], env: NodeJS.ProcessEnv): boolean =>
  spawnSync(command, args, { env, stdio: "ignore", timeout: 20_000 }).status === 0;

/** The Chromium the console's specs run in: CHROME_BIN, else Debian's or Google's usual path. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROME_BIN && existsSync(env.CHROME_BIN)) return env.CHROME_BIN;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

/** Each probe: undefined when the machine has it, else what is missing and how to get it. */
const PROBES: Record<Requirement, (env: NodeJS.ProcessEnv) => string | undefined> = {
  terraform: (env) =>
    runs("terraform", ["version"], env) ? undefined : "terraform is not on PATH (install Terraform >= 1.11)",
  "provider-mirror": (env) =>
    providerMirror(env)
      ? undefined
      : `no hashicorp/aws provider in ${env.TF_PLUGIN_MIRROR ?? "/opt/tf-plugins"} (set TF_PLUGIN_MIRROR to a \`terraform providers mirror\` folder)`,
  "corbado-specs": () => {
    const absent = CORBADO_SPEC_FILES.filter((f) => !existsSync(path.join(CORBADO_SPECS_DIR, f)));
    return absent.length === 0
      ? undefined
      : `Corbado's OpenAPI specs not found: no ${absent.join(", ")} in ../shared/corbado`;
  },
  chromium: (env) =>
    findChromium(env) ? undefined : "no Chromium found (set CHROME_BIN or `apt-get install -y chromium`)",
  openssl: (env) =>
    runs("openssl", ["version"], env) ? undefined : "openssl is not on PATH (it makes the TLS specs' certificate)",
  python3: (env) =>
    runs("python3", ["--version"], env) ? undefined : "python3 is not on PATH (the second, independent zip reader)",
  "aws-sdk-signer": () => {
    try {
      createRequire(import.meta.url).resolve("@smithy/signature-v4");
      return undefined;
    } catch {
      return "@smithy/signature-v4 is not installed (it comes with @aws-sdk/client-ssm: run npm ci)";
    }
  },
};

export interface Unmet {
  requirement: Requirement;
  why: string;
}

const probed = new Map<Requirement, string | undefined>();

/** The requirements among `needs` this machine lacks (probed once per process for process.env). */
export function unmetRequirements(needs: readonly Requirement[], env: NodeJS.ProcessEnv = process.env): Unmet[] {
  const probe = (r: Requirement): string | undefined => {
    if (env !== process.env) return PROBES[r](env);
    if (!probed.has(r)) probed.set(r, PROBES[r](env));
    return probed.get(r);
  };
  return needs.flatMap((requirement) => {
    const why = probe(requirement);
    return why === undefined ? [] : [{ requirement, why }];
  });
}

/** CI=true (or 1), as CI services set it: missing requirements fail instead of skipping. */
export const ciEnforced = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === "true" || env.CI === "1";

export type Decision = { kind: "run" } | { kind: "skip"; reason: string } | { kind: "fail"; message: string };

/** What a test (or CI's up-front check) does about what is missing. */
export function decide(unmet: readonly Unmet[], ci: boolean, allowed: AllowList = CI_ALLOWED_MISSING): Decision {
  if (unmet.length === 0) return { kind: "run" };
  const forbidden = ci ? unmet.filter((u) => allowed[u.requirement] === undefined) : [];
  if (forbidden.length > 0) {
    const names = forbidden.map((u) => u.requirement).join(", ");
    return {
      kind: "fail",
      message:
        `CI=true requires ${names}: ${forbidden.map((u) => u.why).join("; ")}. Install it, or list it with the ` +
        "reason CI may run without it in tools/test/ci-allowed-missing.ts (docs/development.md)",
    };
  }
  const reason = unmet
    .map((u) => `needs ${u.requirement}: ${u.why}${ci ? ` (allowed on CI: ${allowed[u.requirement]})` : ""}`)
    .join("; ");
  return { kind: "skip", reason };
}

export interface RequirementCheck {
  /** The skip reason when something is missing, for hooks that prepare what the tests need. */
  readonly missing: string | undefined;
  /**
   * First line of a test: `if (check.skip(t)) return;`. False when everything is there; otherwise skips the
   * test and returns true, or under CI=true (requirement not allow-listed) throws, so the test fails.
   */
  skip(t: { skip(message?: string): void }): boolean;
}

/** The decision for this machine and process.env (what `requires` acts on; the console's suite reads it). */
export const decisionFor = (...needs: Requirement[]): Decision => decide(unmetRequirements(needs), ciEnforced());

export function requires(...needs: Requirement[]): RequirementCheck {
  const decision = decisionFor(...needs);
  return {
    missing: decision.kind === "run" ? undefined : decision.kind === "skip" ? decision.reason : decision.message,
    skip(t) {
      if (decision.kind === "run") return false;
      if (decision.kind === "fail") throw new Error(decision.message);
      t.skip(decision.reason);
      return true;
    },
  };
}
