import { prefixProblem } from "./email-prefix";

describe("prefixProblem", () => {
  it("accepts what the API searches for", () => {
    expect(prefixProblem("ada")).toBeUndefined();
    expect(prefixProblem("ada.lovelace+tag@exa")).toBeUndefined();
    expect(prefixProblem("")).toBeUndefined();
  });

  it("refuses what the API refuses, without echoing it", () => {
    for (const prefix of ['a"b', "a\\b", "a b", "a\tb", "a\u0000b", "x".repeat(246)]) {
      const problem = prefixProblem(prefix);
      expect(problem).withContext(JSON.stringify(prefix)).toBeDefined();
      expect(problem).not.toContain(prefix);
    }
  });
});
