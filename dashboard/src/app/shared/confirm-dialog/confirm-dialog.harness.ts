import { ComponentHarness } from "@angular/cdk/testing";
import { ErrorPanelHarness } from "../error-panel/error-panel.harness";

export class ConfirmDialogHarness extends ComponentHarness {
  static hostSelector = "cc-confirm-dialog";
  private readonly dialog = this.locatorFor("dialog");
  private readonly headingEl = this.locatorFor("h2");
  private readonly bodyEl = this.locatorFor(".body");
  private readonly pendingEl = this.locatorFor(".pending");
  private readonly confirmButton = this.locatorFor("button.confirm");
  private readonly cancelButton = this.locatorFor("button.cancel");
  readonly error = this.locatorForOptional(ErrorPanelHarness);

  async isOpen(): Promise<boolean> {
    return (await this.dialog()).getProperty<boolean>("open");
  }
  async heading(): Promise<string> {
    return (await this.headingEl()).text();
  }
  async text(): Promise<string> {
    return (await this.bodyEl()).text();
  }
  async pendingText(): Promise<string> {
    return (await this.pendingEl()).text();
  }
  async confirmLabel(): Promise<string> {
    return (await this.confirmButton()).text();
  }
  async isConfirmDisabled(): Promise<boolean> {
    return (await this.confirmButton()).getProperty<boolean>("disabled");
  }
  async confirm(): Promise<void> {
    await (await this.confirmButton()).click();
  }
  async cancel(): Promise<void> {
    await (await this.cancelButton()).click();
  }
}
