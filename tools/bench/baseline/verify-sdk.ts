/**
 * The naive baseline `npm run bench` compares verify-auth-challenge against: the same verify logic
 * (createVerifyAuthChallengeHandler), but the Corbado secret is read with @aws-sdk/client-ssm on every
 * call, without a cache, as a first version written with the SDK would do. Like such a version it passes no
 * `preconnect`: its Corbado connection is opened once the secret is known. Never deployed.
 */
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { verifyConfigFromEnv } from "../../../functions/verify-auth-challenge/config";
import { createVerifyAuthChallengeHandler } from "../../../functions/verify-auth-challenge/handler-factory";

const config = verifyConfigFromEnv(process.env);
const ssm = new SSMClient({});

export const handler = createVerifyAuthChallengeHandler({
  getSecret: async () => {
    const out = await ssm.send(new GetParameterCommand({ Name: config.secretParameter, WithDecryption: true }));
    const value = out.Parameter?.Value;
    if (value === undefined) throw new Error("parameter has no value");
    return value;
  },
  config,
});
