import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO_ROOT, buildFunctions } from "../build/build-functions";
import { measureColdStarts, median, percentile, runChild, stats } from "./cold-start";

const FIXTURES = path.join(REPO_ROOT, "tools", "build", "fixtures", "functions");

describe("bench measurement harness (timings are not asserted)", () => {
  mkdirSync(path.join(REPO_ROOT, "dist"), { recursive: true });
  const tmp = mkdtempSync(path.join(REPO_ROOT, "dist", "bench-test-"));
  let helloBundle = "";

  before(async () => {
    const [hello] = await buildFunctions({ outDir: tmp, functionsDir: FIXTURES, functions: ["hello"] });
    helloBundle = hello!.bundlePath;
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test("measures a fixture bundle in 3 fresh processes and returns what its first invocation answered", async () => {
    const answers: unknown[] = [];
    let events = 0;
    const [m] = await measureColdStarts(
      [
        {
          id: "hello",
          bundlePath: helloBundle,
          makeEvent: () => ({ name: `run-${events++}` }),
          checkResult: (r) => answers.push(r),
        },
      ],
      { runs: 3, warmup: 1 },
    );
    assert.equal(m?.id, "hello");
    assert.equal(m?.samples.length, 3);
    assert.equal(m?.total.n, 3);
    for (const s of m!.samples) {
      for (const v of [s.importMs, s.invokeMs, s.totalMs, s.cpuMs]) assert.ok(Number.isFinite(v) && v >= 0, String(v));
      assert.ok(s.totalMs >= s.importMs);
    }
    assert.equal(events, 4, "one fresh event per process, the warm-up included");
    assert.deepEqual(answers.at(-1), { message: "hello, run-3", signer: "function" });
  });

  test("the child sees only the environment it is given, not the bench's", async () => {
    const file = path.join(tmp, "env-probe.mjs");
    writeFileSync(
      file,
      "export async function handler(){return {leaked: process.env.BENCH_PARENT_ONLY ?? null, given: process.env.GIVEN ?? null}}\n",
    );
    process.env.BENCH_PARENT_ONLY = "parent";
    try {
      const report = await runChild({ id: "env", bundlePath: file, makeEvent: () => ({}), env: { GIVEN: "yes" } });
      assert.deepEqual(report.result, { leaked: null, given: "yes" });
    } finally {
      delete process.env.BENCH_PARENT_ONLY;
    }
  });

  test("a bundle without a handler, a throwing handler, or a rejected result fails the measurement", async () => {
    const noHandler = path.join(tmp, "no-handler.mjs");
    const throwing = path.join(tmp, "throwing.mjs");
    writeFileSync(noHandler, "export const x = 1;\n");
    writeFileSync(throwing, 'export async function handler(){throw new Error("boom")}\n');
    await assert.rejects(runChild({ id: "a", bundlePath: noHandler, makeEvent: () => ({}) }), /exports no handler/);
    await assert.rejects(runChild({ id: "b", bundlePath: throwing, makeEvent: () => ({}) }), /boom/);
    await assert.rejects(
      runChild({
        id: "c",
        bundlePath: helloBundle,
        makeEvent: () => ({}),
        checkResult: () => {
          throw new Error("did no real work");
        },
      }),
      /c: did no real work/,
    );
  });

  test("statistics: median, nearest-rank p90 and extremes", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    assert.equal(percentile(ten, 90), 9);
    assert.equal(percentile(ten, 100), 10);
    assert.deepEqual(stats([2, 4, 6]), { n: 3, min: 2, median: 4, p90: 6, max: 6, mean: 4 });
    assert.throws(() => median([]), /no values/);
  });
});
