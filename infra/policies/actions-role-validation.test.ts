import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { requires } from "../../tools/test/requirements";
import {
  actionsRoleTerraformValidations,
  MESSAGES,
  validateActionsRoleInput,
  type ActionsRoleInput,
} from "./actions-role-validation";

const ROLE = "arn:aws:iam::444455556666:role/corbado-connect-actions";
const ID = "corbado-ext-id-1234";

interface Case {
  name: string;
  input: ActionsRoleInput;
  errors: string[];
}

const CASES: Case[] = [
  { name: "a role ARN and a plain external id", input: { trustedPrincipalArn: ROLE, externalId: ID }, errors: [] },
  {
    name: "a user ARN",
    input: { trustedPrincipalArn: "arn:aws:iam::444455556666:user/corbado", externalId: ID },
    errors: [],
  },
  {
    name: "a role ARN with a path",
    input: { trustedPrincipalArn: "arn:aws:iam::444455556666:role/corbado/prod/actions", externalId: ID },
    errors: [],
  },
  {
    name: "a role in another partition",
    input: { trustedPrincipalArn: "arn:aws-cn:iam::444455556666:role/actions", externalId: ID },
    errors: [],
  },
  {
    name: "an account root ARN without the opt-in",
    input: { trustedPrincipalArn: "arn:aws:iam::444455556666:root", externalId: ID },
    errors: [MESSAGES.principalRoot],
  },
  {
    name: "a bare account id without the opt-in",
    input: { trustedPrincipalArn: "444455556666", externalId: ID },
    errors: [MESSAGES.principalRoot],
  },
  {
    name: "an account root with the opt-in",
    input: { trustedPrincipalArn: "arn:aws:iam::444455556666:root", externalId: ID, allowAccountRootPrincipal: true },
    errors: [],
  },
  {
    name: "a wildcard role name",
    input: { trustedPrincipalArn: "arn:aws:iam::444455556666:role/*", externalId: ID },
    errors: [MESSAGES.principalFormat],
  },
  {
    name: "a wildcard in the role path",
    input: { trustedPrincipalArn: "arn:aws:iam::444455556666:role/*/actions", externalId: ID },
    errors: [MESSAGES.principalFormat],
  },
  { name: "a bare *", input: { trustedPrincipalArn: "*", externalId: ID }, errors: [MESSAGES.principalFormat] },
  {
    name: "an assumed-role session ARN",
    input: { trustedPrincipalArn: "arn:aws:sts::444455556666:assumed-role/corbado/session", externalId: ID },
    errors: [MESSAGES.principalFormat],
  },
  {
    name: "an account id of 11 digits",
    input: { trustedPrincipalArn: "arn:aws:iam::44445555666:role/x", externalId: ID },
    errors: [MESSAGES.principalFormat],
  },
  {
    name: "a one-character external id",
    input: { trustedPrincipalArn: ROLE, externalId: "x" },
    errors: [MESSAGES.externalIdFormat],
  },
  {
    name: "an external id with a space",
    input: { trustedPrincipalArn: ROLE, externalId: "corbado id" },
    errors: [MESSAGES.externalIdFormat],
  },
  {
    name: "an external id with a quote",
    input: { trustedPrincipalArn: ROLE, externalId: 'corbado"id' },
    errors: [MESSAGES.externalIdFormat],
  },
  {
    name: "an external id with every allowed punctuation mark",
    input: { trustedPrincipalArn: ROLE, externalId: "a_b+c=d,e.f@g:h/i-j" },
    errors: [],
  },
  {
    name: "an external id of 1224 characters",
    input: { trustedPrincipalArn: ROLE, externalId: "a".repeat(1224) },
    errors: [],
  },
  {
    name: "an external id of 1225 characters",
    input: { trustedPrincipalArn: ROLE, externalId: "a".repeat(1225) },
    errors: [MESSAGES.externalIdFormat],
  },
  {
    name: "both wrong at once",
    input: { trustedPrincipalArn: "arn:aws:iam::444455556666:root", externalId: "" },
    errors: [MESSAGES.principalRoot, MESSAGES.externalIdFormat],
  },
];

describe("Corbado actions role input rules", () => {
  for (const c of CASES) {
    it(`${c.errors.length === 0 ? "accepts" : "refuses"} ${c.name}`, () => {
      assert.deepEqual(validateActionsRoleInput(c.input), c.errors);
    });
  }

  it("Terraform's validation blocks accept and refuse exactly what the TypeScript validator does", (t) => {
    if (requires("terraform").skip(t)) return;
    // One root module with a (principal, external id, opt-in) triple of variables per case; `terraform plan`
    // evaluates every validation block offline (no provider, no resource) and reports each failure.
    const dir = mkdtempSync(path.join(tmpdir(), "actions-role-validation-"));
    try {
      const blocks: string[] = [];
      const args: string[] = [];
      CASES.forEach((c, i) => {
        const names = { principalArn: `p${i}`, externalId: `x${i}`, allowAccountRootPrincipal: `r${i}` };
        const validations = actionsRoleTerraformValidations(names);
        for (const [name, type] of [
          [names.principalArn, "string"],
          [names.externalId, "string"],
        ] as const) {
          blocks.push(
            `variable "${name}" {\n  type = ${type}\n${(validations[name] ?? [])
              .map(
                (v) =>
                  `  validation {\n    condition     = ${v.condition}\n    error_message = ${JSON.stringify(v.errorMessage)}\n  }\n`,
              )
              .join("")}}\n`,
          );
        }
        blocks.push(`variable "${names.allowAccountRootPrincipal}" {\n  type    = bool\n  default = false\n}\n`);
        args.push(
          "-var",
          `${names.principalArn}=${c.input.trustedPrincipalArn}`,
          "-var",
          `${names.externalId}=${c.input.externalId}`,
        );
        if (c.input.allowAccountRootPrincipal) args.push("-var", `${names.allowAccountRootPrincipal}=true`);
      });
      writeFileSync(path.join(dir, "main.tf"), blocks.join("\n"));
      const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.equal(init.status, 0, init.stderr);
      const plan = spawnSync("terraform", ["plan", "-input=false", "-no-color", "-lock=false", ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, TF_IN_AUTOMATION: "1" },
      });
      const output = `${plan.stdout}\n${plan.stderr}`;
      // Each diagnostic names its variable ("on main.tf line N: variable "p3" {") and carries the message.
      const failures = new Map<string, string[]>();
      for (const diagnostic of output.split(/Error: /).slice(1)) {
        const variable = /variable "([a-z]+\d+)"/.exec(diagnostic)?.[1];
        const message = Object.values(MESSAGES).find((m) => diagnostic.replace(/\s+/g, " ").includes(m.slice(0, 60)));
        assert.ok(variable && message, `unrecognised terraform diagnostic: ${diagnostic}`);
        failures.set(variable, [...(failures.get(variable) ?? []), message]);
      }
      CASES.forEach((c, i) => {
        const got = [...(failures.get(`p${i}`) ?? []), ...(failures.get(`x${i}`) ?? [])];
        assert.deepEqual(got, c.errors, `terraform on "${c.name}"`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
