/**
 * `npm run build:module`: builds the functions the module deploys and writes the Terraform module to
 * terraform/ (see infra/module/build-module.ts).
 */
import path from "node:path";
import { commandLine, defineCommand } from "../tools/cli";
import { buildModule, MODULE_DIR, REPO_ROOT } from "./module/build-module";

commandLine(
  defineCommand({
    name: "build:module",
    usage: `Usage: npm run build:module

Builds the functions the module deploys and writes the Terraform module to terraform/ (main.tf.json, the
Lambda zips, README.md, examples/). Two builds are byte-identical. Takes no options.

Options:
  -h, --help    print this help`,
    options: {},
  }),
);

const files = await buildModule();
const bytes = [...files.values()].reduce((sum, b) => sum + b.length, 0);
console.log(`wrote ${files.size} files (${bytes} bytes) to ${path.relative(REPO_ROOT, MODULE_DIR)}/`);
