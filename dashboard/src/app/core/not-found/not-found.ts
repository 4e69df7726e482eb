import { ChangeDetectionStrategy, Component } from "@angular/core";
import { RouterLink } from "@angular/router";

@Component({
  selector: "cc-not-found",
  imports: [RouterLink],
  template: `
    <section class="card">
      <h2>Page not found</h2>
      <p>There is no console page at this address. <a routerLink="/">Go to the adoption figures</a>.</p>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
