import type { Routes } from "@angular/router";
import { pageTitle } from "../../core/page-title";
import { UserDetailPage } from "./pages/user-detail-page/user-detail-page";
import { UserSearchPage } from "./pages/user-search-page/user-search-page";

export const USERS_ROUTES: Routes = [
  { path: "", component: UserSearchPage, title: pageTitle("Users") },
  { path: ":username", component: UserDetailPage, title: pageTitle("User") },
];
