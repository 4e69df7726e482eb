import { policyDocument, type PolicyDocument } from "./types";

/**
 * X-Ray tracing of a function (tracing_mode set): Lambda sends the function's trace segments with the function's
 * role. AWS-required wildcard: these two actions have no resource-level permissions (the content of the AWS
 * managed policy AWSXRayDaemonWriteAccess without its sampling reads, which only an X-Ray SDK in the code makes).
 */
export function xrayTracingPolicy(): PolicyDocument {
  return policyDocument({
    Sid: "WriteXrayTraces",
    Effect: "Allow",
    Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
    Resource: ["*"],
  });
}
