import { createHash } from "node:crypto";
import {
  evaluateDeep,
  HclEvalError,
  type EvalScope,
  type ParsedTemplates,
  type Traversal,
  type Value,
} from "./hcl-eval";

/** The example account the report is written for. Every ARN the audit invents lives here. */
export const EXAMPLE = {
  partition: "aws",
  accountId: "111122223333",
  region: "eu-central-1",
  /** Id of the pool the module serves: the created pool's id in `create`, `var.user_pool_id` in `attach`. */
  userPoolId: "eu-central-1_Example1",
  /** Corbado's account and the role its actions run as. */
  corbadoAccountId: "444455556666",
  corbadoActionsPrincipalArn: "arn:aws:iam::444455556666:role/corbado-connect-actions",
  corbadoExternalId: "corbado-example-external-id-7f3a",
  /** An account that is neither the customer's nor Corbado's. */
  thirdAccountId: "777788889999",
} as const;

/**
 * Where a scenario is evaluated: the example account by default, the deployed account for the live drift check.
 * Ids AWS generates (a created pool's, a key's) come from here.
 */
export interface AuditEnvironment {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Id of the pool the module serves. */
  readonly userPoolId: string;
  /** Id of a KMS key the module creates, by its address (default: a deterministic uuid of the address). */
  readonly kmsKeyId?: (address: string) => string;
}

export const EXAMPLE_ENVIRONMENT: AuditEnvironment = {
  partition: EXAMPLE.partition,
  accountId: EXAMPLE.accountId,
  region: EXAMPLE.region,
  userPoolId: EXAMPLE.userPoolId,
};

