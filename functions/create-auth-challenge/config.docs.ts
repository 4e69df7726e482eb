/** create-auth-challenge's environment with its docs (../shared/config-docs.ts): none. */
import { documented } from "../shared/config-docs";
import { CREATE_CONTRACT } from "./config";

export const CREATE_ENVIRONMENT = documented(CREATE_CONTRACT, {});
