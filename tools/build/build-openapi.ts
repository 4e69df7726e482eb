/** `npm run build:openapi`: writes docs/admin-api.openapi.json from the admin API's routes and schemas. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderOpenApiDocument } from "../../functions/admin-api/openapi";

export const OPENAPI_PATH = path.resolve(import.meta.dirname, "../../docs/admin-api.openapi.json");

writeFileSync(OPENAPI_PATH, renderOpenApiDocument());
console.log(`wrote ${path.relative(process.cwd(), OPENAPI_PATH)}`);
