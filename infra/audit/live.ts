/**
 * `npm run audit:iam -- --live`: reads a deployed account with read-only calls and compares what it holds for the
 * module's names with the module's documents evaluated for that account (the same evaluation the report makes
 * for its example account): every role's trust policy, maximum session, boundary, inline and attached policies,
 * the module key's policy and the Lambda resource policies. Prints each difference and exits 1 on drift, 2 when
 * it cannot check. Credentials and region come from the standard chain (environment, profile, SSO, instance
 * role); the evidence reader's policy (infra/policies/people.ts) allows every call it makes.
 */
import { readFileSync } from "node:fs";
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Value } from "./hcl-eval";
import type { AuditEnvironment, ModuleScenario } from "./module-model";
import { readModuleJson, scenarioOf, type AuditedModule } from "./module-source";
import { collectPrincipals, collectResourcePolicies, type PolicyDoc } from "./principals";

export interface LiveClients {
  iam: IAMClient;
  kms: KMSClient;
  lambda: LambdaClient;
  sts: STSClient;
}

export interface Difference {
  /** What differs, e.g. `aws_iam_role.verify_auth_challenge` or `aws_kms_key.corbado_secret (key policy)`. */
  resource: string;
  what: string;
}

/** Thrown when the check cannot run (a missing input, a call AWS refused): exit 2, not a verdict. */
export class LiveCheckError extends Error {
  override readonly name = "LiveCheckError";
}

// ---- Comparing documents ----

type Json = Value | undefined;

