import { HttpBackend, HttpClient } from "@angular/common/http";
import { Injectable, computed, inject, signal } from "@angular/core";
import { firstValueFrom } from "rxjs";
import { parseRuntimeConfig, type RuntimeConfig } from "./runtime-config";

/** Where config.json is, relative to the document's base URL (served beside index.html). */
export const CONFIG_PATH = "config.json";

export type ConfigState =
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly config: RuntimeConfig }
  | { readonly status: "failed"; readonly problems: readonly string[] };

@Injectable({ providedIn: "root" })
export class RuntimeConfigService {
  // HttpBackend: config.json is fetched before sign-in, past the interceptors that add the API's token.
  private readonly http = new HttpClient(inject(HttpBackend));
  private readonly state = signal<ConfigState>({ status: "loading" });

  readonly current = this.state.asReadonly();
  readonly config = computed(() => {
    const state = this.state();
    return state.status === "ready" ? state.config : undefined;
  });

  /** The loaded configuration; throws before load() succeeded (callers run behind the app initializer). */
  require(): RuntimeConfig {
    const config = this.config();
    if (!config) throw new Error("runtime_config_not_loaded");
    return config;
  }

  /** Fetches and checks config.json once; resolves whether it is usable (never rejects). */
  async load(): Promise<boolean> {
    let body: unknown;
    try {
      body = await firstValueFrom(this.http.get<unknown>(CONFIG_PATH));
    } catch {
      this.state.set({ status: "failed", problems: ["config_unreadable"] });
      return false;
    }
    const parsed = parseRuntimeConfig(body);
    this.state.set(
      parsed.ok ? { status: "ready", config: parsed.config } : { status: "failed", problems: parsed.problems },
    );
    return parsed.ok;
  }
}
