/** From the API's adoption report to what the page draws and tabulates: series, headline figures, emptiness. */
import type { AdoptionReport, Headline, PeriodFigures } from "../../core/api/admin-api.types";
import type { ChartSeries } from "../../shared/line-chart/line-chart";

/** At most this many failure reasons get a line of their own; the rest are summed as "other reasons". */
export const MAX_FAILURE_SERIES = 4;

export interface AdoptionCharts {
  readonly labels: readonly string[];
  readonly logins: readonly ChartSeries[];
  /** Null when password logins are not counted (the share is unknown). */
  readonly share: readonly ChartSeries[] | null;
  readonly failures: readonly ChartSeries[];
  readonly enrolment: readonly ChartSeries[];
}

/** A period's label: its first day, or "first – last" when it spans several days. */
export const periodLabel = (p: Pick<PeriodFigures, "start" | "end">): string =>
  p.start === p.end ? p.start : `${p.start} – ${p.end}`;

/** Nothing was counted in the range: no login, failure or enrolment at all. */
export const isEmptyReport = (report: AdoptionReport): boolean =>
  report.periods.every(
    (p) =>
      p.passkeyLogins === 0 &&
      (p.passwordLogins ?? 0) === 0 &&
      p.passkeyLoginFailures.total === 0 &&
      p.passkeysAdded === 0 &&
      p.newPasskeyUsers === 0,
  );

export function chartsOf(report: AdoptionReport): AdoptionCharts {
  const periods = report.periods;
  const counted = report.passwordLoginsCounted;
  const reasonTotals = new Map<string, number>();
  for (const p of periods) {
    for (const [reason, n] of Object.entries(p.passkeyLoginFailures.byReason)) {
      reasonTotals.set(reason, (reasonTotals.get(reason) ?? 0) + n);
    }
  }
  const reasons = [...reasonTotals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r]) => r);
  const shown = reasons.length > MAX_FAILURE_SERIES ? reasons.slice(0, MAX_FAILURE_SERIES - 1) : reasons;
  const failures: ChartSeries[] = shown.map((reason) => ({
    label: reason,
    values: periods.map((p) => p.passkeyLoginFailures.byReason[reason] ?? 0),
  }));
  if (shown.length < reasons.length) {
    failures.push({
      label: "other reasons",
      values: periods.map(
        (p) =>
          p.passkeyLoginFailures.total - shown.reduce((sum, r) => sum + (p.passkeyLoginFailures.byReason[r] ?? 0), 0),
      ),
    });
  }
  return {
    labels: periods.map(periodLabel),
    logins: [
      { label: "Passkey logins", values: periods.map((p) => p.passkeyLogins) },
      ...(counted ? [{ label: "Password logins", values: periods.map((p) => p.passwordLogins) }] : []),
    ],
    share: counted
      ? [
          {
            label: "Passkey share of logins",
            values: periods.map((p) => {
              const all = p.passkeyLogins + (p.passwordLogins ?? 0);
              return all > 0 ? p.passkeyLogins / all : null;
            }),
          },
        ]
      : null,
    failures: failures.length > 0 ? failures : [{ label: "Failed passkey logins", values: periods.map(() => 0) }],
    enrolment: [
      { label: "Passkeys added", values: periods.map((p) => p.passkeysAdded) },
      { label: "New passkey users", values: periods.map((p) => p.newPasskeyUsers) },
    ],
  };
}

export const percent = (ratio: number | null): string => (ratio === null ? "unknown" : `${(ratio * 100).toFixed(1)}%`);

/**
 * The change of a ratio in words (it reads without colour): "up 5.0 points", "down 1.2 points", "no change", or
 * why it is unknown.
 */
export function changeText(headline: Headline): string {
  if (headline.change === null) return headline.previous === null ? "no figure for the previous period" : "unknown";
  const points = Math.abs(headline.change * 100);
  if (points < 0.05) return "no change";
  return `${headline.change > 0 ? "up" : "down"} ${points.toFixed(1)} points`;
}
