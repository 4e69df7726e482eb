/**
 * For the policy specs: one DynamoDB item request, simulated with the IAM report's engine (infra/audit), with the
 * request's `dynamodb:LeadingKeys` (undefined: a request that carries no partition key).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "./types";

export const SIMULATED_ACCOUNT = "111122223333";

/** The decision ("Allowed", "ImplicitlyDenied", ...) for `policy` as a role's only identity policy. */
export async function decideItemRequest(
  policy: PolicyDocument,
  action: string,
  resource: string,
  leadingKeys: string[] | undefined,
): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:sts::${SIMULATED_ACCOUNT}:assumed-role/role/session`,
        action,
        resource: { resource, accountId: SIMULATED_ACCOUNT },
        contextVariables: leadingKeys ? { "dynamodb:LeadingKeys": leadingKeys } : {},
      },
      identityPolicies: [{ name: "role", policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== "single") throw new Error(JSON.stringify(result));
  return result.result.analysis.result;
}
