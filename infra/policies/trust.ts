import { policyDocument, type PolicyDocument } from "./types";

/** Trust policy of a Lambda execution role. */
export function lambdaTrustPolicy(): PolicyDocument {
  return policyDocument({
    Sid: "LambdaAssumesRole",
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: ["sts:AssumeRole"],
  });
}
