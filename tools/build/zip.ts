/**
 * A minimal, reproducible ZIP writer (and the reader its tests and the bench use).
 *
 * Reproducible means: the same entries give the same bytes on every machine and every run. So:
 * entries are sorted by name, every entry carries the fixed DOS timestamp 1980-01-01 00:00:00, the
 * same Unix mode (0644, regular file), no extra fields (no extended timestamps, no uid/gid), no
 * comments, and data is deflated with zlib level 9 (stored instead when deflate does not help).
 * The only thing that could change the bytes for the same input is a different zlib in a different
 * Node release; the build pins Node through npm's `node` package.
 */
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

export interface ZipEntryInput {
  /** Path inside the archive, forward slashes, no leading slash, no `..`. */
  name: string;
  data: Uint8Array;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  method: number;
  crc32: number;
  dosTime: number;
  dosDate: number;
  /** Unix mode from the high 16 bits of the external attributes (e.g. 0o100644). */
  unixMode: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: deflate
const MADE_BY_UNIX = (3 << 8) | VERSION; // host system 3 = Unix, so external attributes carry a Unix mode
const FLAG_UTF8 = 0x0800;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
/** 1980-01-01 00:00:00 in MS-DOS format: date = ((year-1980) << 9) | (month << 5) | day, time = 0. */
export const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
export const FIXED_DOS_TIME = 0;
/** Regular file, rw-r--r--. */
export const FILE_MODE = 0o100644;

function checkName(name: string): void {
  if (
    name.length === 0 ||
    name.startsWith("/") ||
    name.includes("\\") ||
    name.split("/").some((part) => part === ".." || part === "." || part === "")
  ) {
    throw new Error(`invalid zip entry name: ${JSON.stringify(name)}`);
  }
}

/** Byte-wise comparison, so the order does not depend on the locale. */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function createZip(entries: readonly ZipEntryInput[]): Buffer {
  const sorted = [...entries].sort((a, b) => compareNames(a.name, b.name));
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i]!;
    checkName(entry.name);
    if (i > 0 && sorted[i - 1]!.name === entry.name) throw new Error(`duplicate zip entry: ${entry.name}`);
  }
  if (sorted.length > 0xffff) throw new Error("too many entries for a zip without zip64");

  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, "utf8");
    const raw = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const deflated = deflateRawSync(raw, { level: 9 });
    const useDeflate = deflated.length < raw.length;
    const body = useDeflate ? deflated : raw;
    const method = useDeflate ? METHOD_DEFLATE : METHOD_STORE;
    const crc = crc32(raw);
    if (raw.length > 0xfffffffe || offset > 0xfffffffe) throw new Error("zip64 is not supported");

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(FIXED_DOS_TIME, 10);
    local.writeUInt16LE(FIXED_DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // no extra field
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(FLAG_UTF8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(FIXED_DOS_TIME, 12);
    central.writeUInt16LE(FIXED_DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk number
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // comment length
  return Buffer.concat([...locals, centralDirectory, end]);
}

/**
 * Reads a zip through its central directory (as unzip and Lambda do), inflates every entry and
 * checks its CRC-32 and sizes against both headers. Throws on anything it does not understand.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  const minEnd = Math.max(0, zip.length - 22 - 0xffff);
  let endAt = -1;
  for (let i = zip.length - 22; i >= minEnd; i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      endAt = i;
      break;
    }
  }
  if (endAt < 0) throw new Error("no end of central directory record");
  const count = zip.readUInt16LE(endAt + 10);
  const cdSize = zip.readUInt32LE(endAt + 12);
  let at = zip.readUInt32LE(endAt + 16);
  if (at + cdSize !== endAt) throw new Error("central directory does not end where the end record starts");

  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`bad central header at ${at}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const dosTime = zip.readUInt16LE(at + 12);
    const dosDate = zip.readUInt16LE(at + 14);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x0001) throw new Error(`${name}: encrypted entries are not supported`);
    if (zip.readUInt32LE(localAt) !== LOCAL_HEADER) throw new Error(`${name}: bad local header`);
    const localNameLength = zip.readUInt16LE(localAt + 26);
    const localExtraLength = zip.readUInt16LE(localAt + 28);
    if (zip.toString("utf8", localAt + 30, localAt + 30 + localNameLength) !== name) {
      throw new Error(`${name}: local and central names differ`);
    }
    if (zip.readUInt32LE(localAt + 14) !== crc || zip.readUInt32LE(localAt + 18) !== compressedSize) {
      throw new Error(`${name}: local and central headers disagree`);
    }
    const dataAt = localAt + 30 + localNameLength + localExtraLength;
    const body = zip.subarray(dataAt, dataAt + compressedSize);
    let data: Buffer;
    if (method === METHOD_DEFLATE) data = inflateRawSync(body);
    else if (method === METHOD_STORE) data = Buffer.from(body);
    else throw new Error(`${name}: unsupported compression method ${method}`);
    if (data.length !== size) throw new Error(`${name}: size ${data.length} != ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC-32 mismatch`);
    entries.push({ name, data, method, crc32: crc, dosTime, dosDate, unixMode: external >>> 16 });
  }
  return entries;
}
