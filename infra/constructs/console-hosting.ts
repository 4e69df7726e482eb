import { Fn, Op, TerraformLocal, Token, ref } from "cdktf";
import { Construct } from "constructs";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { consoleBucketPolicy } from "../policies/console-bucket";
import { renderPolicy } from "../policies/render";
import { CONSOLE_HEADER_VALUES, consoleContentSecurityPolicy } from "./console-headers";
import { choose, countIf, firstInstance, isToken, logicalIds, oneOrNull, type Condition } from "./expr";

/** CloudFront's managed cache policies (the same ids in every account). */
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** Noncurrent versions of the console's files are kept this long: enough to put a previous build back. */
export const CONSOLE_NONCURRENT_VERSION_DAYS = 30;

/** What the console's config.json says (docs/console.md, "Runtime configuration"). */
export interface ConsoleRuntimeConfig {
  /** The admin API's base URL (https). */
  readonly apiUrl: string | null;
  /** The console pool's OIDC issuer. */
  readonly issuer: string | null;
  /** The console pool's public app client. */
  readonly clientId: string | null;
  /** Cognito's /logout with `{clientId}` and `{logoutUri}`; its origin is the managed-login domain. */
  readonly logoutUrlTemplate: string | null;
  /** Where sign-out revokes the refresh token; null: the console relies on the issuer's discovery document. */
  readonly revocationEndpoint: string | null;
}

export interface ConsoleHostingProps extends ConsoleRuntimeConfig {
  /** Whether the hosting exists: a literal or a Terraform condition. Everything below is counted by it. */
  readonly enabled: Condition;
  /** `<name_prefix>` or `<name_prefix>-<region>` (include_region_in_names), as the roles are named. */
  readonly namePrefix: string;
  readonly partition: string;
  readonly accountId: string;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

const ORIGIN = "^https://[^/?#]+";

/**
 * The distinct origins (`https://host[:port]`) of the URLs that are set, as the CSP's connect-src lists them:
 * computed when every URL is known, a Terraform expression when one is a variable (null ones drop out).
 */
function connectOrigins(urls: readonly (string | null)[]): string[] {
  const set = urls.filter((url): url is string => url !== null && url !== undefined);
  if (!set.some(isToken)) return [...new Set(set.map((url) => new URL(url).origin))];
  return [Token.asString(Fn.join(" ", Fn.distinct(Fn.compact(set.map((url) => Fn.try([Fn.regex(ORIGIN, url), ""]))))))];
}

/**
 * The console as a static site: a private S3 bucket (public access blocked, objects owned by the bucket owner, SSE-S3,
 * versioned with old versions expiring after 30 days, TLS only) read by CloudFront alone through origin access
 * control, served over https with a response headers policy (a strict Content-Security-Policy whose connect-src
 * names only the admin API, the issuer and the managed-login domain; HSTS; no framing; no referrer) and the
 * console's `config.json` written from the module's values. The build itself is uploaded by whoever deploys
 * (docs/console.md, "Hosting"): the module does not ship the console's files.
 *
 * Logical ids: `aws_s3_bucket.console` and its settings, `aws_s3_object.console_config`,
 * `aws_cloudfront_origin_access_control.console`, `aws_cloudfront_response_headers_policy.console`,
 * `aws_cloudfront_distribution.console`.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: S3Bucket;
  readonly distribution: CloudfrontDistribution;
  readonly headersPolicy: CloudfrontResponseHeadersPolicy;
  readonly config: S3Object;
  /** The Content-Security-Policy the console is served with (may hold Terraform expressions). */
  readonly contentSecurityPolicy: string;
  /** `https://<distribution domain>`, or null when the hosting does not exist. */
  readonly url: string;
  /** The bucket's name, or null when the hosting does not exist. */
  readonly bucketName: string;
  /** The distribution's id (for invalidations after an upload), or null. */
  readonly distributionId: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const named = logicalIds(props.logicalIdPrefix);
    const count = countIf(props.enabled);
    // Known at plan (names, account): S3 bucket names are global, lower case, at most 63 characters.
    const bucketName = `${Fn.lower(props.namePrefix)}-console-${props.accountId}`;
    const bucketArn = `arn:${props.partition}:s3:::${bucketName}`;

