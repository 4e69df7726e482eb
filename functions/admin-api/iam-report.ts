/**
 * The IAM report served on GET /v1/iam-report (docs/iam-report.json), read and parsed on that route's first request,
 * then kept for the container's life. Not imported: bundled as a 1.1 MB object literal, it cost every cold start of
 * the admin API about 20 ms and most of its bundle's bytes, for a route the console asks once per visit.
 * The build puts the report beside index.mjs (tools/build/build-functions.ts, FUNCTION_ASSETS); run from the
 * sources (tests, the local stack), it is the repository's.
 */
import { readFile } from "node:fs/promises";

/** Where the report is looked for, in order: beside the bundle, then in the repository (relative to this file). */
export const IAM_REPORT_LOCATIONS = ["./iam-report.json", "../../docs/iam-report.json"] as const;

/**
 * A reader of the report: the first location that exists, parsed once. A failed read or parse is not kept (the
 * route answers 500 internal_error and the next request tries again).
 */
export function iamReportReader(base: string | URL = import.meta.url): () => Promise<unknown> {
  let loaded: Promise<unknown> | undefined;
  const load = async (): Promise<unknown> => {
    for (const location of IAM_REPORT_LOCATIONS) {
      let text: string;
      try {
        text = await readFile(new URL(location, base), "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw error;
      }
      return JSON.parse(text) as unknown;
    }
    throw new Error("iam_report_missing");
  };
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}