const asArray = (v: Json): Value[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * A statement as IAM means it: one value and a list of one are the same, order inside Action, Resource,
 * Principal and condition values does not matter, action names and condition keys are case-insensitive.
 */
function canonicalStatement(s: Record<string, Value>): Record<string, Value> {
  const sortedStrings = (v: Json) => asArray(v).map(String).sort();
  const out: Record<string, Value> = {};
  for (const [key, value] of Object.entries(s)) {
    switch (key) {
      case "Action":
      case "NotAction":
        out[key] = sortedStrings(value).map((a) => a.toLowerCase());
        break;
      case "Resource":
      case "NotResource":
        out[key] = sortedStrings(value);
        break;
      case "Principal":
      case "NotPrincipal":
        out[key] =
          typeof value === "string"
            ? value
            : Object.fromEntries(
                Object.entries(value as Record<string, Value>)
                  .map(([k, v]) => [k, sortedStrings(v)] as [string, Value])
                  .sort(([a], [b]) => a.localeCompare(b)),
              );
        break;
      case "Condition":
        out[key] = Object.fromEntries(
          Object.entries(value as Record<string, Record<string, Value>>)
            .map(
              ([operator, keys]) =>
                [
                  operator,
                  Object.fromEntries(
                    Object.entries(keys)
                      .map(([k, v]) => [k.toLowerCase(), sortedStrings(v)] as [string, Value])
                      .sort(([a], [b]) => a.localeCompare(b)),
                  ),
                ] as [string, Value],
            )
            .sort(([a], [b]) => a.localeCompare(b)),
        );
        break;
      default:
        out[key] = value;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Differences between two policy documents, statement by statement (by Sid). */
export function documentDifferences(expected: PolicyDoc, actual: PolicyDoc): string[] {
  const out: string[] = [];
  const key = (s: Record<string, Value>, i: number) => (typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : `#${i}`);
  const index = (doc: PolicyDoc) =>
    new Map(
      asArray(doc.Statement as unknown as Value).map((s, i) => {
        const statement = s as Record<string, Value>;
        return [key(statement, i), canonicalStatement(statement)] as const;
      }),
    );
  const want = index(expected);
  const have = index(actual);
  for (const [sid, statement] of want) {
    const found = have.get(sid);
    if (!found) out.push(`statement ${sid} is missing`);
    else if (JSON.stringify(found) !== JSON.stringify(statement))
      out.push(`statement ${sid} differs: expected ${JSON.stringify(statement)}, found ${JSON.stringify(found)}`);
  }
  for (const [sid, statement] of have)
    if (!want.has(sid)) out.push(`statement ${sid} was added: ${JSON.stringify(statement)}`);
  return out;
}

/** IAM returns documents URL-encoded; KMS and Lambda as JSON text. */
function parseDocument(text: string | undefined, encoded: boolean): PolicyDoc {
  if (text === undefined) throw new LiveCheckError("AWS returned no policy document");
  return JSON.parse(encoded ? decodeURIComponent(text) : text) as PolicyDoc;
}

const isNamed = (error: unknown, ...names: string[]) => error instanceof Error && names.includes(error.name);

async function refusedAs<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isNamed(error, "AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "ExpiredToken"))
      throw new LiveCheckError(
        `${what}: ${(error as Error).name} (the evidence reader's policy allows every call of the check)`,
      );
    throw error;
  }
}

// ---- The check ----

export interface LiveTarget {
  /** Variables as deployed (those not given take the module's defaults). */
  variables: Record<string, Value>;
  /** The created pool's id (create mode); external and attach take user_pool_id. */
  userPoolId?: string;
}

/** The account the credentials belong to, and the region of the clients. */
async function whereWeAre(clients: LiveClients): Promise<{ partition: string; accountId: string; region: string }> {
  const identity = await refusedAs("sts:GetCallerIdentity", () => clients.sts.send(new GetCallerIdentityCommand({})));
  const arn = identity.Arn ?? "";
  const region = await clients.iam.config.region();
  if (!identity.Account || !arn.startsWith("arn:"))
    throw new LiveCheckError("sts:GetCallerIdentity returned no account");
  return { partition: arn.split(":")[1]!, accountId: identity.Account, region };
}

/** The module evaluated for the deployed account: the documents it must hold. */
export async function expectedScenario(
  module: AuditedModule,
  target: LiveTarget,
  clients: LiveClients,
): Promise<ModuleScenario> {
  const where = await whereWeAre(clients);
  const mode = target.variables.pool_mode ?? "create";
  const userPoolId = mode === "create" ? target.userPoolId : target.variables.user_pool_id;
  if (typeof userPoolId !== "string" || userPoolId === "")
    throw new LiveCheckError(
      mode === "create"
        ? "pool_mode = create: give the created pool's id with --user-pool-id (terraform output user_pool_id)"
        : "user_pool_id is missing from the variables",
    );
  // A key the module created has an id AWS chose: find it by the alias the module gives it.
  const probe = await scenarioOf(module, { name: "live", description: "", variables: target.variables });
  let keyId: string | undefined;
  const aliases = probe.existing("aws_kms_alias");
  if (aliases.length > 0) {
    const alias = probe.evaluateString(probe.config("aws_kms_alias", aliases[0]!).name, "aws_kms_alias.name");
    const described = await refusedAs(`kms:DescribeKey ${alias}`, async () => {
      try {
        return await clients.kms.send(new DescribeKeyCommand({ KeyId: alias }));
      } catch (error) {
        if (isNamed(error, "NotFoundException")) return undefined;
        throw error;
      }
    });
    keyId = described?.KeyMetadata?.KeyId;
  }
  const environment: AuditEnvironment = {
    ...where,
    userPoolId,
    kmsKeyId: () => keyId ?? "key-not-found",
  };
  return scenarioOf(module, { name: "live", description: "", variables: target.variables }, environment);
}

export async function liveDifferences(
  module: AuditedModule,
  target: LiveTarget,
  clients: LiveClients,
): Promise<{ differences: Difference[]; checked: string[] }> {
  const scenario = await expectedScenario(module, target, clients);
  const principals = collectPrincipals(scenario);
  const resourcePolicies = collectResourcePolicies(scenario, principals);
  const differences: Difference[] = [];
  const checked: string[] = [];
  const differ = (resource: string, what: string) => differences.push({ resource, what });

  for (const p of principals) {
    checked.push(p.address);
    const role = await refusedAs(`iam:GetRole ${p.roleName}`, async () => {
      try {
        return (await clients.iam.send(new GetRoleCommand({ RoleName: p.roleName }))).Role;
      } catch (error) {
        if (isNamed(error, "NoSuchEntityException", "NoSuchEntity")) return undefined;
        throw error;
      }
    });
    if (!role) {
      differ(p.address, `role ${p.roleName} does not exist`);
      continue;
    }
    for (const d of documentDifferences(p.trustPolicy, parseDocument(role.AssumeRolePolicyDocument, true)))
      differ(`${p.address} (trust policy)`, d);
    if (role.Path !== p.path) differ(p.address, `path is ${role.Path}, expected ${p.path}`);
    if ((role.MaxSessionDuration ?? 3600) !== (p.maxSessionDuration ?? 3600))
      differ(p.address, `maximum session is ${role.MaxSessionDuration} s, expected ${p.maxSessionDuration ?? 3600} s`);
    const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn ?? null;
    if (boundary !== p.permissionsBoundary)
      differ(p.address, `permissions boundary is ${boundary ?? "none"}, expected ${p.permissionsBoundary ?? "none"}`);

    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await refusedAs(`iam:ListRolePolicies ${p.roleName}`, () =>
        clients.iam.send(new ListRolePoliciesCommand({ RoleName: p.roleName, Marker: marker })),
      );
      names.push(...(page.PolicyNames ?? []));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    for (const extra of names.filter((n) => !p.policies.some((x) => x.name === n)))
      differ(p.address, `inline policy ${extra} was added outside Terraform`);
    for (const policy of p.policies) {
      if (!names.includes(policy.name)) {
        differ(p.address, `inline policy ${policy.name} (${policy.address}) is missing`);
        continue;
      }
      const got = await refusedAs(`iam:GetRolePolicy ${p.roleName}/${policy.name}`, () =>
        clients.iam.send(new GetRolePolicyCommand({ RoleName: p.roleName, PolicyName: policy.name })),
      );
      for (const d of documentDifferences(policy.document, parseDocument(got.PolicyDocument, true)))
        differ(`${policy.address} (${policy.name})`, d);
    }
    const attached: string[] = [];
    marker = undefined;
    do {
      const page = await refusedAs(`iam:ListAttachedRolePolicies ${p.roleName}`, () =>
        clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: p.roleName, Marker: marker })),
      );
      attached.push(...(page.AttachedPolicies ?? []).map((a) => a.PolicyArn ?? a.PolicyName ?? "?"));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    for (const arn of attached) differ(p.address, `managed policy ${arn} was attached outside Terraform`);
  }

  for (const name of scenario.existing("aws_kms_key")) {
    const address = `aws_kms_key.${name}`;
    const arn = scenario.attributeString("aws_kms_key", name, "arn");
    checked.push(`${address} (key policy)`);
    if (arn.endsWith("/key-not-found")) {
      differ(address, "no key carries the module's alias");
      continue;
    }
    const got = await refusedAs(`kms:GetKeyPolicy ${arn}`, () =>
      clients.kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: "default" })),
    );
    for (const d of documentDifferences(resourcePolicies.get(arn)!, parseDocument(got.Policy, false)))
      differ(`${address} (key policy)`, d);
  }

  for (const name of scenario.existing("aws_lambda_function")) {
    const address = `aws_lambda_function.${name}`;
    const arn = scenario.attributeString("aws_lambda_function", name, "arn");
    const functionName = scenario.attributeString("aws_lambda_function", name, "function_name");
    checked.push(`${address} (resource policy)`);
    const got = await refusedAs(`lambda:GetPolicy ${functionName}`, async () => {
      try {
        return (await clients.lambda.send(new GetPolicyCommand({ FunctionName: functionName }))).Policy;
      } catch (error) {
        if (isNamed(error, "ResourceNotFoundException")) return undefined;
        throw error;
      }
    });
    const expected = resourcePolicies.get(arn);
    if (!got && expected)
      differ(`${address} (resource policy)`, "the function has no resource policy (or no longer exists)");
    else if (got && !expected)
      differ(`${address} (resource policy)`, `the function has a resource policy the module does not set: ${got}`);
    else if (got && expected)
      for (const d of documentDifferences(expected, parseDocument(got, false)))
        differ(`${address} (resource policy)`, d);
  }
  return { differences, checked };
}

