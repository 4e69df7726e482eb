import type { PolicyStatement } from "./types";

/** Write to the function's own log group only (the group is created by the module, so no CreateLogGroup). */
export function writeOwnLogsStatement(logGroupArn: string): PolicyStatement {
  return {
    Sid: "WriteOwnLogGroup",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: [`${logGroupArn}:log-stream:*`],
  };
}
