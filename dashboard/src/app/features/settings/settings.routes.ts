import type { Routes } from "@angular/router";
import { LoginSettingsPage } from "./pages/login-settings-page/login-settings-page";

export const SETTINGS_ROUTES: Routes = [{ path: "", component: LoginSettingsPage }];
