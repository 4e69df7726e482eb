// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import angular from "angular-eslint";

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
