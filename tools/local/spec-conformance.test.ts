// Checks the Corbado stand-in's real requests and responses against Corbado's published Backend API spec
// (../shared/corbado/backend_api_public_v2.yml + common.yml) and, for passkey management, its Frontend API spec
// (frontend_api_v2.yml), read in place (requirement "corbado-specs").
//
// Deviation (documented in docs/local-stack.md): the spec's `connectTokenData` is a `oneOf` whose four
// variants all accept `{identifier}` (and append's `{identifier, displayName}` matches all four), so a strict
// validator rejects every valid body. We validate `data` against the variant named by the token's `type`.
import { after, before, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { VERIFICATION_RESULTS } from "../../functions/verify-auth-challenge/logic";
import { CONNECT_TOKEN_TYPES, startCorbadoStandin, type CorbadoStandin } from "./corbado-standin";
import { CORBADO_SPECS_DIR as specDir, requires } from "../test/requirements";
import { OpenApiDocuments, type JsonSchema } from "./openapi-schema";
import { SoftAuthenticator } from "./soft-authenticator";

const BACKEND = "backend_api_public_v2.yml";
const specs = requires("corbado-specs");

const DATA_VARIANT: Record<string, string> = {
  "passkey-append": "connectTokenDataPasskeyAppend",
  "passkey-delete": "connectTokenDataPasskeyDelete",
  "passkey-list": "connectTokenDataPasskeyList",
  "passkey-login": "connectTokenDataPasskeyLogin",
};

interface Operation {
  security?: Record<string, unknown>[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats.default(ajv);
  // OpenAPI 3.0 numeric formats, which JSON Schema does not define.
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("float", { type: "number", validate: () => true });
  ajv.addFormat("double", { type: "number", validate: () => true });
  return ajv;
}

describe("Corbado stand-in conforms to Corbado's Backend API spec", () => {
  let docs: OpenApiDocuments;
  let ajv: Ajv;
  let corbado: CorbadoStandin;
  let prefix = "";
  const validators = new Map<string, ValidateFunction>();

  const skipWithoutSpec = (t: TestContext): boolean => specs.skip(t);

  before(async () => {
    if (specs.missing) return;
    docs = new OpenApiDocuments(specDir);
    ajv = newAjv();
    const server = (docs.document(BACKEND).servers as { url: string }[] | undefined)?.[0]?.url ?? "";
    prefix = new URL(server).pathname.replace(/\/$/, "");
    corbado = await startCorbadoStandin();
  });
  after(async () => {
    await corbado?.close();
  });

  function operation(urlPath: string): Operation {
    assert.ok(urlPath.startsWith(prefix + "/"), `${urlPath} is under the spec's server path ${prefix}`);
    const specPath = urlPath.slice(prefix.length);
    const item = docs.pointer(BACKEND, `#/paths/${specPath.replace(/\//g, "~1")}`) as Record<string, Operation>;
    assert.ok(item.post, `the spec has POST ${specPath}`);
    return item.post;
  }

  function componentSchema(name: string): JsonSchema {
    return docs.jsonSchema(BACKEND, { $ref: `#/components/schemas/${name}` });
  }

  /** The deviation: swap the ambiguous `connectTokenData` oneOf for the variant that `type` names. */
  function withDataVariant(schema: JsonSchema, type: unknown): JsonSchema {
    const variant = typeof type === "string" ? DATA_VARIANT[type] : undefined;
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (!variant || !properties?.data) return schema;
    return { ...schema, properties: { ...properties, data: componentSchema(variant) } };
  }

  function compile(key: string, schema: JsonSchema): ValidateFunction {
    let fn = validators.get(key);
    if (!fn) {
      fn = ajv.compile(schema);
      validators.set(key, fn);
    }
    return fn;
  }

  function requestValidator(urlPath: string, type?: unknown): ValidateFunction {
    const op = operation(urlPath);
    const { file, node } = docs.deref(BACKEND, op.requestBody);
    const schema = (node as { content: Record<string, { schema: unknown }> }).content["application/json"]?.schema;
    assert.ok(schema, `POST ${urlPath} documents a JSON request body`);
    return compile(`req ${urlPath} ${String(type)}`, withDataVariant(docs.jsonSchema(file, schema), type));
  }

  function responseValidator(urlPath: string, status: number, type?: unknown): ValidateFunction {
    const op = operation(urlPath);
    const declared = op.responses[String(status)] ?? op.responses.default;
    assert.ok(declared, `POST ${urlPath} documents a ${status} response (or a default)`);
    const { file, node } = docs.deref(BACKEND, declared);
    const schema = (node as { content: Record<string, { schema: unknown }> }).content["application/json"]?.schema;
    assert.ok(schema, `the ${status} response of POST ${urlPath} has a JSON schema`);
    const key = `rsp ${urlPath} ${status in op.responses ? status : "default"} ${String(type)}`;
    return compile(key, withDataVariant(docs.jsonSchema(file, schema), type));
  }

  const explain = (fn: ValidateFunction) => ajv.errorsText(fn.errors);

  const post = (urlPath: string, body: unknown, auth = true) =>
    fetch(corbado.url + urlPath, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(auth ? { Authorization: `Basic ${corbado.basicSecret}` } : {}),
      },
      body: JSON.stringify(body),
    });

  /** Validates every recorded exchange since `from`: requests that succeeded and every response. */
  function checkRecorded(from: number): number {
    const records = corbado.requests.slice(from);
    for (const record of records) {
      const type = (record.body as { type?: unknown } | undefined)?.type;
      const request = requestValidator(record.path, type);
      if (record.status === 200) {
        assert.ok(request(record.body), `request to ${record.path} matches the spec: ${explain(request)}`);
      }
      if (record.status === 400) {
        assert.ok(!request(record.body), `the spec also refuses the body the stand-in answered 400 to`);
      }
      const response = responseValidator(record.path, record.status, type);
      assert.ok(
        response(record.response),
        `${record.status} response from ${record.path} matches the spec: ${explain(response)}`,
      );
    }
    return records.length;
  }

  test("the stand-in's result values and token types are exactly the spec's enums", (t) => {
    if (skipWithoutSpec(t)) return;
    const results = docs.pointer(BACKEND, "#/components/schemas/passkeyVerifySignedDataRsp/properties");
    assert.deepEqual((results as { verificationResult: { enum: string[] } }).verificationResult.enum, [
      ...VERIFICATION_RESULTS,
    ]);
    const types = docs.pointer(BACKEND, "#/components/schemas/connectTokenType") as { enum: string[] };
    assert.deepEqual(types.enum, [...CONNECT_TOKEN_TYPES]);
  });

  test("both implemented operations require Basic auth in the spec, and the stand-in enforces it", async (t) => {
    if (skipWithoutSpec(t)) return;
    const scheme = docs.pointer(BACKEND, "#/components/securitySchemes/basicAuth") as { type: string; scheme: string };
    assert.deepEqual([scheme.type, scheme.scheme], ["http", "basic"]);
    const from = corbado.requests.length;
    for (const urlPath of [`${prefix}/passkey/verifySignedData`, `${prefix}/connectTokens`]) {
      assert.ok(operation(urlPath).security?.some((s) => "basicAuth" in s));
      const res = await post(urlPath, { signedPasskeyData: "a.b.c", username: "u" }, false);
      assert.equal(res.status, 401);
    }
    assert.equal(checkRecorded(from), 2);
  });

  test("verifySignedData requests and responses match the spec for every outcome", async (t) => {
    if (skipWithoutSpec(t)) return;
    const urlPath = `${prefix}/passkey/verifySignedData`;
    const from = corbado.requests.length;
    const jwt = corbado.mintSignedPasskeyData({ username: "alice" });
    const seen: string[] = [];
    for (const body of [
      { signedPasskeyData: jwt, username: "alice" },
      { signedPasskeyData: jwt, username: "alice" },
      { signedPasskeyData: corbado.mintSignedPasskeyData({ username: "alice" }), username: "bob" },
      { signedPasskeyData: "not-a-jwt", username: "alice" },
    ]) {
      const res = await post(urlPath, body);
      seen.push(((await res.json()) as { verificationResult: string }).verificationResult);
    }
    assert.deepEqual(seen, ["success", "invalid_challenge", "user_mismatch", "invalid_signature"]);
    corbado.setFault({ kind: "verificationResult", verificationResult: "generic_error" });
    await post(urlPath, { signedPasskeyData: jwt, username: "alice" });
    corbado.setFault({ kind: "status", status: 500 });
    await post(urlPath, { signedPasskeyData: jwt, username: "alice" });
    corbado.setFault();
    assert.equal((await post(urlPath, { signedPasskeyData: 1 })).status, 400);
    assert.equal(checkRecorded(from), 7);
  });

  test("success responses carry no field the spec does not document", async (t) => {
    if (skipWithoutSpec(t)) return;
    const from = corbado.requests.length;
    await post(`${prefix}/passkey/verifySignedData`, {
      signedPasskeyData: corbado.mintSignedPasskeyData({ username: "x" }),
      username: "x",
    });
    await post(`${prefix}/connectTokens`, { type: "passkey-delete", data: { identifier: "x" } });
    const [verify, token] = corbado.requests.slice(from);
    const documented = (name: string) =>
      Object.keys((docs.pointer(BACKEND, `#/components/schemas/${name}`) as { properties: object }).properties);
    for (const [record, schema] of [
      [verify, "passkeyVerifySignedDataRsp"],
      [token, "connectToken"],
    ] as const) {
      const extra = Object.keys(record?.response as object).filter((k) => !documented(schema).includes(k));
      assert.deepEqual(extra, [], `${schema} has only documented fields`);
    }
  });

  test("connectTokens requests and responses match the spec for every token type and for errors", async (t) => {
    if (skipWithoutSpec(t)) return;
    const urlPath = `${prefix}/connectTokens`;
    const from = corbado.requests.length;
    for (const type of CONNECT_TOKEN_TYPES) {
      const data =
        type === "passkey-append" ? { identifier: "alice", displayName: "a@example.com" } : { identifier: "alice" };
      const res = await post(urlPath, { type, data, maxLifetimeInSeconds: 300 });
      assert.equal(res.status, 200, type);
    }
    assert.equal((await post(urlPath, { type: "passkey-list", data: { identifier: "alice" } })).status, 200);
    assert.equal((await post(urlPath, { type: "passkey-append", data: { identifier: "alice" } })).status, 400);
    assert.equal((await post(urlPath, { type: "passkey-everything", data: { identifier: "a" } })).status, 400);
    assert.equal((await post(urlPath, { data: { identifier: "a" } })).status, 400);
    assert.equal(checkRecorded(from), 8);
  });

  test("the validator is not a rubber stamp: wrong bodies are rejected", (t) => {
    if (skipWithoutSpec(t)) return;
    const verifyPath = `${prefix}/passkey/verifySignedData`;
    const verifyRsp = responseValidator(verifyPath, 200);
    assert.ok(verifyRsp({ verificationResult: "success" }));
    assert.ok(!verifyRsp({ verificationResult: "ok" }), "an unknown result value is rejected");
    assert.ok(!verifyRsp({}), "a missing verificationResult is rejected");
    const error = responseValidator(verifyPath, 401);
    assert.ok(!error({ error: { type: "x" } }), "an error without httpStatusCode/message/requestData/runtime");
    assert.ok(!error({ httpStatusCode: 401, message: "m", requestData: { requestID: "r" }, runtime: 0.1 }));
    assert.ok(!requestValidator(verifyPath)({ signedPasskeyData: "a.b.c" }), "a body without username");
    const tokenReq = requestValidator(`${prefix}/connectTokens`, "passkey-append");
    assert.ok(!tokenReq({ type: "passkey-append", data: { identifier: "a" } }), "append without displayName");
    const tokenRsp = responseValidator(`${prefix}/connectTokens`, 200, "passkey-list");
    assert.ok(!tokenRsp({ id: "ctk-1", tokenType: "passkey-list", data: { identifier: "a" }, expires: 1 }));
  });

  test("the spec's connectTokenData oneOf really is ambiguous, which is why we validate by type", (t) => {
    if (skipWithoutSpec(t)) return;
    const strict = newAjv().compile(componentSchema("connectTokenData"));
    assert.ok(!strict({ identifier: "alice" }), "a valid passkey-list body matches three variants at once");
    assert.ok(!strict({ identifier: "alice", displayName: "A" }), "a valid append body matches all four variants");
  });
});

