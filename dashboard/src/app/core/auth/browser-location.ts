import { DOCUMENT } from "@angular/common";
import { InjectionToken, inject } from "@angular/core";

/** The page's address and full-page navigation, injectable so that specs can see where sign-out sends the browser. */
export interface BrowserLocation {
  href(): string;
  baseUri(): string;
  assign(url: string): void;
}

export const BROWSER_LOCATION = new InjectionToken<BrowserLocation>("BROWSER_LOCATION", {
  providedIn: "root",
  factory: () => {
    const document = inject(DOCUMENT);
    return {
      href: () => document.location.href,
      baseUri: () => document.baseURI,
      assign: (url) => document.location.assign(url),
    };
  },
});
