// Turns schemas from Corbado's OpenAPI 3.0 documents (../shared/corbado) into JSON Schemas ajv can compile:
// $refs are inlined (also across files, e.g. "common.yml#/components/schemas/errorRsp"), `nullable` becomes a
// "null" type, and OpenAPI-only annotations (example, xml, discriminator, ...) are dropped. Used by tests only;
// the spec files are read in place and never copied into the project.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export type JsonSchema = Record<string, unknown>;

const DROPPED_KEYWORDS = new Set([
  "example",
  "examples",
  "xml",
  "externalDocs",
  "discriminator",
  "deprecated",
  "readOnly",
  "writeOnly",
  "nullable",
]);

export class OpenApiDocuments {
  private readonly docs = new Map<string, unknown>();

  constructor(private readonly dir: string) {}

  document(file: string): Record<string, unknown> {
    let doc = this.docs.get(file);
    if (doc === undefined) {
      doc = parse(readFileSync(path.join(this.dir, file), "utf8")) as unknown;
      this.docs.set(file, doc);
    }
    return doc as Record<string, unknown>;
  }

  /** Looks up a JSON pointer ("#/components/schemas/x") in a file, without resolving further refs. */
  pointer(file: string, pointer: string): unknown {
    let node: unknown = this.document(file);
    for (const raw of pointer.replace(/^#\/?/, "").split("/")) {
      if (raw === "") continue;
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (typeof node !== "object" || node === null || !(key in node)) {
        throw new Error(`unresolvable pointer ${file}${pointer}`);
      }
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  }

  /** Follows a $ref (if any) and returns the target and the file it lives in. */
  deref(file: string, node: unknown): { file: string; node: unknown } {
    let current = { file, node };
    for (let hops = 0; hops < 32; hops++) {
      const ref = (current.node as { $ref?: unknown } | null)?.$ref;
      if (typeof ref !== "string") return current;
      const [target, pointer = ""] = ref.split("#");
      const nextFile = target ? target : current.file;
      current = { file: nextFile, node: this.pointer(nextFile, `#${pointer}`) };
    }
    throw new Error("too many $ref hops");
  }

  /** A self-contained JSON Schema for an OpenAPI schema object: refs inlined, OpenAPI 3.0 dialect converted. */
  jsonSchema(file: string, schema: unknown, depth = 0): JsonSchema {
    if (depth > 40) throw new Error("schema nesting too deep (recursive $ref?)");
    const { file: at, node } = this.deref(file, schema);
    if (typeof node !== "object" || node === null || Array.isArray(node)) {
      throw new Error(`not a schema object in ${at}`);
    }
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED_KEYWORDS.has(key) || key === "description" || key === "title") continue;
      if (key === "properties" && typeof value === "object" && value !== null) {
        out.properties = Object.fromEntries(
          Object.entries(value).map(([name, sub]) => [name, this.jsonSchema(at, sub, depth + 1)]),
        );
      } else if ((key === "items" || key === "not") && typeof value === "object") {
        out[key] = this.jsonSchema(at, value, depth + 1);
      } else if (key === "additionalProperties" && typeof value === "object") {
        out[key] = this.jsonSchema(at, value, depth + 1);
      } else if ((key === "allOf" || key === "oneOf" || key === "anyOf") && Array.isArray(value)) {
        out[key] = value.map((sub) => this.jsonSchema(at, sub, depth + 1));
      } else {
        out[key] = value;
      }
    }
    if ((node as { nullable?: unknown }).nullable === true) {
      if (typeof out.type === "string") out.type = [out.type, "null"];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    }
    return out;
  }
}
