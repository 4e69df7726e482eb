/** What end users see when a login setting changes, for the confirmation and the page. */

export type SettingName = "passkeyFirst" | "killSwitch";

export const SETTING_LABELS: Readonly<Record<SettingName, string>> = {
  passkeyFirst: "Passkey-first login",
  killSwitch: "Kill switch",
};

/** What each setting is for, under its heading. */
export const SETTING_PURPOSES: Readonly<Record<SettingName, string>> = {
  passkeyFirst: "Whether the login page offers the passkey before the password.",
  killSwitch: "Turns passkey login off for every user at once, for an incident; password login is never affected.",
};

/** The confirmation's question, e.g. "Turn the kill switch on?". */
export const confirmQuestion = (setting: SettingName, next: boolean): string =>
  `Turn ${setting === "killSwitch" ? "the kill switch" : "passkey-first login"} ${next ? "on" : "off"}?`;

/** How soon, in words: the triggers' settings cache decides it. */
export function howSoon(seconds: number): string {
  if (seconds <= 0) return "at once, for the next login";
  if (seconds < 120) return `within ${seconds} seconds, for every new login`;
  return `within ${Math.ceil(seconds / 60)} minutes, for every new login`;
}

/** What end users see while the setting is `value`, for the page. */
export function stateForEndUsers(setting: SettingName, value: boolean): string {
  if (setting === "killSwitch") {
    return value
      ? "Passkey login is off for every user; the password works as always."
      : "Passkey login is available to every user who has a passkey.";
  }
  return value
    ? "The login page offers the passkey first to users who have one."
    : "The login page asks for the password first; users who have a passkey can still choose it.";
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
