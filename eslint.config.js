// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const SKIP_THROUGH_REQUIREMENTS =
  "Skip with requires(...).skip(t) (tools/test/requirements.ts): under CI=true a missing tool then fails the test instead of skipping it.";

export default tseslint.config(
  {
    ignores: [
      ".tmp/",
      "node_modules/",
      "dist/",
      "cdktf.out/",
      "terraform/",
      ".angular/",
      "coverage/",
      "dashboard/karma.conf.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message: "Import @cdktf/provider-aws/lib/<resource> only: the barrel costs seconds and hundreds of MB.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["dashboard/**/*.ts"],
    languageOptions: { globals: { ...globals.browser, ...globals.jasmine } },
  },
  {
    // Every skip goes through tools/test/requirements.ts, so that under CI=true a missing tool fails the test.
    files: ["functions/**/*.test.ts", "infra/**/*.test.ts", "tools/**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='t'][callee.property.name='skip']",
          message: SKIP_THROUGH_REQUIREMENTS,
        },
        {
          selector: "CallExpression[callee.object.name=/^(it|test|describe|suite)$/][callee.property.name='skip']",
          message: SKIP_THROUGH_REQUIREMENTS,
        },
        {
          selector:
            "CallExpression[callee.name=/^(it|test|describe|suite)$/] > ObjectExpression > Property[key.name='skip']",
          message: SKIP_THROUGH_REQUIREMENTS,
        },
      ],
    },
  },
);