export interface TerraformBlocks {
  data?: Record<string, Record<string, Record<string, unknown>>>;
  locals?: Record<string, unknown>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Deterministic pseudo-random hex for an address (ids AWS would generate). */
function hexFor(address: string, length: number): string {
  return createHash("sha256").update(address).digest("hex").slice(0, length);
}

function uuidFor(address: string): string {
  const h = hexFor(address, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * One evaluation of the module: its JSON plus the variable values of a scenario. Resolves references with a
 * fixed table of resource types; any other reference throws.
 */
export class ModuleScenario implements EvalScope {
  private readonly localsInProgress = new Set<string>();
  private readonly localCache = new Map<string, Value>();

  constructor(
    readonly name: string,
    readonly blocks: TerraformBlocks,
    readonly variables: Readonly<Record<string, Value>>,
    /** Every template among the strings of `blocks`, parsed (hcl-parse.ts's parseTemplatesIn). */
    private readonly templates: ParsedTemplates,
    readonly environment: AuditEnvironment = EXAMPLE_ENVIRONMENT,
  ) {}

  evaluate(value: unknown): Value {
    return evaluateDeep(value, this, this.templates);
  }

  evaluateString(value: unknown, what: string): string {
    const v = this.evaluate(value);
    if (typeof v !== "string") throw new HclEvalError(`${what} must evaluate to a string, got ${JSON.stringify(v)}`);
    return v;
  }

  /** An attribute of a resource of the module (its first instance when counted), e.g. an `arn`. */
  attributeString(type: string, name: string, attribute: string): string {
    const counted = this.config(type, name).count !== undefined;
    const v = this.resolve([type, name, ...(counted ? [0] : []), attribute]);
    if (typeof v !== "string")
      throw new HclEvalError(`${type}.${name}.${attribute} is not a string: ${JSON.stringify(v)}`);
    return v;
  }

  config(type: string, name: string): Record<string, unknown> {
    const cfg = this.blocks.resource?.[type]?.[name];
    if (!cfg) throw new HclEvalError(`reference to ${type}.${name}, which the module does not declare`);
    return cfg;
  }

  /** Number of instances of a resource in this scenario (count evaluated; 1 without count). */
  instances(type: string, name: string): number {
    const cfg = this.config(type, name);
    if (cfg.for_each !== undefined)
      throw new HclEvalError(`${type}.${name} uses for_each, which the audit does not model`);
    if (cfg.count === undefined) return 1;
    const count = this.evaluate(cfg.count);
    if (typeof count !== "number")
      throw new HclEvalError(`count of ${type}.${name} is not a number: ${JSON.stringify(count)}`);
    return count;
  }

  /** Names of the resources of a type that exist in this scenario, sorted. */
  existing(type: string): string[] {
    return Object.keys(this.blocks.resource?.[type] ?? {})
      .filter((name) => this.instances(type, name) > 0)
      .sort();
  }

  splatCount(traversal: Traversal): number | undefined {
    const [root, name, ...rest] = traversal;
    if (!/^aws_/.test(root) || typeof name !== "string" || rest.length > 0)
      throw new HclEvalError(`splat over ${traversal.join(".")}: only a resource's instances are modelled`);
    return this.config(root, name).count === undefined ? undefined : this.instances(root, name);
  }

  resolve(traversal: Traversal): Value {
    const [root, ...rest] = traversal;
    const text = traversal.join(".");
    switch (root) {
      case "var": {
        const name = String(rest[0]);
        if (!(name in this.variables))
          throw new HclEvalError(`variable ${name} has no value in scenario "${this.name}"`);
        return this.variables[name]!;
      }
      case "local":
        return this.local(String(rest[0]));
      case "path":
        if (rest[0] === "module") return ".";
        break;
      case "data":
        return this.dataAttribute(String(rest[0]), String(rest[1]), String(rest[2]));
      default:
        if (/^aws_/.test(root)) {
          const [name, maybeIndex, maybeAttr] = rest;
          const indexed = typeof maybeIndex === "number";
          const attr = String(indexed ? maybeAttr : maybeIndex);
          const index = indexed ? maybeIndex : 0;
          const instances = this.instances(root, String(name));
          const counted = this.config(root, String(name)).count !== undefined;
          if (counted !== indexed)
            throw new HclEvalError(
              `${text}: ${counted ? "counted resource needs an index" : "index on a resource without count"}`,
            );
          if (index >= instances)
            throw new HclEvalError(
              `${text} refers to an instance that does not exist in scenario "${this.name}" (count ${instances})`,
            );
          return this.resourceAttribute(root, String(name), attr);
        }
    }
    throw new HclEvalError(`cannot resolve reference ${text}`);
  }

  private local(name: string): Value {
    if (this.localCache.has(name)) return this.localCache.get(name)!;
    if (!this.blocks.locals || !(name in this.blocks.locals)) throw new HclEvalError(`local.${name} is not declared`);
    if (this.localsInProgress.has(name)) throw new HclEvalError(`local.${name} refers to itself`);
    this.localsInProgress.add(name);
    try {
      const value = this.evaluate(this.blocks.locals[name]);
      this.localCache.set(name, value);
      return value;
    } finally {
      this.localsInProgress.delete(name);
    }
  }

  private dataAttribute(type: string, name: string, attr: string): Value {
    if (!this.blocks.data?.[type]?.[name])
      throw new HclEvalError(`reference to data.${type}.${name}, which the module does not declare`);
    const { partition, accountId, region } = this.environment;
    const table: Record<string, Record<string, string>> = {
      aws_caller_identity: {
        account_id: accountId,
        id: accountId,
        arn: `arn:${partition}:sts::${accountId}:assumed-role/terraform/apply`,
      },
      aws_partition: { partition, id: partition, dns_suffix: "amazonaws.com" },
      aws_region: { region, name: region, id: region },
    };
    const value = table[type]?.[attr];
    if (value === undefined) throw new HclEvalError(`data.${type}.${name}.${attr} is not modelled by the audit`);
    return value;
  }

  private attr(type: string, name: string, attribute: string): string {
    const cfg = this.config(type, name);
    if (cfg[attribute] === undefined)
      throw new HclEvalError(`${type}.${name} has no ${attribute} argument to derive from`);
    return this.evaluateString(cfg[attribute], `${type}.${name}.${attribute}`);
  }

  private resourceAttribute(type: string, name: string, attribute: string): Value {
    const address = `${type}.${name}`;
    const { partition: p, region: r, accountId: a, userPoolId } = this.environment;
    const keyId = () => (this.environment.kmsKeyId ?? uuidFor)(address);
    const poolId = () => (name === "this" ? userPoolId : `${r}_${hexFor(address, 9)}`);
    const derive: Record<string, Record<string, () => Value>> = {
      aws_iam_role: {
        name: () => this.attr(type, name, "name"),
        id: () => this.attr(type, name, "name"),
        arn: () => {
          const path = this.config(type, name).path === undefined ? "/" : this.attr(type, name, "path");
          return `arn:${p}:iam::${a}:role${path}${this.attr(type, name, "name")}`;
        },
      },
      aws_iam_role_policy: { name: () => this.attr(type, name, "name") },
      aws_iam_policy: {
        name: () => this.attr(type, name, "name"),
        arn: () => {
          const path = this.config(type, name).path === undefined ? "/" : this.attr(type, name, "path");
          return `arn:${p}:iam::${a}:policy${path}${this.attr(type, name, "name")}`;
        },
      },
      aws_ssm_parameter: {
        name: () => this.attr(type, name, "name"),
        id: () => this.attr(type, name, "name"),
        arn: () => `arn:${p}:ssm:${r}:${a}:parameter/${this.attr(type, name, "name").replace(/^\//, "")}`,
      },
      aws_kms_key: {
        key_id: keyId,
        id: keyId,
        arn: () => `arn:${p}:kms:${r}:${a}:key/${keyId()}`,
      },
      aws_kms_alias: {
        name: () => this.attr(type, name, "name"),
        arn: () => `arn:${p}:kms:${r}:${a}:${this.attr(type, name, "name")}`,
      },
      aws_cloudwatch_log_group: {
        name: () => this.attr(type, name, "name"),
        id: () => this.attr(type, name, "name"),
        arn: () => `arn:${p}:logs:${r}:${a}:log-group:${this.attr(type, name, "name")}`,
      },
      aws_lambda_function: {
        function_name: () => this.attr(type, name, "function_name"),
        id: () => this.attr(type, name, "function_name"),
        arn: () => `arn:${p}:lambda:${r}:${a}:function:${this.attr(type, name, "function_name")}`,
      },
      aws_cognito_user_pool: {
        // The created customer pool is the environment's; any other (the console pool) gets an id of its own.
        id: () => poolId(),
        arn: () => `arn:${p}:cognito-idp:${r}:${a}:userpool/${poolId()}`,
      },
      aws_apigatewayv2_api: {
        id: () => hexFor(address, 10),
        execution_arn: () => `arn:${p}:execute-api:${r}:${a}:${hexFor(address, 10)}`,
        api_endpoint: () => `https://${hexFor(address, 10)}.execute-api.${r}.amazonaws.com`,
      },
      aws_cognito_user_pool_client: { id: () => hexFor(address, 26) },
      aws_dynamodb_table: {
        name: () => this.attr(type, name, "name"),
        arn: () => `arn:${p}:dynamodb:${r}:${a}:table/${this.attr(type, name, "name")}`,
      },
    };
    const fn = derive[type]?.[attribute];
    if (!fn) throw new HclEvalError(`${address}.${attribute}: the audit's resolver does not model this attribute`);
    return fn();
  }
}

/** Parses a policy argument (a JSON string after evaluation) into an object; throws with the address on error. */
export function policyJson(scenario: ModuleScenario, raw: unknown, where: string): Record<string, unknown> {
  const text = scenario.evaluate(String(raw));
  if (typeof text !== "string") throw new HclEvalError(`${where}: policy did not evaluate to a string`);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new HclEvalError(`${where}: policy is not valid JSON after evaluation: ${(error as Error).message}`);
  }
}
