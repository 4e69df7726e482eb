/** The adoption page's date range: presets ending today (UTC, as the counters are kept) or two chosen days. */
import { MAX_ADOPTION_DAYS, type Granularity } from "../../core/api/admin-api.types";
import { addDays, dayCount, isDay } from "../../shared/days";

export const PRESET_DAYS = [7, 30, 90] as const;
export type Preset = (typeof PRESET_DAYS)[number] | "custom";

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** The last `days` days, today included. */
export const presetRange = (days: number, today: string): DayRange => ({
  from: addDays(today, -(days - 1)),
  to: today,
});

/** Why a chosen range cannot be asked for, as a sentence for the form; undefined when it can. */
export function rangeProblem(range: DayRange, today: string): string | undefined {
  if (!isDay(range.from) || !isDay(range.to)) return "Choose both the first and the last day.";
  if (range.from > range.to) return "The first day must not be after the last day.";
  if (range.to > today) return "The last day cannot be in the future.";
  if (dayCount(range.from, range.to) > MAX_ADOPTION_DAYS) return `Choose at most ${MAX_ADOPTION_DAYS} days.`;
  return undefined;
}

/** A granularity that gives a readable number of points for the range. */
export function defaultGranularity(days: number): Granularity {
  return days <= 31 ? "day" : days <= 120 ? "week" : "month";
}
