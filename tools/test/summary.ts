export interface Skip {
  test: string;
  reason: string;
}

export interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
  /** What was skipped and why (as far as the suite's reporter says). */
  skips: Skip[];
  /** A line to print under the suite's counts (e.g. why it did not run). */
  note?: string;
}

type Counts = Pick<SuiteResult, "passed" | "failed" | "skipped">;

/** Reads the closing `# pass N` / `# fail N` / `# skipped N` / `# todo N` lines of Node's TAP reporter. */
export function parseTapSummary(tap: string): Counts {
  const count = (key: string): number => {
    const matches = [...tap.matchAll(new RegExp(`^# ${key} (\\d+)$`, "gm"))];
    const last = matches.at(-1);
    return last ? Number(last[1]) : 0;
  };
  return {
    passed: count("pass"),
    failed: count("fail") + count("cancelled"),
    skipped: count("skipped") + count("todo"),
  };
}

/** Reads Karma's progress/dots closing line, e.g. "Executed 12 of 12 (1 FAILED) (skipped 2) SUCCESS". */
export function parseKarmaSummary(output: string): Counts {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
  const lines = [...plain.matchAll(/Executed (\d+) of (\d+)(?: \((\d+) FAILED\))?(?: \(skipped (\d+)\))?/g)];
  const last = lines.at(-1);
  if (!last) return { passed: 0, failed: 0, skipped: 0 };
  const executed = Number(last[1]);
  const failed = Number(last[3] ?? 0);
  return { passed: executed - failed, failed, skipped: Number(last[4] ?? 0) };
}

const unescapeTap = (s: string): string => s.replace(/\\([\\#])/g, "$1");

/** Every skipped or todo test of Node's TAP stream with its reason (`ok 3 - name # SKIP reason`), in order. */
export function parseTapSkips(tap: string): Skip[] {
  const lines = tap.matchAll(/^\s*ok \d+ - ((?:[^#\\\n]|\\.)*?) # (SKIP|TODO)(?: (.*))?$/gm);
  return [...lines].map(([, name, directive, reason]) => ({
    test: unescapeTap(name!),
    reason: `${directive === "TODO" ? "todo: " : ""}${reason ? unescapeTap(reason) : "no reason given"}`,
  }));
}

/** The lines under a suite's counts: one per distinct reason with how many tests it skipped and which. */
export function formatSkips(skips: readonly Skip[], examples = 3): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skips) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.test]);
  return [...byReason].flatMap(([reason, tests]) => {
    const shown = tests.slice(0, examples).map((t) => `"${t}"`);
    const more = tests.length > examples ? `, and ${tests.length - examples} more` : "";
    return [`  ${tests.length} skipped, ${reason}`, `      ${shown.join(", ")}${more}`];
  });
}

/**
 * What `npm test` prints after its suites, and its exit code: each suite's counts with what it skipped and why,
 * then the one summary line. Fails when a test failed, a suite crashed, or nothing ran or skipped at all.
 */
export function summarize(results: readonly SuiteResult[]): { lines: string[]; exitCode: number } {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    lines.push(`suite ${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (exit ${r.exitCode})`);
    if (r.note) lines.push(r.note);
    lines.push(...formatSkips(r.skips));
    const unexplained = r.skipped - r.skips.length;
    if (unexplained > 0) lines.push(`  ${unexplained} skipped, no reason given by the suite's reporter`);
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    // A suite that crashed without reporting a failure still counts as one failure.
    if (r.exitCode !== 0 && r.failed === 0) failed += 1;
  }
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  // Only skips (a laptop without terraform running the plan specs) passes; nothing reported at all does not.
  return { lines, exitCode: failed > 0 || passed + skipped === 0 ? 1 : 0 };
}
