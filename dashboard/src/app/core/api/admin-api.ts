import { HttpClient, HttpParams } from "@angular/common/http";
import { Injectable, inject } from "@angular/core";
import { RuntimeConfigService } from "../config/runtime-config.service";
import {
  API_PATHS,
  type AuditPage,
  type AuditQuery,
  type PasskeyDeleted,
  type SettingsChange,
  type SettingsChanged,
} from "./admin-api.types";

type QueryValue = string | number | boolean | undefined;

/**
 * The admin API: URLs for reads (pages read with httpResource) and the write calls. The only place that knows
 * where the API is.
 */
@Injectable({ providedIn: "root" })
export class AdminApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfigService);

  /** The absolute URL of an API path, with the query parameters that are set, in a stable order. */
  url(path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== "") params = params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.config.require().apiUrl}${path}${search ? `?${search}` : ""}`;
  }

  /** One page of the audit log (the CSV export walks every page of a filter). */
  auditPage(query: AuditQuery) {
    return this.http.get<AuditPage>(this.url(API_PATHS.audit, { ...query }));
  }

  deletePasskey(username: string, passkeyId: string) {
    return this.http.delete<PasskeyDeleted>(this.url(API_PATHS.passkey(username, passkeyId)));
  }

  updateSettings(change: SettingsChange) {
    return this.http.put<SettingsChanged>(this.url(API_PATHS.settings), change);
  }
}
