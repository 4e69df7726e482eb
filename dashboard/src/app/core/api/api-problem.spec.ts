import { HttpErrorResponse, HttpHeaders } from "@angular/common/http";
import { toApiProblem } from "./api-problem";

describe("toApiProblem", () => {
  it("takes the API's code, message and request id", () => {
    const error = new HttpErrorResponse({
      status: 504,
      error: { code: "cognito_timeout", message: "Amazon Cognito did not answer in time.", requestId: "r-123" },
    });
    expect(toApiProblem(error)).toEqual({
      status: 504,
      code: "cognito_timeout",
      message: "Amazon Cognito did not answer in time.",
      requestId: "r-123",
    });
  });

  it("reads Retry-After of a 429", () => {
    const error = new HttpErrorResponse({
      status: 429,
      headers: new HttpHeaders({ "retry-after": "30" }),
      error: { code: "rate_limited", message: "Too many passkey deletions: wait for Retry-After seconds." },
    });
    expect(toApiProblem(error).retryAfter).toBe(30);
  });

  it("says the API could not be reached when nothing answered", () => {
    expect(toApiProblem(new HttpErrorResponse({ status: 0 }))).toEqual({
      status: 0,
      code: "network_error",
      message: "The admin API could not be reached.",
    });
  });

  it("falls back to the HTTP status when the body is not the API's (a proxy's HTML page)", () => {
    const problem = toApiProblem(new HttpErrorResponse({ status: 502, error: "<html>Bad gateway</html>" }));
    expect(problem.code).toBe("http_502");
    expect(problem.message).toBe("The admin API answered with HTTP 502.");
  });

  it("does not show a code or message that is not plain text", () => {
    const problem = toApiProblem(
      new HttpErrorResponse({ status: 400, error: { code: "<script>", message: "line\nbreak", requestId: "a b" } }),
    );
    expect(problem).toEqual({ status: 400, code: "http_400", message: "The admin API answered with HTTP 400." });
  });
});
