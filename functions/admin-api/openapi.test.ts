/**
 * docs/admin-api.openapi.json: fresh (generated from the same schemas the handler validates with), complete, valid
 * JSON Schema, and true: real answers of the API validate against it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { ERROR_CODES } from "./errors";
import { buildOpenApiDocument, renderOpenApiDocument } from "./openapi";
import { ROUTES } from "./routes";
import { startAdminTestStack, type AdminTestStack } from "../../tools/local/admin-api-stack";

const DOC_PATH = path.resolve(import.meta.dirname, "../../docs/admin-api.openapi.json");

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: { "application/json": { schema: object } } }> }>
  >;
  components: { schemas: Record<string, object> };
};

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument() as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "doc", components: doc.components });
  const validatorFor = (route: keyof typeof ROUTES, status: number) => {
    const spec = ROUTES[route];
    const schema = doc.paths[spec.path]![spec.method]!.responses[status]!.content["application/json"].schema;
    return ajv.compile({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $ref: `doc${(schema as { $ref: string }).$ref}`,
    });
  };

  it("is what `npm run build:openapi` writes: docs/admin-api.openapi.json is not stale (run it and commit when this fails)", () => {
    assert.equal(readFileSync(DOC_PATH, "utf8"), renderOpenApiDocument());
  });

  it("is OpenAPI 3.1 and lists every route with its method, its 200 answer and its error answers", () => {
    assert.equal(doc.openapi, "3.1.0");
    for (const [name, route] of Object.entries(ROUTES)) {
      const op = doc.paths[route.path]?.[route.method];
      assert.ok(op, name);
      assert.ok(op.responses["200"], `${name} 200`);
      for (const status of route.access === "public" ? ["429"] : ["400", "401", "403", "502", "503", "504"]) {
        assert.deepEqual(
          op.responses[status]?.content["application/json"].schema,
          { $ref: "#/components/schemas/Error" },
          `${name} ${status}`,
        );
      }
    }
  });

  it("every component is a valid JSON Schema, and the error schema lists every error code", () => {
    for (const name of Object.keys(doc.components.schemas))
      assert.ok(ajv.getSchema(`doc#/components/schemas/${name}`), name);
    const error = doc.components.schemas.Error as { properties: { code: { enum: string[] } } };
    assert.deepEqual(error.properties.code.enum, ERROR_CODES);
  });

  describe("real answers validate against it", () => {
    let stack: AdminTestStack;
    before(async () => {
      stack = await startAdminTestStack({
        users: [{ Username: "alice", email: "alice@example.com", mfa: ["SMS_MFA"] }],
      });
    });
    after(() => stack.close());

    it("for every route's 200 and for errors", async () => {
      const admin = stack.token({ groups: ["admins"] });
      stack.corbado.manage.addPasskey("alice");
      const passkey = stack.corbado.manage.addPasskey("alice");
      const version = (await stack.request("GET", "/v1/settings", { token: admin })).json.version;
      const calls: [keyof typeof ROUTES, string, string, unknown?][] = [
        ["me", "GET", "/v1/me"],
        ["adoption", "GET", "/v1/adoption?granularity=week"],
        ["users", "GET", "/v1/users"],
        ["user", "GET", "/v1/users/alice"],
        ["passkeys", "GET", "/v1/users/alice/passkeys"],
        ["deletePasskey", "DELETE", `/v1/users/alice/passkeys/${passkey.id}`],
        ["settings", "GET", "/v1/settings"],
        ["updateSettings", "PUT", "/v1/settings", { version, passkeyFirst: true, killSwitch: false }],
        ["audit", "GET", "/v1/audit"],
        ["iamReport", "GET", "/v1/iam-report"],
        ["loginConfig", "GET", "/v1/public/login-config"],
      ];
      for (const [route, method, url, body] of calls) {
        const res = await stack.request(method, url, { token: admin, body });
        assert.equal(res.status, 200, `${route}: ${JSON.stringify(res.json)}`);
        const validate = validatorFor(route, 200);
        assert.ok(validate(res.json), `${route}: ${ajv.errorsText(validate.errors)}`);
      }
      const bad = await stack.request("GET", "/v1/adoption?granularity=year", { token: admin });
      const validate = validatorFor("adoption", 400);
      assert.ok(validate(bad.json), ajv.errorsText(validate.errors));
      assert.ok(!validatorFor("settings", 200)({ passkeyFirst: true }), "control: the schema is not a rubber stamp");
    });
  });
});
