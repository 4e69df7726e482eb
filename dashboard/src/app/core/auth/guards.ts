import { inject } from "@angular/core";
import { Router, type CanActivateFn } from "@angular/router";
import { RuntimeConfigService } from "../config/runtime-config.service";
import { AuthService } from "./auth.service";
import { allows, type Role } from "./roles";

/** Signed in, or off to the issuer's sign-in page (coming back to the URL that was asked for). */
export const authGuard: CanActivateFn = async (_route, state) => {
  // Without a configuration there is no issuer to sign in with: the shell shows why.
  if (!inject(RuntimeConfigService).config()) return false;
  const auth = inject(AuthService);
  if (auth.status() === "signed-in") return true;
  await auth.signIn(state.url);
  return false;
};

/** The caller's groups allow `required` (admins see all), else the page that says which group is missing. */
export function roleGuard(required: Role): CanActivateFn {
  return () => (allows(inject(AuthService).role(), required) ? true : inject(Router).createUrlTree(["/no-access"]));
}
