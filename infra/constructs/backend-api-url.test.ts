import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { verifyConfigFromEnv } from "../../functions/verify-auth-challenge/config";
import { VARIABLES } from "../module/variables";
import { requires } from "../../tools/test/requirements";
import { terraformEvaluate } from "../module/terraform-cli";
import { assertLiteralProps } from "./limits";

const scratch = mkdtempSync(path.join(tmpdir(), "backend-api-url-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What verify-auth-challenge does with the value Terraform put into its environment. */
const runtimeAccepts = (url: string) =>
  verifyConfigFromEnv({ CORBADO_BACKEND_API_URL: url }).backendApiUrl !== undefined;

/** The construct's synth-time check of a literal prop. */
function constructAccepts(url: string): boolean {
  try {
    assertLiteralProps({ corbadoBackendApiUrl: url });
    return true;
  } catch (error) {
    assert.match((error as Error).message, /^corbadoBackendApiUrl must be/);
    return false;
  }
}

/** The module variable's validation conditions, evaluated by terraform for every URL at once. */
function terraformAccepts(urls: string[]): boolean[] {
  const conditions = VARIABLES.corbadoBackendApiUrl.validation!.map((v) =>
    v.condition.replaceAll("var.corbado_backend_api_url", "u"),
  );
  // From a file: the console reads one line of at most 64 KiB.
  writeFileSync(path.join(scratch, "urls.json"), JSON.stringify(urls));
  const run = terraformEvaluate(
    `[for u in jsondecode(file("urls.json")) : ${conditions.map((c) => `(${c})`).join(" && ")}]`,
    scratch,
    300_000,
  );
  assert.equal(run.status, 0, run.output);
  const verdicts = run.value as boolean[];
  assert.equal(verdicts.length, urls.length);
  return verdicts;
}

/** Both verdicts must be the runtime's. */
const SAME_VERDICT: Array<[url: string, accepted: boolean]> = [
  ["https://backendapi.cloud.corbado.io", true],
  ["https://backendapi.cloud.corbado.io/", true],
  ["https://backendapi.cloud.corbado.io:443", true],
  ["https://api.example.test:8443/corbado/v2-proxy/", true],
  ["https://corbado", true],
  ["https://a_b.example/x;y=z/@k/~l/%20", true],
  ["https://xn--bcher-kva.example", true],
  ["https://10.0.0.5:9443", true],
  ["https://localhost", true],
  ["https://[::1]:8443", true],
  ["http://localhost", true],
  ["http://localhost:8080/base", true],
  ["http://127.0.0.1:9000", true],
  ["http://[::1]:9000/", true],
  ["", false],
  ["backendapi.cloud.corbado.io", false],
  ["ftp://backendapi.cloud.corbado.io", false],
  ["javascript:alert(1)", false],
  ["http://backendapi.cloud.corbado.io", false],
  ["http://10.0.0.5", false],
  ["http://localhost.example.com", false],
  ["http://127.0.0.2", false],
  ["https://user@backendapi.cloud.corbado.io", false],
  ["https://user:secret@backendapi.cloud.corbado.io", false],
  ["https://backendapi.cloud.corbado.io/?project=pro-1", false],
  ["https://backendapi.cloud.corbado.io?project=pro-1", false],
  ["https://backendapi.cloud.corbado.io/#v2", false],
  ["https://backendapi.cloud.corbado.io#v2", false],
  ["https://backendapi.cloud.corbado.io/?", false],
  ["https://backendapi.cloud.corbado.io?", false],
  ["https://backendapi.cloud.corbado.io/#", false],
  ["https://backendapi.cloud.corbado.io#", false],
  ["https://backendapi.cloud.corbado.io:65536", false],
  ["https://backendapi.cloud.corbado.io:99999", false],
  ["https://1.2.3.256", false],
  ["https://corbado.0", false],
  ["https://corbado.0x1f", false],
  ["https://", false],
  ["https://:443", false],
];

/**
 * Spellings a URL parser rewrites into something it accepts: Terraform asks for the canonical spelling
 * instead. Only Terraform's and the construct's verdicts are fixed here.
 */
const REFUSED_AS_NON_CANONICAL = [
  "HTTPS://backendapi.cloud.corbado.io",
  "https:backendapi.cloud.corbado.io",
  "https:///backendapi.cloud.corbado.io",
  " https://backendapi.cloud.corbado.io",
  "https://backendapi.cloud.corbado.io ",
  "https://backendapi.cloud.corbado.io/a b",
  "https://backendapi.cloud.corbado.io\\v2",
  "https://backendapi.cloud.corbado.io:",
  "https://backendapi.cloud.corbado.io:00443",
  "https://backendapi.cloud.corbado.io.",
  "https://backendapi..corbado.io",
  "https://corbado.1e",
  "https://01.2.3.4",
  "https://bücher.example",
  "https://[2001:db8::1]",
  "http://LOCALHOST",
  "http://127.1",
];

/** Every combination of these parts: Terraform may be stricter than the runtime, never more lenient. */
function generatedUrls(): string[] {
  const schemes = ["https://", "http://", "HTTPS://", "https:", "ftp://", ""];
  const hosts = [
    "backendapi.cloud.corbado.io",
    "localhost",
    "127.0.0.1",
    "[::1]",
    "10.0.0.5",
    "1.2.3.256",
    "01.2.3.4",
    "127.1",
    "corbado.0",
    "a.0x1f",
    "corbado.1e",
    "a_b.example",
    "-a.b",
    "a..b",
    "a.b.",
    "xn--a.com",
    "xn--zz-.com",
    "bücher.example",
    "u@h.example",
    "[2001:db8::1]",
    "LOCALHOST",
    "",
    "a b.example",
    "corbado",
  ];
  const ports = ["", ":443", ":65536", ":"];
  const paths = ["", "/", "/v2/", "/a b", "/%zz", "\\x"];
  const tails = ["", "?", "#", "?a=1", " "];
  return schemes.flatMap((s) =>
    hosts.flatMap((h) => ports.flatMap((p) => paths.flatMap((path) => tails.map((t) => `${s}${h}${p}${path}${t}`)))),
  );
}

describe("the Corbado Backend API URL: refused at plan and synth time exactly where the runtime refuses it", () => {
  it("gives the runtime's verdict in the construct's check", () => {
    for (const [url, accepted] of SAME_VERDICT) {
      assert.equal(runtimeAccepts(url), accepted, `runtime on ${JSON.stringify(url)}`);
      assert.equal(constructAccepts(url), accepted, `construct on ${JSON.stringify(url)}`);
    }
    for (const url of REFUSED_AS_NON_CANONICAL) assert.equal(constructAccepts(url), false, JSON.stringify(url));
  });

  it("never lets the construct accept a URL the runtime refuses, over every combination of parts", () => {
    const lenient = generatedUrls().filter((url) => constructAccepts(url) && !runtimeAccepts(url));
    assert.deepEqual(lenient, []);
  });

  it("gives the runtime's verdict in Terraform's validation, which agrees with the construct everywhere", (t) => {
    if (requires("terraform").skip(t)) return;
    const table = [...SAME_VERDICT.map(([url]) => url), ...REFUSED_AS_NON_CANONICAL];
    const generated = generatedUrls();
    const verdicts = terraformAccepts([...table, ...generated]);
    SAME_VERDICT.forEach(([url, accepted], i) =>
      assert.equal(verdicts[i], accepted, `terraform on ${JSON.stringify(url)}`),
    );
    REFUSED_AS_NON_CANONICAL.forEach((url, i) =>
      assert.equal(verdicts[SAME_VERDICT.length + i], false, `terraform on ${JSON.stringify(url)}`),
    );
    const disagreements = generated.filter((url, i) => verdicts[table.length + i] !== constructAccepts(url));
    assert.deepEqual(disagreements, [], "RE2 and JavaScript read the patterns alike");
  });
});
