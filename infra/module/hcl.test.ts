import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  expressionToHcl,
  hclString,
  literalToHcl,
  renderOutputs,
  renderVariables,
  renderVersions,
  templateToHcl,
} from "./hcl";

describe("HCL writer", () => {
  it("writes a whole interpolation as a bare expression and keeps quotes inside it intact", () => {
    assert.equal(templateToHcl("${local.user_pool_id}"), "local.user_pool_id");
    assert.equal(templateToHcl('${var.a == "x" ? 1 : 0}'), 'var.a == "x" ? 1 : 0');
    assert.equal(
      templateToHcl('${var.create ? aws_x.this[0].arn : "arn:${data.p.partition}:x"}'),
      'var.create ? aws_x.this[0].arn : "arn:${data.p.partition}:x"',
    );
  });

  it("keeps a template with literal text as a quoted string, escaping only the literal parts", () => {
    assert.equal(templateToHcl('arn:${data.p.partition}:iam::"x"'), '"arn:${data.p.partition}:iam::\\"x\\""');
    assert.equal(templateToHcl("${a}-${b}"), '"${a}-${b}"');
  });

  it("escapes what HCL would otherwise interpret in a plain string", () => {
    assert.equal(hclString('say "${hi}" and %{if} \\ done\n'), '"say \\"$${hi}\\" and %%{if} \\\\ done\\n"');
  });

  it("writes literals and objects with aligned equals signs, as terraform fmt does", () => {
    assert.equal(literalToHcl(null), "null");
    assert.equal(literalToHcl(["a", 1, true]), '["a", 1, true]');
    assert.equal(literalToHcl({}), "{}");
    assert.equal(expressionToHcl({ a: "${x.y}", long_name: "z" }), '{\n  a         = x.y\n  long_name = "z"\n}');
  });

  it("renders variables with description, type, default, flags and validation blocks", () => {
    const text = renderVariables(
      [
        {
          name: "secret",
          kind: "string",
          type: "string",
          description: "A secret.",
          default: null,
          sensitive: true,
          ephemeral: true,
          validation: [{ condition: "var.secret == null", errorMessage: "must be null." }],
        },
      ],
      "# header\n",
    );
    assert.equal(
      text,
      `# header

variable "secret" {
  description = "A secret."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.secret == null
    error_message = "must be null."
  }
}
`,
    );
  });

  it("renders an output whose value spans lines as its own alignment group", () => {
    const text = renderOutputs([{ name: "o", description: "d", value: { k: "${a.b}" } }], "#\n");
    assert.equal(text, '#\n\noutput "o" {\n  description = "d"\n  value = {\n    k = a.b\n  }\n}\n');
  });

  it("renders versions with required_version and required_providers only (no provider, no backend)", () => {
    const text = renderVersions(
      { requiredVersion: ">= 1.11.0", providers: { aws: { source: "hashicorp/aws", version: ">= 6.19.0" } } },
      "#\n",
    );
    assert.equal(
      text,
      `#

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.19.0"
    }
  }
}
`,
    );
  });
});
