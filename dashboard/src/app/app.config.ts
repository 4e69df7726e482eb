import { provideHttpClient, withFetch, withInterceptors } from "@angular/common/http";
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from "@angular/core";
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from "@angular/router";
import { routes } from "./app.routes";
import { authInterceptor } from "./core/auth/auth.interceptor";
import { AuthService } from "./core/auth/auth.service";
import { RuntimeConfigService } from "./core/config/runtime-config.service";

/** Loads config.json, then picks up a session already in memory; the shell shows a configuration that failed. */
export async function initializeConsole(): Promise<void> {
  // inject() before the first await: the injection context ends there (NG0203).
  const config = inject(RuntimeConfigService);
  const auth = inject(AuthService);
  if (await config.load()) await auth.start();
}

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ anchorScrolling: "enabled" })),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideAppInitializer(initializeConsole),
  ],
};
