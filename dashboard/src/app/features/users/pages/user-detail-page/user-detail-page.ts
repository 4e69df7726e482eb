import { DatePipe } from "@angular/common";
import { httpResource } from "@angular/common/http";
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from "@angular/core";
import { RouterLink } from "@angular/router";
import { AdminApi } from "../../../../core/api/admin-api";
import {
  API_PATHS,
  type PasskeyList,
  type PasskeySummary,
  type UserDetails,
} from "../../../../core/api/admin-api.types";
import { toApiProblem, type ApiProblem } from "../../../../core/api/api-problem";
import { AuthService } from "../../../../core/auth/auth.service";
import { ConfirmDialog } from "../../../../shared/confirm-dialog/confirm-dialog";
import { ErrorPanel } from "../../../../shared/error-panel/error-panel";
import { Loading } from "../../../../shared/loading/loading";
import { PasskeyTable } from "../../components/passkey-table/passkey-table";

const MFA_NAMES: Readonly<Record<string, string>> = {
  SOFTWARE_TOKEN_MFA: "authenticator app (TOTP)",
  SMS_MFA: "SMS",
  EMAIL_OTP: "e-mail code",
};

/** One user: status, e-mail verification, MFA, and their passkeys (read server side through a connect token). */
@Component({
  selector: "cc-user-detail-page",
  imports: [ConfirmDialog, DatePipe, ErrorPanel, Loading, PasskeyTable, RouterLink],
  templateUrl: "./user-detail-page.html",
  styleUrl: "./user-detail-page.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDetailPage {
  private readonly api = inject(AdminApi);
  protected readonly auth = inject(AuthService);

  /** The Cognito username, from the route. */
  readonly username = input.required<string>();

  protected readonly user = httpResource<UserDetails>(() => this.api.url(API_PATHS.user(this.username())));
  protected readonly passkeys = httpResource<PasskeyList>(() => this.api.url(API_PATHS.passkeys(this.username())));
  protected readonly userProblem = computed(() => problemOf(this.user.error()));
  protected readonly passkeysProblem = computed(() => problemOf(this.passkeys.error()));
  /** How the page names the user: e-mail address, else username. */
  protected readonly owner = computed(() => (this.user.hasValue() ? this.user.value().email : null) ?? this.username());
  /** "Set up: …. Preferred: …." in one sentence. */
  protected readonly mfaSummary = computed(() => {
    if (!this.user.hasValue()) return "";
    const { enabled, preferred } = this.user.value().mfa;
    if (enabled.length === 0) return "None set up.";
    return `Set up: ${enabled.map(mfaName).join(", ")}. Preferred: ${preferred ? mfaName(preferred) : "none"}.`;
  });

  protected readonly toDelete = signal<PasskeySummary | undefined>(undefined);
  protected readonly deleting = signal(false);
  protected readonly deleteProblem = signal<ApiProblem | undefined>(undefined);
  protected readonly announcement = signal("");

  protected askDelete(passkey: PasskeySummary): void {
    this.deleteProblem.set(undefined);
    this.announcement.set("");
    this.toDelete.set(passkey);
  }

  protected cancelDelete(): void {
    this.toDelete.set(undefined);
    this.deleteProblem.set(undefined);
  }

  protected confirmDelete(): void {
    const passkey = this.toDelete();
    if (!passkey || this.deleting()) return;
    const owner = this.owner();
    this.deleting.set(true);
    this.deleteProblem.set(undefined);
    this.api.deletePasskey(this.username(), passkey.id).subscribe({
      next: () => {
        this.deleting.set(false);
        this.toDelete.set(undefined);
        this.announcement.set(`Deleted the passkey ${passkeyName(passkey)} of ${owner}.`);
        this.passkeys.reload();
      },
      error: (error: unknown) => {
        this.deleting.set(false);
        this.deleteProblem.set(toApiProblem(error));
      },
    });
  }

  protected readonly passkeyName = passkeyName;
}

const mfaName = (method: string): string => MFA_NAMES[method] ?? method;

const problemOf = (error: unknown): ApiProblem | undefined => (error ? toApiProblem(error) : undefined);

/** A passkey as the confirmation names it: its authenticator and when it was created. */
function passkeyName(passkey: PasskeySummary): string {
  return `"${passkey.authenticatorName || "Unknown authenticator"}" (created ${passkey.created.slice(0, 10)})`;
}
