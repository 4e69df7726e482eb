import { TestbedHarnessEnvironment } from "@angular/cdk/testing/testbed";
import { Component, signal } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import type { ApiProblem } from "../../core/api/api-problem";
import { ConfirmDialog } from "./confirm-dialog";
import { ConfirmDialogHarness } from "./confirm-dialog.harness";

@Component({
  imports: [ConfirmDialog],
  template: `
    <cc-confirm-dialog
      [open]="open()"
      heading="Delete this passkey?"
      confirmLabel="Delete passkey"
      [destructive]="true"
      [pending]="pending()"
      [problem]="problem()"
      (confirmed)="confirmed = confirmed + 1"
      (cancelled)="cancelled = cancelled + 1"
    >
      <p>This deletes the passkey "YubiKey" of ada&#64;example.com.</p>
    </cc-confirm-dialog>
  `,
})
class Host {
  readonly open = signal(true);
  readonly pending = signal(false);
  readonly problem = signal<ApiProblem | undefined>(undefined);
  confirmed = 0;
  cancelled = 0;
}

describe("ConfirmDialog", () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const dialog = await TestbedHarnessEnvironment.loader(fixture).getHarness(ConfirmDialogHarness);
    return { fixture, host: fixture.componentInstance, dialog };
  }

  it("opens as a modal that names what it acts on, with focus on Cancel rather than the destructive button", async () => {
    const { fixture, dialog } = await render();
    expect(await dialog.isOpen()).toBeTrue();
    expect(await dialog.heading()).toBe("Delete this passkey?");
    expect(await dialog.text()).toContain('"YubiKey" of ada@example.com');
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector("dialog")?.matches(":modal")).toBeTrue();
    expect(document.activeElement?.classList.contains("cancel")).toBeTrue();
  });

  it("reports confirm and cancel to its owner, and Escape as cancel", async () => {
    const { fixture, host, dialog } = await render();
    await dialog.confirm();
    await dialog.cancel();
    const native = (fixture.nativeElement as HTMLElement).querySelector("dialog")!;
    native.dispatchEvent(new Event("cancel", { cancelable: true }));
    expect(host.confirmed).toBe(1);
    expect(host.cancelled).toBe(2);
    expect(native.open).toBeTrue();
  });

  it("blocks both buttons and Escape while the action is pending, and says so", async () => {
    const { fixture, host, dialog } = await render();
    host.pending.set(true);
    expect(await dialog.isConfirmDisabled()).toBeTrue();
    expect(await dialog.pendingText()).toBe("Working…");
    const native = (fixture.nativeElement as HTMLElement).querySelector("dialog")!;
    native.dispatchEvent(new Event("cancel", { cancelable: true }));
    expect(host.cancelled).toBe(0);
  });

  it("shows a failure with its code and offers to try again", async () => {
    const { host, dialog } = await render();
    host.problem.set({ status: 429, code: "rate_limited", message: "Too many passkey deletions." });
    expect(await (await dialog.error())?.code()).toBe("rate_limited");
    expect(await dialog.confirmLabel()).toBe("Try again: Delete passkey");
  });

  it("closes when its owner closes it", async () => {
    const { host, dialog } = await render();
    host.open.set(false);
    expect(await dialog.isOpen()).toBeFalse();
  });
});
