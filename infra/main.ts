/**
 * `npm run build:module`: builds the functions the module deploys and writes the Terraform module to
 * terraform/ (see infra/module/build-module.ts).
 */
import path from "node:path";
import { buildModule, MODULE_DIR, REPO_ROOT } from "./module/build-module";

const files = await buildModule();
const bytes = [...files.values()].reduce((sum, b) => sum + b.length, 0);
console.log(`wrote ${files.size} files (${bytes} bytes) to ${path.relative(REPO_ROOT, MODULE_DIR)}/`);
