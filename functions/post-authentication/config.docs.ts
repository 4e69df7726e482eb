/** post-authentication's environment with its docs (../shared/config-docs.ts): infra, docs and specs only. */
import { DYNAMODB_CLIENT_CONTRACT } from "../shared/adoption-counters";
import { COUNTERS_DOCS, DYNAMODB_CLIENT_DOCS } from "../shared/adoption-counters.docs";
import { documented } from "../shared/config-docs";
import { POST_AUTHENTICATION_CONTRACT } from "./config";

export const POST_AUTHENTICATION_ENVIRONMENT = documented(
  { ...POST_AUTHENTICATION_CONTRACT, ...DYNAMODB_CLIENT_CONTRACT },
  { ...COUNTERS_DOCS, ...DYNAMODB_CLIENT_DOCS },
);
