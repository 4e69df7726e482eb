import { confirmQuestion, effectOnEndUsers, howSoon, stateForEndUsers } from "./settings-effects";

describe("settings effects", () => {
  it("says how soon a change applies, from the triggers' cache time", () => {
    expect(howSoon(0)).toBe("at once, for the next login");
    expect(howSoon(30)).toBe("within 30 seconds, for every new login");
    expect(howSoon(300)).toBe("within 5 minutes, for every new login");
  });

  it("tells admins that the kill switch never touches password login", () => {
    expect(effectOnEndUsers("killSwitch", true)).toContain("Password login keeps working");
    expect(effectOnEndUsers("killSwitch", false)).toContain("password stays available");
    expect(effectOnEndUsers("passkeyFirst", true)).toContain("password stays available as the fallback");
  });

  it("describes the current state, not a change, on the page", () => {
    expect(stateForEndUsers("killSwitch", false)).toBe("Passkey login is available to every user who has a passkey.");
    expect(stateForEndUsers("killSwitch", true)).toContain("the password works as always");
  });

  it("asks the question the confirmation is about", () => {
    expect(confirmQuestion("killSwitch", true)).toBe("Turn the kill switch on?");
    expect(confirmQuestion("passkeyFirst", false)).toBe("Turn passkey-first login off?");
  });
});
