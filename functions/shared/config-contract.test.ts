import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  readConfig,
  readPlainConfig,
  requireConfig,
  requirePlainConfig,
  writeConfig,
  type Contract,
  type PlainContract,
} from "./config-contract";

/** One variable of every kind, as a function would declare them. */
const CONTRACT = {
  attempts: { kind: "int", env: "N", min: 1, max: 10, default: 3 },
  budget: { kind: "int", env: "BUDGET_MS", min: 0, max: 100 },
  strict: { kind: "bool", env: "STRICT", default: false },
  loose: { kind: "bool", env: "LOOSE", default: true, loose: true },
  mode: { kind: "enum", env: "MODE", values: ["off", "sms"], default: "off" },
  name: { kind: "string", env: "NAME" },
  id: { kind: "string", env: "ID", pattern: "^[a-z]+$", minLength: 2, maxLength: 4, optional: true },
  tags: { kind: "list", env: "TAGS", item: "^[a-z]+$", default: [] },
  api: { kind: "url", env: "API_URL", fallback: "ANY_URL", optional: true, code: "any_url" },
  other: { kind: "url", env: "OTHER_URL", fallback: "ANY_URL", optional: true, code: "any_url" },
} as const satisfies Contract;

const VALID = { BUDGET_MS: "50", NAME: "x" };
const read = (env: Record<string, string>) => readConfig(CONTRACT, { ...VALID, ...env });

describe("a configuration contract", () => {
  it("reads every kind, trimmed, with defaults for what is unset", () => {
    assert.deepEqual(readConfig(CONTRACT, { ...VALID, NAME: " /a/b ", TAGS: " a, b ,,c" }), {
      config: {
        attempts: 3,
        budget: 50,
        strict: false,
        loose: true,
        mode: "off",
        name: "/a/b",
        id: undefined,
        tags: ["a", "b", "c"],
        api: undefined,
        other: undefined,
      },
      problems: [],
    });
  });

  it("names a missing required variable by a code, never by its value, and treats blank as missing", () => {
    assert.deepEqual(readConfig(CONTRACT, { NAME: "  " }).problems, ["budget_ms_missing", "name_missing"]);
  });

  it("uses the default for an integer that is not one, and clamps one out of range, reporting both", () => {
    for (const [raw, value] of [
      ["three", 3],
      ["2.5", 3],
      ["1e3", 3],
      ["", 3],
      [" 5 ", 5],
      ["0", 1],
      ["-4", 1],
      ["99999", 10],
    ] as const) {
      const { config, problems } = read({ N: raw });
      assert.equal(config.attempts, value, raw);
      assert.deepEqual(problems, value === 5 || raw === "" ? [] : ["n_invalid"], raw);
    }
  });

  it("accepts exactly true or false for a strict boolean, and the triggers' other spellings for a loose one", () => {
    assert.equal(read({ STRICT: "true" }).config.strict, true);
    for (const word of ["TRUE", "yes", "1", "flase"])
      assert.deepEqual(read({ STRICT: word }).problems, ["strict_invalid"]);
    for (const word of ["true", "TRUE", "1", "yes", "on"]) assert.equal(read({ LOOSE: word }).config.loose, true, word);
    for (const word of ["false", "False", "0", "no", "off"])
      assert.equal(read({ LOOSE: word }).config.loose, false, word);
    assert.deepEqual(
      [read({ LOOSE: "maybe" }).config.loose, read({ LOOSE: "maybe" }).problems],
      [true, ["loose_invalid"]],
    );
  });

  it("takes an enum's words exactly, patterns and lengths as declared, and list items by their pattern", () => {
    assert.equal(read({ MODE: "sms" }).config.mode, "sms");
    assert.deepEqual(read({ MODE: "SMS" }).problems, ["mode_invalid"]);
    assert.equal(read({ ID: "abcd" }).config.id, "abcd");
    for (const id of ["a", "abcde", "AB", "a b"]) assert.deepEqual(read({ ID: id }).problems, ["id_invalid"], id);
    assert.deepEqual(read({ TAGS: "a,B" }), { config: { ...read({}).config, tags: [] }, problems: ["tags_invalid"] });
  });

  it("reads a URL by safeBaseUrl's rule, falls back to the shared variable, and reports one code once", () => {
    assert.equal(read({ API_URL: "https://api.example/v1/" }).config.api, "https://api.example/v1");
    const shared = read({ ANY_URL: "http://127.0.0.1:9000" }).config;
    assert.deepEqual([shared.api, shared.other], ["http://127.0.0.1:9000", "http://127.0.0.1:9000"]);
    assert.equal(
      read({ ANY_URL: "http://127.0.0.1:9000", OTHER_URL: "https://o.example" }).config.other,
      "https://o.example",
    );
    assert.deepEqual(read({ ANY_URL: "http://api.example" }).problems, ["any_url_invalid"]);
    for (const url of ["http://api.example", "https://api.example?", "https://u:p@api.example", "ftp://api.example"]) {
      assert.deepEqual(read({ API_URL: url }), { config: read({}).config, problems: ["any_url_invalid"] }, url);
    }
  });

  it("refuses a configuration with any problem when the function requires a complete one", () => {
    assert.deepEqual(requireConfig(CONTRACT, { NAME: "x", BUDGET_MS: "101" }), {
      ok: false,
      problems: ["budget_ms_invalid"],
    });
    const complete = requireConfig(CONTRACT, VALID);
    assert.ok(complete.ok);
    assert.equal(complete.config.budget, 50);
  });

  it("writes the environment that reads back as the values it was given, and refuses one the function would not accept", () => {
    const values = {
      attempts: 10,
      budget: 0,
      strict: true,
      loose: false,
      mode: "sms",
      name: "n",
      id: "ab",
      tags: ["a", "b"],
      api: "https://a.example",
    } as const;
    const env = writeConfig(CONTRACT, values);
    assert.deepEqual(env, {
      N: "10",
      BUDGET_MS: "0",
      STRICT: "true",
      LOOSE: "false",
      MODE: "sms",
      NAME: "n",
      ID: "ab",
      TAGS: "a,b",
      API_URL: "https://a.example",
    });
    assert.deepEqual(readConfig(CONTRACT, env), { config: { ...values, other: undefined }, problems: [] });
    assert.throws(() => writeConfig(CONTRACT, { attempts: 11 }), /n_invalid/);
    assert.throws(() => writeConfig(CONTRACT, { api: "http://a.example" }), /any_url_invalid/);
  });
});

