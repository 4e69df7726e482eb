/**
 * verify's adoption counts (docs/admin-api.md, "Writers"): a rejected answer by its reason code; an accepted one as
 * the user's first passkey login, if it is one (a conditional put of a per-user marker, then one update only the
 * first time). The passkey login itself is counted by define, which issues the tokens.
 */
import { countFirstPasskeyLogin, countPasskeyLoginFailure, type CounterTarget } from "../shared/adoption-counters";
import type { VerifyCounts } from "./handler-factory";

export const verifyCounts = (target: CounterTarget): VerifyCounts => ({
  accepted: (username, log) => countFirstPasskeyLogin(target, username, log),
  rejected: (reason, log) => countPasskeyLoginFailure(target, reason, log),
});
