/** post-append's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { ACTIONS_DOCS } from "../actions-shared/config.docs";
import { COUNTERS_DOCS } from "../shared/adoption-counters.docs";
import { documented } from "../shared/config-docs";
import { POST_APPEND_CONTRACT } from "./config";

export const POST_APPEND_ENVIRONMENT = documented(POST_APPEND_CONTRACT, {
  ...ACTIONS_DOCS,
  mfaAfterPasskey: {
    about: "what post-append does after a passkey is added (module variable `mfa_after_passkey`)",
    setBy: "module",
  },
  poolSmsMfaConfigured: {
    about: "whether the pool has SMS MFA configured (see below); computed by the module",
    setBy: "module",
  },
  aggregatesTable: {
    ...COUNTERS_DOCS.aggregatesTable,
    about: "the adoption table in the pool's account and region, written through the role; unset: nothing is counted",
  },
  counterShards: COUNTERS_DOCS.counterShards,
  dynamodbEndpoint: { about: "DynamoDB endpoint override", setBy: "tests" },
});