describe("a plain contract (the triggers': no lists, enums or origins)", () => {
  const { mode: _mode, tags: _tags, ...plain } = CONTRACT;
  const PLAIN = plain satisfies PlainContract;
  const envs = [
    VALID,
    { ...VALID, N: "12", STRICT: "yes", LOOSE: "Off", ID: "abcde", API_URL: "https://a.example/", ANY_URL: "http://x" },
    { NAME: " ", BUDGET_MS: "x", ID: "ab", OTHER_URL: "https://u:p@o.example" },
  ];

  it("reads and refuses exactly as readConfig and requireConfig do", () => {
    for (const env of envs) {
      assert.deepEqual(readPlainConfig(PLAIN, env), readConfig(PLAIN, env), JSON.stringify(env));
      assert.deepEqual(requirePlainConfig(PLAIN, env), requireConfig(PLAIN, env), JSON.stringify(env));
    }
    assert.equal(readPlainConfig(PLAIN, envs[1]!).problems.length, 4, "control case: problems were found");
  });

  it("takes no list, enum or origin (a type error), so that a trigger never bundles their parsers", () => {
    // @ts-expect-error a list is not plain
    readPlainConfig({ tags: CONTRACT.tags }, {});
    // @ts-expect-error an enum is not plain
    readPlainConfig({ mode: CONTRACT.mode }, {});
    // @ts-expect-error an origin is not plain
    readPlainConfig({ o: { kind: "url", env: "O", origin: true } }, {});
  });
});

describe("origins and settings required with a switch (the admin API's)", () => {
  const ADMIN = {
    console: { kind: "bool", env: "CONSOLE", default: true, loose: true },
    origin: { kind: "url", env: "ORIGIN", origin: true, requiredWith: "console" },
    origins: { kind: "list", env: "ORIGINS", origin: true, default: [] },
    ids: { kind: "list", env: "IDS", item: "^[a-z0-9]+$", requiredWith: "console" },
  } as const satisfies Contract;

  it("takes an origin exactly as a browser sends it, and nothing else", () => {
    for (const origin of ["https://console.example.com", "http://127.0.0.1:4200", "https://a.example:8443"]) {
      assert.equal(readConfig(ADMIN, { ORIGIN: origin, IDS: "a" }).config.origin, origin);
    }
    for (const origin of [
      "https://console.example.com/",
      "https://console.example.com/app",
      "https://Console.example.com",
      "https://a.example:443",
      "http://console.example.com",
      "https://u@console.example.com",
      "null",
    ]) {
      assert.deepEqual(readConfig(ADMIN, { ORIGIN: origin, IDS: "a" }).problems, ["origin_invalid"], origin);
    }
  });

  it("takes a list of origins only when every item is one, and a list only with at least one item", () => {
    const read = (env: Record<string, string>) => readConfig(ADMIN, { ORIGIN: "https://c.example", IDS: "a", ...env });
    assert.deepEqual(read({ ORIGINS: "https://a.example, http://localhost:3000" }).config.origins, [
      "https://a.example",
      "http://localhost:3000",
    ]);
    assert.deepEqual(read({ ORIGINS: "https://a.example,javascript:alert(1)" }).problems, ["origins_invalid"]);
    assert.deepEqual(read({ IDS: " , ," }).problems, ["ids_invalid"]);
  });

  it("requires a variable only while its switch is on, and still refuses a malformed one when it is off", () => {
    assert.deepEqual(readConfig(ADMIN, {}).problems, ["origin_missing", "ids_missing"]);
    assert.deepEqual(readConfig(ADMIN, { CONSOLE: "off" }).problems, []);
    assert.deepEqual(readConfig(ADMIN, { CONSOLE: "off", ORIGIN: "https://c.example/x" }).problems, ["origin_invalid"]);
    const complete = requireConfig(ADMIN, { CONSOLE: "false" });
    assert.ok(complete.ok);
    assert.deepEqual([complete.config.origin, complete.config.ids], [undefined, undefined]);
  });
});
