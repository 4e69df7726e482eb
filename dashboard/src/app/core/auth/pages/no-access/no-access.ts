import { ChangeDetectionStrategy, Component, inject } from "@angular/core";
import { RouterLink } from "@angular/router";
import { AuthService } from "../../auth.service";
import { ADMIN_GROUP, AUDITOR_GROUP } from "../../roles";

/** Where roleGuard sends a caller whose groups do not allow a page: says which group would, and offers sign-out. */
@Component({
  selector: "cc-no-access",
  imports: [RouterLink],
  template: `
    <section class="card">
      <h2>No access</h2>
      @if (auth.role()) {
        <p>
          This page is for members of the <code>{{ adminGroup }}</code> group; you are signed in as
          <strong>{{ auth.displayName() }}</strong> with read-only access.
          <a routerLink="/">Go to the adoption figures</a>.
        </p>
      } @else {
        <p>
          You are signed in as <strong>{{ auth.displayName() }}</strong>, but your account is in neither the
          <code>{{ adminGroup }}</code> nor the <code>{{ auditorGroup }}</code> group of the console's user pool. Ask an
          administrator of the console pool to add you to one of them, then sign in again.
        </p>
        <button type="button" (click)="auth.signOut()">Sign out</button>
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoAccessPage {
  protected readonly auth = inject(AuthService);
  protected readonly adminGroup = ADMIN_GROUP;
  protected readonly auditorGroup = AUDITOR_GROUP;
}
