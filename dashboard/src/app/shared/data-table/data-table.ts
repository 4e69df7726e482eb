import { ChangeDetectionStrategy, Component, input } from "@angular/core";

export interface TableColumn {
  readonly key: string;
  readonly label: string;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
}

/** Cells are already formatted: the table only lays them out. */
export type TableRow = Readonly<Record<string, string>>;

/** A plain table with a caption, column headers and the first column as row headers (`th scope`). */
@Component({
  selector: "cc-data-table",
  templateUrl: "./data-table.html",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DataTable {
  readonly caption = input.required<string>();
  readonly columns = input.required<readonly TableColumn[]>();
  readonly rows = input.required<readonly TableRow[]>();
}
