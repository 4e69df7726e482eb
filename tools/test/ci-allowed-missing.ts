import type { AllowList } from "./requirements";

/**
 * What CI may run without. Under CI=true a test whose requirement (tools/test/requirements.ts) is missing
 * fails instead of skipping, unless the requirement is listed here with the reason CI can do without it.
 * Every entry is a check CI does not run: keep the list empty unless a reason is written beside the entry.
 */
export const CI_ALLOWED_MISSING: AllowList = {};
