/**
 * docs/iam-simulate/reproduce.sh run as a user runs it, with a fake `aws` first on PATH: the fake records every
 * call (its arguments and the policy files it was given, read as the CLI reads file://) and answers as
 * `aws iam simulate-custom-policy --query 'EvaluationResults[0].EvalDecision' --output text` does, from a table
 * of answers per request. Each row of docs/iam-report.json's awsSimulator must be asked exactly once, with that row's
 * policy files (as committed), action, resource and context; a decision other than the report's is a FAIL line and
 * exit 1, and an aws error stops the script with aws's exit code.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT } from "./iam-report";
import type { SimulatorEvidence, SimulatorRow } from "./aws-simulator";

const DIR = path.join(REPO_ROOT, "docs", "iam-simulate");
const SCRIPT = path.join(DIR, "reproduce.sh");
const QUERY = "EvaluationResults[0].EvalDecision";

const evidence = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "docs", "iam-report.json"), "utf8")) as {
    awsSimulator: SimulatorEvidence;
  }
).awsSimulator;

interface Call {
  args: string[];
  cwd: string;
  /** file:// arguments as the CLI reads them: relative to the working directory. */
  files: Record<string, string>;
}

/** The request a row stands for, in the CLI's arguments: what the fake looks its answer up by. */
const requestKey = (row: Pick<SimulatorRow, "policyFiles" | "boundaryFiles" | "action" | "resource" | "context">) =>
  JSON.stringify([
    row.policyFiles,
    row.boundaryFiles,
    row.action,
    row.resource,
    // A multi-valued key (dynamodb:LeadingKeys) is a list, as the CLI and IAM take it.
    Object.entries(row.context).map(([name, value]) => ({
      ContextKeyName: name,
      ContextKeyValues: Array.isArray(value) ? value : [value],
      ContextKeyType: Array.isArray(value) ? "stringList" : "string",
    })),
  ]);

// The fake CLI: parses simulate-custom-policy's arguments, reads the file:// ones (failing as the CLI does when one is
// missing), records the call and prints the answer the table gives for the request (or "unknown request").
const FAKE_AWS = `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
const call = { args, cwd: process.cwd(), files: {} };
fs.appendFileSync(process.env.FAKE_AWS_LOG, "");
if (process.env.FAKE_AWS_FAIL) {
  process.stderr.write("An error occurred (AccessDenied) when calling the SimulateCustomPolicy operation\\n");
  fs.appendFileSync(process.env.FAKE_AWS_LOG, JSON.stringify(call) + "\\n");
  process.exit(254);
}
const opts = {};
let key;
for (const arg of args.slice(2)) {
  if (arg.startsWith("--")) (key = arg), (opts[key] = []);
  else opts[key].push(arg);
}
const files = (list = []) =>
  list.map((f) => {
    const name = f.replace(/^file:\\/\\//, "");
    try {
      call.files[name] = fs.readFileSync(name, "utf8");
    } catch {
      process.stderr.write("Error parsing parameter: Unable to load paramfile " + f + "\\n");
      process.exit(252);
    }
    return name;
  });
const request = JSON.stringify([
  files(opts["--policy-input-list"]),
  files(opts["--permissions-boundary-policy-input-list"]),
  (opts["--action-names"] || []).join(" "),
  (opts["--resource-arns"] || []).join(" "),
  opts["--context-entries"] ? JSON.parse(opts["--context-entries"][0]) : [],
]);
fs.appendFileSync(process.env.FAKE_AWS_LOG, JSON.stringify(call) + "\\n");
const answers = JSON.parse(fs.readFileSync(process.env.FAKE_AWS_ANSWERS, "utf8"));
const decision = answers[request] || "unknown request";
const text = String(opts["--query"]) === ${JSON.stringify(QUERY)} && String(opts["--output"]) === "text";
process.stdout.write(text ? decision + "\\n" : JSON.stringify({ EvaluationResults: [{ EvalDecision: decision }] }) + "\\n");
`;

let bin: string;

before(() => {
  bin = mkdtempSync(path.join(tmpdir(), "fake-aws-"));
  writeFileSync(path.join(bin, "aws"), FAKE_AWS);
  chmodSync(path.join(bin, "aws"), 0o755);
});

after(() => rmSync(bin, { recursive: true, force: true }));

