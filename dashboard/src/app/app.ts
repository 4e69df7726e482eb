import { ChangeDetectionStrategy, Component, computed, inject } from "@angular/core";
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from "@angular/router";
import { RuntimeConfigService } from "./core/config/runtime-config.service";
import { AuthService } from "./core/auth/auth.service";

/** The shell: navigation for signed-in members of a console group, the session's state, and the page. */
@Component({
  selector: "cc-root",
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: "./app.html",
  styleUrl: "./app.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly config = inject(RuntimeConfigService).current;
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly roleLabel = computed(() =>
    this.auth.role() === "admin" ? "Admin" : this.auth.role() === "auditor" ? "Auditor (read only)" : "",
  );
  protected readonly configProblems = computed(() => {
    const state = this.config();
    return state.status === "failed" ? state.problems.join(", ") : "";
  });

  protected signInAgain(): void {
    void this.auth.signIn(this.router.url);
  }

  protected signOut(): void {
    void this.auth.signOut();
  }
}
