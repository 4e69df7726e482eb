/** pool-attach's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { documented } from "../shared/config-docs";
import { POOL_ATTACH_CONTRACT } from "./config";

export const POOL_ATTACH_ENVIRONMENT = documented(POOL_ATTACH_CONTRACT, {
  userPoolId: { about: "the attached pool", setBy: "module" },
  defineArn: { about: "our define trigger's function ARN", setBy: "module" },
  createArn: { about: "our create trigger's function ARN", setBy: "module" },
  verifyArn: { about: "our verify trigger's function ARN", setBy: "module" },
  replaceForeignTriggers: {
    about:
      "exactly `true` or `false`: may a trigger another function holds be replaced (module variable `replace_foreign_triggers`)",
    setBy: "module",
  },
  endpoint: { about: "Cognito endpoint override (`AWS_ENDPOINT_URL` when unset)", setBy: "tests" },
});
