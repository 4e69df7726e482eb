/** Docs of what both Corbado actions read (./config.ts): infra, docs and specs only. */
import type { ContractDocs } from "../shared/config-docs";
import type { ACTIONS_CONTRACT } from "./config";

export const ACTIONS_DOCS = {
  userPoolId: {
    about:
      "output `user_pool_id`, e.g. `eu-central-1_AbC123`. The Cognito region is taken from it, so the action may run in any region",
    setBy: "module",
  },
  roleArn: { about: "output `corbado_actions_role_arn`", setBy: "module" },
  externalId: { about: "output `corbado_actions_external_id`", setBy: "module" },
  endpoint: { about: "Cognito endpoint override (`AWS_ENDPOINT_URL` when unset)", setBy: "tests" },
  stsEndpoint: { about: "STS endpoint override (`AWS_ENDPOINT_URL` when unset)", setBy: "tests" },
} as const satisfies ContractDocs<typeof ACTIONS_CONTRACT>;
