import { ComponentHarness, type BaseHarnessFilters, HarnessPredicate } from "@angular/cdk/testing";

export interface SwitchHarnessFilters extends BaseHarnessFilters {
  label?: string | RegExp;
}

export class SwitchHarness extends ComponentHarness {
  static hostSelector = "cc-switch";
  private readonly button = this.locatorFor('[role="switch"]');
  private readonly labelEl = this.locatorFor(".label");

  static with(filters: SwitchHarnessFilters = {}): HarnessPredicate<SwitchHarness> {
    return new HarnessPredicate(SwitchHarness, filters).addOption("label", filters.label, (h, label) =>
      HarnessPredicate.stringMatches(h.label(), label),
    );
  }

  async label(): Promise<string> {
    return (await this.labelEl()).text();
  }
  async isChecked(): Promise<boolean> {
    return (await (await this.button()).getAttribute("aria-checked")) === "true";
  }
  async isDisabled(): Promise<boolean> {
    return (await this.button()).getProperty<boolean>("disabled");
  }
  async toggle(): Promise<void> {
    await (await this.button()).click();
  }
}
