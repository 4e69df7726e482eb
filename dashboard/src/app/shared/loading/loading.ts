import { ChangeDetectionStrategy, Component, input } from "@angular/core";

/** A polite status line while a request is under way. */
@Component({
  selector: "cc-loading",
  template: `<p class="loading muted" role="status">{{ label() }}</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Loading {
  readonly label = input("Loading…");
}
