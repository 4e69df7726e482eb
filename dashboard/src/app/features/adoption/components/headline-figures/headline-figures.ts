import { ChangeDetectionStrategy, Component, computed, input } from "@angular/core";
import type { AdoptionReport } from "../../../../core/api/admin-api.types";
import { changeText, percent } from "../../adoption-view";

interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly detail: string;
  readonly change: string;
  /** Direction of the change, shown as an arrow beside the words. */
  readonly trend: "up" | "down" | "flat";
}

/** The three headline figures of the range, each with its change against the same number of days before it. */
@Component({
  selector: "cc-headline-figures",
  templateUrl: "./headline-figures.html",
  styleUrl: "./headline-figures.css",
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HeadlineFigures {
  readonly report = input.required<AdoptionReport>();

  protected readonly figures = computed<Figure[]>(() => {
    const { headline, passwordLoginsCounted } = this.report();
    const trend = (change: number | null): Figure["trend"] =>
      change === null || Math.abs(change) < 0.0005 ? "flat" : change > 0 ? "up" : "down";
    const users = headline.passkeyUsersShare;
    return [
      {
        key: "passkey-share",
        label: "Passkey share of logins",
        value: percent(headline.passkeyShare.value),
        detail: passwordLoginsCounted
          ? "passkey logins out of all logins"
          : "unknown: password logins are not counted (no post-authentication trigger)",
        change: changeText(headline.passkeyShare),
        trend: trend(headline.passkeyShare.change),
      },
      {
        key: "failure-rate",
        label: "Passkey login failure rate",
        value: percent(headline.failureRate.value),
        detail: "failed passkey attempts out of all passkey attempts",
        change: changeText(headline.failureRate),
        trend: trend(headline.failureRate.change),
      },
      {
        key: "passkey-users",
        label: "Passkey users",
        value: percent(users.value),
        detail:
          users.poolSize === null
            ? `${users.passkeyUsers.toLocaleString("en-US")} users; the pool's size is unknown`
            : `${users.passkeyUsers.toLocaleString("en-US")} of about ${users.poolSize.toLocaleString("en-US")} users`,
        change: changeText(users),
        trend: trend(users.change),
      },
    ];
  });
}
