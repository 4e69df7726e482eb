import { ChangeDetectionStrategy, Component, input, model } from "@angular/core";
import type { Granularity } from "../../../../core/api/admin-api.types";
import { PRESET_DAYS, type Preset } from "../../adoption-range";

/** The range (a preset or two chosen days) and the granularity of the adoption figures. */
@Component({
  selector: "cc-range-picker",
  templateUrl: "./range-picker.html",
  styleUrl: "./range-picker.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RangePicker {
  readonly preset = model.required<Preset>();
  readonly from = model.required<string>();
  readonly to = model.required<string>();
  readonly granularity = model.required<Granularity>();
  /** Why the chosen days cannot be asked for, shown beside them. */
  readonly problem = input<string | undefined>(undefined);
  readonly today = input.required<string>();

  protected readonly presets: readonly Preset[] = [...PRESET_DAYS, "custom"];
  protected readonly granularities: readonly Granularity[] = ["day", "week", "month"];

  protected presetLabel(preset: Preset): string {
    return preset === "custom" ? "Custom" : `Last ${preset} days`;
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }
}
