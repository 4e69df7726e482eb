import { ChangeDetectionStrategy, Component } from "@angular/core";
import { RouterOutlet } from "@angular/router";

@Component({
  selector: "cc-root",
  imports: [RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h1>Passkeys for Cognito</h1>
      <p>Admin console. Not yet connected to an admin API: run <code>npm start</code> for the login demo.</p>
    </header>
    <main><router-outlet /></main>
  `,
  styles: `
    header {
      padding: 1rem 1.5rem;
      background: #fff;
      border-bottom: 1px solid #d0d7de;
    }
    h1 {
      margin: 0;
      font-size: 1.25rem;
    }
  `,
})
export class App {}
