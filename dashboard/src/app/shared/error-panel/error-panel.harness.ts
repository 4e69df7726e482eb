import { ComponentHarness } from "@angular/cdk/testing";

export class ErrorPanelHarness extends ComponentHarness {
  static hostSelector = "cc-error-panel";
  private readonly codeEl = this.locatorFor(".code");
  private readonly messageEl = this.locatorFor(".message");
  private readonly summaryEl = this.locatorFor(".summary");
  private readonly retryButton = this.locatorForOptional("button.retry");

  async code(): Promise<string> {
    return (await this.codeEl()).text();
  }
  async message(): Promise<string> {
    return (await this.messageEl()).text();
  }
  async summary(): Promise<string> {
    return (await this.summaryEl()).text();
  }
  async canRetry(): Promise<boolean> {
    return (await this.retryButton()) !== null;
  }
  async retry(): Promise<void> {
    const button = await this.retryButton();
    if (!button) throw new Error("no retry button");
    await button.click();
  }
}
