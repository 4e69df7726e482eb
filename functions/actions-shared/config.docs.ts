/** Docs of what both Corbado actions read (./config.ts): infra, docs and specs only. */
import type { ContractDocs } from "../shared/config-docs";
import type { ACTIONS_CONTRACT } from "./config";

export const ACTIONS_DOCS = {
  userPoolId: {
    about: "output `user_pool_id`. The Cognito region is taken from it, so the action may run in any region",
    shape: "a user pool id such as `eu-central-1_AbC123`",
    setBy: "module",
  },
  roleArn: {
    about: "output `corbado_actions_role_arn`",
    shape: "`arn:aws:iam::<12 digits>:role/<path/name>`",
    setBy: "module",
  },
  externalId: {
    about: "output `corbado_actions_external_id`",
    shape: "2-1224 characters of `[\\w+=,.@:/-]`",
    setBy: "module",
  },
  endpoint: { about: "Cognito endpoint override", setBy: "tests" },
  stsEndpoint: { about: "STS endpoint override", setBy: "tests" },
} as const satisfies ContractDocs<typeof ACTIONS_CONTRACT>;
