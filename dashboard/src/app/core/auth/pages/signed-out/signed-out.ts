import { ChangeDetectionStrategy, Component, inject } from "@angular/core";
import { AuthService } from "../../auth.service";

/** Where the managed-login logout sends the browser: no automatic sign-in from here, or sign-out would not stick. */
@Component({
  selector: "cc-signed-out",
  template: `
    <section class="card">
      <h2>Signed out</h2>
      <p>Your tokens were revoked and forgotten, and your sign-in session was ended.</p>
      <button type="button" class="button-primary" (click)="signIn()">Sign in</button>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignedOutPage {
  private readonly auth = inject(AuthService);

  protected signIn(): void {
    void this.auth.signIn("/");
  }
}
