import type { Routes } from "@angular/router";
import { IamReportPage } from "./pages/iam-report-page/iam-report-page";

export const IAM_REPORT_ROUTES: Routes = [{ path: "", component: IamReportPage }];