export function defaultClients(): LiveClients {
  // The standard chain: AWS_REGION / AWS_PROFILE / SSO / instance role; nothing here chooses credentials.
  return { iam: new IAMClient({}), kms: new KMSClient({}), lambda: new LambdaClient({}), sts: new STSClient({}) };
}

export interface LiveCheckOptions {
  module?: AuditedModule;
  /** JSON file with the module's variables as deployed. */
  varFile?: string;
  userPoolId?: string;
  print: (line: string) => void;
  clients?: LiveClients;
}

/** The CLI's `--live`: 0 no drift, 1 drift, 2 could not check. */
export async function runLiveCheck(options: LiveCheckOptions): Promise<number> {
  const module = options.module ?? readModuleJson();
  const { print } = options;
  try {
    const variables = options.varFile
      ? (JSON.parse(readFileSync(options.varFile, "utf8")) as Record<string, Value>)
      : ({} as Record<string, Value>);
    if (variables === null || typeof variables !== "object" || Array.isArray(variables))
      throw new LiveCheckError("--var-file must hold one JSON object of variable values");
    const hash = module.files.find((f) => f.file === "terraform/main.tf.json")?.sha256 ?? "(not hashed)";
    print(`comparing the account with ${module.source} of the module ${module.version} (sha256 ${hash})`);
    const { differences, checked } = await liveDifferences(
      module,
      { variables, userPoolId: options.userPoolId },
      options.clients ?? defaultClients(),
    );
    for (const d of differences) print(`DRIFT ${d.resource}: ${d.what}`);
    print(
      differences.length === 0
        ? `no drift: ${checked.length} checked (${checked.join(", ")})`
        : `${differences.length} difference(s) in ${checked.length} checked`,
    );
    return differences.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof LiveCheckError || error instanceof SyntaxError) {
      print(`audit:iam --live could not check: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
