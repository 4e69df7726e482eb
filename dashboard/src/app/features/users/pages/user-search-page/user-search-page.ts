import { DatePipe } from "@angular/common";
import { httpResource } from "@angular/common/http";
import { ChangeDetectionStrategy, Component, computed, inject, signal } from "@angular/core";
import { RouterLink } from "@angular/router";
import { AdminApi } from "../../../../core/api/admin-api";
import { API_PATHS, type UserPage } from "../../../../core/api/admin-api.types";
import { toApiProblem } from "../../../../core/api/api-problem";
import { ErrorPanel } from "../../../../shared/error-panel/error-panel";
import { Loading } from "../../../../shared/loading/loading";
import { prefixProblem } from "../../email-prefix";

export const USERS_PAGE_SIZE = 25;

/** The pool's users, by e-mail prefix, a page at a time (Cognito pages forward only: earlier pages are remembered). */
@Component({
  selector: "cc-user-search-page",
  imports: [DatePipe, ErrorPanel, Loading, RouterLink],
  templateUrl: "./user-search-page.html",
  styleUrl: "./user-search-page.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserSearchPage {
  private readonly api = inject(AdminApi);

  /** What is in the field; searched for only on submit. */
  protected readonly typed = signal("");
  protected readonly inputProblem = signal<string | undefined>(undefined);
  /** The prefix of the listing shown. */
  protected readonly prefix = signal("");
  /** The `next` tokens of the pages before this one (empty: first page). */
  private readonly earlier = signal<readonly (string | undefined)[]>([]);
  private readonly pageToken = signal<string | undefined>(undefined);

  protected readonly users = httpResource<UserPage>(() =>
    this.api.url(API_PATHS.users, {
      emailPrefix: this.prefix() || undefined,
      limit: USERS_PAGE_SIZE,
      next: this.pageToken(),
    }),
  );
  protected readonly loadProblem = computed(() => {
    const error = this.users.error();
    return error ? toApiProblem(error) : undefined;
  });
  protected readonly pageNumber = computed(() => this.earlier().length + 1);
  protected readonly status = computed(() => {
    if (this.users.isLoading() || !this.users.hasValue()) return "";
    const page = this.users.value();
    const n = page.users.length;
    return `Page ${this.pageNumber()}: ${n === 0 ? "no" : n} user${n === 1 ? "" : "s"}${this.prefix() ? " whose e-mail address starts with the typed text" : ""}.`;
  });

  protected onInput(event: Event): void {
    this.typed.set((event.target as HTMLInputElement).value);
    this.inputProblem.set(undefined);
  }

  protected search(event: Event): void {
    event.preventDefault();
    const typed = this.typed().trim();
    const problem = prefixProblem(typed);
    this.inputProblem.set(problem);
    if (problem) return;
    // The same search again (e.g. after an error) changes no signal: ask again explicitly.
    const unchanged = this.prefix() === typed && this.pageToken() === undefined;
    this.earlier.set([]);
    this.pageToken.set(undefined);
    this.prefix.set(typed);
    if (unchanged) this.users.reload();
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
}
