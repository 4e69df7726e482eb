export interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
}

/** Reads the closing `# pass N` / `# fail N` / `# skipped N` / `# todo N` lines of Node's TAP reporter. */
export function parseTapSummary(tap: string): Omit<SuiteResult, "name" | "exitCode"> {
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
export function parseKarmaSummary(output: string): Omit<SuiteResult, "name" | "exitCode"> {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
  const lines = [...plain.matchAll(/Executed (\d+) of (\d+)(?: \((\d+) FAILED\))?(?: \(skipped (\d+)\))?/g)];
  const last = lines.at(-1);
  if (!last) return { passed: 0, failed: 0, skipped: 0 };
  const executed = Number(last[1]);
  const failed = Number(last[3] ?? 0);
  return { passed: executed - failed, failed, skipped: Number(last[4] ?? 0) };
}
