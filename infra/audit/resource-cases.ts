/**
 * The resource side: the module's key policy and the Lambda resource policies, simulated for the callers they
 * must admit and the ones they must refuse, and for what they imply (a key policy that names the account lets
 * the account's IAM policies decide; a Lambda resource policy restricts other accounts and services, not the
 * account's own principals).
 */
import type { Simulation } from "@cloud-copilot/iam-simulate";
import { EXAMPLE } from "./module-model";
import { asList, type PolicyDoc } from "./principals";
import { decideRequest } from "./simulate";

export interface ResourceCase {
  case: string;
  principal: string;
  action: string;
  /** The request's conditions in words ("via SSM for the Corbado secret"); empty when none. */
  context: string;
  result: string;
  grantedBy: string[];
}

const { accountId: A, region: R, thirdAccountId: THIRD } = EXAMPLE;
const ROLE_IN_ACCOUNT = `arn:aws:iam::${A}:role/other-app-role`;
const ROLE_IN_THIRD_ACCOUNT = `arn:aws:iam::${THIRD}:role/some-role`;

/** The session a role's request comes from (STS names it by the role's name alone). */
function sessionOf(roleArn: string): string {
  const name = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  const account = roleArn.split(":")[4];
  return `arn:aws:sts::${account}:assumed-role/${name}/audit-session`;
}

function identityAllowing(action: string): { name: string; policy: PolicyDoc } {
  return {
    name: `allows ${action} on *`,
    policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] },
  };
}

async function run(
  c: Omit<ResourceCase, "result" | "grantedBy">,
  resource: string,
  values: Record<string, string>,
  identityPolicies: { name: string; policy: unknown }[],
  resourcePolicy: PolicyDoc | undefined,
): Promise<ResourceCase> {
  const callerAccount = c.principal.includes(".amazonaws.com") ? undefined : c.principal.split(":")[4];
  const simulation: Simulation = {
    request: {
      principal: c.principal.startsWith("arn:aws:iam:") ? sessionOf(c.principal) : c.principal,
      action: c.action,
      resource: { resource, accountId: A },
      contextVariables: {
        ...values,
        ...(callerAccount && c.action.startsWith("kms:") ? { "kms:CallerAccount": callerAccount } : {}),
      },
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  };
  return { ...c, ...(await decideRequest(simulation)) };
}

/**
 * Who may use the module's key for the Corbado secret, by its key policy: the role it names (only as the policy
 * says), nobody by the account statement alone, and anyone in the account whose IAM policies allow it.
 */
export async function keyPolicyCases(
  keyArn: string,
  keyPolicy: PolicyDoc,
  secretParameterArn: string,
  otherParameterArn: string,
): Promise<ResourceCase[]> {
  const named = keyPolicy.Statement.flatMap((s) =>
    asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS).filter((p) => p.includes(":role/")),
  );
  const viaSsm = (parameter: string) => ({
    "kms:ViaService": `ssm.${R}.amazonaws.com`,
    "kms:EncryptionContext:PARAMETER_ARN": parameter,
  });
  const out: ResourceCase[] = [];
  for (const role of [...new Set(named)].sort()) {
    out.push(
      await run(
        {
          case: "the role the key policy names, through SSM, for the Corbado secret",
          principal: role,
          action: "kms:Decrypt",
          context: "via SSM for the Corbado secret",
        },
        keyArn,
        viaSsm(secretParameterArn),
        [],
        keyPolicy,
      ),
      await run(
        {
          case: "the same role, through SSM, for another parameter under this key",
          principal: role,
          action: "kms:Decrypt",
          context: "via SSM for another parameter",
        },
        keyArn,
        viaSsm(otherParameterArn),
        [],
        keyPolicy,
      ),
      await run(
        { case: "the same role, calling KMS directly", principal: role, action: "kms:Decrypt", context: "direct call" },
        keyArn,
        {},
        [],
        keyPolicy,
      ),
    );
  }
  out.push(
    await run(
      {
        case: "a role in this account with no KMS permission of its own",
        principal: ROLE_IN_ACCOUNT,
        action: "kms:Decrypt",
        context: "direct call",
      },
      keyArn,
      {},
      [],
      keyPolicy,
    ),
    await run(
      {
        case: "a role in this account whose IAM policy allows kms:Decrypt on *",
        principal: ROLE_IN_ACCOUNT,
        action: "kms:Decrypt",
        context: "direct call",
      },
      keyArn,
      {},
      [identityAllowing("kms:Decrypt")],
      keyPolicy,
    ),
    await run(
      {
        case: "a role in this account whose IAM policy allows kms:PutKeyPolicy on *",
        principal: ROLE_IN_ACCOUNT,
        action: "kms:PutKeyPolicy",
        context: "direct call",
      },
      keyArn,
      {},
      [identityAllowing("kms:PutKeyPolicy")],
      keyPolicy,
    ),
    await run(
      {
        case: "a role in a third account whose IAM policy allows kms:Decrypt on *",
        principal: ROLE_IN_THIRD_ACCOUNT,
        action: "kms:Decrypt",
        context: "direct call",
      },
      keyArn,
      {},
      [identityAllowing("kms:Decrypt")],
      keyPolicy,
    ),
  );
  return out;
}

