/** `npm run build:openapi`: writes docs/admin-api.openapi.json from the admin API's routes and schemas. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderOpenApiDocument } from "../../functions/admin-api/openapi";
import { commandLine, defineCommand } from "../cli";

export const OPENAPI_PATH = path.resolve(import.meta.dirname, "../../docs/admin-api.openapi.json");

const BUILD_OPENAPI_COMMAND = defineCommand({
  name: "build:openapi",
  usage: `Usage: npm run build:openapi

Writes docs/admin-api.openapi.json (OpenAPI 3.1) from the admin API's route table and the zod schemas its
handler validates with (functions/admin-api/openapi.ts). A test fails when the committed file is stale.
Takes no options.

Options:
  -h, --help    print this help`,
  options: {},
});

commandLine(BUILD_OPENAPI_COMMAND);
writeFileSync(OPENAPI_PATH, renderOpenApiDocument());
console.log(`wrote ${path.relative(process.cwd(), OPENAPI_PATH)}`);
