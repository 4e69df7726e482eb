import { DatePipe } from "@angular/common";
import { httpResource } from "@angular/common/http";
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from "@angular/core";
import { AdminApi } from "../../../../core/api/admin-api";
import { API_PATHS, type SettingsView } from "../../../../core/api/admin-api.types";
import { toApiProblem, type ApiProblem } from "../../../../core/api/api-problem";
import { AuthService } from "../../../../core/auth/auth.service";
import { ConfirmDialog } from "../../../../shared/confirm-dialog/confirm-dialog";
import { ErrorPanel } from "../../../../shared/error-panel/error-panel";
import { Loading } from "../../../../shared/loading/loading";
import { Switch } from "../../../../shared/switch/switch";
import {
  SETTING_LABELS,
  SETTING_PURPOSES,
  confirmQuestion,
  effectOnEndUsers,
  howSoon,
  stateForEndUsers,
  type SettingName,
} from "../../settings-effects";

interface PendingChange {
  readonly setting: SettingName;
  readonly next: boolean;
  /** The settings the change was asked against (their version goes with the request). */
  readonly basis: SettingsView;
}

/**
 * Passkey-first and the kill switch. Admins change each through a confirmation that says what end users will see
 * and how soon; auditors see the values only. A change is sent with the version it was read at: a 409 means someone
 * else changed the settings first, and the page shows their new values instead of overwriting them.
 */
@Component({
  selector: "cc-login-settings-page",
  imports: [ConfirmDialog, DatePipe, ErrorPanel, Loading, Switch],
  templateUrl: "./login-settings-page.html",
  styleUrl: "./login-settings-page.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginSettingsPage {
  private readonly api = inject(AdminApi);
  protected readonly auth = inject(AuthService);

  protected readonly resource = httpResource<SettingsView>(() => this.api.url(API_PATHS.settings));
  /** The latest known settings: what the API read, or what it answered to our change. */
  protected readonly settings = linkedSignal<SettingsView | undefined>(() =>
    this.resource.hasValue() ? this.resource.value() : undefined,
  );
  protected readonly loadProblem = computed(() => {
    const error = this.resource.error();
    return error ? toApiProblem(error) : undefined;
  });

  protected readonly change = signal<PendingChange | undefined>(undefined);
  protected readonly saving = signal(false);
  protected readonly saveProblem = signal<ApiProblem | undefined>(undefined);
  /** Set after a 409: the change someone else's change overtook. */
  protected readonly conflict = signal<PendingChange | undefined>(undefined);
  /** The live region's text after a change. */
  protected readonly announcement = signal("");

  protected readonly labels = SETTING_LABELS;
  protected readonly purposes = SETTING_PURPOSES;
  protected readonly confirmQuestion = confirmQuestion;
  protected readonly settingNames: readonly SettingName[] = ["passkeyFirst", "killSwitch"];
  protected readonly effectOnEndUsers = effectOnEndUsers;
  protected readonly stateForEndUsers = stateForEndUsers;
  protected readonly howSoon = howSoon;

  protected ask(setting: SettingName, next: boolean): void {
    const basis = this.settings();
    if (!basis) return;
    this.saveProblem.set(undefined);
    this.conflict.set(undefined);
    this.announcement.set("");
    this.change.set({ setting, next, basis });
  }

  protected cancel(): void {
    this.change.set(undefined);
    this.saveProblem.set(undefined);
  }

  protected confirm(): void {
    const change = this.change();
    if (!change || this.saving()) return;
    const { basis } = change;
    this.saving.set(true);
    this.saveProblem.set(undefined);
    this.api
      .updateSettings({
        passkeyFirst: change.setting === "passkeyFirst" ? change.next : basis.passkeyFirst,
        killSwitch: change.setting === "killSwitch" ? change.next : basis.killSwitch,
        version: basis.version,
      })
      .subscribe({
        next: (changed) => {
          this.saving.set(false);
          this.change.set(undefined);
          this.settings.set(changed);
          this.announcement.set(
            `${SETTING_LABELS[change.setting]} is now ${change.next ? "on" : "off"} (version ${changed.version}); ` +
              `every login uses it ${howSoon(changed.takesEffectWithinSeconds)}.`,
          );
        },
        error: (error: unknown) => {
          this.saving.set(false);
          const problem = toApiProblem(error);
          if (problem.status === 409) {
            // Someone else's change won: show theirs (re-read) rather than the dialog's stale basis.
            this.change.set(undefined);
            this.conflict.set(change);
            this.resource.reload();
          } else {
            this.saveProblem.set(problem);
          }
        },
      });
  }
}
