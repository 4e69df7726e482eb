import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  ViewEncapsulation,
  afterRenderEffect,
  computed,
  inject,
  input,
  viewChild,
} from "@angular/core";
import uPlot from "uplot";
import { DataTable, type TableColumn, type TableRow } from "../data-table/data-table";

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export type ChartFormat = "count" | "percent";

/** Each series differs by line pattern as well as colour, so the chart reads without colour (and in greyscale). */
export const SERIES_STYLES = [
  { stroke: "#0a58ca", dash: [] as number[], name: "solid line" },
  { stroke: "#b42318", dash: [8, 4], name: "dashed line" },
  { stroke: "#1a7f37", dash: [2, 3], name: "dotted line" },
  { stroke: "#8250df", dash: [12, 4, 2, 4], name: "dash-dot line" },
  { stroke: "#9a6700", dash: [4, 8], name: "sparse dashed line" },
  { stroke: "#1b1f24", dash: [16, 6], name: "long-dashed line" },
] as const;

/** 1, 2, 5, 10, 20, 50, … up to 5e9. */
const COUNT_INCREMENTS = Array.from({ length: 30 }, (_, i) => [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3));

const styleOf = (index: number) => SERIES_STYLES[index % SERIES_STYLES.length]!;

export function formatValue(value: number | null, format: ChartFormat): string {
  if (value === null) return "n/a";
  return format === "percent" ? `${(value * 100).toFixed(1)}%` : value.toLocaleString("en-US");
}

/**
 * A line chart (uPlot, loaded with the page that uses it) with its data table: the table is the text alternative
 * and holds exactly the plotted figures.
 */
@Component({
  selector: "cc-line-chart",
  imports: [DataTable],
  templateUrl: "./line-chart.html",
  styleUrls: ["../../../../../node_modules/uplot/dist/uPlot.min.css", "./line-chart.css"],
  // uPlot builds its own DOM, which emulated encapsulation would not reach.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LineChart {
  readonly heading = input.required<string>();
  /** One label per point, e.g. the period's first day. */
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly format = input<ChartFormat>("count");

  private readonly canvasHost = viewChild.required<ElementRef<HTMLElement>>("plot");
  private plot: uPlot | undefined;

  protected readonly legend = computed(() =>
    this.series().map((s, i) => ({ label: s.label, ...styleOf(i), dashArray: styleOf(i).dash.join(" ") })),
  );
  protected readonly summary = computed(
    () =>
      `${this.heading()}: ${this.series()
        .map((s, i) => `${s.label} (${styleOf(i).name})`)
        .join(", ")}; ${this.labels().length} points. The data table below lists every value.`,
  );
  protected readonly columns = computed<TableColumn[]>(() => [
    { key: "period", label: "Period" },
    ...this.series().map((s, i) => ({ key: `s${i}`, label: s.label, numeric: true })),
  ]);
  protected readonly rows = computed<TableRow[]>(() =>
    this.labels().map((label, row) => {
      const cells: Record<string, string> = { period: label };
      this.series().forEach((s, i) => (cells[`s${i}`] = formatValue(s.values[row] ?? null, this.format())));
      return cells;
    }),
  );

  constructor() {
    afterRenderEffect(() => this.draw(this.canvasHost().nativeElement, this.labels(), this.series(), this.format()));
    inject(DestroyRef).onDestroy(() => this.plot?.destroy());
  }

  private draw(
    host: HTMLElement,
    labels: readonly string[],
    series: readonly ChartSeries[],
    format: ChartFormat,
  ): void {
    this.plot?.destroy();
    const data: uPlot.AlignedData = [labels.map((_, i) => i), ...series.map((s) => s.values.map((v) => v ?? null))];
    const opts: uPlot.Options = {
      width: Math.max(280, host.clientWidth || 640),
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, format === "percent" ? 1 : Math.max(1, max)] } },
      axes: [
        {
          incrs: [1, 2, 5, 7, 10, 14, 30],
          // A period's first day ("2026-11-02 – 2026-11-08" -> "2026-11-02"): the table has the whole label.
          values: (_u, splits) => splits.map((i) => labels[i]?.split(" ")[0] ?? ""),
          stroke: "#1b1f24",
        },
        {
          values: (_u, splits) => splits.map((v) => formatValue(v, format)),
          // Counts tick at whole numbers only.
          ...(format === "count" ? { incrs: COUNT_INCREMENTS } : {}),
          stroke: "#1b1f24",
          size: 60,
        },
      ],
      series: [
        {},
        ...series.map((s, i) => ({ label: s.label, stroke: styleOf(i).stroke, dash: [...styleOf(i).dash], width: 2 })),
      ],
    };
    this.plot = new uPlot(opts, data, host);
  }
}
