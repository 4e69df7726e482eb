import { policyDocument, type PolicyDocument } from "./types";

export interface ConsoleBucketPolicyInput {
  /** `arn:<partition>:s3:::<bucket>`, built from the bucket's name. */
  readonly bucketArn: string;
  /**
   * The distribution that serves the console. CloudFront assigns its id, so this one value is known only after
   * apply; the rest of the document reads in the first plan.
   */
  readonly distributionArn: string;
}

/**
 * The console bucket's policy: CloudFront, through origin access control and for this one distribution only, may
 * read objects; nobody reaches the bucket without TLS. Nothing else is granted: uploads are the deployer's IAM
 * identity's business (docs/console.md), and the public access block refuses any public grant.
 */
export function consoleBucketPolicy(input: ConsoleBucketPolicyInput): PolicyDocument {
  return policyDocument(
    {
      Sid: "CloudFrontReadsTheConsole",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: ["s3:GetObject"],
      Resource: [`${input.bucketArn}/*`],
      Condition: { StringEquals: { "AWS:SourceArn": input.distributionArn } },
    },
    {
      Sid: "DenyWithoutTls",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: ["s3:*"],
      Resource: [input.bucketArn, `${input.bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  );
}
