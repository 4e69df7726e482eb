import { ComponentHarness } from "@angular/cdk/testing";

export class TableRowHarness extends ComponentHarness {
  static hostSelector = "tbody tr";
  private readonly cellEls = this.locatorForAll("th, td");

  async cells(): Promise<string[]> {
    return Promise.all((await this.cellEls()).map((cell) => cell.text()));
  }
}

/** Reads any table (cc-data-table's or a page's own) as text. */
export class TableHarness extends ComponentHarness {
  static hostSelector = "table";
  private readonly captionEl = this.locatorForOptional("caption");
  private readonly headerCells = this.locatorForAll("thead th");
  private readonly rowHarnesses = this.locatorForAll(TableRowHarness);

  async caption(): Promise<string> {
    return (await (await this.captionEl())?.text()) ?? "";
  }
  async headers(): Promise<string[]> {
    return Promise.all((await this.headerCells()).map((cell) => cell.text()));
  }
  /** Each body row's cells (row header included) as text. */
  async rows(): Promise<string[][]> {
    return Promise.all((await this.rowHarnesses()).map((row) => row.cells()));
  }
}