// Deviation (documented in docs/local-stack.md): the Frontend API spec declares only 200 answers for the manage
// operations; the stand-in's errors use common.yml's errorRsp, as the Backend API's do.
describe("Corbado stand-in's Frontend API (connect append, login, manage) conforms to Corbado's Frontend API spec", () => {
  const FRONTEND = "frontend_api_v2.yml";
  let docs: OpenApiDocuments;
  let ajv: Ajv;
  let corbado: CorbadoStandin;

  const skipWithoutSpec = (t: TestContext): boolean => specs.skip(t);

  before(async () => {
    if (specs.missing) return;
    docs = new OpenApiDocuments(specDir);
    ajv = newAjv();
    corbado = await startCorbadoStandin();
  });
  after(async () => {
    await corbado?.close();
  });

  function schemaOf(urlPath: string, part: "request" | "response"): ValidateFunction {
    const op = (docs.pointer(FRONTEND, `#/paths/${urlPath.replace(/\//g, "~1")}`) as Record<string, Operation>).post;
    assert.ok(op, `the spec has POST ${urlPath}`);
    const declared = part === "request" ? op.requestBody : op.responses["200"];
    const { file, node } = docs.deref(FRONTEND, declared);
    const schema = (node as { content: Record<string, { schema: unknown }> }).content["application/json"]?.schema;
    assert.ok(schema, `POST ${urlPath} documents a JSON ${part}`);
    return ajv.compile(docs.jsonSchema(file, schema));
  }

  const post = (urlPath: string, body: unknown, headers: Record<string, string>) =>
    fetch(corbado.url + urlPath, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  test("init, list and delete requests and answers match the spec, errors match common.yml's errorRsp", async (t) => {
    if (skipWithoutSpec(t)) return;
    const from = corbado.requests.length;
    const passkey = corbado.manage.addPasskey("alice");
    const project = { "X-Corbado-ProjectID": corbado.projectId };
    const init = await post("/v2/connect/manage/init", { clientInformation: {}, flags: {} }, project);
    const { processID } = (await init.json()) as { processID: string };
    const headers = { ...project, "x-corbado-process-id": processID };
    const mint = async (type: string) => {
      const res = await fetch(corbado.url + "/v2/connectTokens", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Basic ${corbado.basicSecret}` },
        body: JSON.stringify({ type, data: { identifier: "alice" } }),
      });
      return ((await res.json()) as { secret: string }).secret;
    };
    assert.equal(
      (await post("/v2/connect/manage/list", { connectToken: await mint("passkey-list") }, headers)).status,
      200,
    );
    const deleted = await post(
      "/v2/connect/manage/delete",
      { connectToken: await mint("passkey-delete"), credentialID: passkey.id },
      headers,
    );
    assert.equal(deleted.status, 200);
    assert.equal((await post("/v2/connect/manage/list", { connectToken: "ctk1_unknown" }, headers)).status, 403);
    assert.equal((await post("/v2/connect/manage/init", { clientInformation: {}, flags: {} }, {})).status, 401);

    const errorRsp = ajv.compile(docs.jsonSchema("common.yml", { $ref: "#/components/schemas/errorRsp" }));
    const manage = corbado.requests.slice(from).filter((r) => r.path.startsWith("/v2/connect/manage/"));
    assert.equal(manage.length, 5);
    for (const record of manage) {
      if (record.status === 200) {
        const request = schemaOf(record.path, "request");
        assert.ok(request(record.body), `request to ${record.path}: ${ajv.errorsText(request.errors)}`);
        const response = schemaOf(record.path, "response");
        assert.ok(response(record.response), `answer of ${record.path}: ${ajv.errorsText(response.errors)}`);
      } else {
        assert.ok(errorRsp(record.response), `error from ${record.path}: ${ajv.errorsText(errorRsp.errors)}`);
      }
    }
  });

  test("connect append and login requests and answers match the spec, errors match common.yml's errorRsp", async (t) => {
    if (skipWithoutSpec(t)) return;
    const origin = "http://localhost";
    const authenticator = new SoftAuthenticator();
    const from = corbado.requests.length;
    const project = { "X-Corbado-ProjectID": corbado.projectId };
    const json = async (res: Response) => (await res.json()) as Record<string, string>;
    const token = await fetch(corbado.url + "/v2/connectTokens", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${corbado.basicSecret}` },
      body: JSON.stringify({ type: "passkey-append", data: { identifier: "bob", displayName: "bob@example.com" } }),
    });
    const appendTokenValue = (await json(token)).secret;
    const append = await json(await post("/v2/connect/append/init", { clientInformation: {}, flags: {} }, project));
    const appendHeaders = { ...project, "x-corbado-process-id": append.processID! };
    const started = await json(
      await post("/v2/connect/append/start", { appendTokenValue, loadedMs: 12 }, appendHeaders),
    );
    const attestation = authenticator.register(JSON.parse(started.attestationOptions!).publicKey, origin);
    const appended = await post(
      "/v2/connect/append/finish",
      { attestationResponse: JSON.stringify(attestation) },
      appendHeaders,
    );
    assert.equal(appended.status, 200);
    const login = await json(await post("/v2/connect/login/init", { clientInformation: {}, flags: {} }, project));
    const loginHeaders = { ...project, "x-corbado-process-id": login.token! };
    const start = { identifier: "bob", source: "text-field", loadedMs: 3 };
    const options = await json(await post("/v2/connect/login/start", start, loginHeaders));
    const assertion = authenticator.authenticate(JSON.parse(options.assertionOptions!).publicKey, origin);
    const finish = { assertionResponse: JSON.stringify(assertion), isConditionalUI: false };
    assert.equal((await post("/v2/connect/login/finish", finish, loginHeaders)).status, 200);
    assert.equal((await post("/v2/connect/login/finish", finish, loginHeaders)).status, 400, "a process finishes once");

    const errorRsp = ajv.compile(docs.jsonSchema("common.yml", { $ref: "#/components/schemas/errorRsp" }));
    const connect = corbado.requests.slice(from).filter((r) => /^\/v2\/connect\/(login|append)\//.test(r.path));
    assert.equal(connect.length, 7);
    for (const record of connect) {
      if (record.status === 200) {
        const request = schemaOf(record.path, "request");
        assert.ok(request(record.body), `request to ${record.path}: ${ajv.errorsText(request.errors)}`);
        const response = schemaOf(record.path, "response");
        assert.ok(response(record.response), `answer of ${record.path}: ${ajv.errorsText(response.errors)}`);
      } else {
        assert.ok(errorRsp(record.response), `error from ${record.path}: ${ajv.errorsText(errorRsp.errors)}`);
      }
    }
  });

  test("the validator is not a rubber stamp: a passkey without its required fields is rejected", (t) => {
    if (skipWithoutSpec(t)) return;
    const list = schemaOf("/v2/connect/manage/list", "response");
    assert.ok(list({ passkeys: [] }));
    assert.ok(!list({ passkeys: [{ id: "cre-1" }] }));
    assert.ok(!schemaOf("/v2/connect/manage/delete", "request")({ connectToken: "x" }), "delete without credentialID");
  });
});
