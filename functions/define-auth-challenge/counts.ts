/**
 * define's adoption counts (docs/admin-api.md, "Writers"): a passkey login when define issues the tokens (once per
 * login, whatever the number of answers), and an attempt the kill switch refused. Wrong answers are verify's to
 * count, by their reason: a session that runs out of attempts is not counted again here.
 */
import { countPasskeyLogin, countPasskeyLoginFailure, type CounterTarget } from "../shared/adoption-counters";
import type { DefineCounts } from "./handler-factory";

export const defineCounts = (target: CounterTarget): DefineCounts => ({
  issued: (log) => countPasskeyLogin(target, log),
  refused: (reason, log) => countPasskeyLoginFailure(target, reason, log),
});
