import { fakeAccessToken } from "../../../testing/console-testing";
import { allows, groupsOf, roleOf } from "./roles";

describe("roles", () => {
  it("makes admins out of the admins group, auditors out of auditors, and nobody out of anything else", () => {
    expect(roleOf(["admins"])).toBe("admin");
    expect(roleOf(["auditors", "admins"])).toBe("admin");
    expect(roleOf(["auditors"])).toBe("auditor");
    expect(roleOf(["Admins", "everyone"])).toBeUndefined();
    expect(roleOf([])).toBeUndefined();
  });

  it("lets admins see all, auditors the read pages, and nobody without a group anything", () => {
    expect(allows("admin", "admin")).toBeTrue();
    expect(allows("admin", "auditor")).toBeTrue();
    expect(allows("auditor", "auditor")).toBeTrue();
    expect(allows("auditor", "admin")).toBeFalse();
    expect(allows(undefined, "auditor")).toBeFalse();
  });

  it("reads the groups from the access token the API authorises, else from the ID token's claims", () => {
    const token = fakeAccessToken({ "cognito:groups": ["auditors"] });
    expect(groupsOf(token, { "cognito:groups": ["admins"] })).toEqual(["auditors"]);
    expect(groupsOf("opaque-token", { "cognito:groups": ["admins"] })).toEqual(["admins"]);
    expect(groupsOf(fakeAccessToken({}), {})).toEqual([]);
  });

  it("ignores groups that are not strings and tokens that are not JWTs", () => {
    expect(groupsOf(fakeAccessToken({ "cognito:groups": ["admins", 7, null] }), {})).toEqual(["admins"]);
    expect(groupsOf("a.%%%.c", { "cognito:groups": "admins" })).toEqual([]);
  });
});
