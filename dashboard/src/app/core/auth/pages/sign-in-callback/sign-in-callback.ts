import { ChangeDetectionStrategy, Component, inject, signal } from "@angular/core";
import { Router } from "@angular/router";
import { AuthService } from "../../auth.service";

/** An OIDC error answer (`error`, `error_description`) or an exception of the client library, as a code. */
function signInErrorCode(error: unknown): string {
  const code = (error as { error?: unknown } | null)?.error;
  return typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? code : "sign_in_failed";
}

/** Where the issuer sends the browser back: exchanges the code, then goes where the admin was heading. */
@Component({
  selector: "cc-sign-in-callback",
  templateUrl: "./sign-in-callback.html",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInCallbackPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly failure = signal<string | undefined>(undefined);

  constructor() {
    this.auth.completeSignIn().then(
      (returnUrl) => this.router.navigateByUrl(returnUrl, { replaceUrl: true }),
      (error: unknown) => this.failure.set(signInErrorCode(error)),
    );
  }

  protected signInAgain(): void {
    void this.auth.signIn("/");
  }
}
