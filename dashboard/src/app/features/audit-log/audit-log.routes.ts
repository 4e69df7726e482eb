import type { Routes } from "@angular/router";
import { AuditLogPage } from "./pages/audit-log-page/audit-log-page";

export const AUDIT_LOG_ROUTES: Routes = [{ path: "", component: AuditLogPage }];
