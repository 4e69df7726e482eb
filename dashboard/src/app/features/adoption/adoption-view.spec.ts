import { period, report } from "../../../testing/adoption-fixtures";
import { MAX_FAILURE_SERIES, changeText, chartsOf, isEmptyReport, periodLabel } from "./adoption-view";
import { defaultGranularity, presetRange, rangeProblem } from "./adoption-range";

describe("adoption view", () => {
  it("charts passkey against password logins and the share of passkeys per period", () => {
    const charts = chartsOf(
      report([
        period("2026-11-01", { passkeyLogins: 3, passwordLogins: 1 }),
        period("2026-11-02", { passwordLogins: 0 }),
      ]),
    );
    expect(charts.labels).toEqual(["2026-11-01", "2026-11-02"]);
    expect(charts.logins).toEqual([
      { label: "Passkey logins", values: [3, 0] },
      { label: "Password logins", values: [1, 0] },
    ]);
    expect(charts.share).toEqual([{ label: "Passkey share of logins", values: [0.75, null] }]);
  });

  it("leaves password logins and the share out when they are not counted", () => {
    const charts = chartsOf(report([period("2026-11-01", { passwordLogins: null })], { passwordLoginsCounted: false }));
    expect(charts.logins.map((s) => s.label)).toEqual(["Passkey logins"]);
    expect(charts.share).toBeNull();
  });

  it("gives the most frequent failure reasons a line each and sums the rest", () => {
    const byReason = { a: 5, b: 4, c: 3, d: 2, e: 1 };
    const charts = chartsOf(report([period("2026-11-01", { passkeyLoginFailures: { total: 15, byReason } })]));
    expect(charts.failures.length).toBe(MAX_FAILURE_SERIES);
    expect(charts.failures.map((s) => s.label)).toEqual(["a", "b", "c", "other reasons"]);
    expect(charts.failures.at(-1)?.values).toEqual([3]);
  });

  it("labels periods that span days with their first and last day", () => {
    expect(periodLabel({ start: "2026-11-02", end: "2026-11-08" })).toBe("2026-11-02 – 2026-11-08");
  });

  it("calls a range empty only when nothing at all was counted", () => {
    expect(isEmptyReport(report([period("2026-11-01")]))).toBeTrue();
    expect(isEmptyReport(report([period("2026-11-01", { passkeysAdded: 1 })]))).toBeFalse();
  });

  it("writes changes in words, readable without colour", () => {
    expect(changeText({ value: 0.4, previous: 0.35, change: 0.05 })).toBe("up 5.0 points");
    expect(changeText({ value: 0.3, previous: 0.35, change: -0.05 })).toBe("down 5.0 points");
    expect(changeText({ value: 0.3, previous: 0.3, change: 0 })).toBe("no change");
    expect(changeText({ value: 0.3, previous: null, change: null })).toBe("no figure for the previous period");
  });
});

describe("adoption range", () => {
  it("ends presets today, today included", () => {
    expect(presetRange(7, "2026-11-21")).toEqual({ from: "2026-11-15", to: "2026-11-21" });
    expect(presetRange(30, "2026-03-01")).toEqual({ from: "2026-01-31", to: "2026-03-01" });
  });

  it("refuses a reversed, future, too long or incomplete custom range", () => {
    const today = "2026-11-21";
    expect(rangeProblem({ from: "2026-11-01", to: "2026-11-21" }, today)).toBeUndefined();
    expect(rangeProblem({ from: "2026-11-10", to: "2026-11-01" }, today)).toContain("must not be after");
    expect(rangeProblem({ from: "2026-11-01", to: "2026-11-22" }, today)).toContain("future");
    expect(rangeProblem({ from: "2025-11-20", to: "2026-11-21" }, today)).toContain("at most 366 days");
    expect(rangeProblem({ from: "2025-11-21", to: "2026-11-21" }, today)).toBeUndefined();
    expect(rangeProblem({ from: "", to: "2026-11-21" }, today)).toContain("both");
    expect(rangeProblem({ from: "2026-02-30", to: "2026-11-21" }, today)).toContain("both");
  });

  it("picks days for a month, weeks for a quarter and months beyond", () => {
    expect(defaultGranularity(30)).toBe("day");
    expect(defaultGranularity(90)).toBe("week");
    expect(defaultGranularity(200)).toBe("month");
  });
});
