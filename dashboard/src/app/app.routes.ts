import type { Routes } from "@angular/router";
import { authGuard, roleGuard } from "./core/auth/guards";
import { NoAccessPage } from "./core/auth/pages/no-access/no-access";
import { SignInCallbackPage } from "./core/auth/pages/sign-in-callback/sign-in-callback";
import { SignedOutPage } from "./core/auth/pages/signed-out/signed-out";
import { NotFoundPage } from "./core/not-found/not-found";
import { pageTitle as title } from "./core/page-title";

/** Every feature page is a lazy chunk; auditors reach every page, and each page hides what only admins may do. */
export const routes: Routes = [
  { path: "auth/callback", component: SignInCallbackPage, title: title("Signing in") },
  { path: "signed-out", component: SignedOutPage, title: title("Signed out") },
  { path: "no-access", component: NoAccessPage, canActivate: [authGuard], title: title("No access") },
  {
    path: "",
    canActivateChild: [authGuard, roleGuard("auditor")],
    children: [
      { path: "", pathMatch: "full", redirectTo: "adoption" },
      {
        path: "adoption",
        title: title("Adoption"),
        loadChildren: () => import("./features/adoption/adoption.routes").then((m) => m.ADOPTION_ROUTES),
      },
      {
        path: "users",
        loadChildren: () => import("./features/users/users.routes").then((m) => m.USERS_ROUTES),
      },
      {
        path: "settings",
        title: title("Login settings"),
        loadChildren: () => import("./features/settings/settings.routes").then((m) => m.SETTINGS_ROUTES),
      },
      {
        path: "audit-log",
        title: title("Audit log"),
        loadChildren: () => import("./features/audit-log/audit-log.routes").then((m) => m.AUDIT_LOG_ROUTES),
      },
      {
        path: "iam-report",
        title: title("IAM report"),
        loadChildren: () => import("./features/iam-report/iam-report.routes").then((m) => m.IAM_REPORT_ROUTES),
      },
      { path: "**", component: NotFoundPage, title: title("Not found") },
    ],
  },
];
