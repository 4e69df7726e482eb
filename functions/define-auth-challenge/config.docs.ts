/** define-auth-challenge's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { COUNTERS_CONTRACT, DYNAMODB_CLIENT_CONTRACT } from "../shared/adoption-counters";
import { COUNTERS_DOCS, DYNAMODB_ENDPOINT_DOC } from "../shared/adoption-counters.docs";
import { documented } from "../shared/config-docs";
import { SSM_CLIENT_CONTRACT } from "../shared/ssm";
import { SSM_CLIENT_DOCS, SSM_TIMEOUT_DOC } from "../shared/ssm.docs";
import { DEFINE_CONTRACT } from "./config";

export const DEFINE_ENVIRONMENT = documented(
  {
    ...DEFINE_CONTRACT,
    ...SSM_CLIENT_CONTRACT,
    ...COUNTERS_CONTRACT,
    dynamodbEndpoint: DYNAMODB_CLIENT_CONTRACT.endpoint,
  },
  {
    maxAttempts: {
      about: "wrong answers after which the login session fails",
      unit: "attempts",
      setBy: "module",
    },
    settingsParameter: {
      about: "the SSM String parameter holding the login settings; unset counts as unreadable",
      shape: "an SSM parameter name",
      setBy: "module",
    },
    settingsCacheTtlMs: {
      about: "how long a value read (valid or not) is reused",
      unit: "milliseconds",
      setBy: "module",
    },
    settingsRetryMs: {
      about: "how long a failed read is reused before the next attempt",
      unit: "milliseconds",
      setBy: "default",
    },
    killSwitchWhenUnreadable: {
      about: "the kill switch of an instance that never read the parameter; anything but a false keeps `true`",
      setBy: "module",
    },
    ssmTimeoutMs: SSM_TIMEOUT_DOC,
    ...SSM_CLIENT_DOCS,
    ...COUNTERS_DOCS,
    dynamodbEndpoint: DYNAMODB_ENDPOINT_DOC,
  },
);
