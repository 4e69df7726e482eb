import { DatePipe } from "@angular/common";
import { ChangeDetectionStrategy, Component, input, output } from "@angular/core";
import type { PasskeySummary } from "../../../../core/api/admin-api.types";

/** A user's passkeys; the delete buttons only when `canDelete` (admins), each naming its passkey. */
@Component({
  selector: "cc-passkey-table",
  imports: [DatePipe],
  templateUrl: "./passkey-table.html",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasskeyTable {
  readonly passkeys = input.required<readonly PasskeySummary[]>();
  readonly owner = input.required<string>();
  readonly canDelete = input(false);
  readonly deleteRequested = output<PasskeySummary>();

  protected platform(passkey: PasskeySummary): string {
    return [passkey.sourceOS, passkey.sourceBrowser].filter((part) => part).join(", ") || "unknown";
  }
}
