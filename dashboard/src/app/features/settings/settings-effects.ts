/** What end users see when a login setting changes, for the confirmation and the page. */

export type SettingName = "passkeyFirst" | "killSwitch";

export const SETTING_LABELS: Readonly<Record<SettingName, string>> = {
  passkeyFirst: "Passkey-first login",
  killSwitch: "Kill switch (passkey login off)",
};

/** How soon, in words: the triggers' settings cache decides it. */
export function howSoon(seconds: number): string {
  if (seconds <= 0) return "at once, for the next login";
  if (seconds < 120) return `within ${seconds} seconds, for every new login`;
  return `within ${Math.ceil(seconds / 60)} minutes, for every new login`;
}

/** The sentence a confirmation shows: what end users will see once the setting is `next`. */
export function effectOnEndUsers(setting: SettingName, next: boolean): string {
  if (setting === "killSwitch") {
    return next
      ? "Passkey login stops for every user: the login page offers only the password, and passkey attempts fail. " +
          "Password login keeps working."
      : "Passkey login works again for every user who has a passkey; the password stays available.";
  }
  return next
    ? "The login page offers the passkey first to users who have one; the password stays available as the fallback."
    : "The login page asks for the password first; users who have a passkey can still choose it.";
}
