/** Adoption reports for specs. */
import type { AdoptionReport, PeriodFigures } from "../app/core/api/admin-api.types";

export const period = (start: string, figures: Partial<PeriodFigures> = {}): PeriodFigures => ({
  start,
  end: start,
  passkeyLogins: 0,
  passkeyLoginFailures: { total: 0, byReason: {} },
  passwordLogins: 0,
  passkeysAdded: 0,
  newPasskeyUsers: 0,
  ...figures,
});

export const report = (periods: PeriodFigures[], extra: Partial<AdoptionReport> = {}): AdoptionReport => ({
  from: periods[0]?.start ?? "2026-11-01",
  to: periods.at(-1)?.end ?? "2026-11-01",
  granularity: "day",
  passwordLoginsCounted: true,
  periods,
  headline: {
    passkeyShare: { value: 0.4, previous: 0.35, change: 0.05 },
    failureRate: { value: 0.02, previous: 0.03, change: -0.01 },
    passkeyUsersShare: { value: 0.1, previous: 0.1, change: 0, passkeyUsers: 120, poolSize: 1200 },
  },
  ...extra,
});
