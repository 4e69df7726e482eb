import { type HttpInterceptorFn, HttpErrorResponse } from "@angular/common/http";
import { inject } from "@angular/core";
import { tap } from "rxjs";
import { RuntimeConfigService } from "../config/runtime-config.service";
import { AuthService } from "./auth.service";

/**
 * Adds the access token to requests for the admin API and to nothing else; a 401 from the API ends the session
 * visibly (the shell offers to sign in again).
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const apiUrl = inject(RuntimeConfigService).config()?.apiUrl;
  if (!apiUrl || !request.url.startsWith(apiUrl + "/")) return next(request);
  const auth = inject(AuthService);
  const token = auth.accessToken();
  const authorised = token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
  return next(authorised).pipe(
    tap({
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) auth.markExpired();
      },
    }),
  );
};
