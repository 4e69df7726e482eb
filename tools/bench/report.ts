/**
 * The budgets of `npm run bench`: every figure an area measures is judged against one budget, and its line ends
 * `within budget` or `MISSED budget (budget X)`. Pure formatting and judging (tools/bench/report.test.ts).
 *
 * A ratio budget (one figure divided by another measured in the same run, interleaved) holds on any machine; an
 * absolute budget (ms, MiB, kB, logins/s) names the machine class it holds on, and the report prints the machine,
 * its load average and the commit beside it.
 */

/** The machine class every absolute time budget is set for: CI's runners and this project's dev machines. */
export const MACHINE_CLASS = "2 cores";

export interface Budget {
  /** The figure must be at most (`max`) or at least (`min`) the limit. */
  readonly kind: "max" | "min";
  readonly limit: number;
  /** Absolute budgets that depend on the machine (time, throughput) name its class; sizes and counts do not. */
  readonly machineClass?: string;
}

export interface Figure {
  readonly area: string;
  /** Stable key for the JSON file and the docs: `triggers.verify-tls-floor-ratio`. */
  readonly id: string;
  readonly label: string;
  readonly value: number;
  /** How the value and the limit print: "ms", "MiB", "kB", "x", "requests", "logins/s". */
  readonly unit: string;
  readonly budget: Budget;
  /** Optional detail after the value ("p99 of 200 invocations"). */
  readonly note?: string;
}

export interface Judged extends Figure {
  readonly within: boolean;
}

export function judge(figure: Figure): Judged {
  const { kind, limit } = figure.budget;
  const within = Number.isFinite(figure.value) && (kind === "max" ? figure.value <= limit : figure.value >= limit);
  return { ...figure, within };
}

const DECIMALS: Record<string, number> = { x: 2, ms: 1, MiB: 1, kB: 1, s: 1, "logins/s": 0, requests: 0, "%": 1 };

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${String(value)} ${unit}`;
  const text = value.toFixed(DECIMALS[unit] ?? 1);
  return unit === "x" ? `${text}x` : `${text} ${unit}`;
}

export function budgetText(figure: Figure): string {
  const { kind, limit, machineClass } = figure.budget;
  return `${kind === "max" ? "≤" : "≥"} ${formatValue(limit, figure.unit)}${machineClass ? ` on ${machineClass}` : ""}`;
}

/** One figure's line: `label: value (note): within budget` or `... MISSED budget (budget ≤ 1.15x)`. */
export function figureLine(figure: Figure): string {
  const j = judge(figure);
  const value = formatValue(figure.value, figure.unit) + (figure.note ? ` (${figure.note})` : "");
  return `- ${figure.label}: ${value}: ${j.within ? "within budget" : `MISSED budget (budget ${budgetText(figure)})`}`;
}

export interface AreaResult {
  readonly area: string;
  /** Markdown tables and notes printed above the figure lines. */
  readonly details: string[];
  readonly figures: Figure[];
  /** Measured values other tools read from the JSON file (tools/bench/scale-model.ts's inputs), by key. */
  readonly measurements?: Record<string, number>;
  /** Set when the area could not run here (a tool missing): no figures, and not a miss. */
  readonly skipped?: string;
}

export function formatArea(result: AreaResult): string {
  const lines = [`## ${result.area}`, ""];
  if (result.skipped) return [...lines, `skipped: ${result.skipped}`].join("\n");
  if (result.details.length > 0) lines.push(...result.details, "");
  lines.push(...result.figures.map(figureLine));
  return lines.join("\n");
}

export function misses(results: readonly AreaResult[]): Judged[] {
  return results.flatMap((r) => r.figures.map(judge)).filter((f) => !f.within);
}

/** Exit code of a run: 1 when any budget was missed or an area failed, unless --report-only. */
export function exitCode(results: readonly AreaResult[], failedAreas: number, reportOnly: boolean): number {
  if (reportOnly) return 0;
  return misses(results).length > 0 || failedAreas > 0 ? 1 : 0;
}
