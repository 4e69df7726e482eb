import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { defineCommand, parseCommandLine } from "./cli";

const root = path.resolve(import.meta.dirname, "..");

const bench = defineCommand({
  name: "bench",
  usage: "Usage: npm run bench [-- --runs N]\n",
  options: { runs: { type: "string", default: "30" }, tls: { type: "boolean", default: false } },
});

describe("a script's command line", () => {
  it("gives the options' values, defaults included", () => {
    assert.deepEqual(parseCommandLine(bench, ["--runs", "40"]), {
      kind: "run",
      values: { runs: "40", tls: false },
      positionals: [],
    });
  });

  it("answers --help and -h with the usage, even beside an unknown option", () => {
    for (const argv of [["--help"], ["-h"], ["--bogus", "--help"], ["--runs", "40", "-h"]]) {
      assert.deepEqual(
        parseCommandLine(bench, argv),
        { kind: "help", text: "Usage: npm run bench [-- --runs N]" },
        argv.join(" "),
      );
    }
  });

  it("refuses an unknown option in one line that names it and points at --help", () => {
    assert.deepEqual(parseCommandLine(bench, ["--bogus"]), {
      kind: "error",
      line: "bench: unknown option --bogus (see --help)",
    });
    assert.deepEqual(parseCommandLine(bench, ["-x"]), { kind: "error", line: "bench: unknown option -x (see --help)" });
  });

  it("refuses a missing value, a value for a switch and an argument it does not take, one line each", () => {
    const line = (argv: string[]) => {
      const result = parseCommandLine(bench, argv);
      return result.kind === "error" ? result.line : `not refused: ${argv.join(" ")}`;
    };
    assert.equal(line(["--runs"]), "bench: option '--runs <value>' argument missing (see --help)");
    assert.equal(line(["--tls=yes"]), "bench: option '--tls' does not take an argument (see --help)");
    assert.equal(line(["extra"]), "bench: unexpected argument extra (see --help)");
  });

  it("takes arguments when the command says it does", () => {
    const test = defineCommand({ name: "test", usage: "Usage: npm test", options: {}, allowPositionals: true });
    assert.deepEqual(parseCommandLine(test, ["a/**/*.test.ts", "b.test.ts"]), {
      kind: "run",
      values: {},
      positionals: ["a/**/*.test.ts", "b.test.ts"],
    });
  });
});

/** package.json scripts that run a TypeScript file with tsx: script name -> file. */
function tsxScripts(): Array<[string, string]> {
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  return Object.entries(scripts).flatMap(([name, command]) => {
    const file = /^tsx (\S+\.ts)$/.exec(command)?.[1];
    return file ? [[name, file] as [string, string]] : [];
  });
}

function runScript(file: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
      cwd: root,
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
      timeout: 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("every npm script that runs a TypeScript file", () => {
  const scripts = tsxScripts();

  it("is found in package.json (start, build, build:module, build:openapi, docs:config, test, bench, audit:iam, release:addresses)", () => {
    assert.deepEqual(scripts.map(([name]) => name).sort(), [
      "audit:iam",
      "bench",
      "build",
      "build:module",
      "build:openapi",
      "docs:config",
      "release:addresses",
      "start",
      "test",
    ]);
  });

  // Both runs of every script at once: each is a short-lived process that exits before doing any work.
  const runs = new Map(
    scripts.map(([name, file]) => [name, Promise.all([runScript(file, ["--help"]), runScript(file, ["--bogus"])])]),
  );

  for (const [name] of scripts) {
    it(`npm ${name === "start" || name === "test" ? name : `run ${name}`} -- --help prints its usage, and --bogus is one line and exit 2`, async () => {
      const [help, bogus] = await runs.get(name)!;
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^Usage: npm (run )?${name}\\s`));
      assert.match(help.stdout, /-h, --help/);
      assert.equal(help.stderr, "");
      assert.equal(bogus.status, 2, bogus.stdout + bogus.stderr);
      assert.equal(bogus.stderr, `${name}: unknown option --bogus (see --help)\n`);
      assert.equal(bogus.stdout, "");
    });
  }
});
