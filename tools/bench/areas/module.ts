import type { AreaContext } from "../run";
import type { AreaResult } from "../report";
export async function benchModule(_c: AreaContext): Promise<AreaResult> {
  throw new Error("TODO");
}
