import type { AreaContext } from "../run";
import type { AreaResult } from "../report";
export async function benchStack(_c: AreaContext): Promise<AreaResult> {
  throw new Error("TODO");
}
