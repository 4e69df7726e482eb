import { httpResource } from "@angular/common/http";
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from "@angular/core";
import { AdminApi } from "../../../../core/api/admin-api";
import { API_PATHS, type AdoptionReport, type Granularity } from "../../../../core/api/admin-api.types";
import { toApiProblem } from "../../../../core/api/api-problem";
import { ErrorPanel } from "../../../../shared/error-panel/error-panel";
import { LineChart } from "../../../../shared/line-chart/line-chart";
import { Loading } from "../../../../shared/loading/loading";
import { dayCount, utcDay } from "../../../../shared/days";
import { defaultGranularity, presetRange, rangeProblem, type Preset } from "../../adoption-range";
import { chartsOf, isEmptyReport } from "../../adoption-view";
import { HeadlineFigures } from "../../components/headline-figures/headline-figures";
import { RangePicker } from "../../components/range-picker/range-picker";

/** Passkey adoption over a range: headline figures with their change, and charts each with its data table. */
@Component({
  selector: "cc-adoption-page",
  imports: [ErrorPanel, HeadlineFigures, LineChart, Loading, RangePicker],
  templateUrl: "./adoption-page.html",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdoptionPage {
  private readonly api = inject(AdminApi);

  protected readonly today = utcDay(Date.now());
  protected readonly preset = signal<Preset>(30);
  protected readonly customFrom = signal(presetRange(30, this.today).from);
  protected readonly customTo = signal(this.today);

  protected readonly range = computed(() => {
    const preset = this.preset();
    return preset === "custom" ? { from: this.customFrom(), to: this.customTo() } : presetRange(preset, this.today);
  });
  protected readonly problem = computed(() => rangeProblem(this.range(), this.today));
  /** Follows the range's length until the admin picks one. */
  protected readonly granularity = linkedSignal<Granularity>(() => {
    const range = this.range();
    return this.problem() ? "day" : defaultGranularity(dayCount(range.from, range.to));
  });

  /** A string, so that choosing the range already shown (e.g. Custom over the same days) asks nothing again. */
  private readonly requestUrl = computed(() =>
    this.problem() ? undefined : this.api.url(API_PATHS.adoption, { ...this.range(), granularity: this.granularity() }),
  );
  protected readonly report = httpResource<AdoptionReport>(() => this.requestUrl());
  private readonly current = computed(() => (this.report.hasValue() ? this.report.value() : undefined));
  protected readonly loadProblem = computed(() => {
    const error = this.report.error();
    return error ? toApiProblem(error) : undefined;
  });
  protected readonly empty = computed(() => {
    const report = this.current();
    return report ? isEmptyReport(report) : false;
  });
  protected readonly charts = computed(() => {
    const report = this.current();
    return report ? chartsOf(report) : undefined;
  });
  /** The live region's text: what the figures below cover (the first load has its own status line). */
  protected readonly status = computed(() => {
    const report = this.current();
    if (!report) return "";
    return this.report.isLoading()
      ? "Updating the adoption figures…"
      : `Showing ${report.from} to ${report.to}, per ${report.granularity}.`;
  });
}
