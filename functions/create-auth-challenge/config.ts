/**
 * create-auth-challenge's configuration contract (../shared/config-contract.ts): it reads no environment
 * variable, its answer depends on the event alone.
 */
import type { Contract } from "../shared/config-contract";

export const CREATE_CONTRACT = {} as const satisfies Contract;
