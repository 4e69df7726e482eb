import type { AreaContext } from "../run";
import type { AreaResult } from "../report";
export async function benchCounters(_c: AreaContext): Promise<AreaResult> {
  throw new Error("TODO");
}
export async function benchLogins(_c: AreaContext): Promise<AreaResult> {
  throw new Error("TODO");
}
