import { ChangeDetectionStrategy, Component, input, output } from "@angular/core";

/**
 * An on/off switch (`role="switch"`, its state announced as checked or not and written out as On/Off, so it reads
 * without colour). It only asks: the owner decides, typically after a confirmation, and sets `checked`.
 */
@Component({
  selector: "cc-switch",
  templateUrl: "./switch.html",
  styleUrl: "./switch.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Switch {
  readonly label = input.required<string>();
  readonly checked = input.required<boolean>();
  readonly disabled = input(false);
  /** Id of an element that describes the switch's effect. */
  readonly describedBy = input<string | undefined>(undefined);
  /** Emits the state the user asked for. */
  readonly toggled = output<boolean>();
}
