import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { requires } from "../test/requirements";
import { FILE_MODE, FIXED_DOS_DATE, FIXED_DOS_TIME, createZip, readZip } from "./zip";

const text = (s: string) => Buffer.from(s, "utf8");

describe("reproducible zip", () => {
  test("an archive read back through its central directory yields the same names and bytes", () => {
    const big = text("export const handler = async () => 1;\n".repeat(200));
    const zip = createZip([
      { name: "index.mjs", data: big },
      { name: "empty.txt", data: Buffer.alloc(0) },
      { name: "nested/ünïcode.json", data: text('{"a":1}') },
    ]);
    const entries = readZip(zip);
    assert.deepEqual(
      entries.map((e) => e.name),
      ["empty.txt", "index.mjs", "nested/ünïcode.json"],
    );
    assert.deepEqual(entries.find((e) => e.name === "index.mjs")?.data, big);
    assert.deepEqual(entries.find((e) => e.name === "empty.txt")?.data, Buffer.alloc(0));
    assert.equal(entries.find((e) => e.name === "nested/ünïcode.json")?.data.toString(), '{"a":1}');
  });

  test("compressible content is deflated, so the archive is smaller than its content", () => {
    const data = text("aaaaaaaaaa".repeat(1000));
    const zip = createZip([{ name: "index.mjs", data }]);
    assert.equal(readZip(zip)[0]?.method, 8);
    assert.ok(zip.length < data.length / 10, `zip is ${zip.length} bytes`);
  });

  test("every entry has the fixed 1980-01-01 timestamp and mode 0644, whatever the input order", () => {
    const a = createZip([
      { name: "b.mjs", data: text("b") },
      { name: "a.mjs", data: text("a") },
    ]);
    const b = createZip([
      { name: "a.mjs", data: text("a") },
      { name: "b.mjs", data: text("b") },
    ]);
    assert.deepEqual(a, b);
    for (const entry of readZip(a)) {
      assert.equal(entry.dosDate, FIXED_DOS_DATE);
      assert.equal(entry.dosTime, FIXED_DOS_TIME);
      assert.equal(entry.unixMode, FILE_MODE);
    }
  });

  test("a corrupted archive is rejected instead of yielding wrong bytes", () => {
    const zip = createZip([{ name: "index.mjs", data: text("export const x = 1;\n".repeat(50)) }]);
    const crcAt = 14; // CRC-32 field of the first local header
    const tampered = Buffer.from(zip);
    tampered.writeUInt32LE((tampered.readUInt32LE(crcAt) ^ 1) >>> 0, crcAt);
    assert.throws(() => readZip(tampered), /disagree|CRC/);
    assert.throws(() => readZip(zip.subarray(0, zip.length - 30)), /end of central directory|central/);
  });

  test("names that could escape the extraction folder or collide are refused", () => {
    for (const name of ["../evil", "/abs", "a//b", "a\\b", ""]) {
      assert.throws(() => createZip([{ name, data: text("x") }]), /invalid zip entry name/, name);
    }
    assert.throws(
      () =>
        createZip([
          { name: "x", data: text("1") },
          { name: "x", data: text("2") },
        ]),
      /duplicate/,
    );
  });

  test("python3's zipfile, an independent reader, accepts the archive", (t) => {
    if (requires("python3").skip(t)) return;
    const dir = mkdtempSync(path.join(tmpdir(), "zip-test-"));
    try {
      const file = path.join(dir, "a.zip");
      writeFileSync(file, createZip([{ name: "index.mjs", data: text("export const handler = 1;\n".repeat(20)) }]));
      const out = execFileSync("python3", ["-m", "zipfile", "-t", file], { encoding: "utf8" });
      assert.match(out, /Done testing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
