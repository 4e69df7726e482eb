/**
 * SSM parameters the admin API reads and writes: the login settings (the Corbado secret's reader and the plain
 * read are shared with the self-service route, in ../api-shared/parameters.ts).
 */
import { SsmError, ssmErrorReason } from "../shared/ssm";
import { asApiError, type AwsCall } from "../api-shared/aws";
import type { Deadline } from "../api-shared/deadline";
import { ApiError } from "./errors";

/**
 * The parameter's value for define's settings reader (the public route): rejects with SsmError, whose reason the
 * reader reports when it falls back, as in define.
 */
export async function readParameterValue(aws: AwsCall, name: string, deadline: Deadline): Promise<string> {
  try {
    const body = await aws("ssm", "GetParameter", { Name: name, WithDecryption: true }, deadline);
    const value = (body.Parameter as Record<string, unknown> | undefined)?.Value;
    if (typeof value !== "string") throw new SsmError("ssm_bad_response");
    return value;
  } catch (error) {
    if (error instanceof SsmError) throw error;
    throw new SsmError(ssmErrorReason(error));
  }
}

/** PutParameter (String, overwrite); returns the new version. */
export async function writeParameter(aws: AwsCall, name: string, value: string, deadline: Deadline): Promise<number> {
  let body: Record<string, unknown>;
  try {
    body = await aws("ssm", "PutParameter", { Name: name, Value: value, Type: "String", Overwrite: true }, deadline);
  } catch (error) {
    throw asApiError("ssm", error);
  }
  if (typeof body.Version !== "number") throw new ApiError("ssm_error");
  return body.Version;
}
