import { httpResource } from "@angular/common/http";
import { ChangeDetectionStrategy, Component, computed, inject, signal } from "@angular/core";
import { firstValueFrom } from "rxjs";
import { AdminApi } from "../../../../core/api/admin-api";
import {
  API_PATHS,
  AUDIT_ACTIONS,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
} from "../../../../core/api/admin-api.types";
import { toApiProblem, type ApiProblem } from "../../../../core/api/api-problem";
import { FileDownload } from "../../../../core/download/file-download";
import { ErrorPanel } from "../../../../shared/error-panel/error-panel";
import { Loading } from "../../../../shared/loading/loading";
import { addDays, utcDay } from "../../../../shared/days";
import { auditCsv, detailsText, resultText } from "../../audit-entries";

export const AUDIT_PAGE_SIZE = 50;
/** The export asks for pages of the API's largest size, and stops after this many (10,000 entries). */
export const EXPORT_PAGE_SIZE = 100;
export const MAX_EXPORT_PAGES = 100;

interface AuditFilter {
  readonly from: string;
  readonly to: string;
  readonly actor: string;
  readonly action: string;
}

/** The audit log, newest first: filtered by days, actor and action, a page at a time, and exported as CSV. */
@Component({
  selector: "cc-audit-log-page",
  imports: [ErrorPanel, Loading],
  templateUrl: "./audit-log-page.html",
  styleUrl: "./audit-log-page.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditLogPage {
  private readonly api = inject(AdminApi);
  private readonly download = inject(FileDownload);

  protected readonly today = utcDay(Date.now());
  protected readonly actions = AUDIT_ACTIONS;

  /** The form's fields; applied on submit. */
  protected readonly form = signal<AuditFilter>({
    from: addDays(this.today, -29),
    to: this.today,
    actor: "",
    action: "",
  });
  protected readonly formProblem = signal<string | undefined>(undefined);
  protected readonly applied = signal<AuditFilter>(this.form());
  private readonly earlier = signal<readonly (string | undefined)[]>([]);
  private readonly pageToken = signal<string | undefined>(undefined);

  protected readonly page = httpResource<AuditPage>(() =>
    this.api.url(API_PATHS.audit, { ...queryOf(this.applied()), limit: AUDIT_PAGE_SIZE, next: this.pageToken() }),
  );
  protected readonly loadProblem = computed(() => {
    const error = this.page.error();
    return error ? toApiProblem(error) : undefined;
  });
  protected readonly pageNumber = computed(() => this.earlier().length + 1);
  protected readonly status = computed(() => {
    if (this.page.isLoading() || !this.page.hasValue()) return "";
    const page = this.page.value();
    const n = page.entries.length;
    return `Page ${this.pageNumber()}: ${n === 0 ? "no" : n} entr${n === 1 ? "y" : "ies"}.`;
  });

  protected readonly exporting = signal(false);
  protected readonly exportProgress = signal("");
  protected readonly exportProblem = signal<ApiProblem | undefined>(undefined);

  protected readonly detailsText = detailsText;
  protected readonly resultText = resultText;

  protected setField(field: keyof AuditFilter, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    this.form.update((form) => ({ ...form, [field]: value }));
  }

  protected apply(event: Event): void {
    event.preventDefault();
    const form = { ...this.form(), actor: this.form().actor.trim() };
    const problem =
      !form.from || !form.to
        ? "Choose both the first and the last day."
        : form.from > form.to
          ? "The first day must not be after the last day."
          : /\s/.test(form.actor)
            ? "An actor is one username or subject, without spaces."
            : undefined;
    this.formProblem.set(problem);
    if (problem) return;
    const unchanged = JSON.stringify(form) === JSON.stringify(this.applied()) && this.pageToken() === undefined;
    this.earlier.set([]);
    this.pageToken.set(undefined);
    this.applied.set(form);
    if (unchanged) this.page.reload();
  }

  protected nextPage(next: string): void {
    this.earlier.update((tokens) => [...tokens, this.pageToken()]);
    this.pageToken.set(next);
  }

  protected previousPage(): void {
    const tokens = this.earlier();
    if (tokens.length === 0) return;
    this.pageToken.set(tokens[tokens.length - 1]);
    this.earlier.set(tokens.slice(0, -1));
  }

  /** Every entry of the applied filter, page by page, saved as one CSV file. */
  protected async exportCsv(): Promise<void> {
    if (this.exporting()) return;
    const filter = this.applied();
    this.exporting.set(true);
    this.exportProblem.set(undefined);
    const entries: AuditEntry[] = [];
    let next: string | undefined;
    let pages = 0;
    try {
      do {
        this.exportProgress.set(`Exporting: ${entries.length} entries so far…`);
        const page = await firstValueFrom(
          this.api.auditPage({ ...queryOf(filter), limit: EXPORT_PAGE_SIZE, ...(next ? { next } : {}) }),
        );
        entries.push(...page.entries);
        next = page.next ?? undefined;
        pages++;
      } while (next && pages < MAX_EXPORT_PAGES);
    } catch (error) {
      this.exporting.set(false);
      this.exportProgress.set("");
      this.exportProblem.set(toApiProblem(error));
      return;
    }
    this.download.save(`audit-log_${filter.from}_${filter.to}.csv`, auditCsv(entries), "text/csv;charset=utf-8");
    this.exporting.set(false);
    this.exportProgress.set(
      next
        ? `Exported the newest ${entries.length} entries; narrow the range to export the older ones.`
        : `Exported ${entries.length} entr${entries.length === 1 ? "y" : "ies"}.`,
    );
  }
}

function queryOf(filter: AuditFilter): Omit<AuditQuery, "limit"> {
  return {
    from: filter.from,
    to: filter.to,
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
  };
}
