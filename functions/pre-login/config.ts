/**
 * pre-login's configuration contract: exactly what both Corbado actions read (../actions-shared/config.ts).
 * Descriptions: config.docs.ts.
 */
export {
  ACTIONS_CONTRACT as PRE_LOGIN_CONTRACT,
  loadActionConfig as preLoginConfigFromEnv,
} from "../actions-shared/config";
