import type { Routes } from "@angular/router";
import { AdoptionPage } from "./pages/adoption-page/adoption-page";

export const ADOPTION_ROUTES: Routes = [{ path: "", component: AdoptionPage }];
