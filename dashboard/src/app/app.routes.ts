import type { Routes } from "@angular/router";

// Feature routes (adoption, users, settings, audit log, IAM report) arrive with the console issues.
export const routes: Routes = [];
