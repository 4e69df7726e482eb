import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { Component, signal } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { expectNoAxeViolations } from "../../../testing/console-testing";
import { TableHarness } from "../data-table/data-table.harness";
import { LineChart, SERIES_STYLES, formatValue, type ChartSeries } from "./line-chart";

@Component({
  imports: [LineChart],
  template: `<cc-line-chart heading="Logins" [labels]="labels()" [series]="series()" [format]="format()" />`,
})
class Host {
  readonly labels = signal(["2026-11-01", "2026-11-02"]);
  readonly series = signal<ChartSeries[]>([
    { label: "Passkey logins", values: [3, 1200] },
    { label: "Password logins", values: [7, null] },
  ]);
  readonly format = signal<"count" | "percent">("count");
}

describe("LineChart", () => {
  it("draws the series and lists exactly the plotted values in its data table", async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector(".plot canvas")).not.toBeNull();
    const table = await TestbedHarnessEnvironment.loader(fixture).getHarness(TableHarness);
    expect(await table.headers()).toEqual(["Period", "Passkey logins", "Password logins"]);
    expect(await table.rows()).toEqual([
      ["2026-11-01", "3", "7"],
      ["2026-11-02", "1,200", "n/a"],
    ]);
  });

  it("tells series apart by line pattern and name, not colour alone", async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const dashes = Array.from(element.querySelectorAll(".legend line")).map((l) => l.getAttribute("stroke-dasharray"));
    expect(new Set(dashes).size).toBe(2);
    expect(element.querySelector(".legend")?.textContent).toContain("(dashed line)");
    expect(element.querySelector(".plot")?.getAttribute("aria-label")).toContain(
      "Passkey logins (solid line), Password logins (dashed line)",
    );
    expect(new Set(SERIES_STYLES.map((s) => s.dash.join(","))).size).toBe(SERIES_STYLES.length);
  });

  it("redraws with the new data when its inputs change", async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    fixture.componentInstance.series.set([{ label: "Share", values: [0.5, 0.25] }]);
    fixture.componentInstance.format.set("percent");
    await fixture.whenStable();
    const table = await TestbedHarnessEnvironment.loader(fixture).getHarness(TableHarness);
    expect(await table.rows()).toEqual([
      ["2026-11-01", "50.0%"],
      ["2026-11-02", "25.0%"],
    ]);
    expect((fixture.nativeElement as HTMLElement).querySelectorAll(".plot canvas").length).toBe(1);
  });

  it("has no axe-core violation", async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    await expectNoAxeViolations(fixture.nativeElement as HTMLElement);
  });
});

describe("formatValue", () => {
  it("writes counts with separators, ratios as percent, and a missing value as n/a", () => {
    expect(formatValue(12345, "count")).toBe("12,345");
    expect(formatValue(0.4567, "percent")).toBe("45.7%");
    expect(formatValue(null, "percent")).toBe("n/a");
  });
});
