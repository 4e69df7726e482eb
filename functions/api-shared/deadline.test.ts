import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { manualClock } from "../../tools/local/testing";
import { createDeadline, MIN_CALL_MS } from "./deadline";
import { ApiError } from "./errors";

describe("the request deadline", () => {
  it("gives each call the per-call timeout, or what is left when that is less", () => {
    const clock = manualClock();
    const deadline = createDeadline(8000, 3000, clock.now);
    assert.equal(deadline.callTimeoutMs(), 3000);
    clock.advance(6000);
    assert.equal(deadline.callTimeoutMs(), 2000);
  });

  it("starts no call once less than MIN_CALL_MS is left: deadline_exceeded", () => {
    const clock = manualClock();
    const deadline = createDeadline(1000, 3000, clock.now);
    clock.advance(1000 - MIN_CALL_MS + 1);
    assert.throws(
      () => deadline.callTimeoutMs(),
      (e: unknown) => e instanceof ApiError && e.code === "deadline_exceeded",
    );
  });

  it("keeps time back for the audit result: a reserving deadline ends earlier, the original does not", () => {
    const clock = manualClock();
    const deadline = createDeadline(2000, 3000, clock.now);
    const action = deadline.reserving(1000);
    assert.equal(action.callTimeoutMs(), 1000);
    clock.advance(990);
    assert.throws(() => action.callTimeoutMs());
    assert.equal(deadline.callTimeoutMs(), 1010);
  });
});