/** Runs the committed script from the repository's root with the fake first on PATH. */
function run(answers: Record<string, string>, env: Record<string, string> = {}) {
  const log = path.join(bin, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
  const answersFile = path.join(bin, "answers.json");
  writeFileSync(answersFile, JSON.stringify(answers));
  const result = spawnSync("bash", [SCRIPT], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
      FAKE_AWS_LOG: log,
      FAKE_AWS_ANSWERS: answersFile,
      ...env,
    },
  });
  const calls = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Call);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

const reportAnswers = () => Object.fromEntries(evidence.rows.map((row) => [requestKey(row), row.expected]));

describe("docs/iam-simulate/reproduce.sh against a fake aws CLI", () => {
  it("asks simulate-custom-policy once per key row, with the row's committed policy files, action, resource and context", () => {
    const { status, stdout, calls } = run(reportAnswers());
    assert.equal(status, 0, stdout);
    assert.equal(calls.length, evidence.rows.length);
    assert.ok(evidence.rows.length >= 20, "the report has key rows to reproduce");
    for (const [i, row] of evidence.rows.entries()) {
      const call = calls[i]!;
      assert.equal(call.cwd, DIR, "file:// paths resolve in docs/iam-simulate/");
      const expected = [
        "iam",
        "simulate-custom-policy",
        "--policy-input-list",
        ...row.policyFiles.map((f) => `file://${f}`),
        ...(row.boundaryFiles.length > 0
          ? ["--permissions-boundary-policy-input-list", ...row.boundaryFiles.map((f) => `file://${f}`)]
          : []),
        "--action-names",
        row.action,
        "--resource-arns",
        row.resource,
        ...(Object.keys(row.context).length > 0
          ? [
              "--context-entries",
              JSON.stringify(
                Object.entries(row.context).map(([name, value]) => ({
                  ContextKeyName: name,
                  ContextKeyValues: Array.isArray(value) ? value : [value],
                  ContextKeyType: Array.isArray(value) ? "stringList" : "string",
                })),
              ),
            ]
          : []),
        "--query",
        QUERY,
        "--output",
        "text",
      ];
      assert.deepEqual(call.args, expected, `row ${i + 1}: ${row.principal} ${row.action}`);
      for (const [file, text] of Object.entries(call.files)) {
        assert.ok(evidence.files.includes(`docs/iam-simulate/${file}`) || file.startsWith("boundary."), file);
        assert.equal(text, readFileSync(path.join(DIR, file), "utf8"));
      }
    }
    assert.equal(stdout.split("\n").filter((l) => l.startsWith("ok    ")).length, evidence.rows.length);
    assert.doesNotMatch(stdout, /FAIL/);
  });

  it("sends every committed policy file that a key row's principal holds, and names no file that is not committed", () => {
    const { calls } = run(reportAnswers());
    const committed = new Set(readdirSync(DIR).filter((f) => f.endsWith(".json")));
    const sent = new Set(calls.flatMap((c) => Object.keys(c.files)));
    for (const file of sent) assert.ok(committed.has(file), `${file} is committed`);
    const held = new Set(evidence.rows.flatMap((r) => [...r.policyFiles, ...r.boundaryFiles]));
    assert.deepEqual([...sent].sort(), [...held].sort());
  });

  it("control: a decision other than the report's is a FAIL line naming the row, and exit 1; the other rows still run", () => {
    const answers = reportAnswers();
    const flipped = evidence.rows.findIndex((r) => r.expected === "allowed");
    const row = evidence.rows[flipped]!;
    answers[requestKey(row)] = "implicitDeny";
    const { status, stdout, calls } = run(answers);
    assert.equal(status, 1);
    const fails = stdout.split("\n").filter((l) => l.startsWith("FAIL"));
    assert.equal(fails.length, 1);
    assert.ok(fails[0]!.includes(`${row.principal}: ${row.action}`), fails[0]);
    assert.match(fails[0]!, /the report says allowed, AWS says implicitDeny$/);
    assert.equal(calls.length, evidence.rows.length, "every row was still asked");
  });

  it("an aws error (no credentials, access denied) stops the script with a non-zero exit", () => {
    const { status, stdout, stderr, calls } = run(reportAnswers(), { FAKE_AWS_FAIL: "1" });
    assert.notEqual(status, 0);
    assert.equal(calls.length, 1);
    assert.doesNotMatch(stdout, /^ok/m);
    assert.match(stderr, /AccessDenied/);
  });
});
