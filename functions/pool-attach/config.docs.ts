/** pool-attach's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { documented } from "../shared/config-docs";
import { POOL_ATTACH_CONTRACT } from "./config";

export const POOL_ATTACH_ENVIRONMENT = documented(POOL_ATTACH_CONTRACT, {
  userPoolId: { about: "the attached pool", shape: "a user pool id", setBy: "module" },
  defineArn: { about: "our define trigger", shape: "a Lambda function ARN", setBy: "module" },
  createArn: { about: "our create trigger", shape: "a Lambda function ARN", setBy: "module" },
  verifyArn: { about: "our verify trigger", shape: "a Lambda function ARN", setBy: "module" },
  postAuthenticationArn: {
    about: "our post-authentication trigger, when it is deployed (`count_all_logins`); unset: none of ours",
    shape: "a Lambda function ARN",
    setBy: "module",
  },
  replaceForeignTriggers: {
    about: "whether a trigger another function holds may be replaced (module variable `replace_foreign_triggers`)",
    setBy: "module",
  },
  endpoint: { about: "Cognito endpoint override", setBy: "tests" },
});
