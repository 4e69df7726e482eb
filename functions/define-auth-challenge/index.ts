/**
 * Cognito "Define auth challenge" trigger: the CUSTOM_AUTH state machine for passkey login.
 * See docs/triggers.md.
 */
import { getParameter, SsmError } from "../shared/ssm";
import { defineConfigFromEnv } from "./config";
import { defineCounts } from "./counts";
import { createDefineAuthChallengeHandler } from "./handler-factory";
import { createSettingsReader } from "./settings";

const config = defineConfigFromEnv(process.env);
const { ssm } = config;

const getSettings = createSettingsReader({
  parameterName: config.settingsParameter,
  ttlMs: config.settingsCacheTtlMs,
  retryMs: config.settingsRetryMs,
  killSwitchWhenUnreadable: config.killSwitchWhenUnreadable,
  readParameter: (name) => (ssm instanceof SsmError ? Promise.reject(ssm) : getParameter(name, ssm)),
});

export const handler = createDefineAuthChallengeHandler({
  maxAttempts: config.maxAttempts,
  getSettings,
  counts: defineCounts(config.counters),
});
