import { ChangeDetectionStrategy, Component, type ElementRef, effect, input, output, viewChild } from "@angular/core";
import type { ApiProblem } from "../../core/api/api-problem";
import { ErrorPanel } from "../error-panel/error-panel";

let nextId = 0;

/**
 * A modal confirmation (the native `<dialog>`: focus stays inside, Escape cancels). The owner opens and closes it
 * and runs the action; the dialog shows the action's pending and error state and blocks a second click meanwhile.
 * The projected content says what will happen, naming what it happens to.
 */
@Component({
  selector: "cc-confirm-dialog",
  imports: [ErrorPanel],
  templateUrl: "./confirm-dialog.html",
  styleUrl: "./confirm-dialog.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  readonly open = input.required<boolean>();
  readonly heading = input.required<string>();
  readonly confirmLabel = input.required<string>();
  readonly pendingLabel = input("Working…");
  /** Red confirm button for destructive actions. */
  readonly destructive = input(false);
  readonly pending = input(false);
  readonly problem = input<ApiProblem | undefined>(undefined);
  readonly failureSummary = input("The action failed. Nothing was changed.");

  readonly confirmed = output<void>();
  readonly cancelled = output<void>();

  protected readonly id = `cc-confirm-${nextId++}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>("dialog");

  constructor() {
    effect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.open() && !dialog.open) dialog.showModal();
      else if (!this.open() && dialog.open) dialog.close();
    });
  }

  protected onCancel(event: Event): void {
    // Escape: the owner closes the dialog (not while the action is under way).
    event.preventDefault();
    if (!this.pending()) this.cancelled.emit();
  }
}
