/** pre-login's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { ACTIONS_DOCS } from "../actions-shared/config.docs";
import { documented } from "../shared/config-docs";
import { PRE_LOGIN_CONTRACT } from "./config";

export const PRE_LOGIN_ENVIRONMENT = documented(PRE_LOGIN_CONTRACT, ACTIONS_DOCS);
