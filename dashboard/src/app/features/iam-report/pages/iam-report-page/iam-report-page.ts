import { httpResource } from "@angular/common/http";
import { ChangeDetectionStrategy, Component, computed, inject } from "@angular/core";
import { RouterLink } from "@angular/router";
import { AdminApi } from "../../../../core/api/admin-api";
import { API_PATHS } from "../../../../core/api/admin-api.types";
import { toApiProblem, type ApiProblem } from "../../../../core/api/api-problem";
import { ErrorPanel } from "../../../../shared/error-panel/error-panel";
import { Loading } from "../../../../shared/loading/loading";
import { IamReportFormatError, mapIamReport } from "../../iam-report.mapping";
import type { IamReportModel } from "../../iam-report.model";

/** The module's IAM report for auditors: findings first, then who may touch what, each principal and its policies. */
@Component({
  selector: "cc-iam-report-page",
  imports: [ErrorPanel, Loading, RouterLink],
  templateUrl: "./iam-report-page.html",
  styleUrl: "./iam-report-page.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IamReportPage {
  private readonly api = inject(AdminApi);

  protected readonly report = httpResource<IamReportModel>(() => this.api.url(API_PATHS.iamReport), {
    parse: mapIamReport,
  });
  protected readonly problem = computed<ApiProblem | undefined>(() => {
    const error = this.report.error();
    if (!error) return undefined;
    if (error instanceof IamReportFormatError) {
      return {
        status: 200,
        code: "iam_report_unrecognised",
        message: "The report's JSON has a shape this console does not read.",
      };
    }
    return toApiProblem(error);
  });
  private readonly resources = computed(() => (this.report.hasValue() ? this.report.value().byResource : []));
  protected readonly moduleResources = computed(() => this.resources().filter((r) => r.kind !== "neighbour"));
  protected readonly neighbours = computed(() => this.resources().filter((r) => r.kind === "neighbour"));
}
