import { ChangeDetectionStrategy, Component, input, output } from "@angular/core";
import type { ApiProblem } from "../../core/api/api-problem";

/** An API failure: its code and message (and request id, for the logs), with a way to try again. */
@Component({
  selector: "cc-error-panel",
  templateUrl: "./error-panel.html",
  styleUrl: "./error-panel.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ErrorPanel {
  readonly problem = input.required<ApiProblem>();
  /** What failed, e.g. "The adoption figures could not be loaded." */
  readonly summary = input("The request failed.");
  /** Label of the retry button; empty hides it (e.g. inside a dialog with its own buttons). */
  readonly retryLabel = input("Try again");
  readonly retry = output<void>();
}