    this.bucket = named(
      new S3Bucket(this, "bucket", {
        count,
        bucket: bucketName,
        // It holds only the console's build and config.json, both reproducible: destroy may empty it, old versions too.
        forceDestroy: true,
        tags: props.tags,
        lifecycle: {
          precondition: [
            {
              condition: Op.lte(Fn.lengthOf(bucketName), 63),
              errorMessage: `The console bucket's name (<name_prefix>-console-<account id>) must be at most 63 characters: shorten name_prefix.`,
            },
          ],
        },
      }),
      "console",
    );
    const bucket = firstInstance(this.bucket, "id");
    named(
      new S3BucketPublicAccessBlock(this, "public-access-block", {
        count,
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      "console",
    );
    named(
      new S3BucketOwnershipControls(this, "ownership", {
        count,
        bucket,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      }),
      "console",
    );
    named(
      new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
        count,
        bucket,
        // SSE-S3: CloudFront's origin access control reads it without a key policy (SSE-KMS would need one).
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      }),
      "console",
    );
    // Versioned, so an overwritten or deleted build can be put back; old versions expire and cost little.
    const versioning = named(
      new S3BucketVersioningA(this, "versioning", {
        count,
        bucket,
        versioningConfiguration: { status: "Enabled" },
      }),
      "console",
    );
    named(
      new S3BucketLifecycleConfiguration(this, "lifecycle", {
        count,
        bucket,
        rule: [
          {
            id: "expire-old-console-files",
            status: "Enabled",
            filter: [{ prefix: "" }],
            noncurrentVersionExpiration: [{ noncurrentDays: CONSOLE_NONCURRENT_VERSION_DAYS }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
        dependsOn: [versioning],
      }),
      "console",
    );

    const oac = named(
      new CloudfrontOriginAccessControl(this, "origin-access-control", {
        count,
        name: `${props.namePrefix}-console`,
        description: "CloudFront reads the console's bucket, signing every request.",
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      }),
      "console",
    );

    this.contentSecurityPolicy = consoleContentSecurityPolicy({
      connectOrigins: connectOrigins([props.apiUrl, props.issuer, props.logoutUrlTemplate, props.revocationEndpoint]),
      https: true,
    });
    this.headersPolicy = named(
      new CloudfrontResponseHeadersPolicy(this, "headers", {
        count,
        name: `${props.namePrefix}-console`,
        comment: "Security headers of the passkeys console: strict CSP, HSTS, no framing, no referrer.",
        securityHeadersConfig: {
          contentSecurityPolicy: { contentSecurityPolicy: this.contentSecurityPolicy, override: true },
          strictTransportSecurity: {
            accessControlMaxAgeSec: CONSOLE_HEADER_VALUES.hstsMaxAgeSeconds,
            includeSubdomains: true,
            preload: false,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: CONSOLE_HEADER_VALUES.frameOptions, override: true },
          referrerPolicy: { referrerPolicy: CONSOLE_HEADER_VALUES.referrerPolicy, override: true },
        },
        customHeadersConfig: {
          items: [
            { header: "Permissions-Policy", value: CONSOLE_HEADER_VALUES.permissionsPolicy, override: true },
            {
              header: "Cross-Origin-Opener-Policy",
              value: CONSOLE_HEADER_VALUES.crossOriginOpenerPolicy,
              override: true,
            },
          ],
        },
      }),
      "console",
    );

    const originId = "console-bucket";
    this.distribution = named(
      new CloudfrontDistribution(this, "distribution", {
        count,
        enabled: true,
        comment: `${props.namePrefix} passkeys console`,
        defaultRootObject: "index.html",
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        priceClass: "PriceClass_100",
        origin: [
          {
            originId,
            domainName: firstInstance(this.bucket, "bucket_regional_domain_name"),
            originAccessControlId: firstInstance(oac, "id"),
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: ["GET", "HEAD"],
          compress: true,
          cachePolicyId: CACHING_OPTIMIZED,
          responseHeadersPolicyId: firstInstance(this.headersPolicy, "id"),
        },
        // index.html and config.json change with every upload or apply: never cached at the edge.
        orderedCacheBehavior: ["/index.html", "/config.json"].map((pathPattern) => ({
          pathPattern,
          targetOriginId: originId,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: ["GET", "HEAD"],
          compress: true,
          cachePolicyId: CACHING_DISABLED,
          responseHeadersPolicyId: firstInstance(this.headersPolicy, "id"),
        })),
        // The console's routes (/users/…) are no files: S3 answers 403 through origin access control.
        customErrorResponse: [403, 404].map((errorCode) => ({
          errorCode,
          responseCode: 200,
          responsePagePath: "/index.html",
          errorCachingMinTtl: 0,
        })),
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
        tags: props.tags,
      }),
      "console",
    );

    named(
      new S3BucketPolicy(this, "policy", {
        count,
        bucket,
        policy: renderPolicy(
          this,
          `${props.logicalIdPrefix}console_bucket_policy`,
          consoleBucketPolicy({
            bucketArn,
            // join, not [0]: the policy is a local, which Terraform evaluates even when the hosting is off.
            distributionArn: `arn:${props.partition}:cloudfront::${props.accountId}:distribution/${Token.asString(
              Fn.join(
                "",
                Token.asList(
                  ref(`${this.distribution.terraformResourceType}.${this.distribution.friendlyUniqueId}[*].id`),
                ),
              ),
            )}`,
          }),
        ),
      }),
      "console",
    );

    this.config = named(
      new S3Object(this, "config", {
        count,
        bucket,
        key: "config.json",
        contentType: "application/json",
        cacheControl: "no-cache",
        content: this.configJson(props, named),
        tags: props.tags,
      }),
      "console_config",
    );

    this.url = choose<string | null>(
      props.enabled,
      `https://${firstInstance(this.distribution, "domain_name")}`,
      null,
    ) as string;
    this.bucketName = oneOrNull(this.bucket, "id");
    this.distributionId = oneOrNull(this.distribution, "id");
  }

  /** config.json without the fields that are null (the console refuses a null where it allows an absent field). */
  private configJson(config: ConsoleHostingProps, named: ReturnType<typeof logicalIds>): string {
    const values: Record<keyof ConsoleRuntimeConfig, string | null> = {
      apiUrl: config.apiUrl,
      issuer: config.issuer,
      clientId: config.clientId,
      logoutUrlTemplate: config.logoutUrlTemplate,
      revocationEndpoint: config.revocationEndpoint,
    };
    if (!Object.values(values).some(isToken)) {
      return JSON.stringify(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)));
    }
    const local = named(new TerraformLocal(this, "config-values", values), "console_config");
    return `\${jsonencode({ for key, value in local.${local.friendlyUniqueId} : key => value if value != null })}`;
  }
}
