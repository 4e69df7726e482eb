// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import angular from "angular-eslint";

/** @type {Array<{ name: string, message: string }>} */
const RESTRICTED_PATHS = [
  {
    name: "@cdktf/provider-aws",
    message: "Import @cdktf/provider-aws/lib/<resource> only: the barrel costs seconds and hundreds of MB.",
  },
];

const TRIGGER_BUDGET =
  "The triggers' bundles stay small and quick to load (tools/build/trigger-budget.test.ts): use functions/shared/ssm.ts and functions/shared/http.ts, not the AWS SDK or fetch.";

/** Production code: what ships or runs the project, tests excluded (they may leave node:test's promises alone). */
const PRODUCTION = ["functions/**/*.ts", "infra/**/*.ts", "tools/**/*.ts", "*.ts"];
const TESTS = ["**/*.test.ts", "**/*.spec.ts", "tools/test/fixtures/**", "tools/build/fixtures/**"];

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
      "no-restricted-imports": ["error", { paths: RESTRICTED_PATHS }],
    },
  },
  {
    files: ["dashboard/**/*.ts"],
    languageOptions: { globals: { ...globals.browser, ...globals.jasmine } },
  },
  {
    // The local stack's browser code: the sample login page and the stand-in of Corbado's web library.
    files: ["tools/local/login-page/**/*.js", "tools/local/corbado-connect-web/**/*.js"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // A promise nobody awaits loses its error (an unhandled rejection ends a Lambda container or the local
    // stack); one passed where a callback returns void is never awaited. Type-aware, so production code only.
    files: [...PRODUCTION, "dashboard/src/**/*.ts"],
    ignores: TESTS,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // The console's nearest tsconfig.json only holds references: name the app's own.
    files: ["dashboard/src/**/*.ts"],
    ignores: TESTS,
    languageOptions: { parserOptions: { projectService: false, project: "./dashboard/tsconfig.app.json" } },
  },
  {
    files: [
      "functions/define-auth-challenge/**/*.ts",
      "functions/create-auth-challenge/**/*.ts",
      "functions/verify-auth-challenge/**/*.ts",
      "functions/post-authentication/**/*.ts",
      "functions/shared/**/*.ts",
    ],
    ignores: TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [...RESTRICTED_PATHS, { name: "undici", message: TRIGGER_BUDGET }],
          patterns: [{ group: ["@aws-sdk/*", "@smithy/*", "aws-sdk", "undici/*"], message: TRIGGER_BUDGET }],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportExpression[source.value=/^(@aws-sdk\\/|@smithy\\/|aws-sdk$|undici(\\/|$))/]",
          message: TRIGGER_BUDGET,
        },
        {
          selector:
            "CallExpression[callee.name='require'][arguments.0.value=/^(@aws-sdk\\/|@smithy\\/|aws-sdk$|undici(\\/|$))/]",
          message: TRIGGER_BUDGET,
        },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: TRIGGER_BUDGET }],
      "no-restricted-properties": [
        "error",
        { object: "globalThis", property: "fetch", message: TRIGGER_BUDGET },
        { object: "global", property: "fetch", message: TRIGGER_BUDGET },
      ],
    },
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
  // The console's spec helpers and harnesses are outside the app's tsconfig: type-check them with the specs'.
  {
    files: ["dashboard/src/testing/**/*.ts", "dashboard/src/**/*.harness.ts"],
    languageOptions: { parserOptions: { projectService: false, project: "./dashboard/tsconfig.spec.json" } },
  },
  // The console's templates (dashboard/**/*.html and inline ones): Angular's template rules and its accessibility rules.
  {
    files: ["dashboard/**/*.ts"],
    processor: angular.processInlineTemplates,
  },
  {
    files: ["dashboard/**/*.html"],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);