/**
 * Who may invoke a function: its resource policy (a Lambda permission for Cognito, bound to one pool and this
 * account) and, for callers of this account, their own IAM policies.
 */
export async function lambdaPolicyCases(
  functionArn: string,
  policy: PolicyDoc | undefined,
  poolArn: string,
): Promise<ResourceCase[]> {
  const action = "lambda:InvokeFunction";
  const cognito = "cognito-idp.amazonaws.com";
  const source = (account: string, arn: string) => ({ "aws:SourceAccount": account, "aws:SourceArn": arn });
  const out: ResourceCase[] = [];
  if (policy) {
    out.push(
      await run(
        {
          case: "Cognito, for the module's pool",
          principal: cognito,
          action,
          context: "aws:SourceArn = the module's pool",
        },
        functionArn,
        source(A, poolArn),
        [],
        policy,
      ),
      await run(
        {
          case: "Cognito, for another pool in this account",
          principal: cognito,
          action,
          context: "aws:SourceArn = another pool",
        },
        functionArn,
        source(A, `arn:aws:cognito-idp:${R}:${A}:userpool/${R}_Neighbor1`),
        [],
        policy,
      ),
      await run(
        {
          case: "Cognito, for a pool in a third account",
          principal: cognito,
          action,
          context: "aws:SourceAccount = a third account",
        },
        functionArn,
        source(THIRD, `arn:aws:cognito-idp:${R}:${THIRD}:userpool/${R}_Foreign1`),
        [],
        policy,
      ),
      await run(
        { case: "another AWS service", principal: "events.amazonaws.com", action, context: "" },
        functionArn,
        {},
        [],
        policy,
      ),
    );
  }
  out.push(
    await run(
      {
        case: "a role in this account whose IAM policy allows lambda:InvokeFunction on *",
        principal: ROLE_IN_ACCOUNT,
        action,
        context: "",
      },
      functionArn,
      {},
      [identityAllowing(action)],
      policy,
    ),
    await run(
      {
        case: "a role in this account with no Lambda permission of its own",
        principal: ROLE_IN_ACCOUNT,
        action,
        context: "",
      },
      functionArn,
      {},
      [],
      policy,
    ),
    await run(
      {
        case: "a role in a third account whose IAM policy allows lambda:InvokeFunction on *",
        principal: ROLE_IN_THIRD_ACCOUNT,
        action,
        context: "",
      },
      functionArn,
      {},
      [identityAllowing(action)],
      policy,
    ),
  );
  return out;
}
